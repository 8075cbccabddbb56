import { outcomeRetentionCutoff } from '../../src/engine/outcome-retention';
import { monthContaining } from '../../src/engine/report-month';
import { MAX_TREND_MONTHS, periodRange, trendMonths } from '../../src/engine/report-period';

const HOUR = 3_600_000;

describe('outcomeRetentionCutoff', () => {
  it.each([
    // now (UTC), cutoff: the first of the month 24 months before the current one, 14 h early (UTC+14)
    ['2026-12-02T10:00:00Z', '2024-11-30T10:00:00.000Z'], // Wed 2 Dec 2026
    ['2026-03-01T11:59:00Z', '2024-01-31T10:00:00.000Z'], // Sun 1 Mar 2026: still February at UTC−12
    ['2026-03-01T12:00:00Z', '2024-02-29T10:00:00.000Z'], // Sun 1 Mar 2026: March everywhere
    ['2027-01-01T00:00:00Z', '2024-11-30T10:00:00.000Z'], // Fri 1 Jan 2027: still December at UTC−12
  ])('at %s is %s', (now, cutoff) => {
    expect(new Date(outcomeRetentionCutoff(Date.parse(now))).toISOString()).toBe(cutoff);
  });

  // Any zone, any instant: the longest trend ending in the previous month (hence also the current month) starts at or
  // after the cutoff, and the earliest such start over all zones is less than 36 h after it (not wider than needed).
  const zones = ['UTC', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Pacific/Pago_Pago', 'Europe/Sofia', 'America/Los_Angeles', 'Asia/Kolkata'];
  it.each([
    '2026-03-01T00:00:00Z', // Sun 1 Mar 2026
    '2026-03-31T23:30:00Z', // Tue 31 Mar 2026
    '2026-12-31T11:00:00Z', // Thu 31 Dec 2026
    '2027-01-01T11:30:00Z', // Fri 1 Jan 2027
    '2026-07-15T12:00:00Z', // Wed 15 Jul 2026
  ])('at %s no reportable month of any zone starts before it', (now) => {
    const at = Date.parse(now);
    const cutoff = outcomeRetentionCutoff(at);
    const starts = zones.map((zone) => {
      const current = monthContaining(at, zone);
      const previous = monthContaining(periodRange({ kind: 'month', month: current }, zone).from - 1, zone);
      return trendMonths(previous, MAX_TREND_MONTHS, zone)[0]!.from;
    });
    for (const start of starts) expect(start).toBeGreaterThanOrEqual(cutoff);
    expect(Math.min(...starts) - cutoff).toBeLessThan(36 * HOUR);
  });
});
