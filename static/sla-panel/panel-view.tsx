/**
 * The SLA panel's markup for one answer of getSlaState, as a pure function of the answer, the live instant and
 * the viewer. The container (main.tsx) owns fetching and timers; this file owns what the agent sees.
 */
import { useState, type ReactNode } from 'react';
import type { MetricState, SlaState } from '../../src/engine/evaluate';
import type { GetSlaStateOk } from '../../src/contracts/resolvers';
import { compareClockEvents } from '../../src/engine/sla-rules';
import type { Viewer } from '../shared/api';
import { contactWords, displayPercent, formatInstant, sameWallClock } from '../shared/format';
import { dayMeaning, ladderWaitWords, metricStateWords, metricTimeWords, type LadderWait } from '../../src/engine/sla-words';
import { dueReached, liveMetrics, liveSummary, type LiveMetric } from './live';
import { EntitlementSection } from './entitlement-section';
import { MetricCycles } from './metric-cycles';

type Tone = 'success' | 'warning' | 'danger' | 'information' | 'neutral';

const STATUS_TONE: Record<SlaState['status'], Tone> = {
  'on track': 'success',
  'at risk': 'warning',
  breached: 'danger',
  paused: 'information',
  met: 'success',
  none: 'neutral',
};

const STATUS_WORDS: Record<SlaState['status'], string> = {
  'on track': 'On track',
  'at risk': 'At risk',
  breached: 'Breached',
  paused: 'Paused',
  met: 'Met',
  none: 'No target',
};

function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * An instant in the viewer's zone (their Jira profile's); hovering shows it in the calendar's zone. With `inline`
 * the calendar's wall clock is also printed when it differs (due instants, which agents compare with the policy).
 */
function Instant({ iso, viewer, calendarZone, inline = false }: { iso: string; viewer: Viewer; calendarZone?: string; inline?: boolean }) {
  const local = formatInstant(iso, viewer.timeZone, viewer.locale);
  const differs = calendarZone !== undefined && !sameWallClock(viewer.timeZone, calendarZone, Date.parse(iso));
  const inCalendar = calendarZone === undefined ? undefined : formatInstant(iso, calendarZone, viewer.locale);
  return (
    <>
      <time dateTime={iso} title={inCalendar === undefined ? undefined : `${inCalendar} in ${calendarZone} (the calendar's zone)`}>
        {local}
      </time>
      {inline && differs ? <span className="subtle"> ({inCalendar})</span> : null}
    </>
  );
}

function metricTone(live: LiveMetric): Tone {
  switch (live.metric.status) {
    case 'breached':
      return 'danger';
    case 'paused':
      return 'information';
    case 'met':
      return 'success';
    case 'running':
      return live.atRisk ? 'warning' : live.remainingMinutes !== null && live.remainingMinutes <= 0 ? 'danger' : 'success';
    default:
      return 'neutral';
  }
}

/** The lozenge's words: the engine's, except that a clock counted down past its due here reads Breached. */
function stateWords(live: LiveMetric): string {
  return dueReached(live) ? 'Breached' : metricStateWords({ status: live.metric.status, atRisk: live.atRisk, target: live.metric.target });
}

