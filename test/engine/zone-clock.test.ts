/**
 * src/engine/zone-clock.ts computes on Intl what luxon computes (the cold Forge bundle leaves luxon out): each function
 * is checked against luxon itself, on tables of DST switches and on random instants in zones with odd rules
 * (half-hour and 45-minute offsets, a 30-minute DST, DST at midnight, negative DST, local mean time before 1900).
 */
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { utcMonthsOfPeriod } from '../../src/engine/entitlements';
import { addCalendarTime, instantOfWall, localPeriodOf, zoneOffset } from '../../src/engine/zone-clock';

const ZONES = [
  'UTC',
  'Europe/Sofia',
  'Europe/Zagreb',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'America/Sao_Paulo',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Africa/Casablanca',
  'Etc/GMT+5',
];
const FROM = Date.UTC(1890, 0, 1);
const TO = Date.UTC(2100, 0, 1);

const zone = fc.constantFrom(...ZONES);
const instant = fc.integer({ min: FROM, max: TO });

describe('zoneOffset', () => {
  it.each([
    // [zone, instant, offset minutes]
    ['Europe/Sofia', '2026-03-29T00:59:59.999Z', 120], // Sun 02:59:59.999 EET, the last instant before the switch
    ['Europe/Sofia', '2026-03-29T01:00:00.000Z', 180], // Sun 04:00 EEST
    ['America/New_York', '2026-11-01T05:59:59.000Z', -240], // Sun 01:59:59 EDT
    ['America/New_York', '2026-11-01T06:00:00.000Z', -300], // Sun 01:00 EST, the repeated hour's second pass
    ['Asia/Kathmandu', '2026-03-02T00:00:00.000Z', 345], // Mon 05:45
    ['Australia/Lord_Howe', '2026-01-05T00:00:00.000Z', 660], // Mon 11:00 +11 (DST is 30 minutes there)
    ['Australia/Lord_Howe', '2026-07-06T00:00:00.000Z', 630], // Mon 10:30 +1030
  ])('%s at %s is %d minutes east of UTC', (name, iso, expected) => {
    expect(zoneOffset(name, Date.parse(iso))).toBe(expected);
    expect(IANAZone.create(name).offset(Date.parse(iso))).toBe(expected);
  });

  it('is NaN for a zone Intl does not know, as luxon answers', () => {
    expect(zoneOffset('Mars/Olympus_Mons', 0)).toBeNaN();
    expect(IANAZone.create('Mars/Olympus_Mons').offset(0)).toBeNaN();
  });

  it("equals luxon's IANAZone.offset at any instant from 1890 to 2100", () => {
    fc.assert(
      fc.property(zone, instant, (name, ms) => zoneOffset(name, ms) === IANAZone.create(name).offset(ms)),
      { numRuns: 3000 },
    );
  });
});

describe('instantOfWall', () => {
  it.each([
    // [zone, wall time, guessed offset, instant]
    ['America/New_York', '2026-03-08T02:30', -300, '2026-03-08T07:30:00.000Z'], // Sun 02:30 is skipped: 03:30 EDT
    ['America/New_York', '2026-11-01T01:30', -240, '2026-11-01T05:30:00.000Z'], // Sun 01:30 twice: the EDT pass, as guessed
    ['America/New_York', '2026-11-01T01:30', -300, '2026-11-01T06:30:00.000Z'], // Sun 01:30 twice: the EST pass, as guessed
    ['Europe/Sofia', '2026-07-15T09:00', 120, '2026-07-15T06:00:00.000Z'], // Wed 09:00 EEST from a winter guess
  ])('%s %s (guess %d) is %s, as luxon resolves it', (name, wall, guess, expected) => {
    const local = Date.parse(`${wall}:00.000Z`);
    expect(new Date(instantOfWall(name, local, guess)).toISOString()).toBe(expected);
    const [date, time] = wall.split('T') as [string, string];
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    // luxon's set() resolves a wall time from the offset its DateTime has: start from the nearest earlier instant with the guessed one
    let near = Date.parse(expected);
    while (IANAZone.create(name).offset(near) !== guess) near -= 3_600_000;
    const luxon = DateTime.fromMillis(near, { zone: name }).set({ year, month, day, hour, minute, second: 0, millisecond: 0 });
    expect(luxon.toUTC().toISO()).toBe(expected);
  });
});

