/**
 * Where a calendar's working time is: elapsed time for an always-working calendar, else sorted disjoint `[start, end)`
 * intervals in epoch ms with prefix sums, built lazily a UTC year at a time; BusinessCalendar picks one once.
 */
import { zoneOffset } from './zone-clock';
import type { DayWindow } from './calendar-schema';
import { isoDateToDay, type HolidayProvider } from './holidays';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** A query finding no working time within this many years throws instead of searching on. */
const SEARCH_LIMIT_YEARS = 10;
/** Tables cover contiguous years, so a stray instant (year 9999 from a bad date) must not make them huge. */
const FIRST_TABLE_YEAR = 1900;
const LAST_TABLE_YEAR = 2300;

/** One working interval, `start` inclusive, `end` exclusive (epoch ms). */
export interface WorkingInterval {
  start: number;
  end: number;
}

/** Thrown when a calendar has no working time within ten years of a query (e.g. every remaining day a holiday). */
export class NoWorkingTimeError extends Error {
  constructor(calendarId: string, fromMs: number, direction: 'after' | 'before') {
    super(
      `Calendar "${calendarId}" has no working time within ${SEARCH_LIMIT_YEARS} years ${direction} ${isoOrRaw(fromMs)}: ` +
        'check its week windows and holidays.',
    );
    this.name = 'NoWorkingTimeError';
  }
}

function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function utcYearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

function utcYearStart(year: number): number {
  return Date.UTC(year, 0, 1);
}

/** Local dates (as days since 1970-01-01) a calendar's holidays remove, read from its provider a year at a time. */
class HolidayDays {
  private readonly byYear = new Map<number, Set<number>>();

  constructor(private readonly provider: HolidayProvider | undefined) {}

  /** Whether the local date `day` (days since 1970-01-01) is a holiday. */
  has(day: number): boolean {
    if (this.provider === undefined) return false;
    const year = new Date(day * DAY_MS).getUTCFullYear();
    let days = this.byYear.get(year);
    if (!days) {
      days = new Set(this.provider.holidaysOf(year).map((holiday) => isoDateToDay(holiday.date)));
      this.byYear.set(year, days);
    }
    return days.has(day);
  }
}

/** A calendar's working time, queried with arguments BusinessCalendar has checked (finite instants, `from < to`). */
export interface WorkingTime {
  isWorking(ms: number): boolean;
  nextWorkingInstant(ms: number): number;
  /** `durationMs` ≥ 0. */
  addBusinessTime(startMs: number, durationMs: number): number;
  /** `fromMs` < `toMs`. */
  businessTimeBetween(fromMs: number, toMs: number): number;
  /** `fromMs` < `toMs`. */
  workingIntervals(fromMs: number, toMs: number): WorkingInterval[];
  prebuild(fromYear: number, toYear: number): void;
  tableStats(): { intervals: number; firstYear: number; lastYear: number };
}

/**
 * Always working: business time is real elapsed time and no table is needed.
 *
 * @example
 * elapsedTime.addBusinessTime(Date.parse('2026-11-01T05:30:00Z'), 3_600_000) //=> Date.parse('2026-11-01T06:30:00Z')
 */
export const elapsedTime: WorkingTime = {
  isWorking: () => true,
  nextWorkingInstant: (ms) => ms,
  addBusinessTime: (startMs, durationMs) => startMs + durationMs,
  businessTimeBetween: (fromMs, toMs) => toMs - fromMs,
  workingIntervals: (fromMs, toMs) => [{ start: fromMs, end: toMs }],
  prebuild: () => undefined,
  tableStats: () => ({ intervals: 0, firstYear: 0, lastYear: -1 }),
};

/** Working time as a table of intervals: every query is one or two binary searches; the table grows by years. */
export class WorkingTable implements WorkingTime {
  private readonly holidays: HolidayDays;
  // The table: disjoint sorted intervals [starts[i], ends[i]) and cum[i] = working ms before interval i.
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  private cum = new Float64Array(0);
  private count = 0;
  /** UTC years covered: [firstYear, lastYear]; empty when firstYear > lastYear. */
  private firstYear = 0;
  private lastYear = -1;
  /** The covered range in epoch ms, `[coverStart, coverEnd)`. */
  private coverStart = 0;
  private coverEnd = 0;
  private intervals: WorkingInterval[] = [];

  constructor(
    /** The calendar's id, for messages. */
    private readonly id: string,
    /** The IANA zone whose wall clock the windows and holidays are read in. */
    private readonly zone: string,
    /** Windows per weekday, Sunday first (as `weekWindows` gives them). */
    private readonly days: DayWindow[][],
    holidayProvider: HolidayProvider | undefined,
  ) {
    this.holidays = new HolidayDays(holidayProvider);
  }

