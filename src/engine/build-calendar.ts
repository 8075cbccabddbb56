/**
 * Builds a business calendar from its spec as written: validated with `calendarSpecSchema` first. Apart from
 * calendar.ts so that building the calendars of a policy validated at save (compile-policy.ts) loads no schema.
 */
import type { z } from 'zod';
import { buildValidatedCalendar, type BusinessCalendar } from './calendar';
import { calendarSpecSchema, type CalendarSpec } from './calendar-schema';
import type { PolicyHolidays } from './holidays';

/**
 * Validates a calendar spec (throws its ZodError when invalid) and builds it with `buildValidatedCalendar`.
 *
 * @example
 * const cal = buildCalendar({ id: 'us', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] } });
 * cal.dayLengthMs //=> 32_400_000 (9h)
 */
export function buildCalendar(spec: CalendarSpec | z.input<typeof calendarSpecSchema>, holidays?: PolicyHolidays): BusinessCalendar {
  return buildValidatedCalendar(calendarSpecSchema.parse(spec), holidays);
}
