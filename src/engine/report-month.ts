/**
 * "This month" for the gadget and the report page: the month an instant falls in on a time zone's wall clock.
 * `now` is a parameter (the engine never reads the clock).
 */
import { DateTime, IANAZone } from 'luxon';
import { ReportPeriodError } from './report-period';

/**
 * The month (YYYY-MM) containing `nowMs` in `timeZone` (IANA); a bad zone throws ReportPeriodError at `timeZone`.
 * @example monthContaining(Date.parse('2026-03-31T22:30:00Z'), 'Europe/Sofia') //=> '2026-04' (01:30 on Wed 1 April)
 */
export function monthContaining(nowMs: number, timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone))
    throw new ReportPeriodError('timeZone', `'${timeZone}' is not an IANA time zone; give one such as Europe/Sofia or UTC.`);
  return DateTime.fromMillis(nowMs, { zone: timeZone }).toFormat('yyyy-MM');
}
