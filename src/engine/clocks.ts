/**
 * Metric clocks: from a metric's cycles (metric-timeline.ts) and its pauses, each cycle's due instant, business
 * time used and outcome, and the current cycle's status and history as of `now`. Events after `now` are treated as not yet happened, so evaluating a
 * past instant gives the state as it was then.
 */
import type { BusinessCalendar } from './calendar';
import { parseDuration, type Duration } from './duration';
import { durationReached, shareReached, type DurationReach } from './duration-reached';
import { rememberingCalendar } from './duration-memo';
import { consumedAt, intervalsDuring, pausedBetween, intervalsWhere, unionIntervals, type Interval } from './intervals';
import { isoInstant } from './instant';
import type { IssueSnapshot } from './issue';
import type { Metric, PauseCondition } from './policy-schema';
import type { CompletedCycle, MetricBreached, MetricHistoryEntry, MetricNone, MetricState } from './metric-state';
import { metricCycles, type ClockMark, type CycleSpan, type StartPolicy } from './metric-timeline';
import { AT_RISK_PERCENT, compareClockEvents } from './sla-rules';
import { includesIgnoringCase } from './text-match';

export type { CompletedCycle, MetricHistoryEntry, MetricState, MetricStatus, MetricTarget } from './metric-state';
export { unreachableStatus } from './metric-state';
export { metricCycles, metricStart, metricStop, type ClockMark, type CycleSpan } from './metric-timeline';

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
  /**
   * The instant the current cycle has used `minutes` whole minutes of business time (ms), on its calendar and
   * pauses; null before a start, when paused before then, or when it stopped first.
   */
  minutesInstant(minutes: number): number | null;
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

/** What a cycle's target is chosen by: the plan × priority cell, its calendar (built), and the ids it came from. */
export interface CycleTerms {
  /** The target cell (duration as written, calendar id), or null when the plan × priority has none. */
  target: { duration: string; calendar: string } | null;
  /** The target's calendar (built). */
  calendar: BusinessCalendar;
  priority: string;
  plan: string;
}

export interface MetricClockInput {
  metric: Pick<Metric, 'id' | 'label' | 'start' | 'stop' | 'repeat'>;
  issue: IssueSnapshot;
  /** The terms of the current cycle (the issue's priority and plan now). */
  terms: CycleTerms;
  /**
   * The terms of an earlier cycle that stopped at `stoppedMs` (priority and plan as they stood then); the current
   * terms when omitted. Only asked for cycles before the current one.
   */
  termsAt?: (stoppedMs: number) => CycleTerms;
  /** Paused intervals for this metric (all time, sorted, merged); see `pauseIntervals`. */
  pauses: readonly Interval[];
  now: number;
  /** What `requestType` and `comment` starts read from the policy (its request type field, its compiled regexes). */
  policy?: StartPolicy;
}

/** The printable target of a cycle's terms, or null when it has none (`none` or an unwritten cell). */
function printableTarget(terms: CycleTerms): MetricState['target'] {
  const duration = terms.target === null ? null : cachedDuration(terms.target.duration);
  if (terms.target === null || duration === null || duration.kind === 'none') return null;
  return {
    duration: terms.target.duration,
    calendar: terms.target.calendar,
    timeZone: terms.calendar.timeZone,
    dayLengthMinutes: terms.calendar.dayLengthMs / MINUTE_MS,
  };
}

/**
 * A metric's state before its clock starts: status `none`, cycle 0, nothing consumed, no instants.
 *
 * @example
 * unstartedMetricState({ id: 'firstResponse', label: 'First response' }, null)
 * //=> { id: 'firstResponse', label: 'First response', status: 'none', target: null, elapsedMinutes: 0, cycle: 0, pastCycles: [], ... }
 */
export function unstartedMetricState(metric: { id: string; label: string }, target: MetricState['target']): MetricNone {
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
    cycle: 0,
    pastCycles: [],
    breachedCycles: 0,
  };
}

/**
 * One cycle measured on its terms' calendar: business time used between its start and its end (its stop, else
 * `now`) with pauses skipped, and, with a target, where the target is reached. The due instant walks forward
 * from the start consuming the target (`durationReached`, the rule `after` ladder levels share), so `1w`/`1mo`
 * targets are extended by pauses like any other.
 */
