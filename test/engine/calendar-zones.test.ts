/**
 * Business calendars in zones whose transitions break naive code (issue 9 §3): America/Santiago and America/Havana
 * change at midnight, so the day of the change starts at 01:00 (or repeats its first hour); Australia/Lord_Howe
 * moves by 30 minutes; Asia/Kathmandu is UTC+05:45; Pacific/Apia skipped Friday 30 December 2011; and a window
 * may start inside a DST gap. Every instant is an ISO string in UTC with its local time, offset and weekday in a
 * comment; the expected values are worked out from the zone's rules (tz database), not from the code.
 */
import { buildCalendar, type BusinessCalendar } from '../../src/engine';
import { parseDuration } from '../../src/engine/duration';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function calendar(timeZone: string, week: Record<string, string[]>): BusinessCalendar {
  return buildCalendar({ id: `zone-${timeZone.replace(/\W/g, '-').toLowerCase()}-${Object.keys(week).join('-')}`, timeZone, week });
}

// America/Santiago: summer time ends Sat 2026-04-04 24:00 −03 → 23:00 −04 (that Saturday has 25 hours) and begins
// Sat 2026-09-05 24:00 −04 → Sun 2026-09-06 01:00 −03 (that Sunday starts at 01:00).
const santiagoNights = calendar('America/Santiago', { sat: ['22:00-24:00'], sun: ['00:00-06:00'] });
const santiagoSunday = calendar('America/Santiago', { sun: ['00:00-06:00'] });
const santiagoOffice = calendar('America/Santiago', { 'mon-fri': ['09:00-18:00'] });
// America/Havana: Sun 2026-03-08 00:00 −05 → 01:00 −04 (the day starts at 01:00); Sun 2026-11-01 01:00 −04 → 00:00 −05
// (00:00–01:00 happens twice).
const havanaEarly = calendar('America/Havana', { sun: ['00:00-03:00'] });
// Australia/Lord_Howe: Sun 2026-04-05 02:00 +11 → 01:30 +10:30 (01:30–02:00 twice); Sun 2026-10-04 02:00 +10:30 →
// 02:30 +11 (02:00–02:30 does not exist).
const lordHowe = calendar('Australia/Lord_Howe', { sun: ['01:00-04:00'], 'mon-fri': ['09:00-17:00'] });
const lordHoweGap = calendar('Australia/Lord_Howe', { sun: ['02:00-02:30', '03:00-05:00'] });
const lordHoweInsideGap = calendar('Australia/Lord_Howe', { sun: ['02:15-05:00'] });
// Asia/Kathmandu: UTC+05:45 all year.
const kathmandu = calendar('Asia/Kathmandu', { 'sun-fri': ['09:00-17:00'] });
// Pacific/Apia: Thu 2011-12-29 23:59:59 −10 was followed by Sat 2011-12-31 00:00 +14.
const apia = calendar('Pacific/Apia', { 'mon-sun': ['09:00-17:00'] });
const apiaFridays = calendar('Pacific/Apia', { fri: ['09:00-17:00'] });
// America/New_York: Sun 2026-03-08 02:00 EST → 03:00 EDT; a window from 02:30 starts inside the gap.
const newYorkGap = calendar('America/New_York', { sun: ['02:30-05:00'] });
const newYorkInsideGap = calendar('America/New_York', { sun: ['02:00-03:00', '06:00-07:00'] });

