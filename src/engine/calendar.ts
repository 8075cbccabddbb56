/**
 * Business calendars: which instants are working time (a window of the local weekday, not a holiday; the set lives in
 * calendar-table.ts) and business-time arithmetic on them (durations, days, weeks, months).
 */
import type { CalendarSpec } from './calendar-schema';
import { weekWindows, type DayWindow } from './calendar-week';
import { parseDuration, type Duration } from './duration';
import { correctionsProvider, tableHolidayProvider, type HolidayProvider, type ObservedHoliday, type PolicyHolidays } from './holidays';
import { assertInstant } from './instant';
import { DAY_MS, elapsedTime, MINUTE_MS, WorkingTable, type WorkingInterval, type WorkingTime } from './calendar-table';
import { addCalendarTime } from './zone-clock';

export type { CalendarSpec } from './calendar-schema';

const MINUTES_PER_DAY = 24 * 60;

export { NoWorkingTimeError, type WorkingInterval } from './calendar-table';

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

/**
 * A business calendar with fast business-time arithmetic. Build one with `buildCalendar(spec)`, or use
 * `calendar24x7`. Instants are epoch milliseconds; intervals are half-open `[from, to)`.
 */
export class BusinessCalendar {
  /** Length of one business day (`2d` = 2 × this), in ms. */
  readonly dayLengthMs: number;

  private readonly holidayProvider: HolidayProvider | undefined;
  /** Real elapsed time or a table of working intervals: the one place that knows whether the calendar always works. */
  private readonly time: WorkingTime;

  /** @internal Use `buildCalendar` or `calendar24x7`. */
  constructor(
    /** The calendar's id as in the policy. */
    readonly id: string,
    /** IANA zone whose wall clock the windows and holidays are read in. */
    readonly timeZone: string,
    spec: CalendarSpec | null,
    holidayProvider?: HolidayProvider,
  ) {
    this.holidayProvider = holidayProvider;
    if (spec === null) {
      this.time = elapsedTime;
      this.dayLengthMs = DAY_MS;
      return;
    }
    const days = weekWindows(spec.week);
    // Open 00:00–24:00 every day with no holidays is real elapsed time in any zone (a 23h or 25h day is still
    // all working), so such a calendar takes the same arithmetic as the built-in 24x7 and needs no tables.
    const noHolidays =
      spec.holidays === undefined || (spec.holidays.country === undefined && !spec.holidays.dates?.length && !spec.holidays.add?.length);
    const alwaysWorking =
      noHolidays && days.every((windows) => windows.length === 1 && windows[0]?.start === 0 && windows[0]?.end === MINUTES_PER_DAY);
    this.time = alwaysWorking ? elapsedTime : new WorkingTable(id, timeZone, days, holidayProvider);
    const dayLength = spec.dayLength === undefined ? undefined : parseDuration(spec.dayLength);
    this.dayLengthMs = dayLength?.kind === 'business' && dayLength.ms > 0 ? dayLength.ms : defaultDayLengthMs(days);
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
    return this.time.isWorking(ms);
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
    return this.time.nextWorkingInstant(ms);
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
    return this.time.addBusinessTime(startMs, durationMs);
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
    return this.time.businessTimeBetween(fromMs, toMs);
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
        return this.nextWorkingInstant(addCalendarTime(this.timeZone, start, duration.unit, duration.count));
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
    return this.time.workingIntervals(fromMs, toMs);
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
    return this.time.tableStats();
  }

  /**
   * Builds the table for every UTC year from `fromYear` to `toYear` now instead of on first use.
   *
   * @example
   * cal.prebuild(2026, 2035); cal.tableStats().firstYear //=> 2026 (or earlier if already built)
   */
  prebuild(fromYear: number, toYear: number): void {
    return this.time.prebuild(fromYear, toYear);
  }
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