interface MeasuredCycle {
  startMs: number;
  stop: ClockMark | null;
  calendar: BusinessCalendar;
  /** The pauses of the cycle as known at its end: a stopped cycle closes a running pause at its stop. */
  pauses: Interval[];
  elapsedMs: number;
  /** Business time from its start to its end, pauses included. */
  spanMs: number;
  /** The target as the cycle consumes it; null without a target. */
  reach: DurationReach | null;
  /** Its events so far except met/breached: started, paused, resumed. */
  history: PendingEntry[];
}

function measureCycle(span: CycleSpan, terms: CycleTerms, allPauses: readonly Interval[], now: number): MeasuredCycle {
  const startMs = span.start.at;
  const stop = span.stop;
  const end = stop === null ? now : stop.at;
  const pauses = intervalsDuring(allPauses, startMs, end, stop !== null);
  const history: PendingEntry[] = [{ kind: 'started', ms: startMs, reason: span.start.reason }];
  for (const pause of pauses) {
    history.push({ kind: 'paused', ms: pause.from > startMs ? pause.from : startMs, reason: pause.reason });
    if (pause.to !== Infinity && pause.to <= end && (stop === null || pause.to < stop.at)) {
      history.push({ kind: 'resumed', ms: pause.to, reason: `${pause.reason} ended` });
    }
  }
  const duration = terms.target === null ? null : cachedDuration(terms.target.duration);
  const reach =
    duration === null || duration.kind === 'none'
      ? null
      : (durationReached(rememberingCalendar(terms.calendar), startMs, duration, pauses) ?? {
          amountMs: 0,
          point: { at: startMs, pausedIn: null },
        });
  const spanMs = end <= startMs ? 0 : terms.calendar.businessTimeBetween(startMs, end);
  return {
    startMs,
    stop,
    calendar: terms.calendar,
    pauses,
    elapsedMs: end <= startMs ? 0 : spanMs - pausedBetween(terms.calendar, startMs, end, pauses),
    spanMs,
    reach,
    history,
  };
}

/** A stopped cycle's due instant (it has a target): pauses were closed at the stop, so the walk ends at an instant. */
function dueInstant(measured: MeasuredCycle): number {
  return measured.reach?.point.at ?? (measured.stop as ClockMark).at;
}

/** The words of a breach in the history. */
function usedUp(terms: CycleTerms): string {
  return `target ${terms.target?.duration ?? ''} used up`;
}

/**
 * A completed cycle as reported: met when it stopped at or before its due instant (or had no target), else breached.
 *
 * @example
 * // a 4h cycle on Mon–Fri 09:00–18:00 New York from Mon 09:00 stopped Mon 11:00
 * //=> { status: 'met', dueAt: 'Mon 13:00', elapsedMinutes: 120, pausedMinutes: 0, ... }
 */
function completedCycle(index: number, measured: MeasuredCycle, terms: CycleTerms): CompletedCycle {
  const stop = measured.stop as ClockMark;
  const dueMs = measured.reach === null ? null : dueInstant(measured);
  const pausedMs = measured.spanMs - measured.elapsedMs;
  return {
    cycle: index + 1,
    startedAt: isoInstant(measured.startMs),
    stoppedAt: isoInstant(stop.at),
    dueAt: dueMs === null ? null : isoInstant(dueMs),
    targetMinutes: measured.reach === null ? null : Math.round(measured.reach.amountMs / MINUTE_MS),
    elapsedMinutes: Math.floor(measured.elapsedMs / MINUTE_MS),
    pausedMinutes: Math.floor(Math.max(0, pausedMs) / MINUTE_MS),
    status: dueMs !== null && stop.at > dueMs ? 'breached' : 'met',
    priority: terms.priority,
    plan: terms.plan,
    reason: { started: measured.history[0]?.reason ?? '', stopped: stop.reason },
  };
}

/** The history entries a completed cycle ends with: its breach (at the due instant) when it stopped late, else its met. */
function closingEntries(cycle: CompletedCycle, measured: MeasuredCycle, terms: CycleTerms): PendingEntry[] {
  if (cycle.dueAt === null) return [];
  const stop = measured.stop as ClockMark;
  return cycle.status === 'met'
    ? [{ kind: 'met', ms: stop.at, reason: stop.reason }]
    : [{ kind: 'breached', ms: dueInstant(measured), reason: usedUp(terms) }];
}

