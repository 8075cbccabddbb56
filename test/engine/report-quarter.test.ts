import { ReportPeriodError } from '../../src/engine/report-period';
import { previousQuarter, quarterMonths } from '../../src/engine/report-quarter';

describe('quarterMonths and previousQuarter', () => {
  it.each([
    ['2026-Q1', ['2026-01', '2026-02', '2026-03'], '2025-Q4'],
    ['2026-Q2', ['2026-04', '2026-05', '2026-06'], '2026-Q1'],
    ['2026-Q3', ['2026-07', '2026-08', '2026-09'], '2026-Q2'],
    ['2025-Q4', ['2025-10', '2025-11', '2025-12'], '2025-Q3'],
  ])('%s has the months %j and follows %s', (quarter, months, before) => {
    expect(quarterMonths(quarter)).toEqual(months);
    expect(previousQuarter(quarter)).toBe(before);
  });

  it.each(['2026-Q0', '2026-Q5', '2026-1', '26-Q1', ''])('refuses %j with the path and the fix', (quarter) => {
    expect(() => quarterMonths(quarter)).toThrow(ReportPeriodError);
    expect(() => previousQuarter(quarter)).toThrow(`quarter: '${quarter}' is not a quarter; give YYYY-Qn, e.g. 2026-Q1.`);
  });
});
