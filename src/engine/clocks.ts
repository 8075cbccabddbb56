/**
 * Metric clocks: when a metric starts, what stops it, when it is paused, and from that its due instant, business
 * time used, status and history as of `now`. Events after `now` are treated as not yet happened, so evaluating a
 * past instant gives the state as it was then.
 */
import type { BusinessCalendar } from './calendar';
import { parseDuration, type Duration } from './duration';
import { durationReached, shareReached, type DurationReach } from './duration-reached';
import { consumedBetween, intervalsAsOf, intervalsWhere, unionIntervals, type Interval } from './intervals';
import { isoInstant } from './instant';
import type { IssueSnapshot, TimedValue } from './issue';
import type { Metric, MetricStart, MetricStop, PauseCondition } from './policy-schema';
import { AT_RISK_PERCENT, compareClockEvents, type ClockEventKind, type MetricStatus } from './sla-rules';
import { includesIgnoringCase } from './text-match';

export type { MetricStatus };

export interface MetricHistoryEntry {
  kind: ClockEventKind;
  at: string;
  reason: string;
}

/** One metric as of `now` (see docs/architecture.md, SlaState). Instants are ISO-8601 UTC strings. */
export interface MetricState {
  id: string;
  label: string;
  status: MetricStatus;
  /**
   * The target as written, its calendar, that calendar's zone (which may differ from the issue's calendar) and its
   * business-day length in minutes (what `1d` counts on it).
   */
  target: { duration: string; calendar: string; timeZone: string; dayLengthMinutes: number } | null;
  startedAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  breachedAt: string | null;
  elapsedMinutes: number;
  remainingMinutes: number | null;
  targetMinutes: number | null;
  percentUsed: number | null;
  atRisk: boolean;
  pause: { since: string; reason: string } | null;
  history: MetricHistoryEntry[];
}

const MINUTE_MS = 60_000;

/** A metric clock: its reportable state plus the instants the evaluator and the ladder need. */
export interface MetricClock {
  state: MetricState;
  /** Due instant (ms) while running or breached; null otherwise. */
  dueMs: number | null;
  /** The next instant after `now` at which this metric changes with no new event (at risk, breach); or null. */
  nextChangeMs: number | null;
  /**
   * The instant the metric has used `percent` % of its target (ms); `reached` tells whether that is ≤ now.
   * Null when it cannot be known (no target, not started, paused before getting there) or will never happen
   * (stopped before getting there).
   */
  percentInstant(percent: number): { at: number; reached: boolean } | null;
}

const durationCache = new Map<string, Duration>();
/** Keyed by the text itself (the same for every installation), but policies are hostile: bounded. */
const DURATIONS_KEPT = 1_000;

/** `parseDuration` memoised: policies repeat the same few texts. */
export function cachedDuration(text: string): Duration {
  let duration = durationCache.get(text);
  if (duration === undefined) {
    duration = parseDuration(text);
    if (durationCache.size >= DURATIONS_KEPT) durationCache.clear();
    durationCache.set(text, duration);
  }
  return duration;
}

function fieldMatches(value: string | null, equals: readonly string[] | undefined): boolean {
  if (value === null) return false;
  if (equals === undefined) return true;
  if (includesIgnoringCase(equals, value)) return true;
  // Multi-valued fields show as "A, B" in the changelog.
  return value.includes(',') && value.split(',').some((part) => includesIgnoringCase(equals, part.trim()));
}

/**
 * The paused intervals a list of pause conditions gives on an issue, merged (all time, not clipped to `now`).
 *
 * @example
 * pauseIntervals(issue, [{ when: 'status', statuses: ['Waiting for customer'] }])
 * //=> [{ from: <entered Waiting for customer>, to: <left it>, reason: "status 'Waiting for customer'" }]
 */
