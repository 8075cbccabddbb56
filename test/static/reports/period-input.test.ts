import { choiceForMonth, periodOf, trendEndMonth } from '../../../static/reports/period-input';

describe('the period picker', () => {
  it.each([
    // month, its quarter, its last day (February in a leap year and not)
    ['2026-02', '2026-Q1', '2026-02-28'],
    ['2028-02', '2028-Q1', '2028-02-29'],
    ['2026-04', '2026-Q2', '2026-04-30'],
    ['2026-12', '2026-Q4', '2026-12-31'],
  ])('opens %s with quarter %s and days up to %s', (month, quarter, lastDay) => {
    expect(choiceForMonth(month)).toEqual({ kind: 'month', month, quarter, from: `${month}-01`, to: lastDay });
  });

  it('turns each kind into the resolver period and the trend ends at its last month', () => {
    const base = choiceForMonth('2026-05');
    expect(periodOf(base)).toEqual({ kind: 'month', month: '2026-05' });
    expect(periodOf({ ...base, kind: 'quarter', quarter: '2026-Q3' })).toEqual({ kind: 'quarter', quarter: '2026-Q3' });
    expect(trendEndMonth({ ...base, kind: 'quarter', quarter: '2026-Q3' })).toBe('2026-09');
    const range = { ...base, kind: 'range' as const, from: '2026-01-10', to: '2026-02-03' };
    expect(periodOf(range)).toEqual({ kind: 'range', from: '2026-01-10', to: '2026-02-03' });
    expect(trendEndMonth(range)).toBe('2026-02');
    expect(trendEndMonth(base)).toBe('2026-05');
  });
});
