/**
 * Business calendars: which instants are working time, and business-time arithmetic on them.
 *
 * An instant is working time when its wall-clock time in the calendar's zone falls inside one of the windows of
 * its local weekday and its local date is not a holiday. A calendar keeps that set as a sorted table of disjoint
 * half-open intervals `[start, end)` in epoch ms (adjacent windows merged, also across midnight and DST changes)
 * with prefix sums of their lengths, so every operation is one or two binary searches. The table covers a
 * contiguous range of UTC years and grows a year at a time when a query reaches past it.
 */
import { DateTime, IANAZone } from 'luxon';
import type { CalendarSpec } from './calendar-schema';
import { weekWindows, type DayWindow } from './calendar-week';
import { parseDuration, type Duration } from './duration';
import {
  correctionsProvider,
  isoDateToDay,
  tableHolidayProvider,
  type HolidayProvider,
  type ObservedHoliday,
  type PolicyHolidays,
} from './holidays';
import { assertInstant } from './instant';

export type { CalendarSpec } from './calendar-schema';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 24 * 60;
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

/** The working time of a calendar's most common working weekday (ties: the longest), in ms. */
function defaultDayLengthMs(days: DayWindow[][]): number {
  const counts = new Map<number, number>();
  for (const windows of days) {
    const minutes = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
    if (minutes > 0) counts.set(minutes, (counts.get(minutes) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [minutes, count] of counts) {
    if (count > bestCount || (count === bestCount && minutes > best)) {
      best = minutes;
      bestCount = count;
    }
  }
  return best * MINUTE_MS;
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

/**
 * A business calendar with fast business-time arithmetic. Build one with `buildCalendar(spec)`, or use
 * `calendar24x7`. Instants are epoch milliseconds; intervals are half-open `[from, to)`.
 */
export class BusinessCalendar {
  /** Length of one business day (`2d` = 2 × this), in ms. */
  readonly dayLengthMs: number;

  private readonly days: DayWindow[][];
  private readonly holidays: HolidayDays;
  private readonly holidayProvider: HolidayProvider | undefined;
  private readonly zone: IANAZone;
  private readonly alwaysWorking: boolean;

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

  /** @internal Use `buildCalendar` or `calendar24x7`. */
  constructor(
    /** The calendar's id as in the policy. */
    readonly id: string,
    /** IANA zone whose wall clock the windows and holidays are read in. */
    readonly timeZone: string,
    spec: CalendarSpec | null,
    holidayProvider?: HolidayProvider,
  ) {
    this.zone = IANAZone.create(timeZone);
    this.holidayProvider = holidayProvider;
    if (spec === null) {
      this.alwaysWorking = true;
      this.days = [];
      this.holidays = new HolidayDays(undefined);
      this.dayLengthMs = DAY_MS;
      return;
    }
    this.days = weekWindows(spec.week);
    this.holidays = new HolidayDays(holidayProvider);
    // Open 00:00–24:00 every day with no holidays is real elapsed time in any zone (a 23h or 25h day is still
    // all working), so such a calendar takes the same arithmetic as the built-in 24x7 and needs no tables.
    const noHolidays =
      spec.holidays === undefined || (spec.holidays.country === undefined && !spec.holidays.dates?.length && !spec.holidays.add?.length);
    this.alwaysWorking =
      noHolidays && this.days.every((windows) => windows.length === 1 && windows[0]?.start === 0 && windows[0]?.end === MINUTES_PER_DAY);
    const dayLength = spec.dayLength === undefined ? undefined : parseDuration(spec.dayLength);
    this.dayLengthMs = dayLength?.kind === 'business' && dayLength.ms > 0 ? dayLength.ms : defaultDayLengthMs(this.days);
  }

  /**
   * Whether `ms` is working time.
   *
   * @example
   * // Mon–Fri 09:00–18:00 America/New_York
   * cal.isWorking(Date.parse('2026-11-23T14:00:00Z')) //=> true  (Mon 09:00 EST, the opening is inclusive)
   * cal.isWorking(Date.parse('2026-11-23T23:00:00Z')) //=> false (Mon 18:00 EST, the close is exclusive)
   */
  isWorking(ms: number): boolean {
    assertInstant(ms, 'ms');
    if (this.alwaysWorking) return true;
    this.cover(ms, ms);
    const i = this.lastStartAtOrBefore(ms);
    return i >= 0 && ms < (this.ends[i] as number);
  }

  /**
   * The first working instant at or after `ms` (`ms` itself when it is working time).
   *
   * @example
   * // Mon–Fri 09:00–18:00 America/New_York
   * cal.nextWorkingInstant(Date.parse('2026-11-21T15:00:00Z')) // Sat 10:00 EST
   * //=> Date.parse('2026-11-23T14:00:00Z') (Mon 09:00 EST)
   */
  nextWorkingInstant(ms: number): number {
    assertInstant(ms, 'ms');
    if (this.alwaysWorking) return ms;
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

  /**
   * The instant at which `durationMs` of working time has elapsed from `startMs`.
   *
   * A start outside working time starts at the next opening; when the time runs out exactly at a window's close
   * the result is that close, not the next opening; a zero duration gives `nextWorkingInstant(startMs)`.
   *
   * @example
   * // Mon–Fri 09:00–18:00 America/New_York; Fri 16:00 EST + 4h
   * cal.addBusinessTime(Date.parse('2026-11-20T21:00:00Z'), 4 * 3_600_000)
   * //=> Date.parse('2026-11-23T16:00:00Z') (Mon 11:00 EST)
   */
  addBusinessTime(startMs: number, durationMs: number): number {
    assertInstant(startMs, 'startMs');
    if (!Number.isFinite(durationMs) || durationMs < 0) {
      throw new RangeError(`durationMs must be a finite number ≥ 0, got ${String(durationMs)}.`);
    }
    if (this.alwaysWorking) return startMs + durationMs;
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

  /**
   * Working time in `[fromMs, toMs)`, in ms; 0 when `toMs ≤ fromMs`.
   *
   * @example
   * // Mon–Fri 09:00–18:00 America/New_York; Fri 17:00 EST → Mon 10:00 EST
   * cal.businessTimeBetween(Date.parse('2026-11-20T22:00:00Z'), Date.parse('2026-11-23T15:00:00Z'))
   * //=> 7_200_000 (2h)
   */
  businessTimeBetween(fromMs: number, toMs: number): number {
    assertInstant(fromMs, 'fromMs');
    assertInstant(toMs, 'toMs');
    if (toMs <= fromMs) return 0;
    if (this.alwaysWorking) return toMs - fromMs;
    this.cover(fromMs, toMs);
    return this.workingBefore(toMs) - this.workingBefore(fromMs);
  }

  /**
   * The due instant of a target `duration` for a clock starting at `startMs`, or `null` for `none`.
   *
   * `30m`/`4h` add business time; `2d` adds 2 × `dayLengthMs`; `1w`/`1mo` add calendar weeks/months on the
   * wall clock of the zone to the effective start (`nextWorkingInstant(startMs)`) and move the result to the next
   * working instant; `immediate` is `startMs` itself.
   *
   * @example
   * // Mon–Fri 09:00–18:00 America/New_York, 9h days; Wed 10:00 EST + 2d
   * cal.addDuration(Date.parse('2026-11-18T15:00:00Z'), parseDuration('2d'))
   * //=> Date.parse('2026-11-20T15:00:00Z') (Fri 10:00 EST)
   */
  addDuration(startMs: number, duration: Duration): number | null {
    switch (duration.kind) {
      case 'business':
        return this.addBusinessTime(startMs, duration.ms);
      case 'days':
        return this.addBusinessTime(startMs, Math.round(duration.days * this.dayLengthMs));
      case 'calendar': {
        const start = this.nextWorkingInstant(startMs);
        const wall = DateTime.fromMillis(start, { zone: this.zone });
        const moved = duration.unit === 'week' ? wall.plus({ weeks: duration.count }) : wall.plus({ months: duration.count });
        return this.nextWorkingInstant(moved.toMillis());
      }
      case 'immediate':
        assertInstant(startMs, 'startMs');
        return startMs;
      case 'none':
        return null;
    }
  }

  /**
   * The target of `duration` in business ms for a clock starting at `startMs` (`null` for `none`): the duration
   * itself for business time and days, and the working time from the start to `addDuration` for weeks and months,
   * so that paused time extends every kind of target the same way.
   *
   * @example
   * // Mon–Fri 09:00–18:00 America/New_York without holidays; Mon 09:00 EST + 1w
   * cal.businessTimeOfDuration(Date.parse('2026-11-16T14:00:00Z'), parseDuration('1w')) //=> 162_000_000 (45h)
   */
  businessTimeOfDuration(startMs: number, duration: Duration): number | null {
    switch (duration.kind) {
      case 'business':
        return duration.ms;
      case 'days':
        return Math.round(duration.days * this.dayLengthMs);
      case 'calendar':
        return this.businessTimeBetween(startMs, this.addDuration(startMs, duration) as number);
      case 'immediate':
        return 0;
      case 'none':
        return null;
    }
  }

  /**
   * The working intervals within `[fromMs, toMs)`, clipped to it, in order.
   *
   * @example
   * // Mon–Fri 08:00–12:00 + 13:00–17:00 UTC; Mon 11:00 → Mon 14:00
   * cal.workingIntervals(Date.parse('2026-11-23T11:00:00Z'), Date.parse('2026-11-23T14:00:00Z'))
   * //=> [{ start: Date.parse('2026-11-23T11:00:00Z'), end: Date.parse('2026-11-23T12:00:00Z') },
   * //    { start: Date.parse('2026-11-23T13:00:00Z'), end: Date.parse('2026-11-23T14:00:00Z') }]
   */
  workingIntervals(fromMs: number, toMs: number): WorkingInterval[] {
    assertInstant(fromMs, 'fromMs');
    assertInstant(toMs, 'toMs');
    if (toMs <= fromMs) return [];
    if (this.alwaysWorking) return [{ start: fromMs, end: toMs }];
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

  /**
   * The holidays this calendar observes in `year` (local dates, sorted), with their names and sources; empty when
   * the calendar has no holidays.
   *
   * @example
   * loadPreset('businessmap').calendar('office').holidaysOf(2026)[0] //=> { date: '2026-01-01', name: "New Year's Day", source: 'library' }
   */
  holidaysOf(year: number): readonly ObservedHoliday[] {
    return this.holidayProvider?.holidaysOf(year) ?? [];
  }

  /** Number of intervals in the table and the UTC years it covers (for tests and the bench). */
  tableStats(): { intervals: number; firstYear: number; lastYear: number } {
    return { intervals: this.count, firstYear: this.firstYear, lastYear: this.lastYear };
  }

  /**
   * Builds the table for every UTC year from `fromYear` to `toYear` now instead of on first use.
   *
   * @example
   * cal.prebuild(2026, 2035); cal.tableStats().firstYear //=> 2026 (or earlier if already built)
   */
  prebuild(fromYear: number, toYear: number): void {
    if (this.alwaysWorking) return;
    this.cover(utcYearStart(fromYear), utcYearStart(toYear + 1) - 1);
  }

  // ---- table -------------------------------------------------------------------------------------------------

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
    const offsetAt = (ms: number): number => this.zone.offset(ms) * MINUTE_MS;
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

/**
 * Calendars already built in this process, by spec: a calendar is immutable from outside and its tables only
 * grow, so a policy compiled again (every Forge invocation loads its policy) reuses the tables built before.
 */
const builtCalendars = new Map<string, BusinessCalendar>();
const BUILT_CALENDARS_KEPT = 100;

/**
 * Builds a business calendar from a spec already validated by `calendarSpecSchema` (defaults applied), as a
 * validated policy holds it; build-calendar.ts `buildCalendar` validates a spec as written first. Tables are built
 * lazily, a UTC year at a time, on first use; an identical spec with the same holiday data returns the same
 * calendar. A country's holidays come from `holidays`: stored tables (`holidaysFromTables`) or the library
 * (`holidaysFromLibrary` in holiday-library.ts); without it a country calendar throws `HolidayTableRangeError` when
 * it first needs a holiday.
 *
 * @example
 * buildValidatedCalendar(policy.calendars[0]).timeZone //=> 'America/New_York'
 */
export function buildValidatedCalendar(parsed: CalendarSpec, holidays?: PolicyHolidays): BusinessCalendar {
  const provider =
    parsed.holidays === undefined
      ? undefined
      : parsed.holidays.country === undefined
        ? correctionsProvider(parsed.holidays)
        : (holidays?.provider(parsed.holidays) ?? tableHolidayProvider(parsed.holidays, undefined));
  // Tables of equal specs covering the same years hold the same days, so such calendars may share their tables.
  const key = `${provider?.key ?? ''}|${JSON.stringify(parsed)}`;
  const cached = builtCalendars.get(key);
  if (cached) return cached;
  const calendar = new BusinessCalendar(parsed.id, parsed.timeZone, parsed, provider);
  if (builtCalendars.size >= BUILT_CALENDARS_KEPT) {
    const oldest = builtCalendars.keys().next().value;
    if (oldest !== undefined) builtCalendars.delete(oldest);
  }
  builtCalendars.set(key, calendar);
  return calendar;
}

/**
 * The built-in `24x7` calendar: UTC, always working, so business time is real elapsed time.
 *
 * @example
 * calendar24x7.addBusinessTime(Date.parse('2026-11-01T05:30:00Z'), 3_600_000) //=> Date.parse('2026-11-01T06:30:00Z')
 */
export const calendar24x7: BusinessCalendar = new BusinessCalendar('24x7', 'UTC', null);
