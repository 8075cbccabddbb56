import { DateTime } from 'luxon';
import { buildCalendar as buildCalendarWith } from '../../src/engine/build-calendar';
import { BusinessCalendar, calendar24x7, NoWorkingTimeError } from '../../src/engine/calendar';
import { holidaysFromLibrary } from '../../src/engine/holiday-library';

/** Calendars here take their country holidays straight from date-holidays (the CLI's and the save path's source). */
const buildCalendar = (spec: Parameters<typeof buildCalendarWith>[0]): BusinessCalendar => buildCalendarWith(spec, holidaysFromLibrary());
import { parseDuration } from '../../src/engine/duration';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** An instant from an ISO string that carries its own offset (unambiguous in gaps and overlaps). */
const t = (iso: string): number => {
  const ms = DateTime.fromISO(iso, { setZone: true }).toMillis();
  if (!Number.isFinite(ms)) throw new Error(`bad ISO in test: ${iso}`);
  return ms;
};
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** BytezTech contract: Mon–Fri 09:00–18:00 America/New_York without US federal public holidays (as observed), 9h days. */
const bytez = buildCalendar({
  id: 'us-business',
  timeZone: 'America/New_York',
  week: { 'mon-fri': ['09:00-18:00'] },
  holidays: { country: 'US' },
  dayLength: '9h',
});

/** Split windows with a shorter Friday, Europe/London, no holidays. */
const split = buildCalendar({
  id: 'uk-split',
  timeZone: 'Europe/London',
  week: { 'mon-thu': ['08:00-12:00', '13:00-17:00'], fri: ['08:00-12:00', '13:00-15:00'] },
});

/** Night windows ending at 24:00 and resuming at 00:00 every day, New York, with Christmas 2026 off. */
const nights = buildCalendar({
  id: 'nights',
  timeZone: 'America/New_York',
  week: { 'mon-sun': ['00:00-03:00', '22:00-24:00'] },
  holidays: { dates: ['2026-12-25'] },
});

/** Always working, but in a named zone: must behave as real elapsed time. */
const ny247 = buildCalendar({ id: 'ny-247', timeZone: 'America/New_York', week: { 'mon-sun': ['00:00-24:00'] } });
const london247 = buildCalendar({ id: 'uk-247', timeZone: 'Europe/London', week: { 'mon-sun': ['00:00-24:00'] } });

describe('buildCalendar', () => {
  it('keeps id and zone, and takes the day length from the spec', () => {
    expect(bytez.id).toBe('us-business');
    expect(bytez.timeZone).toBe('America/New_York');
    expect(bytez.dayLengthMs).toBe(9 * HOUR);
  });

  it('defaults the day length to the working time of the most common working weekday', () => {
    // Mon–Thu 8h (four days) beats Fri 6h.
    expect(split.dayLengthMs).toBe(8 * HOUR);
    // Ties go to the longer day: Mon–Tue 6h, Wed–Thu 4h.
    const tie = buildCalendar({ id: 'tie', timeZone: 'UTC', week: { 'mon-tue': ['09:00-15:00'], 'wed-thu': ['09:00-13:00'] } });
    expect(tie.dayLengthMs).toBe(6 * HOUR);
    expect(ny247.dayLengthMs).toBe(24 * HOUR);
    // The most common day, not the longest: Mon–Fri 8h (five days) beats a 12h Saturday.
    const longSaturday = buildCalendar({ id: 'long-sat', timeZone: 'UTC', week: { 'mon-fri': ['09:00-17:00'], sat: ['08:00-20:00'] } });
    expect(longSaturday.dayLengthMs).toBe(8 * HOUR);
  });

  it('an explicit dayLength other than the working day sets the length of `1d`', () => {
    // 09:00–18:00 is 9h of working time, but the contract says a business day is 8h: 2d = 16h.
    const eightHourDays = buildCalendar({
      id: 'eight',
      timeZone: 'America/New_York',
      week: { 'mon-fri': ['09:00-18:00'] },
      dayLength: '8h',
    });
    expect(eightHourDays.dayLengthMs).toBe(8 * HOUR);
    // Mon 2026-11-16 09:00 + 16h: 9h Monday, 7h Tuesday → Tue 16:00 New York.
    expect(iso(eightHourDays.addDuration(t('2026-11-16T09:00:00-05:00'), parseDuration('2d')))).toBe('2026-11-17T21:00:00.000Z');
    expect(eightHourDays.businessTimeOfDuration(t('2026-11-16T09:00:00-05:00'), parseDuration('0.5d'))).toBe(4 * HOUR);
  });

  it('rejects an invalid spec with the schema error', () => {
    expect(() => buildCalendar({ id: 'x', timeZone: 'Eastern Time', week: { 'mon-fri': ['09:00-18:00'] } })).toThrow(
      /not an IANA time zone/,
    );
  });

  it('calendar24x7 is UTC, always working, with 24h days', () => {
    expect(calendar24x7).toBeInstanceOf(BusinessCalendar);
    expect(calendar24x7.id).toBe('24x7');
    expect(calendar24x7.timeZone).toBe('UTC');
    expect(calendar24x7.dayLengthMs).toBe(24 * HOUR);
  });
});