/**
 * Runs one metric's clock as of `now`: its cycles (a fold over the issue's timeline, see metric-timeline.ts), each
 * measured on the terms of its own plan × priority, and the current cycle (the running or paused one, else the
 * last completed) reported in today's fields. A stop at or before the due instant is met, after it breached; a
 * running cycle breaches once `now ≥ due`. Earlier cycles are `pastCycles`; `history` tells every cycle's story.
 *
 * @example
 * // 4h target on Mon–Fri 09:00–18:00 New York, created Mon 09:00, agent replied Mon 11:00
 * metricClock({ ... }).state //=> { status: 'met', dueAt: '2026-11-16T18:00:00.000Z', elapsedMinutes: 120, cycle: 1, pastCycles: [], ... }
 */
export function metricClock(input: MetricClockInput): MetricClock {
  const { metric, issue, terms, now } = input;
  const target = printableTarget(terms);
  const spans = metricCycles(issue, metric, now, input.policy);
  const current = spans[spans.length - 1];
  if (current === undefined) return new Clock(unstartedMetricState(metric, target), null, null, now, null);

  // Step 1: every earlier cycle, measured and reported on the terms it stopped under.
  const pastCycles: CompletedCycle[] = [];
  const history: MetricHistoryEntry[] = [];
  for (let index = 0; index < spans.length - 1; index++) {
    const span = spans[index] as CycleSpan;
    const pastTerms = input.termsAt?.((span.stop as ClockMark).at) ?? terms;
    const measured = measureCycle(span, pastTerms, input.pauses, now);
    const cycle = completedCycle(index, measured, pastTerms);
    pastCycles.push(cycle);
    for (const entry of closingEntries(cycle, measured, pastTerms)) measured.history.push(entry);
    printHistory(measured.history, history);
  }

  // Step 2: the current cycle, on the current terms, in the fields every metric has always had.
  const measured = measureCycle(current, terms, input.pauses, now);
  const common = {
    id: metric.id,
    label: metric.label,
    target,
    startedAt: isoInstant(current.start.at),
    elapsedMinutes: Math.floor(measured.elapsedMs / MINUTE_MS),
    cycle: spans.length,
    pastCycles,
    breachedCycles: pastCycles.filter((cycle) => cycle.status === 'breached').length,
  };
  const finish = <S extends MetricState>(state: S, entries: PendingEntry[], dueMs: number | null): Clock => {
    for (const entry of entries) measured.history.push(entry);
    state.history = printHistory(measured.history, history);
    if (state.status === 'breached') state.breachedCycles += 1;
    return new Clock(inFieldOrder(state), measured, current.stop?.at ?? null, now, dueMs);
  };

  const { reach, stop } = measured;
  if (reach === null || target === null) {
    // No target: the clock still records its start, pauses and stop, but never breaches.
    const open = measured.pauses[measured.pauses.length - 1];
    const pause =
      stop === null && open && open.to === Infinity
        ? { since: isoInstant(Math.max(open.from, current.start.at)), reason: open.reason }
        : null;
    const state: MetricNone = {
      ...common,
      status: 'none',
      dueAt: null,
      stoppedAt: stop === null ? null : isoInstant(stop.at),
      breachedAt: null,
      remainingMinutes: null,
      targetMinutes: null,
      percentUsed: null,
      atRisk: false,
      pause,
      history: [],
    };
    return finish(state, [], null);
  }

  const targetMs = reach.amountMs;
  const targetMinutes = Math.round(targetMs / MINUTE_MS);
  const numbers = {
    ...common,
    targetMinutes,
    remainingMinutes: targetMinutes - common.elapsedMinutes,
    percentUsed: targetMs === 0 ? 100 : Math.round((measured.elapsedMs / targetMs) * 1000) / 10,
    history: [],
  };
  const due = reach.point;

  if (stop !== null) {
    // Pauses were closed at the stop, so the walk always ends at an instant.
    const dueMs = due.at ?? stop.at;
    const dueAt = isoInstant(dueMs);
    const stopped = { ...numbers, dueAt, stoppedAt: isoInstant(stop.at), atRisk: false as const, pause: null };
    if (stop.at <= dueMs) {
      return finish({ ...stopped, status: 'met', breachedAt: null }, [{ kind: 'met', ms: stop.at, reason: stop.reason }], dueMs);
    }
    return finish({ ...stopped, status: 'breached', breachedAt: dueAt }, [{ kind: 'breached', ms: dueMs, reason: usedUp(terms) }], dueMs);
  }

  if (due.at === null) {
    const pause = { since: isoInstant(Math.max(due.pausedIn.from, current.start.at)), reason: due.pausedIn.reason };
    return finish({ ...numbers, status: 'paused', dueAt: null, stoppedAt: null, breachedAt: null, atRisk: false, pause }, [], null);
  }

  const dueAt = isoInstant(due.at);
  if (due.at <= now) {
    const state: MetricBreached = { ...numbers, status: 'breached', dueAt, stoppedAt: null, breachedAt: dueAt, atRisk: false, pause: null };
    return finish(state, [{ kind: 'breached', ms: due.at, reason: usedUp(terms) }], due.at);
  }

  // At risk from 75 % used inclusive, compared exactly in ms.
  const atRisk = measured.elapsedMs * 100 >= targetMs * AT_RISK_PERCENT;
  const clock = finish({ ...numbers, status: 'running', dueAt, stoppedAt: null, breachedAt: null, atRisk, pause: null }, [], due.at);
  clock.nextChangeMs = due.at;
  if (!atRisk) {
    const risk = clock.percentInstant(AT_RISK_PERCENT);
    if (risk !== null && risk.at > now && risk.at < due.at) clock.nextChangeMs = risk.at;
  }
  return clock;
}

