/**
 * The shape of one metric as of `now` (docs/architecture.md, SlaState): a discriminated union on `status`, so a
 * reader sees which fields are set in which state and the compiler checks every `switch`. Types only.
 */
import type { ClockEventKind, MetricStatus } from './sla-rules';

export type { MetricStatus };

export interface MetricHistoryEntry {
  kind: ClockEventKind;
  at: string;
  reason: string;
}

/**
 * The target as written, its calendar, that calendar's zone (which may differ from the calendar) and its
 * business-day length in minutes (what `1d` counts on it).
 */
export interface MetricTarget {
  duration: string;
  calendar: string;
  timeZone: string;
  dayLengthMinutes: number;
}

/**
 * One finished cycle of a metric: a start, the stop that ended it, and how it went. Instants are ISO-8601 UTC;
 * minutes are business minutes on the cycle's target calendar, floored.
 *
 * @example
 * // resolution, cycle 1: created Mon 09:00 New York, resolved Mon 11:00 (4h target, no pauses)
 * //=> { cycle: 1, startedAt: '2026-11-16T14:00:00.000Z', stoppedAt: '2026-11-16T16:00:00.000Z',
 * //     dueAt: '2026-11-16T18:00:00.000Z', targetMinutes: 240, elapsedMinutes: 120, pausedMinutes: 0,
 * //     status: 'met', priority: 'P1', plan: 'standard', reason: { started: 'issue created', stopped: 'resolved (Done)' } }
 */
export interface CompletedCycle {
  /** 1-based, in start order. */
  cycle: number;
  startedAt: string;
  stoppedAt: string;
  /** The cycle's due instant; null when its plan × priority had no target (such a cycle cannot breach: `met`). */
  dueAt: string | null;
  targetMinutes: number | null;
  elapsedMinutes: number;
  /** Business minutes between start and stop that were paused. */
  pausedMinutes: number;
  status: 'met' | 'breached';
  /** Priority id and plan id the cycle's target was chosen by (as they stood at its stop). */
  priority: string;
  plan: string;
  reason: { started: string; stopped: string };
}

/** What every state carries: identity, the target, the history of every cycle and the count of cycles. */
interface MetricStateCommon {
  id: string;
  label: string;
  target: MetricTarget | null;
  /** Every clock event of every cycle, oldest first (ties in `CLOCK_EVENT_ORDER`). */
  history: MetricHistoryEntry[];
  /** 1-based index of the current cycle (the running or paused one, else the last completed); 0 before the first start. */
  cycle: number;
  /** Completed cycles before the current one, oldest first. */
  pastCycles: CompletedCycle[];
  /** Breached cycles, the current one included when it is breached. */
  breachedCycles: number;
}

/** The numbers of a cycle with a target: business minutes, and the share used (one decimal). */
interface TargetNumbers {
  elapsedMinutes: number;
  remainingMinutes: number;
  targetMinutes: number;
  percentUsed: number;
}

/**
 * No target to measure against: either the clock has not started (cycle 0), or the plan × priority has no target
 * (`none` or an unwritten cell), in which case the clock still records its start, pause and stop but never breaches.
 */
export interface MetricNone extends MetricStateCommon {
  status: 'none';
  startedAt: string | null;
  dueAt: null;
  stoppedAt: string | null;
  breachedAt: null;
  elapsedMinutes: number;
  remainingMinutes: null;
  targetMinutes: null;
  percentUsed: null;
  atRisk: false;
  pause: { since: string; reason: string } | null;
}

/** Counting towards its due instant. `atRisk` from 75 % used (inclusive). */
export interface MetricRunning extends MetricStateCommon, TargetNumbers {
  status: 'running';
  startedAt: string;
  dueAt: string;
  stoppedAt: null;
  breachedAt: null;
  atRisk: boolean;
  pause: null;
}

/** In an open pause before its due instant: the due instant is unknown until the pause ends. */
export interface MetricPaused extends MetricStateCommon, TargetNumbers {
  status: 'paused';
  startedAt: string;
  dueAt: null;
  stoppedAt: null;
  breachedAt: null;
  atRisk: false;
  pause: { since: string; reason: string };
}

/** Stopped at or before its due instant. */
export interface MetricMet extends MetricStateCommon, TargetNumbers {
  status: 'met';
  startedAt: string;
  dueAt: string;
  stoppedAt: string;
  breachedAt: null;
  atRisk: false;
  pause: null;
}

/** Past its due instant: still running (`stoppedAt` null) or stopped late. `breachedAt` equals `dueAt`. */
export interface MetricBreached extends MetricStateCommon, TargetNumbers {
  status: 'breached';
  startedAt: string;
  dueAt: string;
  stoppedAt: string | null;
  breachedAt: string;
  atRisk: false;
  pause: null;
}

/** One metric as of `now` (see docs/architecture.md, SlaState). Instants are ISO-8601 UTC strings. */
export type MetricState = MetricNone | MetricRunning | MetricPaused | MetricMet | MetricBreached;

/**
 * For the `default` branch of a `switch` over a status: fails to compile when a status is not handled.
 *
 * @example
 * switch (state.status) { case 'none': …; case 'running': …; default: return unreachableStatus(state); }
 */
export function unreachableStatus(value: never): never {
  throw new Error(`Unknown metric status in ${JSON.stringify(value)}`);
}