describe('isWorking', () => {
  it.each<[string, BusinessCalendar, string, boolean]>([
    ['Santiago, Sundays only: Sat 2026-09-05 23:59 −04 is Saturday, closed', santiagoSunday, '2026-09-06T03:59:00Z', false],
    [
      'Santiago, Sundays only: Sun 2026-09-06 01:00 −03, the first minute of the Sunday, works',
      santiagoSunday,
      '2026-09-06T04:00:00Z',
      true,
    ],
    ['Santiago: Sat 2026-04-04 23:30 −04 (the repeated hour, second pass) works', santiagoNights, '2026-04-05T03:30:00Z', true],
    ['Santiago: Sat 2026-04-04 23:30 −03 (first pass) works', santiagoNights, '2026-04-05T02:30:00Z', true],
    ['Havana: Sun 2026-03-08 01:00 −04, the first minute of the Sunday, works', havanaEarly, '2026-03-08T05:00:00Z', true],
    ['Havana: Sat 2026-03-07 23:59 −05 is Saturday, closed', havanaEarly, '2026-03-08T04:59:00Z', false],
    ['Havana: Sun 2026-11-01 00:30 −04 (first pass) works', havanaEarly, '2026-11-01T04:30:00Z', true],
    ['Havana: Sun 2026-11-01 00:30 −05 (second pass) works', havanaEarly, '2026-11-01T05:30:00Z', true],
    ['Lord Howe: Sun 2026-10-04 01:59 +10:30 works', lordHowe, '2026-10-03T15:29:00Z', true],
    ['Lord Howe: Sun 2026-10-04 02:30 +11 (right after the gap) works', lordHowe, '2026-10-03T15:30:00Z', true],
    ['Lord Howe: Sun 2026-10-04 03:59 +11 works; 04:00 +11 is the close', lordHowe, '2026-10-03T16:59:00Z', true],
    ['Lord Howe: Sun 2026-10-04 04:00 +11 is closed', lordHowe, '2026-10-03T17:00:00Z', false],
    ['Kathmandu: Mon 2026-11-16 09:00 +05:45 opens', kathmandu, '2026-11-16T03:15:00Z', true],
    ['Kathmandu: Mon 2026-11-16 08:59 +05:45 is closed', kathmandu, '2026-11-16T03:14:00Z', false],
    ['Kathmandu: Mon 2026-11-16 17:00 +05:45 is the close', kathmandu, '2026-11-16T11:15:00Z', false],
    ['Apia: Thu 2011-12-29 16:59 −10 works', apia, '2011-12-30T02:59:00Z', true],
    ['Apia: the instant after Thu 2011-12-29 23:59 −10 is Sat 31 Dec 00:00 +14, closed', apia, '2011-12-30T10:00:00Z', false],
    ['Apia: 2011-12-30T19:00Z is Sat 31 Dec 09:00 +14, working', apia, '2011-12-30T19:00:00Z', true],
    [
      'Apia, Fridays only: 2011-12-30T19:00Z is a Saturday, closed (there was no Friday 30 Dec)',
      apiaFridays,
      '2011-12-30T19:00:00Z',
      false,
    ],
    ['New York: Sun 2026-03-08 01:59 EST, before a window starting 02:30 in the gap, is closed', newYorkGap, '2026-03-08T06:59:00Z', false],
    ['New York: Sun 2026-03-08 03:00 EDT, the first instant after the gap, works', newYorkGap, '2026-03-08T07:00:00Z', true],
    ['New York: Sun 2026-03-15 02:30 EDT (an ordinary Sunday) works', newYorkGap, '2026-03-15T06:30:00Z', true],
    [
      'New York: a window entirely inside the gap does not exist: Sun 2026-03-08 03:00 EDT is closed',
      newYorkInsideGap,
      '2026-03-08T07:00:00Z',
      false,
    ],
  ])('%s', (_what, cal, instant, expected) => {
    expect(cal.isWorking(at(instant))).toBe(expected);
  });
});

