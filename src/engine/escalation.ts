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

export interface EscalationState {
  /** 0 = not escalated; n = the n-th ladder step (1-based) is the highest reached. */
  level: number;
  id: string | null;
  label: string | null;
  contact: string | null;
  since: string | null;
  next: EscalationStep | null;
  ladder: Array<EscalationStep & { reached: boolean }>;
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

/** Where one level stands: reached at `at`, expected at `at`, or unknown/never (`at` null). */
interface LevelPoint {
  at: number | null;
  reached: boolean;
}

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
  // A resolved issue sits in an open pause: unreached levels have no instant.
  const pauses = intervalsAsOf(input.pauses, now);

  const points: LevelPoint[] = ladder.map((level): LevelPoint => {
    if (created > now) return { at: null, reached: false };
    if (level.atPercent !== undefined) {
      const clock = level.metric === undefined ? undefined : input.metrics.get(level.metric);
      const point = clock?.percentInstant(level.atPercent) ?? null;
      if (point === null) return { at: null, reached: false };
      if (resolved && resolvedAt !== null && point.at >= resolvedAt) return { at: null, reached: false };
      return point;
    }
    if (level.after === undefined) return { at: null, reached: false };
    // The rule of a metric target of the same duration (a `1w` level ends at an opening, as a `1w` target does).
    const reach = durationReached(input.calendarFor(level), created, cachedDuration(level.after), pauses);
    const point = reach?.point;
    if (point === undefined || point.at === null) return { at: null, reached: false };
    return { at: point.at, reached: point.at <= now };
  });

  let current = 0;
  points.forEach((point, index) => {
    if (point.reached) current = index + 1;
  });
  const steps = ladder.map((level, index) => {
    const at = points[index]?.at ?? null;
    return {
      level: index + 1,
      id: level.id,
      label: level.label,
      contact: level.contact,
      at: at === null ? null : isoInstant(at),
      reached: points[index]?.reached ?? false,
    };
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
      next: nextStep
        ? { level: nextStep.level, id: nextStep.id, label: nextStep.label, contact: nextStep.contact, at: nextStep.at }
        : null,
      ladder: steps,
    },
    nextChangeMs,
  };
}
