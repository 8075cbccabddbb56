import { monthContaining, ReportPeriodError } from '../../src/engine';

describe('monthContaining', () => {
  it.each([
    // instant (UTC), zone, month on that zone's wall clock
    ['2026-03-31T22:30:00Z', 'Europe/Sofia', '2026-04'], // Wed 1 Apr 01:30 EEST
    ['2026-03-31T22:30:00Z', 'UTC', '2026-03'], // Tue 31 Mar 22:30
    ['2026-04-01T05:00:00Z', 'America/Los_Angeles', '2026-03'], // Tue 31 Mar 22:00 PDT
    ['2026-12-31T10:00:00Z', 'Pacific/Kiritimati', '2027-01'], // Fri 1 Jan 2027 00:00 (UTC+14)
  ])('%s in %s is in %s', (instant, zone, month) => {
    expect(monthContaining(Date.parse(instant), zone)).toBe(month);
  });

  it('refuses a zone that is not IANA, naming the path', () => {
    expect(() => monthContaining(0, 'Mars/Olympus')).toThrow(ReportPeriodError);
    expect(() => monthContaining(0, 'Mars/Olympus')).toThrow(/^timeZone: 'Mars\/Olympus' is not an IANA time zone/);
  });
});
