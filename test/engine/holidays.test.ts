import { calendarSpecSchema, type HolidaysSpec } from '../../src/engine/calendar-schema';
import { buildCalendar } from '../../src/engine/build-calendar';
import { holidayLibraryProblems, holidaysFromLibrary, holidayTableYears, resolveHolidayTables } from '../../src/engine/holiday-library';
import {
  holidaysFromTables,
  holidayTable,
  HolidayTableRangeError,
  observedHolidays,
  type LibraryHolidays,
} from '../../src/engine/holidays';

const base = { id: 'office', timeZone: 'Europe/Sofia', week: { 'mon-fri': ['09:00-18:00'] } };

/** A spec as the schema makes it (defaults applied). */
function spec(holidays: Record<string, unknown>): HolidaysSpec {
  const parsed = calendarSpecSchema.parse({ ...base, holidays });
  if (parsed.holidays === undefined) throw new Error('no holidays');
  return parsed.holidays;
}

/** A stand-in library: the given dates of every year, so each test states the list it corrects. */
function library(entries: Array<[string, string]>): LibraryHolidays {
  return (year) => entries.map(([monthDay, name]) => ({ date: `${year}-${monthDay}`, name }));
}

const dates = (list: ReadonlyArray<{ date: string }>): string[] => list.map((holiday) => holiday.date);

describe('observedHolidays', () => {
  const cases: Array<
    [string, Record<string, unknown>, Array<[string, string]>, number, Array<{ date: string; source: string; movedFrom?: string }>]
  > = [
    [
      'adds a yearly date and a one-off date, skips a one-off of another year',
      {
        country: 'BG',
        add: [
          { date: '12-26', name: 'Christmas 3' },
          { date: '2027-01-02', name: 'Bridge day' },
          { date: '2028-01-02', name: 'Later' },
        ],
      },
      [['12-25', 'Christmas']],
      2027,
      [
        { date: '2027-01-02', source: 'added' },
        { date: '2027-12-25', source: 'library' },
        { date: '2027-12-26', source: 'added' },
      ],
    ],
    [
      'removes a library date every year (MM-DD) or once (YYYY-MM-DD)',
      {
        country: 'BG',
        remove: [
          { date: '11-01', name: 'School day' },
          { date: '2027-05-06', name: 'Moved by decree' },
        ],
      },
      [
        ['05-06', "St. George's Day"],
        ['11-01', "Revival Leaders' Day"],
        ['12-25', 'Christmas'],
      ],
      2027,
      [{ date: '2027-12-25', source: 'library' }],
    ],
    [
      'moves two weekend holidays in a row to two working days, skipping a holiday on the way',
      { country: 'BG', rules: [{ moveTo: 'nextWorkingDay' }] },
      // 2027: 25 Dec Sat, 26 Dec Sun, 27 Dec Mon is itself a holiday here → 28 and 29 December.
      [
        ['12-25', 'Christmas'],
        ['12-26', 'Christmas 2'],
        ['12-27', 'Bank day'],
      ],
      2027,
      [
        { date: '2027-12-25', source: 'library' },
        { date: '2027-12-26', source: 'library' },
        { date: '2027-12-27', source: 'library' },
        { date: '2027-12-28', source: 'rule', movedFrom: '2027-12-25' },
        { date: '2027-12-29', source: 'rule', movedFrom: '2027-12-26' },
      ],
    ],
    [
      'moves a Saturday holiday back across New Year into the previous year (US: 1 January 2028 → Friday 31 December 2027)',
      { country: 'US', rules: [{ moveTo: 'previousWorkingDay', from: ['sat'] }] },
      [['01-01', "New Year's Day"]],
      2027,
      [
        { date: '2027-01-01', source: 'library' },
        { date: '2027-12-31', source: 'rule', movedFrom: '2028-01-01' },
      ],
    ],
    [
      'moves only the named holidays, case-insensitively',
      { country: 'US', rules: [{ moveTo: 'nextWorkingDay', from: ['sun'], only: ['veterans day'] }] },
      // 2029: 11 November is a Sunday, 4 November too.
      [
        ['11-04', 'Other Sunday'],
        ['11-11', 'Veterans Day'],
      ],
      2029,
      [
        { date: '2029-11-04', source: 'library' },
        { date: '2029-11-11', source: 'library' },
        { date: '2029-11-12', source: 'rule', movedFrom: '2029-11-11' },
      ],
    ],
    [
      'does not move the excepted holidays',
      { country: 'BG', rules: [{ moveTo: 'nextWorkingDay', except: ['Easter Sunday'] }] },
      [
        ['04-12', 'Easter Sunday'],
        ['05-24', 'Culture Day'],
      ],
      2026,
      [
        { date: '2026-04-12', source: 'library' },
        { date: '2026-05-24', source: 'library' },
        { date: '2026-05-25', source: 'rule', movedFrom: '2026-05-24' },
      ],
    ],
    ['keeps 29 February to leap years', { add: [{ date: '02-29', name: 'Leap day' }] }, [], 2027, []],
  ];

  it.each(cases)('%s', (_name, holidays, libraryEntries, year, expected) => {
    const observed = observedHolidays(spec(holidays), year, library(libraryEntries));
    expect(observed.map(({ date, source, movedFrom }) => ({ date, source, ...(movedFrom ? { movedFrom } : {}) }))).toEqual(expected);
  });

  it('gives moved days the name of the holiday they stand for', () => {
    const observed = observedHolidays(
      spec({ country: 'BG', rules: [{ moveTo: 'nextWorkingDay' }] }),
      2026,
      library([['05-24', 'Culture Day']]),
    );
    expect(observed).toContainEqual({ date: '2026-05-25', name: 'Culture Day', source: 'rule', movedFrom: '2026-05-24' });
  });
});

