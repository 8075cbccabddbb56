import { calendarSpecSchema, parseWindow, weekKeyDays, weekWindows } from '../../src/engine/calendar-schema';

const base = { id: 'us-business', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] } };

/** The issues of an invalid input as "path: message" lines. */
function problems(input: unknown): string[] {
  const result = calendarSpecSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('calendarSpecSchema', () => {
  it('accepts a full calendar and applies holiday defaults', () => {
    const parsed = calendarSpecSchema.parse({ ...base, holidays: { country: 'US', state: 'NY', dates: ['2026-12-24'] }, dayLength: '9h' });
    expect(parsed.holidays).toEqual({ country: 'US', state: 'NY', types: ['public'], observed: true, dates: ['2026-12-24'] });
    expect(parsed.dayLength).toBe('9h');
  });

  it('accepts split windows, 24:00 ends, single days, wrap-around ranges and empty days', () => {
    expect(
      calendarSpecSchema.safeParse({
        ...base,
        week: { 'mon-thu': ['08:00-12:00', '13:00-17:00'], fri: ['08:00-12:00', '13:00-24:00'], 'sat-sun': [] },
      }).success,
    ).toBe(true);
    expect(calendarSpecSchema.safeParse({ ...base, week: { 'sun-thu': ['08:00-16:00'] } }).success).toBe(true);
    expect(calendarSpecSchema.safeParse({ ...base, week: { 'fri-mon': ['00:00-24:00'] } }).success).toBe(true);
  });

  const bad: Array<[string, unknown, string]> = [
    [
      'unknown top-level key',
      { ...base, zone: 'x' },
      ': Unknown key "zone"; remove it. Valid keys here: id, timeZone, week, holidays, dayLength.',
    ],
    [
      'misspelt key',
      { ...base, daylength: '8h' },
      ': Unknown key "daylength"; did you mean "dayLength"? Valid keys here: id, timeZone, week, holidays, dayLength.',
    ],
    ['missing id', { timeZone: 'UTC', week: base.week }, 'id: A calendar needs an id: add id, e.g. id: us-business.'],
    ['bad id', { ...base, id: 'US business' }, 'id: id may contain only letters, digits, "-" and "_", e.g. "us-business".'],
    [
      'unknown zone',
      { ...base, timeZone: 'Eastern Time' },
      'timeZone: "Eastern Time" is not an IANA time zone: use a name such as "America/New_York", "Europe/London" or "UTC".',
    ],
    [
      'a zone abbreviation (EST never observes daylight saving)',
      { ...base, timeZone: 'EST' },
      'timeZone: "EST" is an abbreviation, not a place: "EST" is a fixed UTC-5 with no daylight saving, "PST" follows Los Angeles. Write the place whose clock the office keeps, such as "America/New_York" (or "Etc/GMT+5" for a fixed offset).',
    ],
    [
      'a POSIX-style zone',
      { ...base, timeZone: 'EST5EDT' },
      'timeZone: "EST5EDT" is an abbreviation, not a place: "EST" is a fixed UTC-5 with no daylight saving, "PST" follows Los Angeles. Write the place whose clock the office keeps, such as "America/New_York" (or "Etc/GMT+5" for a fixed offset).',
    ],
    [
      'bad day key',
      { ...base, week: { weekdays: ['09:00-17:00'] } },
      'week.weekdays: "weekdays" is not a day key: use mon, tue, wed, thu, fri, sat, sun, or a range such as "mon-fri".',
    ],
    [
      'day in two keys',
      { ...base, week: { 'mon-fri': ['09:00-17:00'], fri: ['09:00-15:00'] } },
      'week.fri: fri is listed in both "mon-fri" and "fri": give each day in one key only.',
    ],
    [
      'single-digit hour',
      { ...base, week: { mon: ['9:00-17:00'] } },
      'week.mon.0: "9:00-17:00" is not a window: write "HH:MM-HH:MM" with two-digit hours, such as "09:00-17:30" (use "24:00" for the end of the day).',
    ],
    [
      'end before start',
      { ...base, week: { mon: ['22:00-06:00'] } },
      'week.mon.0: "22:00-06:00" ends before it starts: a window cannot cross midnight; split it, e.g. "22:00-24:00" on one day and "00:00-06:00" on the next.',
    ],
    [
      'empty window',
      { ...base, week: { mon: ['09:00-09:00'] } },
      'week.mon.0: "09:00-09:00" ends before it starts: a window cannot cross midnight; split it, e.g. "22:00-24:00" on one day and "00:00-06:00" on the next.',
    ],
    [
      '24:30 end',
      { ...base, week: { mon: ['22:00-24:30'] } },
      'week.mon.0: "22:00-24:30" ends at an impossible time: the end must be between 00:01 and 24:00.',
    ],
    [
      '24:00 start',
      { ...base, week: { mon: ['24:00-24:00'] } },
      'week.mon.0: "24:00-24:00" starts at an impossible time: the start must be between 00:00 and 23:59.',
    ],
    [
      'overlapping windows',
      { ...base, week: { mon: ['09:00-13:00', '12:00-17:00'] } },
      'week.mon.1: "12:00-17:00" overlaps "09:00-13:00": windows of a day must not overlap; merge them into one window.',
    ],
    [
      'unsorted windows',
      { ...base, week: { mon: ['13:00-17:00', '08:00-12:00'] } },
      'week.mon.1: "08:00-12:00" comes before "13:00-17:00": list the windows of a day in time order.',
    ],
    [
      'no working window',
      { ...base, week: { 'mon-sun': [] } },
      'week: The week has no working window: give at least one day a window, e.g. mon-fri: ["09:00-17:00"].',
    ],
    [
      'empty week',
      { ...base, week: {} },
      'week: The week has no working window: give at least one day a window, e.g. mon-fri: ["09:00-17:00"].',
    ],
    [
      'a country that is no ISO code',
      { ...base, holidays: { country: 'USA' } },
      'holidays.country: "USA" is not a date-holidays country: use an ISO 3166-1 code such as US, GB, DE, IN or AU.',
    ],
    [
      'country-region in one',
      { ...base, holidays: { country: 'GB-ENG' } },
      'holidays.country: "GB-ENG" combines country and region: write country: GB and state: ENG.',
    ],
    ['lower-case country', { ...base, holidays: { country: 'us' } }, 'holidays.country: "us" must be upper case: write country: US.'],
    [
      'a state that is no code',
      { ...base, holidays: { country: 'GB', state: 'New York' } },
      'holidays.state: state must be a region code of letters and digits, such as "NY" or "ENG".',
    ],
    [
      'unknown holiday type',
      { ...base, holidays: { country: 'US', types: ['federal'] } },
      'holidays.types.0: Unknown holiday type: use one of public, bank, optional, school, observance (public is the usual choice).',
    ],
    [
      'bad date',
      { ...base, holidays: { dates: ['2026-02-30'] } },
      'holidays.dates.0: "2026-02-30" is not a date: write it as YYYY-MM-DD, e.g. "2026-12-24".',
    ],
    [
      'holidays with neither country nor dates',
      { ...base, holidays: {} },
      'holidays: holidays needs a country (e.g. country: US) or a list of dates (e.g. dates: ["2026-12-24"]).',
    ],
    [
      'unknown holidays key',
      { ...base, holidays: { country: 'US', region: 'NY' } },
      'holidays: Unknown key "region"; remove it. Valid keys here: country, state, types, observed, dates, add, remove, rules.',
    ],
    [
      'dayLength in days',
      { ...base, dayLength: '1d' },
      'dayLength: "1d" must be a positive number of business hours or minutes, such as "9h", "7h 30m" or "450m".',
    ],
    [
      'dayLength unparsable',
      { ...base, dayLength: '9 hours' },
      'dayLength: "9 hours" is not a duration; write business time as "30m", "4h", "1h 30m" or "1.5h", business days as "2d", calendar time as "1w" or "1mo", or "immediate" / "none". Use the one-letter lower-case units h, m, d, w (e.g. "4h").',
    ],
    ['not an object', 'us-business', ': A calendar must be an object with id, timeZone, week, holidays and dayLength.'],
  ];
  it.each(bad)('rejects %s with its path and a fix', (_name, input, expected) => {
    expect(problems(input)).toContain(expected);
  });

  it('accepts UTC, GMT and fixed-offset Etc zones', () => {
    for (const timeZone of ['UTC', 'GMT', 'Etc/GMT+5']) expect(problems({ ...base, timeZone })).toEqual([]);
  });

  it('reports a malformed country even when another holidays key is wrong too', () => {
    const found = problems({ ...base, holidays: { country: 'USA', types: ['federal'] } });
    expect(found).toEqual(
      expect.arrayContaining([
        'holidays.country: "USA" is not a date-holidays country: use an ISO 3166-1 code such as US, GB, DE, IN or AU.',
        expect.stringMatching(/^holidays\.types\.0: Unknown holiday type/),
      ]),
    );
  });

  it('lists every problem, not just the first', () => {
    const found = problems({ id: 'x', timeZone: 'Nowhere/Else', week: { mon: ['9-5'], funday: [] }, extra: true });
    expect(found.map((line) => line.split(':')[0])).toEqual(expect.arrayContaining(['timeZone', 'week.mon.0', 'week.funday', '']));
  });
});

describe('week helpers', () => {
  it('expands day keys and ranges, including wrap-around', () => {
    expect(weekKeyDays('mon-fri')).toEqual([0, 1, 2, 3, 4]);
    expect(weekKeyDays('sun')).toEqual([6]);
    expect(weekKeyDays('fri-mon')).toEqual([4, 5, 6, 0]);
    expect(weekKeyDays('mon-tue-wed')).toMatch(/not a day key/);
  });

  it('parses windows into minutes', () => {
    expect(parseWindow('09:00-17:30')).toEqual({ start: 540, end: 1050 });
    expect(parseWindow('22:00-24:00')).toEqual({ start: 1320, end: 1440 });
    expect(parseWindow('25:00-26:00')).toMatch(/impossible time/);
  });

  it('gives each weekday its windows', () => {
    const days = weekWindows({ 'mon-thu': ['09:00-17:00'], fri: ['09:00-15:00'] });
    expect(days[0]).toEqual([{ start: 540, end: 1020 }]);
    expect(days[4]).toEqual([{ start: 540, end: 900 }]);
    expect(days[5]).toEqual([]);
    expect(days[6]).toEqual([]);
  });
});