function MetricRow({
  live,
  viewer,
  calendarZone,
  calendar,
}: {
  live: LiveMetric;
  viewer: Viewer;
  calendarZone: string;
  /** The calendar's hours in words when they differ from the issue's calendar named in the header; else null. */
  calendar: string | null;
}) {
  const m = live.metric;
  const tone = metricTone(live);
  const words = stateWords(live);
  const percent = live.percentUsed === null ? null : displayPercent(live.percentUsed);
  const barId = `bar-${m.id}`;
  const meaning = m.target === null ? null : dayMeaning(m.target);
  let detail: ReactNode = null;
  if (m.status === 'paused' && m.pause) {
    detail = (
      <>
        Paused since <Instant iso={m.pause.since} viewer={viewer} calendarZone={calendarZone} />: {m.pause.reason}
      </>
    );
  } else if (m.status === 'met' && m.stoppedAt) {
    detail = (
      <>
        Met <Instant iso={m.stoppedAt} viewer={viewer} calendarZone={calendarZone} />
      </>
    );
  } else if (m.status === 'breached' && m.breachedAt) {
    detail = (
      <>
        Breached <Instant iso={m.breachedAt} viewer={viewer} calendarZone={calendarZone} />
        {m.stoppedAt ? (
          <>
            , stopped <Instant iso={m.stoppedAt} viewer={viewer} calendarZone={calendarZone} />
          </>
        ) : null}
      </>
    );
  }
  return (
    <li className={`metric tone-${tone}`} data-metric={m.id} data-status={m.status}>
      <div className="metric-head">
        <span className="metric-label">{m.label}</span>
        <Badge tone={tone}>{words}</Badge>
      </div>
      <div className="metric-left" data-testid={`left-${m.id}`}>
        {metricTimeWords({ ...m, remainingMinutes: live.remainingMinutes, atRisk: live.atRisk })}
      </div>
      {m.dueAt && m.target !== null && m.status !== 'met' ? (
        <div className="metric-due">
          Due <Instant iso={m.dueAt} viewer={viewer} calendarZone={calendarZone} inline />
        </div>
      ) : null}
      {percent !== null && m.target !== null ? (
        <div
          className="bar"
          role="progressbar"
          id={barId}
          aria-label={`${m.label}: share of target used`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.min(100, percent)}
          aria-valuetext={`${percent}% of ${m.target.duration} used`}
        >
          <span className="bar-fill" style={{ width: `${Math.min(100, percent)}%` }} />
        </div>
      ) : null}
      {detail ? <div className="metric-detail">{detail}</div> : null}
      <MetricCycles live={live} viewer={viewer} calendarZone={calendarZone} />
      {m.target !== null && (calendar !== null || meaning !== null) ? (
        <div className="metric-calendar subtlest" data-testid={`calendar-${m.id}`}>
          {calendar === null ? null : <>On {calendar}</>}
          {calendar !== null && meaning !== null ? ' · ' : null}
          {meaning}
        </div>
      ) : null}
    </li>
  );
}

