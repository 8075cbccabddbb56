/**
 * The quarters a Quarterly Business Review compares: a quarter's three months and the quarter before it. Pure
 * calendar arithmetic on labels (`2026-Q1`, `2026-01`); report-period.ts turns each label into instants.
 */
import { ReportPeriodError } from './report-period';

const QUARTER = /^(\d{4})-Q([1-4])$/;

function parts(quarter: string): { year: number; q: number } {
  const match = QUARTER.exec(quarter);
  if (!match) throw new ReportPeriodError('quarter', `'${quarter}' is not a quarter; give YYYY-Qn, e.g. 2026-Q1.`);
  return { year: Number(match[1]), q: Number(match[2]) };
}

/**
 * The three months of a quarter, oldest first (its first and last month both included).
 *
 * @example quarterMonths('2026-Q1') //=> ['2026-01', '2026-02', '2026-03']
 */
export function quarterMonths(quarter: string): [string, string, string] {
  const { year, q } = parts(quarter);
  const month = (offset: number) => `${year}-${String((q - 1) * 3 + offset).padStart(2, '0')}`;
  return [month(1), month(2), month(3)];
}

/**
 * The quarter before `quarter` (Q1's is Q4 of the year before).
 *
 * @example previousQuarter('2026-Q1') //=> '2025-Q4'
 */
export function previousQuarter(quarter: string): string {
  const { year, q } = parts(quarter);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}
