import fc from 'fast-check';
import { DateTime } from 'luxon';
import { buildCalendar as buildCalendarWith } from '../../src/engine/build-calendar';
import { calendar24x7, type BusinessCalendar } from '../../src/engine/calendar';
import { holidaysFromLibrary } from '../../src/engine/holiday-library';

/** Calendars here take their country holidays straight from date-holidays (the CLI's and the save path's source). */
const buildCalendar = (spec: Parameters<typeof buildCalendarWith>[0]): BusinessCalendar => buildCalendarWith(spec, holidaysFromLibrary());
import type { CalendarSpec } from '../../src/engine/calendar-schema';
import { ReferenceCalendar, referenceHolidayDates } from './reference-business-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEARS = [2025, 2026, 2027];

interface Case {
  name: string;
  calendar: BusinessCalendar;
  reference: ReferenceCalendar;
  /** Instants near which DST changes or holidays make mistakes likely. */
  anchors: string[];
}

function makeCase(
  spec: CalendarSpec | (Omit<CalendarSpec, 'holidays'> & { holidays?: { country: string; state?: string } }),
  anchors: string[],
): Case {
  const calendar = buildCalendar(spec);
  const holidayDates = spec.holidays?.country ? referenceHolidayDates({ ...spec.holidays, country: spec.holidays.country }, YEARS) : [];
  return {
    name: `${spec.id} (${spec.timeZone})`,
    calendar,
    reference: new ReferenceCalendar({ timeZone: spec.timeZone, week: spec.week, holidayDates }),
    anchors,
  };
}

const cases: Case[] = [
  makeCase({ id: 'byteztech', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] }, holidays: { country: 'US' } }, [
    '2026-03-08T02:00-05:00',
    '2026-11-01T01:00-05:00',
    '2026-07-03T09:00-04:00',
    '2026-11-26T09:00-05:00',
    '2026-12-31T17:00-05:00',
  ]),
  makeCase(
    {
      id: 'uk-split',
      timeZone: 'Europe/London',
      week: { 'mon-thu': ['08:00-12:00', '13:00-17:00'], fri: ['08:00-12:00', '13:00-15:00'] },
      holidays: { country: 'GB', state: 'ENG' },
    },
    ['2026-03-29T01:00Z', '2026-10-25T01:00Z', '2026-04-03T09:00+01:00', '2026-12-25T09:00Z'],
  ),
  makeCase(
    {
      id: 'sydney',
      timeZone: 'Australia/Sydney',
      week: { 'mon-fri': ['08:30-17:00'], sat: ['00:00-02:30', '22:00-24:00'], sun: ['00:00-03:00'] },
      holidays: { country: 'AU', state: 'NSW' },
    },
    ['2026-04-05T02:00+10:00', '2026-10-04T02:00+10:00', '2026-01-26T09:00+11:00'],
  ),
  makeCase({ id: 'kolkata', timeZone: 'Asia/Kolkata', week: { 'mon-sat': ['10:00-13:00', '14:00-19:00'] }, holidays: { country: 'IN' } }, [
    '2026-08-15T09:00+05:30',
    '2026-10-02T09:00+05:30',
    '2026-12-31T18:00+05:30',
  ]),
  makeCase({ id: 'ny-nights', timeZone: 'America/New_York', week: { 'mon-sun': ['00:00-03:00', '22:00-24:00'] } }, [
    '2026-03-08T00:00-05:00',
    '2026-11-01T00:00-04:00',
  ]),
  makeCase({ id: 'ny-247', timeZone: 'America/New_York', week: { 'mon-sun': ['00:00-24:00'] } }, [
    '2026-03-08T01:00-05:00',
    '2026-11-01T01:00-04:00',
  ]),
  {
    name: '24x7 (UTC)',
    calendar: calendar24x7,
    reference: new ReferenceCalendar({ timeZone: 'UTC', week: { 'mon-sun': ['00:00-24:00'] }, holidayDates: [] }),
    anchors: ['2026-03-08T07:00Z', '2026-11-01T06:00Z'],
  },
];

