/**
 * The escalation ladder: for the issue's priority (or "*"), each level is reached either when its `after`
 * duration has passed since the issue was created, read exactly as a metric target of that duration
 * (`durationReached`: on the level's calendar, the policy's pause intervals excluded, no longer counting once
 * resolved), or when a metric has used a percentage of its target.
 */
import type { BusinessCalendar } from './calendar';
import { cachedDuration, type MetricClock } from './clocks';
import { isoInstant } from './instant';
import { durationReached } from './duration-reached';
import { intervalsAsOf, intervalsWhere, type Interval } from './intervals';
import type { IssueSnapshot } from './issue';
import type { EscalationLevel } from './policy-schema';

export interface EscalationStep {
  level: number;
  id: string;
  label: string;
  contact: string;
  at: string | null;
}

/** A ladder step as of now: reached at `at`, or waiting (`at` when it will be reached; null: unknown or never). */
export type LadderStep = EscalationStep & ({ reached: true; at: string } | { reached: false });

export interface EscalationState {
  /** 0 = not escalated; n = the n-th ladder step (1-based) is the highest reached. */
  level: number;
  id: string | null;
  label: string | null;
  contact: string | null;
  since: string | null;
  next: EscalationStep | null;
  ladder: LadderStep[];
}

export interface EscalationInput {
  ladder: readonly EscalationLevel[];
  /** Instant the issue was created (the ladder clock's start). */
  created: number;
  /** Instant the issue was resolved, while it is; the ladder clock stops there. */
  resolvedAt: number | null;
  /**
   * The ladder clock's pause intervals (all time, sorted, merged): the policy's `pause`, plus the stretches the
   * issue was resolved (see `resolvedIntervals`), so a reopened issue resumes climbing where it stopped.
   */
  pauses: readonly Interval[];
  /** Built calendar for a level (its own `calendar`, else the region/default calendar). */
  calendarFor: (level: EscalationLevel) => BusinessCalendar;
  /** Metric clocks by id, for `atPercent` levels. */
  metrics: ReadonlyMap<string, Pick<MetricClock, 'percentInstant'>>;
  now: number;
}

/**
 * The stretches an issue was resolved, as pause intervals for the ladder clock.
 *
 * @example
 * resolvedIntervals(issue) //=> [{ from: <resolved>, to: <reopened or Infinity>, reason: 'resolved' }]
 */
export function resolvedIntervals(issue: Pick<IssueSnapshot, 'resolutionTimeline'>): Interval[] {
  return intervalsWhere(issue.resolutionTimeline, isSet, resolvedReason);
}

function isSet(value: string | null): boolean {
  return value !== null;
}

function resolvedReason(): string {
  return 'resolved';
}

/** What a ladder level's instant is read from: the ladder clock, and the metrics its `atPercent` levels watch. */
export interface LadderClock {
  /** The ladder clock's start (the issue's creation, or a what-if start). */
  created: number;
  /** Pause intervals as of the moment asked about (sorted, merged; an open one stops the clock). */
  pauses: readonly Interval[];
  /** Built calendar for an `after` level (its own `calendar`, else the region/default calendar). */
  calendarFor: (level: EscalationLevel) => BusinessCalendar;
  /** When `metric` has used `percent` of its target, or null when it never does (no target, stopped before). */
  percentInstant: (metric: string, percent: number) => number | null;
}

/**
 * The instant a ladder level is reached (past or future), or null when it never is: an `after` level when its
 * duration is reached exactly as a metric target of that duration would be (`durationReached` on the level's
 * calendar, pauses skipped); an `atPercent` level when its metric has used that share of its target. The one rule
 * behind `escalationState` (the live ladder) and `escalationInstants` (the what-if ladder).
 *
 * @example
 * // after: 4h on Mon–Fri 09:00–17:00, created Mon 09:00, no pauses
 * levelReachedAt({ id: 'support', label: 'Support', contact: 'team', after: '4h' }, clock) //=> Mon 13:00 (epoch ms)
 */
export function levelReachedAt(level: EscalationLevel, clock: LadderClock): number | null {
  if (level.atPercent !== undefined) return clock.percentInstant(level.metric, level.atPercent);
  // The rule of a metric target of the same duration (a `1w` level ends at an opening, as a `1w` target does).
  return durationReached(clock.calendarFor(level), clock.created, cachedDuration(level.after), clock.pauses)?.point.at ?? null;
}

/** Where one level stands: reached at `at`, or waiting (expected at `at`; null: unknown or never). */
type LevelPoint = { reached: true; at: number } | { reached: false; at: number | null };

/**
 * The ladder state as of `now`, plus the next instant a level will be reached with no new event.
 *
 * @example
 * // P1 ladder [support-team after 4h, account-manager after 1d]; created Mon 09:00, now Mon 14:00 (no pauses)
 * escalationState({ ... }).state.level //=> 1 (support-team since Mon 13:00)
 */
export function escalationState(input: EscalationInput): { state: EscalationState; nextChangeMs: number | null } {
  const { ladder, created, resolvedAt, now } = input;
  const resolved = resolvedAt !== null && resolvedAt <= now;
  const clock: LadderClock = {
    created,
    // A resolved issue sits in an open pause: unreached `after` levels have no instant.
    pauses: intervalsAsOf(input.pauses, now),
    calendarFor: input.calendarFor,
    percentInstant: (metric, percent) => input.metrics.get(metric)?.percentInstant(percent)?.at ?? null,
  };

  const points: LevelPoint[] = ladder.map((level): LevelPoint => {
    if (created > now) return { at: null, reached: false };
    const at = levelReachedAt(level, clock);
    if (at === null) return { at: null, reached: false };
    // A metric's share is counted on its own clock, which a resolution need not stop: the ladder stops there.
    if (level.atPercent !== undefined && resolved && resolvedAt !== null && at >= resolvedAt) return { at: null, reached: false };
    return at <= now ? { at, reached: true } : { at, reached: false };
  });

  let current = 0;
  points.forEach((point, index) => {
    if (point.reached) current = index + 1;
  });
  const steps = ladder.map((level, index): LadderStep => {
    const point = points[index] ?? { reached: false, at: null };
    const step = { level: index + 1, id: level.id, label: level.label, contact: level.contact };
    return point.reached
      ? { ...step, at: isoInstant(point.at), reached: true }
      : { ...step, at: point.at === null ? null : isoInstant(point.at), reached: false };
  });
  const reachedStep = current > 0 ? steps[current - 1] : undefined;
  const nextStep = steps.slice(current).find((step) => !step.reached);

  let nextChangeMs: number | null = null;
  for (const point of points) {
    if (!point.reached && point.at !== null && point.at > now && (nextChangeMs === null || point.at < nextChangeMs)) {
      nextChangeMs = point.at;
    }
  }

  return {
    state: {
      level: current,
      id: reachedStep?.id ?? null,
      label: reachedStep?.label ?? null,
      contact: reachedStep?.contact ?? null,
      since: reachedStep?.at ?? null,
      next: nextStep ? { level: nextStep.level, id: nextStep.id, label: nextStep.label, contact: nextStep.contact, at: nextStep.at } : null,
      ladder: steps,
    },
    nextChangeMs,
  };
}