describe('nextWorkingInstant', () => {
  it.each<[string, BusinessCalendar, string, string]>([
    [
      'Santiago, Sundays only: from Sat 2026-09-05 12:00 −04 to Sun 2026-09-06 01:00 −03 (the day starts at 01:00)',
      santiagoSunday,
      '2026-09-05T16:00:00Z',
      '2026-09-06T04:00:00Z',
    ],
    [
      'Santiago: Sat 2026-09-05 23:59 −04 is inside Sat 22:00 – Sun 06:00, one stretch across the change',
      santiagoNights,
      '2026-09-06T03:59:00Z',
      '2026-09-06T03:59:00Z',
    ],
    [
      'Santiago office: from Fri 2026-09-04 18:00 −04 to Mon 2026-09-07 09:00 −03',
      santiagoOffice,
      '2026-09-04T22:00:00Z',
      '2026-09-07T12:00:00Z',
    ],
    [
      'Santiago office: from Fri 2026-04-03 18:00 −03 to Mon 2026-04-06 09:00 −04',
      santiagoOffice,
      '2026-04-03T21:00:00Z',
      '2026-04-06T13:00:00Z',
    ],
    [
      'Havana: from Sat 2026-03-07 12:00 −05 to Sun 2026-03-08 01:00 −04 (the day starts at 01:00)',
      havanaEarly,
      '2026-03-07T17:00:00Z',
      '2026-03-08T05:00:00Z',
    ],
    [
      'Lord Howe: from Sat 2026-10-03 12:00 +10:30 to Sun 2026-10-04 01:00 +10:30',
      lordHowe,
      '2026-10-03T01:30:00Z',
      '2026-10-03T14:30:00Z',
    ],
    [
      'Lord Howe, a window inside the 30-minute gap: from Sat 2026-10-03 12:00 +10:30, the 02:00–02:30 window does not exist; next is 03:00 +11',
      lordHoweGap,
      '2026-10-03T01:30:00Z',
      '2026-10-03T16:00:00Z',
    ],
    [
      'Lord Howe, a window from 02:15 (inside the gap) opens at 02:30 +11',
      lordHoweInsideGap,
      '2026-10-03T01:30:00Z',
      '2026-10-03T15:30:00Z',
    ],
    [
      'Kathmandu: from Fri 2026-11-20 17:00 +05:45 to Sun 2026-11-22 09:00 +05:45',
      kathmandu,
      '2026-11-20T11:15:00Z',
      '2026-11-22T03:15:00Z',
    ],
    ['Apia: from Thu 2011-12-29 17:00 −10 to Sat 2011-12-31 09:00 +14', apia, '2011-12-30T03:00:00Z', '2011-12-30T19:00:00Z'],
    [
      'Apia, Fridays only: from Thu 2011-12-29 12:00 −10 to Fri 2012-01-06 09:00 +14',
      apiaFridays,
      '2011-12-29T22:00:00Z',
      '2012-01-05T19:00:00Z',
    ],
    [
      'New York: from Sat 2026-03-07 12:00 EST to Sun 2026-03-08 03:00 EDT (the window starts at 02:30, inside the gap)',
      newYorkGap,
      '2026-03-07T17:00:00Z',
      '2026-03-08T07:00:00Z',
    ],
    [
      'New York: a window entirely inside the gap is skipped: next is 06:00 EDT',
      newYorkInsideGap,
      '2026-03-07T17:00:00Z',
      '2026-03-08T10:00:00Z',
    ],
  ])('%s', (_what, cal, from, expected) => {
    expect(iso(cal.nextWorkingInstant(at(from)))).toBe(new Date(at(expected)).toISOString());
  });
});

