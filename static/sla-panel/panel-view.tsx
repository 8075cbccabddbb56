/**
 * The SLA panel's markup for one answer of getSlaState, as a pure function of the answer, the live instant and
 * the viewer. The container (main.tsx) owns fetching and timers; this file owns what the agent sees.
 */
import { useState, type ReactNode } from 'react';
import type { EscalationState, MetricState, SlaState } from '../../src/engine/evaluate';
import type { GetSlaStateOk } from '../../src/contracts/resolvers';
import { compareClockEvents } from '../../src/engine/sla-rules';
import type { Viewer } from '../shared/api';
import { contactWords, describeRemaining, displayPercent, formatInstant, sameWallClock } from '../shared/format';
import { dayLengthOf, dueReached, liveMetrics, liveSummary, type LiveMetric } from './live';

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

/** A due instant in the viewer's zone, plus the calendar's zone when its wall clock differs. */
function Instant({ iso, viewer, calendarZone }: { iso: string; viewer: Viewer; calendarZone?: string }) {
  const local = formatInstant(iso, viewer.timeZone, viewer.locale);
  const showCalendar = calendarZone !== undefined && !sameWallClock(viewer.timeZone, calendarZone, Date.parse(iso));
  return (
    <>
      <time dateTime={iso}>{local}</time>
      {showCalendar ? (
        <span className="subtle"> ({formatInstant(iso, calendarZone, viewer.locale)})</span>
      ) : null}
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

function metricStateWords(live: LiveMetric): string {
  const m = live.metric;
  switch (m.status) {
    case 'breached':
      return 'Breached';
    case 'paused':
      return 'Paused';
    case 'met':
      return 'Met';
    case 'running':
      return dueReached(live) ? 'Breached' : live.atRisk ? 'At risk' : 'On track';
    default:
      return m.target === null ? 'No target' : 'Not started';
  }
}

function MetricRow({
  live,
  viewer,
  calendarZone,
  dayLength,
}: {
  live: LiveMetric;
  viewer: Viewer;
  calendarZone: string;
  dayLength: number | undefined;
}) {
  const m = live.metric;
  const tone = metricTone(live);
  const words = metricStateWords(live);
  const percent = live.percentUsed === null ? null : displayPercent(live.percentUsed);
  const barId = `bar-${m.id}`;
  let detail: ReactNode = null;
  if (m.status === 'paused' && m.pause) {
    detail = (
      <>
        Paused: {m.pause.reason}, since <Instant iso={m.pause.since} viewer={viewer} />
      </>
    );
  } else if (m.status === 'met' && m.stoppedAt) {
    detail = (
      <>
        Met <Instant iso={m.stoppedAt} viewer={viewer} />
      </>
    );
  } else if (m.status === 'breached' && m.breachedAt) {
    detail = (
      <>
        Breached <Instant iso={m.breachedAt} viewer={viewer} />
        {m.stoppedAt ? (
          <>
            , stopped <Instant iso={m.stoppedAt} viewer={viewer} />
          </>
        ) : null}
      </>
    );
  } else if (m.target === null) {
    detail = 'No target for this plan and priority';
  } else if (m.startedAt === null) {
    detail = 'The clock has not started';
  }
  const showsRemaining =
    live.remainingMinutes !== null && m.target !== null && (m.status === 'running' || (m.status === 'breached' && !m.stoppedAt) || m.status === 'paused');
  return (
    <li className={`metric tone-${tone}`} data-metric={m.id} data-status={m.status}>
      <div className="metric-head">
        <span className="metric-label">{m.label}</span>
        <Badge tone={tone}>{words}</Badge>
      </div>
      {showsRemaining && live.remainingMinutes !== null && m.target ? (
        <div className="metric-left" data-testid={`left-${m.id}`}>
          {describeRemaining(live.remainingMinutes, m.target.calendar, dayLength)}
          <span className="subtle">
            {live.remainingMinutes < 0 ? ` (target ${m.target.duration})` : ` of ${m.target.duration}`}
          </span>
        </div>
      ) : null}
      {m.dueAt ? (
        <div className="metric-due">
          Due <Instant iso={m.dueAt} viewer={viewer} calendarZone={calendarZone} />
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
    </li>
  );
}

function Ladder({ escalation, viewer }: { escalation: EscalationState; viewer: Viewer }) {
  if (escalation.ladder.length === 0) return null;
  return (
    <section aria-labelledby="ladder-h" className="section">
      <h3 id="ladder-h">Escalation</h3>
      <ol className="ladder">
        {escalation.ladder.map((step) => {
          const current = step.level === escalation.level;
          const next = escalation.next?.level === step.level;
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
                <span className="step-when">
                  {step.at ? (
                    <>
                      {step.reached ? 'reached ' : next ? 'next, at ' : 'at '}
                      <Instant iso={step.at} viewer={viewer} />
                    </>
                  ) : step.reached ? (
                    'reached'
                  ) : (
                    'not scheduled'
                  )}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="subtle ladder-summary" data-testid="escalation-summary">
        {escalation.level === 0 ? 'Not escalated' : `Level ${escalation.level}: ${escalation.label ?? ''}`}
        {escalation.next?.at ? (
          <>
            {'; next: '}
            {escalation.next.label} at <Instant iso={escalation.next.at} viewer={viewer} />
          </>
        ) : escalation.next ? (
          // A next level without an instant waits on a clock that is stopped (met, paused or not started).
          '; no further level is scheduled'
        ) : escalation.level > 0 ? (
          '; top of the ladder'
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

function History({ metrics, viewer }: { metrics: MetricState[]; viewer: Viewer }) {
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
              <Instant iso={e.at} viewer={viewer} /> — {listWords(e.metrics)} {HISTORY_WORDS[e.kind]}
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
  // Same day length as the row shows, so the spoken and the visible numbers agree ("2d", not "18h").
  const dayLength = dayLengthOf(running.metric);
  return `${words}. ${running.metric.label}: ${describeRemaining(coarse, running.metric.target.calendar, dayLength)}.`;
}

export interface PanelViewProps {
  answer: GetSlaStateOk & { state: SlaState };
  /** Milliseconds since the answer arrived, on the browser's clock. */
  elapsedMs: number;
  viewer: Viewer;
}

/** The panel for an issue that has a policy and a state. */
export function PanelView({ answer, elapsedMs, viewer }: PanelViewProps) {
  const { state } = answer;
  const serverNow = Date.parse(answer.now);
  const metrics = liveMetrics(state, serverNow, elapsedMs);
  const summary = liveSummary(metrics);
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
      </header>
      <section aria-labelledby="metrics-h" className="section">
        <h3 id="metrics-h" className="sr-only">
          Targets
        </h3>
        <ul className="metrics">
          {metrics.map((live) => (
            <MetricRow
              key={live.metric.id}
              live={live}
              viewer={viewer}
              calendarZone={live.metric.target?.timeZone ?? state.calendar.timeZone}
              dayLength={dayLengthOf(live.metric)}
            />
          ))}
        </ul>
      </section>
      <Ladder escalation={state.escalation} viewer={viewer} />
      <History metrics={state.metrics} viewer={viewer} />
      <p className="sr-only" aria-live="polite" data-testid="live-region">
        {announcement(summary, metrics)}
      </p>
      <footer className="foot subtle">
        {answer.policy ? `${answer.policy.name} v${answer.policy.version}` : state.policyId}
        {' · '}times in {viewer.timeZone}
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
  const body =
    kind === 'no-policy'
      ? 'A Jira admin can assign one under Apps → SLA Ladder.'
      : (message ?? 'Something went wrong.');
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