describe('addCalendarTime', () => {
  it.each([
    // [zone, start, unit, count, result]
    ['Europe/Zagreb', '2025-01-31T09:00:00.000Z', 'month', 1, '2025-02-28T09:00:00.000Z'], // Fri 10:00 CET → Fri 28 Feb 10:00 CET
    ['Europe/Zagreb', '2026-03-20T09:00:00.000Z', 'week', 2, '2026-04-03T08:00:00.000Z'], // Fri 10:00 CET → Fri 10:00 CEST
    ['America/New_York', '2026-02-08T07:30:00.000Z', 'month', 1, '2026-03-08T07:30:00.000Z'], // Sun 02:30 EST → 03:30 EDT (skipped)
    ['Asia/Kathmandu', '2026-03-02T04:15:00.000Z', 'week', 1, '2026-03-09T04:15:00.000Z'], // Mon 10:00 → Mon 10:00
  ] as const)('%s %s + %d %s is %s, as luxon plus() answers', (name, start, unit, count, expected) => {
    expect(new Date(addCalendarTime(name, Date.parse(start), unit, count)).toISOString()).toBe(expected);
  });

  it("equals luxon's DateTime.plus({ weeks | months }) for any start and count", () => {
    fc.assert(
      fc.property(
        zone,
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2080, 0, 1) }),
        fc.constantFrom('week' as const, 'month' as const),
        fc.integer({ min: 1, max: 60 }),
        (name, ms, unit, count) => {
          const luxon = DateTime.fromMillis(ms, { zone: name }).plus(unit === 'week' ? { weeks: count } : { months: count });
          return addCalendarTime(name, ms, unit, count) === luxon.toMillis();
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('localPeriodOf', () => {
  it.each([
    // [zone, instant, period, start, end]
    ['Europe/Zagreb', '2026-03-10T12:00:00.000Z', 'month', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'], // Tue; 1 Mar CET, 1 Apr CEST
    ['Europe/Zagreb', '2026-02-28T23:30:00.000Z', 'month', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'], // Sun 1 Mar 00:30 CET
    ['America/New_York', '2026-07-04T16:00:00.000Z', 'year', '2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'], // Sat
  ] as const)('%s: the local %s of %s is [%s, %s)', (name, iso, per, start, end) => {
    const period = localPeriodOf(name, Date.parse(iso), per);
    expect([new Date(period.start).toISOString(), new Date(period.end).toISOString()]).toEqual([start, end]);
  });

  it("equals luxon's startOf(month | year) of the instant and of the next period, for any instant", () => {
    fc.assert(
      fc.property(zone, instant, fc.constantFrom('month' as const, 'year' as const), (name, ms, per) => {
        const start = DateTime.fromMillis(ms, { zone: name }).startOf(per);
        // startOf again: luxon keeps a start resolved inside a 1950s offset change at 00:30 and would carry that on
        const end = start.plus(per === 'year' ? { years: 1 } : { months: 1 }).startOf(per);
        const period = localPeriodOf(name, ms, per);
        return period.start === start.toMillis() && period.end === end.toMillis();
      }),
      { numRuns: 3000 },
    );
  });
});

describe("utcMonthsOfPeriod (entitlements: where a period's records are filed)", () => {
  /** The luxon computation the engine used before zone-clock.ts. */
  function luxonMonths(name: string, ms: number, per: 'month' | 'year'): string[] {
    const start = DateTime.fromMillis(ms, { zone: name }).startOf(per);
    const end = start.plus(per === 'year' ? { years: 1 } : { months: 1 }).minus(1);
    const months: string[] = [];
    for (let cursor = start.toUTC().startOf('month'); cursor <= end.toUTC().startOf('month'); cursor = cursor.plus({ months: 1 }))
      months.push(cursor.toFormat('yyyy-MM'));
    return months;
  }

  it('lists the UTC months luxon lists, for any instant from 1970 to 2100', () => {
    fc.assert(
      fc.property(zone, fc.integer({ min: 0, max: TO }), fc.constantFrom('month' as const, 'year' as const), (name, ms, per) => {
        expect(utcMonthsOfPeriod(name, ms, per)).toEqual(luxonMonths(name, ms, per));
      }),
      { numRuns: 1000 },
    );
  });
});