describe('businessTimeBetween', () => {
  it.each<[string, BusinessCalendar, string, string, number]>([
    [
      'Santiago: Sat 2026-09-05 22:00 −04 to Sun 06:00 −03 is 7h (the Sunday has no 00:00–01:00)',
      santiagoNights,
      '2026-09-06T02:00:00Z',
      '2026-09-06T09:00:00Z',
      7 * HOUR,
    ],
    [
      'Santiago: Sat 2026-04-04 22:00 −03 to Sun 06:00 −04 is 9h (23:00–24:00 counts twice)',
      santiagoNights,
      '2026-04-05T01:00:00Z',
      '2026-04-05T10:00:00Z',
      9 * HOUR,
    ],
    [
      'Santiago office: Fri 2026-09-04 09:00 −04 to Mon 2026-09-07 09:00 −03 is one 9h day',
      santiagoOffice,
      '2026-09-04T13:00:00Z',
      '2026-09-07T12:00:00Z',
      9 * HOUR,
    ],
    [
      'Havana: Sun 2026-03-08 00:00–03:00 window holds 2h (01:00–03:00 −04)',
      havanaEarly,
      '2026-03-07T12:00:00Z',
      '2026-03-09T12:00:00Z',
      2 * HOUR,
    ],
    [
      'Havana: Sun 2026-11-01 00:00–03:00 window holds 4h (00:00–01:00 twice)',
      havanaEarly,
      '2026-10-31T12:00:00Z',
      '2026-11-02T12:00:00Z',
      4 * HOUR,
    ],
    ['Lord Howe: Sun 2026-10-04 01:00–04:00 holds 2h 30m', lordHowe, '2026-10-03T12:00:00Z', '2026-10-03T20:00:00Z', 2.5 * HOUR],
    ['Lord Howe: Sun 2026-04-05 01:00–04:00 holds 3h 30m', lordHowe, '2026-04-04T12:00:00Z', '2026-04-04T20:00:00Z', 3.5 * HOUR],
    [
      'Lord Howe, a window inside the gap holds nothing; 03:00–05:00 +11 holds 2h',
      lordHoweGap,
      '2026-10-03T12:00:00Z',
      '2026-10-03T20:00:00Z',
      2 * HOUR,
    ],
    [
      'Lord Howe, a window from 02:15 (inside the gap) to 05:00 holds 2h 30m',
      lordHoweInsideGap,
      '2026-10-03T12:00:00Z',
      '2026-10-03T20:00:00Z',
      2.5 * HOUR,
    ],
    ['Kathmandu: Mon 2026-11-16 08:00 to 12:30 +05:45 is 3h 30m', kathmandu, '2026-11-16T02:15:00Z', '2026-11-16T06:45:00Z', 3.5 * HOUR],
    [
      'Apia: Thu 2011-12-29 09:00 −10 to Sat 2011-12-31 17:00 +14 is two days of 8h, not three',
      apia,
      '2011-12-29T19:00:00Z',
      '2011-12-31T03:00:00Z',
      16 * HOUR,
    ],
    [
      'New York: Sun 2026-03-08 00:00 EST to 12:00 EDT holds 2h (03:00–05:00 EDT)',
      newYorkGap,
      '2026-03-08T05:00:00Z',
      '2026-03-08T16:00:00Z',
      2 * HOUR,
    ],
    ['New York: Sun 2026-03-15 holds 2h 30m (02:30–05:00 EDT)', newYorkGap, '2026-03-15T05:00:00Z', '2026-03-15T16:00:00Z', 2.5 * HOUR],
    ['zero: from = to', kathmandu, '2026-11-16T05:00:00Z', '2026-11-16T05:00:00Z', 0],
    ['zero: to before from', apia, '2011-12-31T01:00:00Z', '2011-12-30T20:00:00Z', 0],
  ])('%s', (_what, cal, from, to, expected) => {
    expect(cal.businessTimeBetween(at(from), at(to))).toBe(expected);
  });
});