describe('isWorking', () => {
  const cases: Array<[string, BusinessCalendar, string, boolean]> = [
    ['opening is inclusive', bytez, '2026-11-23T09:00-05:00', true], // Mon
    ['last minute of the day', bytez, '2026-11-23T17:59-05:00', true], // Mon
    ['close is exclusive', bytez, '2026-11-23T18:00-05:00', false], // Mon
    ['Saturday', bytez, '2026-11-21T12:00-05:00', false], // Sat
    ['Thanksgiving', bytez, '2026-11-26T12:00-05:00', false], // Thu
    ['day after Thanksgiving is only an observance', bytez, '2026-11-27T12:00-05:00', true], // Fri
    ['July 3, observed Independence Day', bytez, '2026-07-03T12:00-04:00', false], // Fri
    ['Monday after the spring-forward Sunday', bytez, '2026-03-09T09:00-04:00', true], // Mon
    ['Monday after the fall-back Sunday', bytez, '2026-11-02T08:59-05:00', false], // Mon
    ['split: lunch break', split, '2026-11-23T12:30Z', false], // Mon
    ['split: afternoon', split, '2026-11-23T13:00Z', true], // Mon
    ['split: after the short Friday', split, '2026-11-27T15:30Z', false], // Fri
    ['split: BST morning', split, '2026-03-30T08:00+01:00', true], // Mon
    ['split: GMT morning after the overlap', split, '2026-10-26T07:59Z', false], // Mon
    ['nights: midnight (window up to 24:00 then from 00:00)', nights, '2026-11-24T00:00-05:00', true], // Tue
    ['nights: 23:59', nights, '2026-11-23T23:59-05:00', true], // Mon
    ['nights: 03:00 is closed', nights, '2026-11-24T03:00-05:00', false], // Tue
    ['nights: Christmas night removed', nights, '2026-12-25T01:00-05:00', false], // Fri
    ['nights: Christmas Eve 23:00 still works', nights, '2026-12-24T23:00-05:00', true], // Thu
    ['24x7', calendar24x7, '2026-11-01T01:30-04:00', true], // Sun
  ];
  it.each(cases)('%s', (_name, cal, at, expected) => {
    expect(cal.isWorking(t(at))).toBe(expected);
  });
});

describe('nextWorkingInstant', () => {
  const cases: Array<[string, BusinessCalendar, string, string]> = [
    ['a working instant is itself', bytez, '2026-11-23T10:15-05:00', '2026-11-23T10:15-05:00'], // Mon
    ['from the close', bytez, '2026-11-23T18:00-05:00', '2026-11-24T09:00-05:00'], // Mon → Tue
    ['over the weekend', bytez, '2026-11-21T10:00-05:00', '2026-11-23T09:00-05:00'], // Sat → Mon
    ['over Thanksgiving', bytez, '2026-11-25T18:00-05:00', '2026-11-27T09:00-05:00'], // Wed → Fri
    ['over the observed July 4', bytez, '2026-07-02T18:30-04:00', '2026-07-06T09:00-04:00'], // Thu → Mon
    ['from inside the NY DST gap (03:30 EDT)', bytez, '2026-03-08T03:30-04:00', '2026-03-09T09:00-04:00'], // Sun → Mon
    ['from the repeated hour (01:30 EST)', bytez, '2026-11-01T01:30-05:00', '2026-11-02T09:00-05:00'], // Sun → Mon
    ['split: lunch', split, '2026-11-23T12:00Z', '2026-11-23T13:00Z'], // Mon
    ['split: across the London gap', split, '2026-03-27T15:00Z', '2026-03-30T08:00+01:00'], // Fri → Mon
    ['split: across the London overlap', split, '2026-10-23T15:00+01:00', '2026-10-26T08:00Z'], // Fri → Mon
    ['nights: from the 03:00 close to the 22:00 opening', nights, '2026-12-24T03:00-05:00', '2026-12-24T22:00-05:00'], // Thu
    ['nights: skips the holiday date entirely', nights, '2026-12-25T00:00-05:00', '2026-12-26T00:00-05:00'], // Fri → Sat
  ];
  it.each(cases)('%s', (_name, cal, from, expected) => {
    expect(iso(cal.nextWorkingInstant(t(from)))).toBe(iso(t(expected)));
  });
});