/** Every key of a metric state, in the documented order (JSON reads as before cycles, the new keys last). */
const FIELD_ORDER = [
  'id',
  'label',
  'status',
  'target',
  'startedAt',
  'dueAt',
  'stoppedAt',
  'breachedAt',
  'elapsedMinutes',
  'remainingMinutes',
  'targetMinutes',
  'percentUsed',
  'atRisk',
  'pause',
  'history',
  'cycle',
  'pastCycles',
  'breachedCycles',
] as const satisfies ReadonlyArray<keyof MetricState>;

/** A state with its keys in `FIELD_ORDER` (states are built from shared parts, whose order would leak into JSON). */
function inFieldOrder<S extends MetricState>(state: S): S {
  const out: Partial<Record<keyof MetricState, unknown>> = {};
  for (const key of FIELD_ORDER) out[key] = state[key];
  return out as S;
}

/** A history entry before printing, sorted by `compareClockEvents` (the panel's rule too). */
interface PendingEntry {
  kind: MetricHistoryEntry['kind'];
  ms: number;
  reason: string;
}

/**
 * One cycle's entries in order, appended to `out` (returned); cycles are printed one after the other, so a cycle's
 * start never sorts before the previous one's stop.
 */
function printHistory(entries: PendingEntry[], out: MetricHistoryEntry[]): MetricHistoryEntry[] {
  // A cycle's entries are mostly written in order already: checking is cheaper than a sort per cycle.
  for (let i = 1; i < entries.length; i++) {
    if (compareClockEvents(entries[i - 1] as PendingEntry, entries[i] as PendingEntry) > 0) {
      entries.sort(compareClockEvents);
      break;
    }
  }
  for (const entry of entries) out.push({ kind: entry.kind, at: isoInstant(entry.ms), reason: entry.reason });
  return out;
}

/** The clock's result plus what it can still answer about its current cycle's target (a class: no closures per evaluation). */
class Clock implements MetricClock {
  nextChangeMs: number | null = null;

  constructor(
    readonly state: MetricState,
    /** The current cycle; null before the first start. */
    private readonly measured: MeasuredCycle | null,
    private readonly stopMs: number | null,
    private readonly now: number,
    readonly dueMs: number | null,
  ) {}

  percentInstant(percent: number): { at: number; reached: boolean } | null {
    const measured = this.measured;
    if (measured === null || measured.reach === null) return null;
    const point = shareReached(measured.calendar, measured.startMs, measured.pauses, measured.reach, percent);
    if (point.at === null) return null;
    if (this.stopMs !== null && point.at >= this.stopMs) return null;
    return { at: point.at, reached: point.at <= this.now };
  }

  minutesInstant(minutes: number): number | null {
    const measured = this.measured;
    if (measured === null) return null;
    const point = consumedAt(measured.calendar, measured.startMs, measured.pauses, minutes * MINUTE_MS);
    if (point.at === null || (this.stopMs !== null && point.at >= this.stopMs)) return null;
    return point.at;
  }
}