/** Shared words mark names to type (a label, a field) with backticks; the panel shows them as code. */
function Words({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>;
}

/** A level's wait in a few words beside it (the summary line below the ladder says it in full). */
function stepWaitWords(wait: LadderWait): string {
  switch (wait.kind) {
    case 'request':
      return `waits for an escalation request: ${wait.request}`;
    case 'paused':
      return `not scheduled while paused (${wait.reason})`;
    case 'no-target':
      return `never: ${wait.metric} has no target`;
    case 'stopped':
      return `not reached: ${wait.metric} ${wait.status === 'met' ? 'was met' : 'stopped'} first`;
    case 'resolved':
      return 'not reached: resolved';
    default:
      return 'not scheduled';
  }
}

function Ladder({ state, viewer }: { state: SlaState; viewer: Viewer }) {
  const { escalation, escalationOutlook: outlook } = state;
  if (escalation.ladder.length === 0) return null;
  const zone = state.calendar.timeZone;
  const nextStep = outlook.nextLevel === null ? undefined : escalation.ladder[outlook.nextLevel - 1];
  const why = ladderWaitWords(outlook.next);
  return (
    <section aria-labelledby="ladder-h" className="section">
      <h3 id="ladder-h">Escalation</h3>
      <ol className="ladder">
        {escalation.ladder.map((step, index) => {
          const current = step.level === escalation.level;
          const next = outlook.nextLevel === step.level;
          const level = outlook.levels[index];
          return (
            <li
              key={step.id}
              className={`step${current ? ' step-current' : ''}${step.reached ? ' step-reached' : ''}`}
              aria-current={current ? 'step' : undefined}
              data-level={step.level}
            >
              <span className="step-level" aria-hidden="true">
                {step.level}
              </span>
              <span className="step-body">
                <span className="step-label">
                  {step.label}
                  {current ? <span className="sr-only"> (current level)</span> : null}
                </span>
                {contactWords(step.contact).toLowerCase() === step.label.toLowerCase() ? null : (
                  <span className="subtle"> → {contactWords(step.contact)}</span>
                )}
                <span className="step-when" data-testid={`step-when-${step.level}`}>
                  {step.at ? (
                    <>
                      {step.reached ? 'reached ' : next ? 'next, at ' : 'at '}
                      <Instant iso={step.at} viewer={viewer} calendarZone={zone} />
                    </>
                  ) : step.reached ? (
                    'reached'
                  ) : level ? (
                    <Words text={stepWaitWords(level.wait)} />
                  ) : (
                    'not scheduled'
                  )}
                  {level ? <span className="step-trigger"> · {level.trigger}</span> : null}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="subtle ladder-summary" data-testid="escalation-summary">
        {escalation.level === 0 ? 'Not escalated' : `Level ${escalation.level}: ${escalation.label ?? ''}`}
        {outlook.next.kind === 'scheduled' && nextStep?.at ? (
          <>
            {'; next: '}
            {nextStep.label} at <Instant iso={nextStep.at} viewer={viewer} calendarZone={zone} />
          </>
        ) : why !== null ? (
          <Words text={`; ${why.charAt(0).toLowerCase()}${why.slice(1)}`} />
        ) : (
          ''
        )}
      </p>
    </section>
  );
}

const HISTORY_WORDS: Record<MetricState['history'][number]['kind'], string> = {
  started: 'started',
  paused: 'paused',
  resumed: 'resumed',
  met: 'met',
  breached: 'breached',
};

export interface HistoryLine {
  key: string;
  at: string;
  kind: MetricState['history'][number]['kind'];
  reason: string;
  /** Labels of the metrics this happened to, in the policy's order. */
  metrics: string[];
}

/**
 * Every targeted metric's clock events in time order; events of the same kind, instant and reason on several
 * metrics become one line ("Workaround and Resolution paused"), so a status change does not fill the panel.
 * @example historyLines(state)[0] //=> { at: '…12:00…', kind: 'started', reason: 'issue created', metrics: ['First response', 'Workaround', 'Resolution'], … }
 */
export function historyLines(metrics: readonly MetricState[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  const byKey = new Map<string, HistoryLine>();
  metrics.forEach((m, metricIndex) =>
    // A metric without a target for this plan and priority has no clock to report, even if it "started".
    (m.target === null ? [] : m.history).forEach((h, index) => {
      const group = `${Date.parse(h.at)}|${h.kind}|${h.reason}`;
      const existing = byKey.get(group);
      if (existing) {
        if (!existing.metrics.includes(m.label)) existing.metrics.push(m.label);
        return;
      }
      const line = { key: `${metricIndex}-${index}`, at: h.at, kind: h.kind, reason: h.reason, metrics: [m.label] };
      byKey.set(group, line);
      lines.push(line);
    }),
  );
  // The engine's order for events at one instant, so the merged history reads as each metric's does.
  return lines.sort((a, b) => compareClockEvents({ ms: Date.parse(a.at), kind: a.kind }, { ms: Date.parse(b.at), kind: b.kind }));
}

/** "A", "A and B", "A, B and C". */
function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The history starts unfolded up to this many lines; a longer one starts folded so the panel stays short. */
const HISTORY_OPEN_MAX = 6;

function History({ metrics, viewer, calendarZone }: { metrics: MetricState[]; viewer: Viewer; calendarZone: string }) {
  const events = historyLines(metrics);
  // Decided once per panel load: later answers must not fold or unfold what the agent chose.
  const [initiallyOpen] = useState(events.length <= HISTORY_OPEN_MAX);
  return (
    <details className="section history" open={initiallyOpen}>
      <summary>
        <h3>Clock history</h3> <span className="subtle">({events.length})</span>
      </summary>
      {events.length === 0 ? (
        <p className="subtle">No clock has started yet.</p>
      ) : (
        <ol className="history-list">
          {events.map((e) => (
            <li key={e.key} data-kind={e.kind}>
              <Instant iso={e.at} viewer={viewer} calendarZone={calendarZone} /> — {listWords(e.metrics)} {HISTORY_WORDS[e.kind]}
              {e.reason ? <span className="subtle"> ({e.reason})</span> : null}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

/** The accessible one-liner announced politely; minutes are rounded to 5 so it does not chatter. */
export function announcement(summary: SlaState['status'], metrics: LiveMetric[]): string {
  const running = metrics
    .filter((m) => m.metric.status === 'running' && m.remainingMinutes !== null && m.metric.target)
    .sort((a, b) => (a.remainingMinutes ?? 0) - (b.remainingMinutes ?? 0))[0];
  const words = `SLA ${STATUS_WORDS[summary].toLowerCase()}`;
  if (!running || running.remainingMinutes === null || !running.metric.target) return words;
  const coarse = Math.sign(running.remainingMinutes) * Math.ceil(Math.abs(running.remainingMinutes) / 5) * 5;
  // The same words as the row (and the CLI), only coarser.
  return `${words}. ${running.metric.label}: ${metricTimeWords({ ...running.metric, remainingMinutes: coarse, atRisk: running.atRisk })}.`;
}

export interface PanelViewProps {
  answer: GetSlaStateOk & { state: SlaState };
  /** Milliseconds since the answer arrived, on the browser's clock. */
  elapsedMs: number;
  viewer: Viewer;
  /** Shown under the ladder: who is responsible now (./rung-section.tsx). */
  rung?: ReactNode;
  /** Shown above the footer: the way to the incident report (./incident-link.tsx). */
  incidentLink?: ReactNode;
}

/** The panel for an issue that has a policy and a state. */
export function PanelView({ answer, elapsedMs, viewer, rung, incidentLink }: PanelViewProps) {
  const { state } = answer;
  const serverNow = Date.parse(answer.now);
  const metrics = liveMetrics(state, serverNow, elapsedMs);
  const summary = liveSummary(metrics);
  const issueCalendar = state.calendars.find((calendar) => calendar.id === state.calendar.id);
  return (
    <main className="panel" aria-labelledby="panel-h" data-status={summary}>
      <header className="panel-head">
        <h2 id="panel-h" className="sr-only">
          SLA
        </h2>
        <div className="head-row">
          <span className="priority" data-testid="priority">
            {state.priority.label}
            {state.priority.id.toLowerCase() === state.priority.label.toLowerCase() ? null : (
              <span className="subtle"> ({state.priority.id})</span>
            )}
          </span>
          <span className="plan" data-testid="plan">
            {/plan$/i.test(state.plan.label) ? state.plan.label : `${state.plan.label} plan`}
          </span>
          <Badge tone={STATUS_TONE[summary]}>{STATUS_WORDS[summary]}</Badge>
        </div>
        <p className="reason subtle" data-testid="reason">
          {state.priority.reason}
          {state.plan.reason ? ` · ${state.plan.reason}` : ''}
        </p>
        {issueCalendar ? (
          <p className="reason subtlest" data-testid="calendar">
            Business hours: {issueCalendar.hours}
          </p>
        ) : null}
      </header>
      <section aria-labelledby="metrics-h" className="section">
        <h3 id="metrics-h" className="sr-only">
          Targets
        </h3>
        <ul className="metrics">
          {metrics.map((live) => {
            const calendarId = live.metric.target?.calendar ?? state.calendar.id;
            const own = state.calendars.find((calendar) => calendar.id === calendarId);
            return (
              <MetricRow
                key={live.metric.id}
                live={live}
                viewer={viewer}
                calendarZone={live.metric.target?.timeZone ?? state.calendar.timeZone}
                calendar={calendarId === state.calendar.id || !own ? null : own.hours}
              />
            );
          })}
        </ul>
      </section>
      <EntitlementSection entitlement={answer.entitlement} />
      <Ladder state={state} viewer={viewer} />
      {rung}
      <History metrics={state.metrics} viewer={viewer} calendarZone={state.calendar.timeZone} />
      <p className="sr-only" aria-live="polite" data-testid="live-region">
        {announcement(summary, metrics)}
      </p>
      {incidentLink}
      <footer className="foot subtle">
        {answer.policy ? `${answer.policy.name} v${answer.policy.version}` : state.policyId}
        {' · '}times in {viewer.timeZone} (your profile); hover one for the calendar's zone
      </footer>
    </main>
  );
}

/** Designed non-data states: loading, no policy, error. */
export function PanelMessage({
  kind,
  message,
  onRetry,
}: {
  kind: 'loading' | 'no-policy' | 'error' | 'forbidden';
  message?: string;
  onRetry?: () => void;
}) {
  if (kind === 'loading') {
    return (
      <main className="panel" aria-busy="true" aria-labelledby="panel-h" data-state="loading">
        <h2 id="panel-h" className="sr-only">
          SLA
        </h2>
        <p className="sr-only" role="status">
          Loading SLA…
        </p>
        <div className="skeleton skeleton-line" />
        <div className="skeleton skeleton-block" />
        <div className="skeleton skeleton-block" />
      </main>
    );
  }
  const title =
    kind === 'no-policy'
      ? 'No SLA policy applies to this project'
      : kind === 'forbidden'
        ? 'You cannot see the SLA of this issue'
        : 'The SLA could not be loaded';
  const body = kind === 'no-policy' ? 'A Jira admin can assign one under Apps → SLA Ladder.' : (message ?? 'Something went wrong.');
  return (
    <main className="panel" aria-labelledby="panel-h" data-state={kind}>
      <div className={`empty empty-${kind}`} role={kind === 'error' ? 'alert' : undefined}>
        <h2 id="panel-h">{title}</h2>
        <p className="subtle">{body}</p>
        {onRetry ? (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </main>
  );
}