export function pauseIntervals(issue: IssueSnapshot, conditions: readonly PauseCondition[]): Interval[] {
  const lists: Interval[][] = [];
  for (const condition of conditions) {
    if (condition.when === 'status') {
      lists.push(
        intervalsWhere(
          issue.statusTimeline,
          (value) => includesIgnoringCase(condition.statuses, value),
          (value) => `status '${value ?? ''}'`,
        ),
      );
    } else {
      lists.push(
        intervalsWhere(
          issue.fieldTimeline(condition.field),
          (value) => fieldMatches(value, condition.equals),
          (value) => `field '${condition.field}' is '${value ?? ''}'`,
        ),
      );
    }
  }
  return lists.length === 1 ? (lists[0] ?? []) : unionIntervals(lists);
}

/** First instant ≥ `from` at which a timeline value passes `test`, or null. */
function firstHolding(timeline: readonly TimedValue[], from: number, test: (value: string | null) => boolean): TimedValue | null {
  for (const entry of timeline) {
    if (entry.to > from && entry.to > entry.from && test(entry.value)) return entry;
  }
  return null;
}

/** When a metric starts and why; null when the start event has not happened. */
export function metricStart(issue: IssueSnapshot, start: MetricStart): { at: number; reason: string } | null {
  switch (start.on) {
    case 'created':
      return { at: issue.created, reason: 'issue created' };
    case 'status': {
      const entry = firstHolding(issue.statusTimeline, issue.created, (value) => includesIgnoringCase(start.statuses, value));
      return entry ? { at: entry.from, reason: `entered status '${entry.value ?? ''}'` } : null;
    }
    case 'label': {
      const at = issue.labelAddedAt(start.label);
      return at === null ? null : { at, reason: `label '${start.label}' added` };
    }
    case 'field': {
      const entry = firstHolding(issue.fieldTimeline(start.field), issue.created, (value) => value !== null);
      return entry ? { at: entry.from, reason: `field '${start.field}' set to '${entry.value ?? ''}'` } : null;
    }
  }
}

/** The first stop event at or after `from`, and why; null when none has happened. */
export function metricStop(issue: IssueSnapshot, stops: readonly MetricStop[], from: number): { at: number; reason: string } | null {
  let best: { at: number; reason: string } | null = null;
  const offer = (at: number, reason: string) => {
    if (best === null || at < best.at) best = { at, reason };
  };
  for (const stop of stops) {
    switch (stop.on) {
      case 'publicComment': {
        const comment = issue.comments.find(
          (candidate) =>
            candidate.at >= from &&
            candidate.public &&
            (stop.by === 'anyone' || issue.reporterId === null || candidate.by !== issue.reporterId),
        );
        if (comment) offer(comment.at, `public comment by ${comment.by ?? 'an unknown user'}`);
        break;
      }
      case 'status': {
        const entry = firstHolding(issue.statusTimeline, from, (value) => includesIgnoringCase(stop.statuses, value));
        if (entry) offer(Math.max(entry.from, from), `entered status '${entry.value ?? ''}'`);
        break;
      }
      case 'field': {
        const entry = firstHolding(issue.fieldTimeline(stop.field), from, (value) => value !== null);
        if (entry) offer(Math.max(entry.from, from), `field '${stop.field}' set to '${entry.value ?? ''}'`);
        break;
      }
      case 'resolution': {
        const entry = firstHolding(issue.resolutionTimeline, from, (value) => value !== null);
        if (entry) offer(Math.max(entry.from, from), `resolved (${entry.value ?? ''})`);
        break;
      }
    }
  }
  return best;
}

export interface MetricClockInput {
  metric: Pick<Metric, 'id' | 'label' | 'start' | 'stop'>;
  issue: IssueSnapshot;
  /** The target cell (duration as written, calendar id), or null when the plan × priority has none. */
  target: { duration: string; calendar: string } | null;
  /** The target's calendar (built). */
  calendar: BusinessCalendar;
  /** Paused intervals for this metric (all time, sorted, merged); see `pauseIntervals`. */
  pauses: readonly Interval[];
  now: number;
}