describe('holiday schema', () => {
  function problems(holidays: unknown): string[] {
    const result = calendarSpecSchema.safeParse({ ...base, holidays });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  }

  it.each([
    [
      { country: 'BG', add: [{ date: '2026-13-01', name: 'x' }] },
      'holidays.add.0.date: "2026-13-01" is not a date: write "MM-DD" for every year (e.g. "12-26") or "YYYY-MM-DD" for one year (e.g. "2027-05-04").',
    ],
    [{ country: 'BG', add: [{ date: '12-26' }] }, 'holidays.add.0.name: name must be text, e.g. "Second day of Christmas".'],
    [
      { country: 'BG', add: [{ date: '12-26', name: '  ' }] },
      'holidays.add.0.name: name must not be empty: say which holiday this is, e.g. "Second day of Christmas".',
    ],
    [
      { country: 'BG', add: [{ date: '12-26', name: 'x', why: 'law' }] },
      'holidays.add.0: Unknown key "why"; remove it. Valid keys here: date, name.',
    ],
    [{ country: 'BG', add: [{ date: '12-26', name: 'x'.repeat(101) }] }, 'holidays.add.0.name: name must be at most 100 characters.'],
    [
      { country: 'BG', add: Array.from({ length: 201 }, () => ({ date: '12-26', name: 'x' })) },
      'holidays.add: add may list at most 200 dates; use "MM-DD" for a date that repeats every year.',
    ],
    [
      { country: 'BG', rules: [{ moveTo: 'nextMonday' }] },
      'holidays.rules.0.moveTo: moveTo must be nextWorkingDay or previousWorkingDay: where a holiday falling on a "from" day is observed.',
    ],
    [
      { country: 'BG', rules: [{ moveTo: 'nextWorkingDay', from: ['saturday'] }] },
      'holidays.rules.0.from.0: from lists day keys: mon, tue, wed, thu, fri, sat, sun.',
    ],
    [
      { country: 'BG', rules: [{ moveTo: 'nextWorkingDay', from: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }] },
      'holidays.rules.0.from: from must leave at least one day of the week to move to.',
    ],
    [
      { country: 'BG', rules: [{ moveTo: 'nextWorkingDay', only: ['a'], except: ['b'] }] },
      'holidays.rules.0.only: give either only or except, not both.',
    ],
    [
      { country: 'BG', rules: [{ moveTo: 'nextWorkingDay', exept: ['b'] }] },
      'holidays.rules.0: Unknown key "exept"; did you mean "except"? Valid keys here: moveTo, from, except, only.',
    ],
    [
      { dates: ['2026-12-24'], remove: [{ date: '12-24', name: 'x' }] },
      "holidays.remove: remove corrects a country's holidays: add country, or delete remove.",
    ],
  ])('rejects %j with its path and a fix', (holidays, expected) => {
    expect(problems(holidays)).toContain(expected);
  });

  it('accepts a calendar with only added holidays', () => {
    expect(problems({ add: [{ date: '12-24', name: 'Christmas Eve' }] })).toEqual([]);
  });

  it('reports an unknown country or region through the library, at the calendar path', () => {
    const unknown = holidayLibraryProblems([{ holidays: spec({ country: 'XX' }) }, { holidays: spec({ country: 'GB', state: 'XYZ' }) }]);
    expect(unknown).toEqual([
      {
        path: ['calendars', 0, 'holidays', 'country'],
        message: '"XX" is not a date-holidays country: use an ISO 3166-1 code such as US, GB, DE, IN or AU.',
      },
      { path: ['calendars', 1, 'holidays', 'state'], message: '"XYZ" is not a region of GB: use one of ALD, ENG, NIR, SCT, WLS.' },
    ]);
  });
});

