/**
 * When a clock reaches a duration: the one rule that metric targets and `after` escalation levels share, so a
 * `1w` target and a `1w` ladder level started at the same instant with the same pauses land on the same instant.
 */
import type { BusinessCalendar } from './calendar';
import type { Duration } from './duration';
import { consumedAt, type ConsumedAt, type Interval } from './intervals';

/** A duration as a clock consumes it: its business time, and where the clock is once it has consumed it. */
export interface DurationReach {
  /** The duration in business ms on the calendar (for `1w`/`1mo`: the working time from the start to its date). */
  amountMs: number;
  /** The instant the duration is reached, or the open pause the clock waits in. */
  point: ConsumedAt;
}

/**
 * Where a clock started at `startMs` on `calendar`, skipping `pauses` (sorted, merged), reaches `duration`; null
 * for `none`.
 *
 * - `30m`, `4h`, `2d`: the instant that much business time has been consumed; when it runs out exactly at a
 *   window's close, that close (docs/policy.md, rule 4).
 * - `1w`, `2w`, `1mo`: the business time from the start to the wall-clock date moved to the next working instant
 *   (`addDuration`) is consumed the same way, and an end at a close moves on to the next opening, so with or
 *   without pauses the duration ends at an opening, never at the close before it (rule 2).
 * - `0m`: the clock's effective start, the next working instant (rule 3); `immediate`: the start itself.
 *
 * @example
 * // 06:00–16:00 UTC every day; Sun 2026-11-15 20:00Z + 1w, no pauses
 * durationReached(batoi, Date.parse('2026-11-15T20:00:00Z'), parseDuration('1w'), []).point.at
 * //=> Date.parse('2026-11-23T06:00:00Z') (Mon 06:00, the opening after Sun 22 Nov 20:00; not Sun 16:00)
 */
export function durationReached(
  calendar: BusinessCalendar,
  startMs: number,
  duration: Duration,
  pauses: readonly Interval[],
): DurationReach | null {
  if (duration.kind === 'none') return null;
  if (duration.kind === 'immediate') return { amountMs: 0, point: { at: startMs, pausedIn: null } };
  const amountMs = calendar.businessTimeOfDuration(startMs, duration) ?? 0;
  if (amountMs === 0) return { amountMs, point: { at: calendar.nextWorkingInstant(startMs), pausedIn: null } };
  const point = consumedAt(calendar, startMs, pauses, amountMs);
  if (duration.kind === 'calendar' && point.at !== null) {
    return { amountMs, point: { at: calendar.nextWorkingInstant(point.at), pausedIn: null } };
  }
  return { amountMs, point };
}

/**
 * The instant a clock has used `percent` % of a duration of `amountMs` business ms (rounded up to the ms); 100 %
 * is `durationReached` itself, so the last share of a `1w` ends at the same opening as the target.
 *
 * @example
 * // 24x7, a 4h target from 0, no pauses: 75 % is reached after 3h
 * shareReached(calendar24x7, 0, [], { amountMs: 4 * 3_600_000, point: { at: 4 * 3_600_000, pausedIn: null } }, 75).at //=> 10_800_000
 */
export function shareReached(
  calendar: BusinessCalendar,
  startMs: number,
  pauses: readonly Interval[],
  reach: DurationReach,
  percent: number,
): ConsumedAt {
  if (percent === 100) return reach.point;
  return consumedAt(calendar, startMs, pauses, Math.ceil((reach.amountMs * percent) / 100));
}
