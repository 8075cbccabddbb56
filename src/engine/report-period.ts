/**
 * Report periods: a month, a quarter or a range of dates, read on the wall clock of a time zone, as the half-open
 * instant range `[from, to)` the report queries count outcomes in. A month in Europe/Sofia starts at local midnight
 * of its first day, so its instants differ from the UTC month's; DST changes make some months an hour shorter.
 */
import { DateTime, IANAZone } from 'luxon';
import type { ReportPeriod } from './report-period-schema';

export { reportPeriodSchema, type ReportPeriod } from './report-period-schema';

/** Longest range a report covers (inclusive): two years of days. */
export const MAX_REPORT_DAYS = 731;
/** Most months a trend shows (inclusive). */
export const MAX_TREND_MONTHS = 24;

export interface PeriodRange {
  /** epoch ms of the first instant, inclusive */
  from: number;
  /** epoch ms of the end, exclusive */
  to: number;
  /** `2026-03`, `2026-Q1` or `2026-03-01..2026-03-15` */
  label: string;
}

/** Why a period cannot be reported on, worded with the fix. */
export class ReportPeriodError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ReportPeriodError';
  }
}

function startOfDay(date: string, timeZone: string, path: string): DateTime {
  const day = DateTime.fromISO(date, { zone: timeZone });
  if (!day.isValid) throw new ReportPeriodError(path, `'${date}' is not a date; give YYYY-MM-DD.`);
  return day.startOf('day');
}

/**
 * The instants of `period` on the wall clock of `timeZone` (IANA).
 *
 * @example
 * periodRange({ kind: 'month', month: '2026-03' }, 'Europe/Sofia')
 * //=> { from: Date.parse('2026-02-28T22:00:00Z'), to: Date.parse('2026-03-31T21:00:00Z'), label: '2026-03' }
 */
export function periodRange(period: ReportPeriod, timeZone: string): PeriodRange {
  if (!IANAZone.isValidZone(timeZone))
    throw new ReportPeriodError('timeZone', `'${timeZone}' is not an IANA time zone; give one such as Europe/Sofia or UTC.`);
  if (period.kind === 'month') {
    const start = startOfDay(`${period.month}-01`, timeZone, 'period.month');
    return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis(), label: period.month };
  }
  if (period.kind === 'quarter') {
    const [year, q] = period.quarter.split('-Q');
    const month = (Number(q) - 1) * 3 + 1;
    const start = startOfDay(`${year}-${String(month).padStart(2, '0')}-01`, timeZone, 'period.quarter');
    return { from: start.toMillis(), to: start.plus({ months: 3 }).toMillis(), label: period.quarter };
  }
  const first = startOfDay(period.from, timeZone, 'period.from');
  const last = startOfDay(period.to, timeZone, 'period.to');
  if (last < first) throw new ReportPeriodError('period.to', `the last day ${period.to} is before the first ${period.from}; swap them.`);
  const days = Math.round(last.diff(first, 'days').days) + 1;
  if (days > MAX_REPORT_DAYS)
    throw new ReportPeriodError('period', `the range has ${days} days; a report covers at most ${MAX_REPORT_DAYS}.`);
  return { from: first.toMillis(), to: last.plus({ days: 1 }).toMillis(), label: `${period.from}..${period.to}` };
}

/**
 * The `count` months ending with `lastMonth` (inclusive), oldest first, each as its instant range in `timeZone`.
 *
 * @example
 * trendMonths('2026-03', 2, 'UTC').map((m) => m.label) //=> ['2026-02', '2026-03']
 */
export function trendMonths(lastMonth: string, count: number, timeZone: string): PeriodRange[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_TREND_MONTHS) {
    throw new ReportPeriodError('months', `${count} months: a trend shows 1 to ${MAX_TREND_MONTHS}.`);
  }
  const last = periodRange({ kind: 'month', month: lastMonth }, timeZone);
  const lastStart = DateTime.fromMillis(last.from, { zone: timeZone });
  const months: PeriodRange[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = lastStart.minus({ months: i });
    months.push({ from: start.toMillis(), to: start.plus({ months: 1 }).toMillis(), label: start.toFormat('yyyy-MM') });
  }
  return months;
}

/**
 * Compliance as a percentage with one decimal: met ÷ (met + breached); null when nothing was decided.
 *
 * @example
 * compliancePercent(9, 1) //=> 90
 * compliancePercent(0, 0) //=> null
 */
export function compliancePercent(met: number, breached: number): number | null {
  const decided = met + breached;
  return decided === 0 ? null : Math.round((met / decided) * 1000) / 10;
}
