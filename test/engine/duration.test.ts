import { businessDurationTextSchema, DurationError, durationTextSchema, formatMinutes, parseDuration } from '../../src/engine/duration';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('parseDuration', () => {
  const valid: Array<[string, ReturnType<typeof parseDuration>]> = [
    ['30m', { kind: 'business', ms: 30 * MINUTE, text: '30m' }],
    ['4h', { kind: 'business', ms: 4 * HOUR, text: '4h' }],
    ['1h 30m', { kind: 'business', ms: 90 * MINUTE, text: '1h 30m' }],
    ['1h30m', { kind: 'business', ms: 90 * MINUTE, text: '1h30m' }],
    ['1.5h', { kind: 'business', ms: 90 * MINUTE, text: '1.5h' }],
    ['0m', { kind: 'business', ms: 0, text: '0m' }],
    ['  8h ', { kind: 'business', ms: 8 * HOUR, text: '8h' }],
    ['2d', { kind: 'days', days: 2, text: '2d' }],
    ['0.5d', { kind: 'days', days: 0.5, text: '0.5d' }],
    ['60d', { kind: 'days', days: 60, text: '60d' }],
    ['1w', { kind: 'calendar', unit: 'week', count: 1, text: '1w' }],
    ['2w', { kind: 'calendar', unit: 'week', count: 2, text: '2w' }],
    ['1mo', { kind: 'calendar', unit: 'month', count: 1, text: '1mo' }],
    ['3mo', { kind: 'calendar', unit: 'month', count: 3, text: '3mo' }],
    ['immediate', { kind: 'immediate', text: 'immediate' }],
    ['none', { kind: 'none', text: 'none' }],
  ];
  it.each(valid)('parses %j', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  const invalid: Array<[string, RegExp]> = [
    ['', /is not a duration/],
    ['4 hours', /one-letter lower-case units/],
    ['4H', /one-letter lower-case units/],
    ['1 month', /Months are written "mo"/],
    ['1d 4h', /Days cannot be combined with hours/],
    ['30m 1h', /put hours before minutes/],
    ['0.01h', /not a whole number of minutes/],
    ['1.5w', /Weeks and months must be whole numbers/],
    ['0w', /zero calendar time; write "immediate"/],
    ['-4h', /is not a duration/],
    ['soon', /write business time as "30m", "4h"/],
  ];
  it.each(invalid)('rejects %j with a message that says how to fix it', (text, message) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(message);
  });

  it('keeps the bad text on the error', () => {
    try {
      parseDuration('4 hours');
      throw new Error('expected a DurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(DurationError);
      expect((error as DurationError).text).toBe('4 hours');
      expect((error as DurationError).message).toContain('"4 hours"');
    }
  });
});

describe('durationTextSchema and businessDurationTextSchema', () => {
  it('keeps valid text as written and reports parse errors as issues', () => {
    expect(durationTextSchema.parse('4h')).toBe('4h');
    const result = durationTextSchema.safeParse('4 hours');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/"4 hours" is not a duration/);
  });

  it('accepts only positive hours/minutes for a business duration', () => {
    expect(businessDurationTextSchema.parse('7h 30m')).toBe('7h 30m');
    expect(businessDurationTextSchema.safeParse('1d').error?.issues[0]?.message).toMatch(/positive number of business hours/);
    expect(businessDurationTextSchema.safeParse('0m').success).toBe(false);
    expect(businessDurationTextSchema.safeParse('nine hours').success).toBe(false);
  });
});

describe('formatMinutes', () => {
  const cases: Array<[number, number | undefined, string]> = [
    [0, undefined, '0m'],
    [45, undefined, '45m'],
    [60, undefined, '1h'],
    [135, undefined, '2h 15m'],
    [1500, undefined, '25h'],
    [720, 540, '1d 3h'],
    [540, 540, '1d'],
    [1085, 540, '2d 5m'],
    [45, 540, '45m'],
    [-90, undefined, '-1h 30m'],
    [-600, 540, '-1d 1h'],
    [44.6, undefined, '45m'],
    [0.4, undefined, '0m'],
  ];
  it.each(cases)('%d minutes with day length %p → %s', (minutes, dayLength, expected) => {
    expect(formatMinutes(minutes, dayLength)).toBe(expected);
  });
});
