import { contactWords, displayPercent, formatInstant, sameWallClock } from '../../static/shared/format';

describe('format', () => {
  it('writes camelCase ladder contacts as words and leaves other contacts as written', () => {
    expect(contactWords('accountManager')).toBe('account manager');
    expect(contactWords('customerSuccessManager')).toBe('customer success manager');
    expect(contactWords('tier2Support')).toBe('tier2 support');
    expect(contactWords('executive')).toBe('executive');
    expect(contactWords('ops@acme.com')).toBe('ops@acme.com');
    expect(contactWords('Jane Doe')).toBe('Jane Doe');
    expect(contactWords('SRE')).toBe('SRE');
  });

  it('prints instants in the requested zone with its name', () => {
    const text = formatInstant('2026-03-03T14:05:00.000Z', 'America/New_York', 'en-US');
    expect(text).toContain('09:05');
    expect(text).toContain('EST');
    expect(formatInstant('2026-03-03T14:05:00.000Z', 'Asia/Tokyo', 'en-GB')).toContain('23:05');
  });

  it('knows when two zones show the same wall clock', () => {
    const winter = Date.parse('2026-01-10T12:00:00Z');
    const summer = Date.parse('2026-07-10T12:00:00Z');
    expect(sameWallClock('Europe/London', 'UTC', winter)).toBe(true);
    expect(sameWallClock('Europe/London', 'UTC', summer)).toBe(false);
    expect(sameWallClock('America/New_York', 'America/New_York', summer)).toBe(true);
  });

  it('clamps percentages for display', () => {
    expect(displayPercent(74.6)).toBe(75);
    expect(displayPercent(-3)).toBe(0);
    expect(displayPercent(5000)).toBe(999);
  });
});
