/**
 * The holiday list of a policy's calendars for one year, as `sla holidays` prints it and the admin page shows it.
 */
import type { HolidaysSpec } from './calendar-schema';
import { HolidayTableRangeError, type HolidayProvider, type ObservedHoliday } from './holidays';
import type { CompiledPolicy } from './load-policy';
import type { PolicyCalendar } from './policy-schema';

/** One calendar's holidays of a year, as `--json` prints them. */
export interface CalendarHolidays {
  id: string;
  timeZone: string;
  /** How the calendar's holidays are made up, e.g. "BG public, 1 added, 1 rule"; null when it has none. */
  basis: string | null;
  holidays: ObservedHoliday[];
}

/**
 * What a calendar's `holidays` say in a few words.
 *
 * @example
 * holidayBasis({ country: 'BG', types: ['public'], observed: true, add: [{…}], rules: [{…}] }) //=> 'BG public, 1 added, 1 rule'
 */
export function holidayBasis(holidays: PolicyCalendar['holidays']): string | null {
  if (holidays === undefined) return null;
  const parts: string[] = [];
  if (holidays.country !== undefined) {
    parts.push(
      `${holidays.country}${holidays.state === undefined ? '' : `-${holidays.state}`} ${holidays.types.join('+')}${holidays.observed ? '' : ' (no substitute days)'}`,
    );
  }
  const added = (holidays.add?.length ?? 0) + (holidays.dates?.length ?? 0);
  if (added > 0) parts.push(`${added} added`);
  if (holidays.remove?.length) parts.push(`${holidays.remove.length} removed`);
  if (holidays.rules?.length) parts.push(`${holidays.rules.length} rule${holidays.rules.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/**
 * The holidays of `year` for one calendar of a compiled policy, or for each calendar that has holidays (what
 * `sla holidays` prints and the admin page lists). An unknown calendar throws `UnknownChoiceError`.
 *
 * @example
 * calendarHolidays(loadPreset('businessmap'), 2026, 'office')[0]?.holidays.length //=> 15
 */
export function calendarHolidays(
  policy: CompiledPolicy,
  year: number,
  calendarId?: string,
  /** Where to read a year the calendar's stored table does not cover (the library, when it is loaded). */
  outsideTable?: (spec: HolidaysSpec) => HolidayProvider,
): CalendarHolidays[] {
  const specs = calendarId === undefined ? policy.calendars.filter((calendar) => calendar.holidays !== undefined) : [];
  if (calendarId !== undefined) {
    policy.calendar(calendarId); // throws UnknownChoiceError naming the calendars
    const spec = policy.calendars.find((calendar) => calendar.id === calendarId);
    if (spec) specs.push(spec);
  }
  return specs.map((spec) => {
    const calendar = policy.calendar(spec.id);
    let holidays: readonly ObservedHoliday[];
    try {
      holidays = calendar.holidaysOf(year);
    } catch (error) {
      if (!(error instanceof HolidayTableRangeError) || outsideTable === undefined || spec.holidays === undefined) throw error;
      holidays = outsideTable(spec.holidays).holidaysOf(year);
    }
    return { id: spec.id, timeZone: spec.timeZone, basis: holidayBasis(spec.holidays), holidays: [...holidays] };
  });
}
