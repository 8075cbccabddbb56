/**
 * The period picker's model: what the user chose (month, quarter or day range) as the ReportPeriod the resolvers
 * take, and the month the trend chart ends at. Pure, unit-tested in Node.
 */
import type { ReportPeriod } from '../../src/contracts/reports';

export interface PeriodChoice {
  kind: ReportPeriod['kind'];
  /** YYYY-MM */
  month: string;
  /** YYYY-Qn */
  quarter: string;
  /** YYYY-MM-DD, both inclusive */
  from: string;
  to: string;
}

/**
 * The choice as the resolver's period.
 * @example periodOf({ kind: 'quarter', month: '2026-03', quarter: '2026-Q1', from: '', to: '' }) //=> { kind: 'quarter', quarter: '2026-Q1' }
 */
export function periodOf(choice: PeriodChoice): ReportPeriod {
  if (choice.kind === 'month') return { kind: 'month', month: choice.month };
  if (choice.kind === 'quarter') return { kind: 'quarter', quarter: choice.quarter };
  return { kind: 'range', from: choice.from, to: choice.to };
}

/**
 * The last month the 12-month trend shows: the period's (last) month.
 * @example trendEndMonth({ kind: 'quarter', month: '2026-05', quarter: '2026-Q1', from: '', to: '' }) //=> '2026-03'
 * @example trendEndMonth({ kind: 'range', month: '2026-05', quarter: '', from: '2026-01-10', to: '2026-02-03' }) //=> '2026-02'
 */
export function trendEndMonth(choice: PeriodChoice): string {
  if (choice.kind === 'month') return choice.month;
  if (choice.kind === 'quarter') {
    const [year, q] = choice.quarter.split('-Q');
    return `${year}-${String(Number(q) * 3).padStart(2, '0')}`;
  }
  return choice.to.slice(0, 7);
}

/**
 * A choice opened on `month`: its quarter and its first to last day.
 * @example choiceForMonth('2026-02') //=> { kind: 'month', month: '2026-02', quarter: '2026-Q1', from: '2026-02-01', to: '2026-02-28' }
 */
export function choiceForMonth(month: string): PeriodChoice {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return {
    kind: 'month',
    month,
    quarter: `${year}-Q${Math.ceil(mm / 3)}`,
    from: `${month}-01`,
    to: `${month}-${String(lastDay).padStart(2, '0')}`,
  };
}