/**
 * A metric's state before its clock starts: status `none`, nothing consumed, no instants.
 *
 * @example
 * unstartedMetricState({ id: 'firstResponse', label: 'First response' }, null)
 * //=> { id: 'firstResponse', label: 'First response', status: 'none', target: null, elapsedMinutes: 0, history: [], ... }
 */
export function unstartedMetricState(metric: { id: string; label: string }, target: MetricState['target']): MetricState {
  return {
    id: metric.id,
    label: metric.label,
    status: 'none',
    target,
    startedAt: null,
    dueAt: null,
    stoppedAt: null,
    breachedAt: null,
    elapsedMinutes: 0,
    remainingMinutes: null,
    targetMinutes: null,
    percentUsed: null,
    atRisk: false,
    pause: null,
    history: [],
  };
}

/**
 * Runs one metric clock as of `now`.
 *
 * The due instant walks forward from the start consuming the target in business time on the target's calendar,
 * skipping paused intervals; a target is the business time of its duration from the original start
 * (`businessTimeOfDuration`), so `1w`/`1mo` targets are extended by pauses like any other. A stop at or before
 * the due instant is met, after it breached; a running clock breaches once `now ≥ due`.
 *
 * @example
 * // 4h target on Mon–Fri 09:00–18:00 New York, created Mon 09:00, agent replied Mon 11:00
 * metricClock({ ... }).state //=> { status: 'met', dueAt: '2026-11-16T18:00:00.000Z', elapsedMinutes: 120, ... }
 */