describe('holiday tables', () => {
  const bulgaria = spec({
    country: 'BG',
    add: [{ date: '12-26', name: 'Christmas (26 December)' }],
    rules: [{ moveTo: 'nextWorkingDay' }],
  });
  const calendarSpec = { ...base, holidays: bulgaria };

  it('give a calendar the same working time as the library inside their years, up to a holiday boundary', () => {
    const [table] = resolveHolidayTables([{ holidays: bulgaria }], 2025, 2028);
    if (table === undefined) throw new Error('no table');
    const fromTable = buildCalendar(calendarSpec, holidaysFromTables([table]));
    const fromLibrary = buildCalendar(calendarSpec, holidaysFromLibrary());
    // Friday 24 December 2027 (holiday) → Wednesday 29 December: 27 and 28 are the days off for the weekend's Christmas.
    const friday = Date.parse('2027-12-23T15:59:00Z'); // Thursday 17:59 Sofia, one working minute before the close
    for (const calendar of [fromTable, fromLibrary]) {
      expect(calendar.addBusinessTime(friday, 2 * 60_000)).toBe(Date.parse('2027-12-29T07:01:00Z'));
      expect(calendar.isWorking(Date.parse('2027-12-28T17:00:00Z'))).toBe(false);
      expect(calendar.isWorking(Date.parse('2027-12-29T07:00:00Z'))).toBe(true);
    }
  });

  it('refuse a year outside them with the years they cover and the fix', () => {
    const table = holidayTable(bulgaria, 2026, 2027, library([['01-01', "New Year's Day"]]));
    const calendar = buildCalendar(calendarSpec, holidaysFromTables([table]));
    expect(calendar.holidaysOf(2027).length).toBeGreaterThan(0);
    expect(() => calendar.holidaysOf(2030)).toThrow(HolidayTableRangeError);
    expect(() => calendar.holidaysOf(2030)).toThrow('resolved for 2026–2027; 2030 is outside: save the policy again');
  });

  it('are missing for a country calendar compiled without any: it refuses to count instead of ignoring holidays', () => {
    const calendar = buildCalendar(calendarSpec, holidaysFromTables([]));
    expect(() => calendar.isWorking(Date.parse('2026-06-01T07:00:00Z'))).toThrow(/were not resolved/);
  });

  it('cover five years before and ten after the save year, with a year of margin each side', () => {
    expect(holidayTableYears(2026)).toEqual({ fromYear: 2020, toYear: 2037 });
  });
});

it('a calendar lists its corrected holidays by year', () => {
  const calendar = buildCalendar({ ...base, holidays: { add: [{ date: '12-24', name: 'Christmas Eve' }] } });
  expect(dates(calendar.holidaysOf(2031))).toEqual(['2031-12-24']);
});
