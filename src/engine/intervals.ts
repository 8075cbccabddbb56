/**
 * Half-open intervals `[from, to)` in epoch ms with a reason, and the clock walk over them (business time consumed,
 * when an amount will be consumed) skipping paused intervals; calendars are passed in.
 */
import type { TimedValue } from './issue';

/** A paused (or otherwise marked) stretch: `from` inclusive, `to` exclusive, `Infinity` while still open. */
export interface Interval {
  from: number;
  to: number;
  reason: string;
}

/** The two business-time operations a clock needs (see calendar.ts `BusinessCalendar`). */
export interface BusinessClock {
  /** Business ms in `[fromMs, toMs)`; 0 when `toMs ≤ fromMs`. */
  businessTimeBetween(fromMs: number, toMs: number): number;
  /** The instant `durationMs` of business time after `startMs` (a window's close when it runs out there). */
  addBusinessTime(startMs: number, durationMs: number): number;
}

/**
 * The stretches of a timeline whose value passes `test`, adjacent stretches merged.
 *
 * @example
 * intervalsWhere([{from: 0, to: 5, value: 'Open'}, {from: 5, to: Infinity, value: 'Waiting'}], (v) => v === 'Waiting', (v) => `status ${v}`)
 *   //=> [{ from: 5, to: Infinity, reason: 'status Waiting' }]
 */
export function intervalsWhere(
  timeline: readonly TimedValue[],
  test: (value: string | null) => boolean,
  reason: (value: string | null) => string,
): Interval[] {
  const out: Interval[] = [];
  for (const entry of timeline) {
    if (entry.to <= entry.from || !test(entry.value)) continue;
    const last = out[out.length - 1];
    if (last && last.to === entry.from) last.to = entry.to;
    else out.push({ from: entry.from, to: entry.to, reason: reason(entry.value) });
  }
  return out;
}

/**
 * The union of several interval lists, sorted and merged; overlapping or touching intervals keep the reason of
 * the one that started first.
 *
 * @example
 * unionIntervals([[{from: 0, to: 10, reason: 'a'}], [{from: 5, to: 20, reason: 'b'}]]) //=> [{ from: 0, to: 20, reason: 'a' }]
 */
export function unionIntervals(lists: ReadonlyArray<readonly Interval[]>): Interval[] {
  const all: Interval[] = [];
  for (const list of lists) for (const interval of list) all.push(interval);
  if (all.length === 0) return all;
  all.sort((a, b) => a.from - b.from || b.to - a.to);
  const out: Interval[] = [{ ...all[0]! }];
  for (let i = 1; i < all.length; i++) {
    const next = all[i]!;
    const last = out[out.length - 1]!;
    if (next.from <= last.to) {
      if (next.to > last.to) last.to = next.to;
    } else {
      out.push({ ...next });
    }
  }
  return out;
}

/**
 * The intervals as known at `until`: those starting after it are dropped, those still running at it become open
 * (`to = Infinity`). With `close` the running ones end at `until` instead (a stopped clock).
 *
 * @example
 * intervalsAsOf([{from: 0, to: 50, reason: 'a'}, {from: 60, to: 70, reason: 'b'}], 40) //=> [{ from: 0, to: Infinity, reason: 'a' }]
 */
export function intervalsAsOf(intervals: readonly Interval[], until: number, close = false): Interval[] {
  const out: Interval[] = [];
  for (const interval of intervals) {
    if (interval.from > until || (close && interval.from >= until)) break;
    if (interval.to > until) out.push({ from: interval.from, to: close ? until : Infinity, reason: interval.reason });
    else out.push(interval);
  }
  return out;
}

/**
 * The intervals as known at `until` (see `intervalsAsOf`) that end after `from`: the pauses of a cycle from `from` to
 * `until`. The same as `intervalsAsOf(intervals, until, close).filter((i) => i.to > from)`, found by a binary search
 * for the first interval ending after `from` (intervals sorted and merged), since an issue with many cycles asks
 * this of one list once per cycle.
 *
 * @example
 * intervalsDuring([{from: 0, to: 5, reason: 'a'}, {from: 10, to: 50, reason: 'b'}], 8, 40, true) //=> [{ from: 10, to: 40, reason: 'b' }]
 */
export function intervalsDuring(intervals: readonly Interval[], from: number, until: number, close: boolean): Interval[] {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((intervals[mid] as Interval).to > from) high = mid;
    else low = mid + 1;
  }
  const out: Interval[] = [];
  for (let i = low; i < intervals.length; i++) {
    const interval = intervals[i] as Interval;
    if (interval.from > until || (close && interval.from >= until)) break;
    if (interval.to <= until) out.push(interval);
    else if (!close) out.push({ from: interval.from, to: Infinity, reason: interval.reason });
    else if (until > from) out.push({ from: interval.from, to: until, reason: interval.reason });
  }
  return out;
}

/**
 * Business time a clock started at `start` has consumed by `end`, paused intervals excluded (ms).
 *
 * @example
 * // 24x7, started at 0, paused [10, 30): by 50 it consumed 30
 * consumedBetween(clock24x7, 0, 50, [{ from: 10, to: 30, reason: 'x' }]) //=> 30
 */
export function consumedBetween(calendar: BusinessClock, start: number, end: number, pauses: readonly Interval[]): number {
  if (end <= start) return 0;
  return calendar.businessTimeBetween(start, end) - pausedBetween(calendar, start, end, pauses);
}

/**
 * Business time between `start` and `end` inside paused intervals (ms): what `consumedBetween` leaves out.
 *
 * @example
 * // 24x7, paused [10, 30): between 0 and 50, 20 were paused
 * pausedBetween(clock24x7, 0, 50, [{ from: 10, to: 30, reason: 'x' }]) //=> 20
 */
export function pausedBetween(calendar: BusinessClock, start: number, end: number, pauses: readonly Interval[]): number {
  let paused = 0;
  for (const pause of pauses) {
    if (pause.from >= end) break;
    if (pause.to <= start) continue;
    paused += calendar.businessTimeBetween(Math.max(pause.from, start), Math.min(pause.to, end));
  }
  return paused;
}

/** Where a clock is once it has consumed an amount: at an instant, or stuck in a pause that is still open. */
export type ConsumedAt = { at: number; pausedIn: null } | { at: null; pausedIn: Interval };

/**
 * The instant at which a clock started at `start` has consumed `amount` business ms, skipping paused intervals
 * (sorted, merged). When the time runs out exactly at a pause's start or a window's close, that instant is the
 * answer; `amount` 0 gives `start` itself. If an open pause (`to = Infinity`) comes first, returns it instead.
 *
 * @example
 * consumedAt(clock24x7, 0, [{ from: 10, to: 30, reason: 'x' }], 20) //=> { at: 40, pausedIn: null }
 */
export function consumedAt(calendar: BusinessClock, start: number, pauses: readonly Interval[], amount: number): ConsumedAt {
  let cursor = start;
  let remaining = amount;
  for (const pause of pauses) {
    if (remaining <= 0) return { at: cursor, pausedIn: null };
    if (pause.to <= cursor) continue;
    if (pause.from > cursor) {
      const available = calendar.businessTimeBetween(cursor, pause.from);
      if (available >= remaining) return { at: calendar.addBusinessTime(cursor, remaining), pausedIn: null };
      remaining -= available;
    }
    if (pause.to === Infinity) return { at: null, pausedIn: pause };
    cursor = pause.to;
  }
  if (remaining <= 0) return { at: cursor, pausedIn: null };
  return { at: calendar.addBusinessTime(cursor, remaining), pausedIn: null };
}