export function metricClock(input: MetricClockInput): MetricClock {
  const { metric, issue, target, calendar, now } = input;
  const duration = target === null ? null : cachedDuration(target.duration);
  const hasTarget = duration !== null && duration.kind !== 'none';
  const state = unstartedMetricState(
    metric,
    hasTarget && target
      ? {
          duration: target.duration,
          calendar: target.calendar,
          timeZone: calendar.timeZone,
          dayLengthMinutes: calendar.dayLengthMs / 60_000,
        }
      : null,
  );

  const start = metricStart(issue, metric.start);
  if (start === null || start.at > now) return new Clock(state, calendar, 0, [], null, null, now, null);
  state.startedAt = isoInstant(start.at);
  const history: PendingEntry[] = [{ kind: 'started', ms: start.at, reason: start.reason }];

  const foundStop = metricStop(issue, metric.stop, start.at);
  const stop = foundStop !== null && foundStop.at <= now ? foundStop : null;
  const end = stop === null ? now : stop.at;
  // Pauses as known at the end of the clock: a stopped clock closes a running pause at its stop.
  const pauses = intervalsAsOf(input.pauses, end, stop !== null).filter((pause) => pause.to > start.at);

  const elapsedMs = consumedBetween(calendar, start.at, end, pauses);
  state.elapsedMinutes = Math.floor(elapsedMs / MINUTE_MS);
  for (const pause of pauses) {
    history.push({ kind: 'paused', ms: pause.from > start.at ? pause.from : start.at, reason: pause.reason });
    if (pause.to !== Infinity && pause.to <= end && (stop === null || pause.to < stop.at)) {
      history.push({ kind: 'resumed', ms: pause.to, reason: `${pause.reason} ended` });
    }
  }

  if (!hasTarget || duration === null) {
    // No target: the clock still records its start, pauses and stop, but never breaches.
    if (stop !== null) state.stoppedAt = isoInstant(stop.at);
    const open = pauses[pauses.length - 1];
    if (stop === null && open && open.to === Infinity) {
      state.pause = { since: isoInstant(Math.max(open.from, start.at)), reason: open.reason };
    }
    state.history = printHistory(history);
    return new Clock(state, calendar, 0, pauses, null, null, now, null);
  }

  // The same rule as `after` ladder levels: unpaused, exactly what `sla due` prints (`addDuration`).
  const reach = durationReached(calendar, start.at, duration, pauses) ?? { amountMs: 0, point: { at: start.at, pausedIn: null } };
  const targetMs = reach.amountMs;
  state.targetMinutes = Math.round(targetMs / MINUTE_MS);
  state.remainingMinutes = state.targetMinutes - state.elapsedMinutes;
  state.percentUsed = targetMs === 0 ? 100 : Math.round((elapsedMs / targetMs) * 1000) / 10;

  const due = reach.point;
  const used = `target ${target?.duration ?? ''} used up`;

  if (stop !== null) {
    state.stoppedAt = isoInstant(stop.at);
    // Pauses were closed at the stop, so the walk always ends at an instant.
    const dueMs = due.at ?? stop.at;
    state.dueAt = isoInstant(dueMs);
    if (stop.at <= dueMs) {
      state.status = 'met';
      history.push({ kind: 'met', ms: stop.at, reason: stop.reason });
    } else {
      state.status = 'breached';
      state.breachedAt = state.dueAt;
      history.push({ kind: 'breached', ms: dueMs, reason: used });
    }
    state.history = printHistory(history);
    return new Clock(state, calendar, start.at, pauses, reach, stop.at, now, null);
  }

  if (due.at === null) {
    state.status = 'paused';
    state.pause = { since: isoInstant(Math.max(due.pausedIn.from, start.at)), reason: due.pausedIn.reason };
    state.history = printHistory(history);
    return new Clock(state, calendar, start.at, pauses, reach, null, now, null);
  }

  state.dueAt = isoInstant(due.at);
  if (due.at <= now) {
    state.status = 'breached';
    state.breachedAt = state.dueAt;
    history.push({ kind: 'breached', ms: due.at, reason: used });
    state.history = printHistory(history);
    return new Clock(state, calendar, start.at, pauses, reach, null, now, due.at);
  }

  state.status = 'running';
  state.history = printHistory(history);
  // At risk from 75 % inclusive, compared exactly in ms.
  state.atRisk = elapsedMs * 100 >= targetMs * AT_RISK_PERCENT;
  const clock = new Clock(state, calendar, start.at, pauses, reach, null, now, due.at);
  clock.nextChangeMs = due.at;
  if (!state.atRisk) {
    const risk = clock.percentInstant(AT_RISK_PERCENT);
    if (risk !== null && risk.at > now && risk.at < due.at) clock.nextChangeMs = risk.at;
  }
  return clock;
}

/** A history entry before printing, sorted by `compareClockEvents` (the panel's rule too). */
interface PendingEntry {
  kind: MetricHistoryEntry['kind'];
  ms: number;
  reason: string;
}

function printHistory(entries: PendingEntry[]): MetricHistoryEntry[] {
  entries.sort(compareClockEvents);
  const out: MetricHistoryEntry[] = [];
  for (const entry of entries) out.push({ kind: entry.kind, at: isoInstant(entry.ms), reason: entry.reason });
  return out;
}

/** The clock's result plus what it can still answer about its target (a class: no closures per evaluation). */
class Clock implements MetricClock {
  nextChangeMs: number | null = null;

  constructor(
    readonly state: MetricState,
    private readonly calendar: BusinessCalendar,
    private readonly startMs: number,
    private readonly pauses: readonly Interval[],
    /** The target as the clock consumes it; null without a target or start. */
    private readonly reach: DurationReach | null,
    private readonly stopMs: number | null,
    private readonly now: number,
    readonly dueMs: number | null,
  ) {}

  percentInstant(percent: number): { at: number; reached: boolean } | null {
    if (this.reach === null) return null;
    const point = shareReached(this.calendar, this.startMs, this.pauses, this.reach, percent);
    if (point.at === null) return null;
    if (this.stopMs !== null && point.at >= this.stopMs) return null;
    return { at: point.at, reached: point.at <= this.now };
  }
}