describe('addBusinessTime', () => {
  const cases: Array<[string, BusinessCalendar, string, number, string]> = [
    ['within a day', bytez, '2026-11-23T10:00-05:00', 4 * HOUR, '2026-11-23T14:00-05:00'], // Mon
    ['runs out exactly at the close: due is the close', bytez, '2026-11-23T14:00-05:00', 4 * HOUR, '2026-11-23T18:00-05:00'], // Mon
    ['one ms past the close goes to the next opening', bytez, '2026-11-23T14:00-05:00', 4 * HOUR + 1, '2026-11-24T09:00:00.001-05:00'], // Mon → Tue
    ['Friday afternoon to Monday', bytez, '2026-11-20T16:00-05:00', 4 * HOUR, '2026-11-23T11:00-05:00'], // Fri → Mon
    ['start on Saturday starts at Monday opening', bytez, '2026-11-21T10:00-05:00', 4 * HOUR, '2026-11-23T13:00-05:00'], // Sat → Mon
    ['start before opening', bytez, '2026-11-23T07:00-05:00', 30 * MINUTE, '2026-11-23T09:30-05:00'], // Mon
    ['zero from a working instant is the instant', bytez, '2026-11-23T10:00-05:00', 0, '2026-11-23T10:00-05:00'], // Mon
    ['zero from Saturday is the next opening', bytez, '2026-11-21T10:00-05:00', 0, '2026-11-23T09:00-05:00'], // Sat → Mon
    ['zero from the close is the next opening', bytez, '2026-11-23T18:00-05:00', 0, '2026-11-24T09:00-05:00'], // Mon → Tue
    ['skips Thanksgiving', bytez, '2026-11-25T16:00-05:00', 4 * HOUR, '2026-11-27T11:00-05:00'], // Wed → Fri
    ['skips the observed July 4 (Fri July 3)', bytez, '2026-07-02T15:00-04:00', 4 * HOUR, '2026-07-06T10:00-04:00'], // Thu → Mon
    ['NY DST gap weekend', bytez, '2026-03-06T16:00-05:00', 4 * HOUR, '2026-03-09T11:00-04:00'], // Fri EST → Mon EDT
    ['NY DST overlap weekend', bytez, '2026-10-30T16:00-04:00', 4 * HOUR, '2026-11-02T11:00-05:00'], // Fri EDT → Mon EST
    ['60 business days', bytez, '2026-11-02T09:00-05:00', 60 * 9 * HOUR, '2027-01-29T18:00-05:00'], // Mon → Fri
    ['split: over lunch', split, '2026-11-23T11:00Z', 2 * HOUR, '2026-11-23T14:00Z'], // Mon
    ['split: runs out at the lunch close', split, '2026-11-23T11:00Z', HOUR, '2026-11-23T12:00Z'], // Mon
    ['split: zero at lunch is the afternoon opening', split, '2026-11-23T12:30Z', 0, '2026-11-23T13:00Z'], // Mon
    ['split: shorter Friday', split, '2026-11-27T14:00Z', 2 * HOUR, '2026-11-30T09:00Z'], // Fri → Mon
    ['split: London DST gap weekend', split, '2026-03-27T14:30Z', 2 * HOUR, '2026-03-30T09:30+01:00'], // Fri GMT → Mon BST
    ['split: London DST overlap weekend', split, '2026-10-23T14:30+01:00', 2 * HOUR, '2026-10-26T09:30Z'], // Fri BST → Mon GMT
    ['nights: across midnight', nights, '2026-11-23T23:00-05:00', 2 * HOUR, '2026-11-24T01:00-05:00'], // Mon → Tue
    ['nights: runs out at 03:00 close', nights, '2026-11-23T23:00-05:00', 4 * HOUR, '2026-11-24T03:00-05:00'], // Mon → Tue
    ['nights: holiday date removed whole', nights, '2026-12-24T23:00-05:00', 2 * HOUR, '2026-12-26T01:00-05:00'], // Thu → Sat
    ['nights: NY gap night, 4h ends at the close 03:00 EDT', nights, '2026-03-07T22:00-05:00', 4 * HOUR, '2026-03-08T03:00-04:00'], // Sat → Sun
    ['nights: NY gap night, one more minute', nights, '2026-03-07T22:00-05:00', 4 * HOUR + MINUTE, '2026-03-08T22:01-04:00'], // Sat → Sun
    ['nights: NY overlap night holds 6 real hours', nights, '2026-10-31T22:00-04:00', 5 * HOUR, '2026-11-01T02:00-05:00'], // Sat → Sun
    ['24x7: 1h from 01:30 EDT on the fall-back night is 01:30 EST', calendar24x7, '2026-11-01T01:30-04:00', HOUR, '2026-11-01T01:30-05:00'], // Sun
    ['NY 24x7-like: same', ny247, '2026-11-01T01:30-04:00', HOUR, '2026-11-01T01:30-05:00'], // Sun
    ['London 24x7-like: 1h from 01:30 BST is 01:30 GMT', london247, '2026-10-25T01:30+01:00', HOUR, '2026-10-25T01:30Z'], // Sun
    [
      'NY 24x7-like: 1h from 01:30 EST on the spring-forward night is 03:30 EDT',
      ny247,
      '2026-03-08T01:30-05:00',
      HOUR,
      '2026-03-08T03:30-04:00',
    ], // Sun
    ['24x7: zero', calendar24x7, '2026-11-21T10:00Z', 0, '2026-11-21T10:00Z'], // Sat
  ];
  it.each(cases)('%s', (_name, cal, start, duration, expected) => {
    expect(iso(cal.addBusinessTime(t(start), duration))).toBe(iso(t(expected)));
  });

  it('rejects negative and non-finite durations and instants', () => {
    expect(() => bytez.addBusinessTime(t('2026-11-23T10:00Z'), -1)).toThrow(RangeError);
    expect(() => bytez.addBusinessTime(Number.NaN, HOUR)).toThrow(RangeError);
    expect(() => bytez.addBusinessTime(t('2026-11-23T10:00Z'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('throws a clear error instead of looping when no working time exists within ten years', () => {
    // Only Mondays work, and every Monday 2026–2038 is a listed holiday.
    const mondays: string[] = [];
    for (let d = DateTime.fromISO('2026-01-05', { zone: 'UTC' }); d.year < 2039; d = d.plus({ weeks: 1 })) {
      mondays.push(d.toISODate() as string);
    }
    const never = buildCalendar({ id: 'never', timeZone: 'UTC', week: { mon: ['09:00-10:00'] }, holidays: { dates: mondays } });
    expect(() => never.addBusinessTime(t('2026-01-01T00:00Z'), HOUR)).toThrow(NoWorkingTimeError);
    expect(() => never.nextWorkingInstant(t('2026-01-01T00:00Z'))).toThrow(/no working time within 10 years/);
    // Once the holidays stop, time is found again.
    expect(iso(never.nextWorkingInstant(t('2038-12-01T00:00Z')))).toBe('2039-01-03T09:00:00.000Z'); // Mon
  });

  it('refuses instants far outside 1900–2300 instead of building centuries of tables', () => {
    expect(() => bytez.isWorking(Date.parse('9999-01-01T00:00:00Z'))).toThrow(/from 1900 to 2300/);
    expect(() => bytez.businessTimeBetween(Date.parse('1850-01-01T00:00:00Z'), t('2026-01-01T00:00Z'))).toThrow(RangeError);
    expect(calendar24x7.businessTimeBetween(Date.parse('1850-01-01T00:00:00Z'), Date.parse('1850-01-01T01:00:00Z'))).toBe(HOUR);
  });

  it('extends the table across years, backwards and forwards', () => {
    const cal = buildCalendar({ id: 'x', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] }, holidays: { country: 'US' } });
    // Fri 2027-12-31 is the observed New Year's Day 2028 (Sat): Thu 16:00 + 4h → Mon 2028-01-03 11:00.
    expect(iso(cal.addBusinessTime(t('2027-12-30T16:00-05:00'), 4 * HOUR))).toBe(iso(t('2028-01-03T11:00-05:00')));
    expect(iso(cal.addBusinessTime(t('2025-12-31T16:00-05:00'), 4 * HOUR))).toBe(iso(t('2026-01-02T11:00-05:00'))); // Wed → Fri
    expect(cal.tableStats().firstYear).toBe(2025);
  });
});

describe('businessTimeBetween', () => {
  const cases: Array<[string, BusinessCalendar, string, string, number]> = [
    ['Friday 17:00 to Monday 10:00', bytez, '2026-11-20T17:00-05:00', '2026-11-23T10:00-05:00', 2 * HOUR], // Fri → Mon
    ['Thanksgiving week Wed 00:00 to Sat 00:00', bytez, '2026-11-25T00:00-05:00', '2026-11-28T00:00-05:00', 18 * HOUR], // Wed → Sat
    ['July 3 (observed) counts nothing', bytez, '2026-07-03T00:00-04:00', '2026-07-04T00:00-04:00', 0], // Fri
    ['NY gap weekend', bytez, '2026-03-06T17:00-05:00', '2026-03-09T10:00-04:00', 2 * HOUR], // Fri → Mon
    ['NY overlap weekend', bytez, '2026-10-30T17:00-04:00', '2026-11-02T10:00-05:00', 2 * HOUR], // Fri → Mon
    ['half-open: the first ms of the day', bytez, '2026-11-23T09:00-05:00', '2026-11-23T09:00:00.001-05:00', 1], // Mon
    ['half-open: the close itself is not working', bytez, '2026-11-23T18:00-05:00', '2026-11-23T19:00-05:00', 0], // Mon
    ['equal bounds', bytez, '2026-11-23T10:00-05:00', '2026-11-23T10:00-05:00', 0], // Mon
    ['reversed bounds', bytez, '2026-11-23T12:00-05:00', '2026-11-23T10:00-05:00', 0], // Mon
    ['split: a whole Monday', split, '2026-11-23T07:00Z', '2026-11-23T18:00Z', 8 * HOUR], // Mon
    ['split: Friday 11:00 to Monday 09:00', split, '2026-11-27T11:00Z', '2026-11-30T09:00Z', 4 * HOUR], // Fri → Mon
    ['split: London gap weekend', split, '2026-03-27T14:00Z', '2026-03-30T09:00+01:00', 2 * HOUR], // Fri → Mon
    ['split: London overlap weekend', split, '2026-10-23T14:00+01:00', '2026-10-26T09:00Z', 2 * HOUR], // Fri → Mon
    ['nights: across midnight', nights, '2026-11-23T21:00-05:00', '2026-11-24T04:00-05:00', 5 * HOUR], // Mon → Tue
    ['nights: gap night has 4 real hours', nights, '2026-03-07T21:00-05:00', '2026-03-08T04:00-04:00', 4 * HOUR], // Sat → Sun
    ['nights: overlap night has 6 real hours', nights, '2026-10-31T21:00-04:00', '2026-11-01T04:00-05:00', 6 * HOUR], // Sat → Sun
    ['nights: Christmas Day removed', nights, '2026-12-24T21:00-05:00', '2026-12-26T04:00-05:00', 2 * HOUR + 3 * HOUR], // Thu → Sat
    ['24x7: spring-forward day in New York is 23h', ny247, '2026-03-08T00:00-05:00', '2026-03-09T00:00-04:00', 23 * HOUR], // Sun
    ['London 24x7-like: fall-back day is 25h', london247, '2026-10-25T00:00+01:00', '2026-10-26T00:00Z', 25 * HOUR], // Sun
    ['24x7: real elapsed time', calendar24x7, '2026-10-31T22:00-04:00', '2026-11-01T03:00-05:00', 6 * HOUR], // Sat → Sun
  ];
  it.each(cases)('%s', (_name, cal, from, to, expected) => {
    expect(cal.businessTimeBetween(t(from), t(to))).toBe(expected);
  });

  it('counts wall-clock windows inside a skipped hour as absent and inside a repeated hour twice', () => {
    const earlyHours = buildCalendar({ id: 'early', timeZone: 'America/New_York', week: { 'mon-sun': ['01:30-02:30'] } });
    // Sun 2026-03-08: 02:00 EST jumps to 03:00 EDT, so only 01:30–02:00 exists.
    expect(earlyHours.businessTimeBetween(t('2026-03-08T00:00-05:00'), t('2026-03-09T00:00-04:00'))).toBe(30 * MINUTE);
    // Sun 2026-11-01: 01:30–02:00 EDT, then the clock goes back to 01:00 and 01:30–02:30 EST follows.
    expect(earlyHours.businessTimeBetween(t('2026-11-01T00:00-04:00'), t('2026-11-02T00:00-05:00'))).toBe(90 * MINUTE);
    expect(earlyHours.isWorking(t('2026-11-01T01:45-04:00'))).toBe(true);
    expect(earlyHours.isWorking(t('2026-11-01T01:15-05:00'))).toBe(false);
  });
});

describe('addDuration and businessTimeOfDuration', () => {
  const cases: Array<[string, BusinessCalendar, string, string, string | null, number | null]> = [
    ['4h', bytez, '2026-11-20T16:00-05:00', '4h', '2026-11-23T11:00-05:00', 4 * HOUR], // Fri → Mon
    ['1h 30m from Saturday', bytez, '2026-11-21T10:00-05:00', '1h 30m', '2026-11-23T10:30-05:00', 90 * MINUTE], // Sat → Mon
    ['2d = 18h over Thanksgiving', bytez, '2026-11-25T10:00-05:00', '2d', '2026-11-30T10:00-05:00', 18 * HOUR], // Wed → Mon
    ['1d ends at the close', bytez, '2026-11-23T09:00-05:00', '1d', '2026-11-23T18:00-05:00', 9 * HOUR], // Mon
    ['0.5d', bytez, '2026-11-23T09:00-05:00', '0.5d', '2026-11-23T13:30-05:00', 4.5 * HOUR], // Mon
    ['1w is a plain working week', bytez, '2026-11-16T10:00-05:00', '1w', '2026-11-23T10:00-05:00', 45 * HOUR], // Mon → Mon
    ['1w over Thanksgiving: fewer business hours', bytez, '2026-11-20T10:00-05:00', '1w', '2026-11-27T10:00-05:00', 36 * HOUR], // Fri → Fri
    ['1w from Saturday counts from the Monday opening', bytez, '2026-11-21T10:00-05:00', '1w', '2026-11-30T09:00-05:00', 36 * HOUR], // Sat → Mon (Thanksgiving week)
    ['1mo keeps the wall clock across DST', bytez, '2026-02-09T10:00-05:00', '1mo', '2026-03-09T10:00-04:00', 19 * 9 * HOUR], // Mon → Mon
    [
      '1mo from Jan 30 clamps to Sat Feb 28, then the next opening',
      bytez,
      '2026-01-30T10:00-05:00',
      '1mo',
      '2026-03-02T09:00-05:00',
      8 * HOUR + 19 * 9 * HOUR,
    ], // Fri → Mon
    ['immediate is the start itself, even outside hours', bytez, '2026-11-21T10:00-05:00', 'immediate', '2026-11-21T10:00-05:00', 0], // Sat
    ['none', bytez, '2026-11-21T10:00-05:00', 'none', null, null], // Sat
    ['split: 2d = 16h with a short Friday', split, '2026-11-26T08:00Z', '2d', '2026-11-30T10:00Z', 16 * HOUR], // Thu → Mon
    ['24x7: 1d is 24 real hours', calendar24x7, '2026-11-01T00:00-04:00', '1d', '2026-11-01T23:00-05:00', 24 * HOUR], // Sun
    ['24x7: 1w across the fall-back in UTC is 168h', calendar24x7, '2026-10-29T12:00Z', '1w', '2026-11-05T12:00Z', 168 * HOUR], // Thu
    [
      'NY 24x7-like: 1w across the fall-back keeps the wall clock (169h)',
      ny247,
      '2026-10-29T12:00-04:00',
      '1w',
      '2026-11-05T12:00-05:00',
      169 * HOUR,
    ], // Thu
  ];
  it.each(cases)('%s', (_name, cal, start, text, expectedDue, expectedTarget) => {
    const duration = parseDuration(text);
    const due = cal.addDuration(t(start), duration);
    expect(iso(due)).toBe(expectedDue === null ? null : iso(t(expectedDue)));
    expect(cal.businessTimeOfDuration(t(start), duration)).toBe(expectedTarget);
  });
});

describe('workingIntervals', () => {
  it('lists working intervals clipped to [from, to)', () => {
    expect(bytez.workingIntervals(t('2026-11-25T12:00-05:00'), t('2026-11-30T10:00-05:00'))).toEqual([
      { start: t('2026-11-25T12:00-05:00'), end: t('2026-11-25T18:00-05:00') }, // Wed
      { start: t('2026-11-27T09:00-05:00'), end: t('2026-11-27T18:00-05:00') }, // Fri (Thu is Thanksgiving)
      { start: t('2026-11-30T09:00-05:00'), end: t('2026-11-30T10:00-05:00') }, // Mon
    ]);
  });

  it('follows the London DST changes in split windows', () => {
    expect(split.workingIntervals(t('2026-03-27T14:00Z'), t('2026-03-30T09:00+01:00'))).toEqual([
      { start: t('2026-03-27T14:00Z'), end: t('2026-03-27T15:00Z') }, // Fri GMT
      { start: t('2026-03-30T08:00+01:00'), end: t('2026-03-30T09:00+01:00') }, // Mon BST
    ]);
    expect(split.workingIntervals(t('2026-10-23T14:00+01:00'), t('2026-10-26T09:00Z'))).toEqual([
      { start: t('2026-10-23T14:00+01:00'), end: t('2026-10-23T15:00+01:00') }, // Fri BST
      { start: t('2026-10-26T08:00Z'), end: t('2026-10-26T09:00Z') }, // Mon GMT
    ]);
  });

  it('keeps split windows apart', () => {
    expect(split.workingIntervals(t('2026-11-23T11:00Z'), t('2026-11-23T14:00Z'))).toEqual([
      { start: t('2026-11-23T11:00Z'), end: t('2026-11-23T12:00Z') }, // Mon
      { start: t('2026-11-23T13:00Z'), end: t('2026-11-23T14:00Z') },
    ]);
  });

  it('merges a window ending at 24:00 with the next day starting at 00:00, across DST changes', () => {
    expect(nights.workingIntervals(t('2026-11-23T21:00-05:00'), t('2026-11-24T04:00-05:00'))).toEqual([
      { start: t('2026-11-23T22:00-05:00'), end: t('2026-11-24T03:00-05:00') }, // Mon → Tue
    ]);
    expect(nights.workingIntervals(t('2026-10-31T21:00-04:00'), t('2026-11-01T04:00-05:00'))).toEqual([
      { start: t('2026-10-31T22:00-04:00'), end: t('2026-11-01T03:00-05:00') }, // Sat → Sun, 6 real hours
    ]);
    expect(ny247.workingIntervals(t('2026-03-07T12:00-05:00'), t('2026-03-09T12:00-04:00'))).toEqual([
      { start: t('2026-03-07T12:00-05:00'), end: t('2026-03-09T12:00-04:00') },
    ]);
  });

  it('is empty for an empty or reversed range', () => {
    expect(bytez.workingIntervals(t('2026-11-23T12:00-05:00'), t('2026-11-23T12:00-05:00'))).toEqual([]);
    expect(bytez.workingIntervals(t('2026-11-23T12:00-05:00'), t('2026-11-23T10:00-05:00'))).toEqual([]);
    expect(calendar24x7.workingIntervals(t('2026-11-23T10:00Z'), t('2026-11-23T12:00Z'))).toEqual([
      { start: t('2026-11-23T10:00Z'), end: t('2026-11-23T12:00Z') },
    ]);
  });
});

describe('holidays', () => {
  it('observed: false keeps the substitute day as a working day', () => {
    const unobserved = buildCalendar({
      id: 'us-unobserved',
      timeZone: 'America/New_York',
      week: { 'mon-fri': ['09:00-18:00'] },
      holidays: { country: 'US', observed: false },
    });
    expect(unobserved.isWorking(t('2026-07-03T12:00-04:00'))).toBe(true); // Fri
    expect(iso(unobserved.addBusinessTime(t('2026-07-02T15:00-04:00'), 4 * HOUR))).toBe(iso(t('2026-07-03T10:00-04:00'))); // Thu → Fri
  });

  it('filters by type: optional adds Christmas Eve', () => {
    const withOptional = buildCalendar({
      id: 'us-optional',
      timeZone: 'America/New_York',
      week: { 'mon-fri': ['09:00-18:00'] },
      holidays: { country: 'US', types: ['public', 'optional'] },
    });
    expect(bytez.isWorking(t('2026-12-24T12:00-05:00'))).toBe(true); // Thu
    expect(withOptional.isWorking(t('2026-12-24T12:00-05:00'))).toBe(false); // Thu
  });

  it('uses the state: GB-ENG Easter Monday, but not Scotland-only St Andrew', () => {
    const england = buildCalendar({
      id: 'eng',
      timeZone: 'Europe/London',
      week: { 'mon-fri': ['09:00-17:00'] },
      holidays: { country: 'GB', state: 'ENG' },
    });
    expect(england.isWorking(t('2026-04-06T12:00+01:00'))).toBe(false); // Mon, Easter Monday
    expect(england.isWorking(t('2026-11-30T12:00Z'))).toBe(true); // Mon, St Andrew's Day (Scotland)
  });

  it('a holiday removes the local date in the calendar zone, not the UTC date', () => {
    // Thanksgiving 2026-11-26 in New York runs 05:00Z Thu → 05:00Z Fri.
    const allDay = buildCalendar({
      id: 'all',
      timeZone: 'America/New_York',
      week: { 'mon-sun': ['00:00-24:00'] },
      holidays: { country: 'US' },
    });
    expect(allDay.businessTimeBetween(t('2026-11-26T00:00Z'), t('2026-11-28T00:00Z'))).toBe(5 * HOUR + 19 * HOUR);
    expect(allDay.isWorking(t('2026-11-26T04:59Z'))).toBe(true);
    expect(allDay.isWorking(t('2026-11-26T05:00Z'))).toBe(false);
    expect(allDay.isWorking(t('2026-11-27T05:00Z'))).toBe(true);
  });
});

describe('calendar reuse', () => {
  it('returns the same calendar (and tables) for an identical spec, a new one for a different spec', () => {
    const spec = { id: 'reuse', timeZone: 'Europe/London', week: { 'mon-fri': ['09:00-17:00'] } };
    const first = buildCalendar(spec);
    first.addBusinessTime(t('2026-11-23T10:00Z'), HOUR);
    const again = buildCalendar({ ...spec, week: { 'mon-fri': ['09:00-17:00'] } });
    expect(again).toBe(first);
    expect(again.tableStats().intervals).toBeGreaterThan(0);
    expect(buildCalendar({ ...spec, week: { 'mon-fri': ['09:00-16:00'] } })).not.toBe(first);
  });
});

describe('BytezTech: US federal public holidays as observed (date-holidays type "public")', () => {
  /** Weekdays of a year on which the BytezTech calendar has no working time at all. */
  function weekdaysOff(year: number): string[] {
    const off: string[] = [];
    for (let day = DateTime.fromISO(`${year}-01-01`, { zone: 'America/New_York' }); day.year === year; day = day.plus({ days: 1 })) {
      if (day.weekday > 5) continue;
      if (bytez.businessTimeBetween(day.toMillis(), day.plus({ days: 1 }).toMillis()) === 0) off.push(day.toISODate() as string);
    }
    return off;
  }

  it('2026: the eleven federal holidays, Independence Day observed on Fri July 3', () => {
    expect(weekdaysOff(2026)).toEqual([
      '2026-01-01', // Thu New Year's Day
      '2026-01-19', // Mon Martin Luther King Jr. Day
      '2026-02-16', // Mon Washington's Birthday
      '2026-05-25', // Mon Memorial Day
      '2026-06-19', // Fri Juneteenth
      '2026-07-03', // Fri Independence Day (Sat July 4) observed
      '2026-09-07', // Mon Labor Day
      '2026-10-12', // Mon Columbus Day
      '2026-11-11', // Wed Veterans Day
      '2026-11-26', // Thu Thanksgiving Day
      '2026-12-25', // Fri Christmas Day
    ]);
  });

  it('2027: weekend holidays move to Friday/Monday, including New Year 2028 observed on Fri 2027-12-31', () => {
    expect(weekdaysOff(2027)).toEqual([
      '2027-01-01', // Fri New Year's Day
      '2027-01-18', // Mon Martin Luther King Jr. Day
      '2027-02-15', // Mon Washington's Birthday
      '2027-05-31', // Mon Memorial Day
      '2027-06-18', // Fri Juneteenth (Sat June 19) observed
      '2027-07-05', // Mon Independence Day (Sun July 4) observed
      '2027-09-06', // Mon Labor Day
      '2027-10-11', // Mon Columbus Day
      '2027-11-11', // Thu Veterans Day
      '2027-11-25', // Thu Thanksgiving Day
      '2027-12-24', // Fri Christmas Day (Sat Dec 25) observed
      '2027-12-31', // Fri New Year's Day 2028 (Sat) observed
    ]);
  });

  it('known gap in date-holidays: Veterans Day on a weekend gets no observed weekday (2028-11-11 is a Saturday)', () => {
    // The federal government observes Fri 2028-11-10; date-holidays has no substitute rule for Veterans Day, so a
    // policy that needs it lists the date explicitly (holidays.dates).
    expect(bytez.isWorking(t('2028-11-10T12:00-05:00'))).toBe(true); // Fri
    const withDate = buildCalendar({
      id: 'us-business-veterans',
      timeZone: 'America/New_York',
      week: { 'mon-fri': ['09:00-18:00'] },
      holidays: { country: 'US', dates: ['2028-11-10'] },
    });
    expect(withDate.isWorking(t('2028-11-10T12:00-05:00'))).toBe(false); // Fri
  });
});

describe('always-open calendars in a named zone', () => {
  const open = { id: 'ny-open', timeZone: 'America/New_York', week: { 'mon-sun': ['00:00-24:00'] } };

  it.each([
    // Sun 2026-11-01 01:30 EDT + 1h = 01:30 EST: real elapsed time across the fall-back overlap.
    ['2026-11-01T05:30:00Z', 3_600_000, '2026-11-01T06:30:00Z'],
    // Sun 2026-03-08 01:30 EST + 1h = 03:30 EDT: the skipped hour is not working time, it does not exist.
    ['2026-03-08T06:30:00Z', 3_600_000, '2026-03-08T07:30:00Z'],
  ])('counts real elapsed time from %s', (start, duration, due) => {
    expect(buildCalendar(open).addBusinessTime(Date.parse(start), duration)).toBe(Date.parse(due));
  });

  it('still skips a holiday: only open-every-day calendars without holidays count plain elapsed time', () => {
    const withHoliday = buildCalendar({ ...open, id: 'ny-open-xmas', holidays: { dates: ['2026-12-25'] } });
    // Thu 2026-12-24 23:00 EST + 2h: one hour on Thursday, Christmas Day skipped, one hour from Sat 00:00 EST.
    expect(withHoliday.addBusinessTime(Date.parse('2026-12-25T04:00:00Z'), 2 * 3_600_000)).toBe(Date.parse('2026-12-26T06:00:00Z'));
    expect(withHoliday.isWorking(Date.parse('2026-12-25T17:00:00Z'))).toBe(false);
  });
});
