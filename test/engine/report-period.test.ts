/** Report periods as instant ranges on a zone's wall clock (src/engine/report-period.ts). */
import { compliancePercent, periodRange, ReportPeriodError, trendMonths, type ReportPeriod } from '../../src/engine';

describe('periodRange', () => {
  it.each([
    // March 2026 in Sofia: Sun 1 Mar 00:00 EET (UTC+2) to Wed 1 Apr 00:00 EEST (UTC+3): one hour short of 31 days.
    {
      period: { kind: 'month', month: '2026-03' },
      zone: 'Europe/Sofia',
      from: '2026-02-28T22:00:00.000Z',
      to: '2026-03-31T21:00:00.000Z',
      label: '2026-03',
    },
    // Q4 2026 in New York: Thu 1 Oct 00:00 EDT to Fri 1 Jan 2027 00:00 EST.
    {
      period: { kind: 'quarter', quarter: '2026-Q4' },
      zone: 'America/New_York',
      from: '2026-10-01T04:00:00.000Z',
      to: '2027-01-01T05:00:00.000Z',
      label: '2026-Q4',
    },
    // Mon 2 Mar to Sun 8 Mar 2026 (both days included) in UTC.
    {
      period: { kind: 'range', from: '2026-03-02', to: '2026-03-08' },
      zone: 'UTC',
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      label: '2026-03-02..2026-03-08',
    },
  ] as Array<{ period: ReportPeriod; zone: string; from: string; to: string; label: string }>)(
    '$label in $zone',
    ({ period, zone, from, to, label }) => {
      expect(periodRange(period, zone)).toEqual({ from: Date.parse(from), to: Date.parse(to), label });
    },
  );

  it('names the path and the fix of a bad zone, a reversed or too long range', () => {
    expect(() => periodRange({ kind: 'month', month: '2026-03' }, 'Mars/Olympus')).toThrow(
      /timeZone: 'Mars\/Olympus' is not an IANA time zone/,
    );
    expect(() => periodRange({ kind: 'range', from: '2026-03-08', to: '2026-03-02' }, 'UTC')).toThrow(/period.to: .*swap them/);
    expect(() => periodRange({ kind: 'range', from: '2020-01-01', to: '2026-01-01' }, 'UTC')).toThrow(ReportPeriodError);
    expect(() => periodRange({ kind: 'range', from: '2026-02-30', to: '2026-03-01' }, 'UTC')).toThrow(/period.from/);
  });
});

describe('trendMonths', () => {
  it('lists the months ending with the last one, across a year boundary, oldest first', () => {
    const months = trendMonths('2026-02', 3, 'Europe/Sofia');
    expect(months.map((m) => m.label)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(months[0]!.from).toBe(Date.parse('2025-11-30T22:00:00Z'));
    for (let i = 1; i < months.length; i++) expect(months[i]!.from).toBe(months[i - 1]!.to);
    expect(() => trendMonths('2026-02', 25, 'UTC')).toThrow(/1 to 24/);
  });
});

describe('compliancePercent', () => {
  it('is met ÷ (met + breached) with one decimal, null when nothing was decided', () => {
    expect(compliancePercent(2, 1)).toBe(66.7);
    expect(compliancePercent(0, 3)).toBe(0);
    expect(compliancePercent(0, 0)).toBeNull();
  });
});