const RANGE_START = Date.parse('2026-01-01T00:00:00Z');
const RANGE_MINUTES = 365 * 24 * 60;

/** A whole-minute instant in 2026, half the time within three days of one of the case's anchors. */
function instant(anchors: string[]): fc.Arbitrary<number> {
  const anywhere = fc.integer({ min: 0, max: RANGE_MINUTES }).map((m) => RANGE_START + m * MINUTE);
  const anchored = fc
    .tuple(
      fc.constantFrom(...anchors.map((a) => DateTime.fromISO(a, { setZone: true }).toMillis())),
      fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
    )
    .map(([anchor, m]) => anchor + m * MINUTE);
  return fc.oneof(anywhere, anchored);
}

const allCalendars = cases.map((c) => c.calendar);

describe('business-time properties', () => {
  it.each(allCalendars.map((c) => [c.id, c] as const))(
    '%s: businessTimeBetween(s, addBusinessTime(s, d)) === d and the due never precedes the start',
    (_id, calendar) => {
      fc.assert(
        fc.property(
          fc.integer({ min: RANGE_START - 400 * DAY, max: RANGE_START + 400 * DAY }),
          fc.integer({ min: 0, max: 30 * 9 * HOUR }),
          (start, duration) => {
            const due = calendar.addBusinessTime(start, duration);
            expect(due).toBeGreaterThanOrEqual(start);
            expect(due).toBeGreaterThanOrEqual(calendar.nextWorkingInstant(start));
            expect(calendar.businessTimeBetween(start, due)).toBe(duration);
            if (duration > 0) {
              // The due is where time runs out: the last ms before it was working time.
              expect(calendar.isWorking(due - 1)).toBe(true);
            } else {
              expect(calendar.isWorking(due)).toBe(true);
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))('%s: businessTimeBetween is additive and agrees with workingIntervals', (_name, c) => {
    fc.assert(
      fc.property(instant(c.anchors), fc.integer({ min: 0, max: 20 * DAY }), fc.integer({ min: 0, max: 20 * DAY }), (a, x, y) => {
        const b = a + x;
        const d = b + y;
        expect(c.calendar.businessTimeBetween(a, d)).toBe(c.calendar.businessTimeBetween(a, b) + c.calendar.businessTimeBetween(b, d));
        const total = c.calendar.workingIntervals(a, d).reduce((sum, i) => sum + (i.end - i.start), 0);
        expect(total).toBe(c.calendar.businessTimeBetween(a, d));
      }),
      { numRuns: 200 },
    );
  });
});

describe('agreement with the minute-stepping reference', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    fc.assert(
      fc.property(
        instant(c.anchors),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 2 * 24 * 60 }),
        (start, minutes, span) => {
          expect(c.calendar.isWorking(start)).toBe(c.reference.isWorkingMinute(start));
          expect(new Date(c.calendar.addBusinessTime(start, minutes * MINUTE)).toISOString()).toBe(
            new Date(c.reference.addBusinessMinutes(start, minutes)).toISOString(),
          );
          expect(c.calendar.businessTimeBetween(start, start + span * MINUTE)).toBe(
            c.reference.businessMinutesBetween(start, start + span * MINUTE) * MINUTE,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the reference itself sees the DST and holiday facts the tables rely on', () => {
    const [bytez] = cases;
    if (!bytez) throw new Error('missing case');
    // Thanksgiving 2026-11-26 (Thu) is not working; the day after (an observance) is.
    expect(bytez.reference.isWorkingMinute(Date.parse('2026-11-26T15:00:00Z'))).toBe(false);
    expect(bytez.reference.isWorkingMinute(Date.parse('2026-11-27T15:00:00Z'))).toBe(true);
    // Mon 2026-03-09 09:00 EDT is 13:00Z.
    expect(bytez.reference.isWorkingMinute(Date.parse('2026-03-09T12:59:00Z'))).toBe(false);
    expect(bytez.reference.isWorkingMinute(Date.parse('2026-03-09T13:00:00Z'))).toBe(true);
  });
});