  isWorking(ms: number): boolean {
    this.cover(ms, ms);
    const i = this.lastStartAtOrBefore(ms);
    return i >= 0 && ms < (this.ends[i] as number);
  }

  nextWorkingInstant(ms: number): number {
    this.cover(ms, ms);
    let i = this.lastStartAtOrBefore(ms);
    if (i >= 0 && ms < (this.ends[i] as number)) return ms;
    i += 1;
    while (i >= this.count) {
      this.extendForward(ms, 'after');
      i = this.lastStartAtOrBefore(ms) + 1;
    }
    return this.starts[i] as number;
  }

  addBusinessTime(startMs: number, durationMs: number): number {
    if (durationMs === 0) return this.nextWorkingInstant(startMs);
    this.cover(startMs, startMs);
    let from = this.lastStartAtOrBefore(startMs);
    const target = this.workingBeforeIn(from, startMs) + durationMs;
    const counted = this.count;
    while (this.count === 0 || this.totalWorking() < target) this.extendForward(startMs, 'after');
    if (this.count !== counted) from = this.lastStartAtOrBefore(startMs);
    // The interval where the time runs out is the first whose cumulative end reaches the target. It lies at or
    // after the start's interval, usually a few intervals on: gallop forward from there, then bisect.
    let lo = Math.max(0, from);
    let hi = lo;
    for (let step = 1; this.cumulativeEnd(hi) < target; step *= 2) {
      lo = hi + 1;
      hi = Math.min(this.count - 1, hi + step);
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulativeEnd(mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    return (this.starts[lo] as number) + (target - (this.cum[lo] as number));
  }

  businessTimeBetween(fromMs: number, toMs: number): number {
    this.cover(fromMs, toMs);
    return this.workingBefore(toMs) - this.workingBefore(fromMs);
  }

  workingIntervals(fromMs: number, toMs: number): WorkingInterval[] {
    this.cover(fromMs, toMs);
    const result: WorkingInterval[] = [];
    let i = Math.max(0, this.lastStartAtOrBefore(fromMs));
    for (; i < this.count && (this.starts[i] as number) < toMs; i += 1) {
      const start = Math.max(fromMs, this.starts[i] as number);
      const end = Math.min(toMs, this.ends[i] as number);
      if (start < end) result.push({ start, end });
    }
    return result;
  }

  prebuild(fromYear: number, toYear: number): void {
    this.cover(utcYearStart(fromYear), utcYearStart(toYear + 1) - 1);
  }

  tableStats(): { intervals: number; firstYear: number; lastYear: number } {
    return { intervals: this.count, firstYear: this.firstYear, lastYear: this.lastYear };
  }

  /** Index of the last interval starting at or before `ms`, or -1. */
  private lastStartAtOrBefore(ms: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Working ms from the start of the table to `ms` (within the covered range). */
  private workingBefore(ms: number): number {
    return this.workingBeforeIn(this.lastStartAtOrBefore(ms), ms);
  }

  /** `workingBefore(ms)` when `i` is already known to be `lastStartAtOrBefore(ms)`. */
  private workingBeforeIn(i: number, ms: number): number {
    if (i < 0) return 0;
    return (this.cum[i] as number) + Math.min(ms, this.ends[i] as number) - (this.starts[i] as number);
  }

  /** Working time from the table's first interval to the end of interval `i`. */
  private cumulativeEnd(i: number): number {
    return (this.cum[i] as number) + (this.ends[i] as number) - (this.starts[i] as number);
  }

  private totalWorking(): number {
    return this.count === 0 ? 0 : this.cumulativeEnd(this.count - 1);
  }

  /** Makes sure the table covers the UTC years of `fromMs` through `toMs`. */
  private cover(fromMs: number, toMs: number): void {
    if (fromMs >= this.coverStart && toMs < this.coverEnd) return;
    const from = utcYearOf(fromMs);
    const to = utcYearOf(toMs);
    if (from < FIRST_TABLE_YEAR || to > LAST_TABLE_YEAR) {
      throw new RangeError(
        `Calendar "${this.id}" works with instants from ${FIRST_TABLE_YEAR} to ${LAST_TABLE_YEAR}; ` +
          `got ${isoOrRaw(from < FIRST_TABLE_YEAR ? fromMs : toMs)}.`,
      );
    }
    if (this.firstYear <= this.lastYear && from >= this.firstYear && to <= this.lastYear) return;
    const first = this.firstYear <= this.lastYear ? Math.min(from, this.firstYear) : from;
    const last = this.firstYear <= this.lastYear ? Math.max(to, this.lastYear) : to;
    const before = this.firstYear <= this.lastYear ? this.computeIntervals(first, this.firstYear - 1) : [];
    const after = this.firstYear <= this.lastYear ? this.computeIntervals(this.lastYear + 1, last) : this.computeIntervals(first, last);
    this.intervals = mergeAdjacent([...before, ...this.intervals, ...after]);
    this.firstYear = first;
    this.lastYear = last;
    this.coverStart = utcYearStart(first);
    this.coverEnd = utcYearStart(last + 1);
    this.rebuildArrays();
  }

  /** Adds one more year at the end; throws once ten years after `queryMs` (or the last working time) hold none. */
  private extendForward(queryMs: number, direction: 'after'): void {
    const lastWorking = this.count > 0 ? Math.max(queryMs, this.ends[this.count - 1] as number) : queryMs;
    if (this.lastYear + 1 - utcYearOf(lastWorking) > SEARCH_LIMIT_YEARS) {
      throw new NoWorkingTimeError(this.id, queryMs, direction);
    }
    this.cover(utcYearStart(this.lastYear + 1), utcYearStart(this.lastYear + 1));
  }

  private rebuildArrays(): void {
    const n = this.intervals.length;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.cum = new Float64Array(n);
    let sum = 0;
    this.intervals.forEach((interval, i) => {
      this.starts[i] = interval.start;
      this.ends[i] = interval.end;
      this.cum[i] = sum;
      sum += interval.end - interval.start;
    });
    this.count = n;
  }

  /**
   * The working intervals of UTC years `fromYear`..`toYear`: real time is cut into spans of constant UTC offset,
   * and in each span the local windows of every local date (skipping holidays) are mapped back by that offset.
   * This makes working-ness a property of the wall clock: windows inside a skipped hour vanish, and windows in a
   * repeated hour count on both passes.
   */
  private computeIntervals(fromYear: number, toYear: number): WorkingInterval[] {
    const result: WorkingInterval[] = [];
    if (toYear < fromYear) return result;
    const rangeStart = utcYearStart(fromYear);
    const rangeEnd = utcYearStart(toYear + 1);
    for (const [spanStart, spanEnd, offsetMs] of this.offsetSpans(rangeStart, rangeEnd)) {
      const localStart = spanStart + offsetMs;
      const localEnd = spanEnd + offsetMs;
      const lastDay = Math.floor((localEnd - 1) / DAY_MS);
      for (let day = Math.floor(localStart / DAY_MS); day <= lastDay; day += 1) {
        const windows = this.days[(((day + 3) % 7) + 7) % 7] as DayWindow[];
        if (windows.length === 0 || this.holidays.has(day)) continue;
        const dayStart = day * DAY_MS;
        for (const window of windows) {
          const start = Math.max(localStart, dayStart + window.start * MINUTE_MS) - offsetMs;
          const end = Math.min(localEnd, dayStart + window.end * MINUTE_MS) - offsetMs;
          if (start >= end) continue;
          const previous = result[result.length - 1];
          if (previous && previous.end >= start) previous.end = Math.max(previous.end, end);
          else result.push({ start, end });
        }
      }
    }
    return result;
  }

  /** Spans `[start, end, offsetMs]` of constant UTC offset covering `[fromMs, toMs)`. */
  private offsetSpans(fromMs: number, toMs: number): Array<[number, number, number]> {
    const spans: Array<[number, number, number]> = [];
    const offsetAt = (ms: number): number => zoneOffset(this.zone, ms) * MINUTE_MS;
    let spanStart = fromMs;
    let offset = offsetAt(fromMs);
    // Offsets change at most a few times a year and, in the tz database since 1970, never twice within four days,
    // so a four-day probe finds every change (each probe is an Intl call, the main cost of building a year), and a
    // binary search pins it to the millisecond.
    const step = 4 * DAY_MS;
    for (let probe = fromMs; probe < toMs; probe += step) {
      const next = Math.min(probe + step, toMs);
      const nextOffset = offsetAt(next === toMs ? toMs - 1 : next);
      if (nextOffset === offset) continue;
      let lo = probe;
      let hi = next === toMs ? toMs - 1 : next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      spans.push([spanStart, hi, offset]);
      spanStart = hi;
      offset = nextOffset;
    }
    spans.push([spanStart, toMs, offset]);
    return spans;
  }
}

function mergeAdjacent(intervals: WorkingInterval[]): WorkingInterval[] {
  const result: WorkingInterval[] = [];
  for (const interval of intervals) {
    const previous = result[result.length - 1];
    if (previous && previous.end >= interval.start) previous.end = Math.max(previous.end, interval.end);
    else result.push({ start: interval.start, end: interval.end });
  }
  return result;
}