describe('addBusinessTime (a zero duration is the next working instant)', () => {
  it.each<[string, BusinessCalendar, string, number, string]>([
    ['Santiago: Sat 2026-09-05 23:30 −04 + 1h = Sun 01:30 −03', santiagoNights, '2026-09-06T03:30:00Z', HOUR, '2026-09-06T04:30:00Z'],
    [
      'Santiago: Sat 2026-04-04 23:30 −03 + 1h = Sat 23:30 −04 (the hour repeats)',
      santiagoNights,
      '2026-04-05T02:30:00Z',
      HOUR,
      '2026-04-05T03:30:00Z',
    ],
    [
      'Santiago office: Fri 2026-09-04 17:00 −04 + 2h = Mon 2026-09-07 10:00 −03',
      santiagoOffice,
      '2026-09-04T21:00:00Z',
      2 * HOUR,
      '2026-09-07T13:00:00Z',
    ],
    [
      'Santiago office: zero from Sat 2026-09-05 12:00 −04 = Mon 09:00 −03',
      santiagoOffice,
      '2026-09-05T16:00:00Z',
      0,
      '2026-09-07T12:00:00Z',
    ],
    ['Havana: Sat 2026-03-07 23:00 −05 + 30m = Sun 01:30 −04', havanaEarly, '2026-03-08T04:00:00Z', 30 * MINUTE, '2026-03-08T05:30:00Z'],
    ['Havana: zero from Sat 2026-03-07 23:00 −05 = Sun 01:00 −04', havanaEarly, '2026-03-08T04:00:00Z', 0, '2026-03-08T05:00:00Z'],
    [
      'Havana: Sun 2026-11-01 00:00 −04 + 3h = 02:00 −05 (00:00–01:00 twice)',
      havanaEarly,
      '2026-11-01T04:00:00Z',
      3 * HOUR,
      '2026-11-01T07:00:00Z',
    ],
    ['Lord Howe: Sun 2026-10-04 01:30 +10:30 + 1h = 03:00 +11', lordHowe, '2026-10-03T15:00:00Z', HOUR, '2026-10-03T16:00:00Z'],
    [
      'Lord Howe: Sun 2026-04-05 01:00 +11 + 3h 30m = 04:00 +10:30, the close',
      lordHowe,
      '2026-04-04T14:00:00Z',
      3.5 * HOUR,
      '2026-04-04T17:30:00Z',
    ],
    ['Lord Howe: zero from Sat 2026-10-03 20:00 +10:30 = Sun 01:00 +10:30', lordHowe, '2026-10-03T09:30:00Z', 0, '2026-10-03T14:30:00Z'],
    [
      'Kathmandu: Fri 2026-11-20 16:00 +05:45 + 2h = Sun 2026-11-22 10:00 +05:45',
      kathmandu,
      '2026-11-20T10:15:00Z',
      2 * HOUR,
      '2026-11-22T04:15:00Z',
    ],
    ['Kathmandu: zero at Mon 2026-11-16 08:00 +05:45 = 09:00 +05:45', kathmandu, '2026-11-16T02:15:00Z', 0, '2026-11-16T03:15:00Z'],
    ['Apia: Thu 2011-12-29 16:00 −10 + 2h = Sat 2011-12-31 10:00 +14', apia, '2011-12-30T02:00:00Z', 2 * HOUR, '2011-12-30T20:00:00Z'],
    ['Apia: zero at Thu 2011-12-29 20:00 −10 = Sat 31 Dec 09:00 +14', apia, '2011-12-30T06:00:00Z', 0, '2011-12-30T19:00:00Z'],
    ['New York: Sun 2026-03-08 01:00 EST + 30m = 03:30 EDT', newYorkGap, '2026-03-08T06:00:00Z', 30 * MINUTE, '2026-03-08T07:30:00Z'],
    ['New York: zero at Sun 2026-03-08 01:00 EST = 03:00 EDT', newYorkGap, '2026-03-08T06:00:00Z', 0, '2026-03-08T07:00:00Z'],
  ])('%s', (_what, cal, from, amount, expected) => {
    const result = cal.addBusinessTime(at(from), amount);
    expect(iso(result)).toBe(new Date(at(expected)).toISOString());
    // The two operations agree: the time between the start and the result is the amount added.
    expect(cal.businessTimeBetween(at(from), result)).toBe(amount);
  });
});

describe('calendar durations keep the wall clock across these transitions', () => {
  it.each<[string, BusinessCalendar, string, string, string]>([
    [
      'Santiago office: Mon 2026-08-31 09:00 −04 + 1w = Mon 2026-09-07 09:00 −03',
      santiagoOffice,
      '2026-08-31T13:00:00Z',
      '1w',
      '2026-09-07T12:00:00Z',
    ],
    [
      'Kathmandu: Mon 2026-11-16 10:00 +05:45 + 1mo = Wed 2026-12-16 10:00 +05:45',
      kathmandu,
      '2026-11-16T04:15:00Z',
      '1mo',
      '2026-12-16T04:15:00Z',
    ],
    [
      'Apia: Wed 2011-12-28 10:00 −10 + 1w = Wed 2012-01-04 10:00 +14 (six real days)',
      apia,
      '2011-12-28T20:00:00Z',
      '1w',
      '2012-01-03T20:00:00Z',
    ],
    [
      'Lord Howe: Mon 2026-09-28 09:00 +10:30 + 1w = Mon 2026-10-05 09:00 +11',
      lordHowe,
      '2026-09-27T22:30:00Z',
      '1w',
      '2026-10-04T22:00:00Z',
    ],
    [
      'immediate is the start itself, even in the New York gap night',
      newYorkGap,
      '2026-03-08T06:30:00Z',
      'immediate',
      '2026-03-08T06:30:00Z',
    ],
    ['0m is the next working instant', newYorkGap, '2026-03-08T06:30:00Z', '0m', '2026-03-08T07:00:00Z'],
  ])('%s', (_what, cal, from, duration, expected) => {
    expect(iso(cal.addDuration(at(from), parseDuration(duration)))).toBe(new Date(at(expected)).toISOString());
  });
});
