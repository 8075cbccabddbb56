/**
 * The holidays each preset calendar observes, checked against the law of its region for 2026–2030 (issue 9 §1).
 * The tables below are written from the sources named beside them, not from date-holidays: they list the
 * weekdays (Monday–Friday, the only days these calendars work) on which the office is closed by law.
 */
import { loadPreset } from '../../src/engine/presets';
import { HolidayTableRangeError } from '../../src/engine/holidays';

const YEARS = [2026, 2027, 2028, 2029, 2030] as const;

interface RegionTable {
  region: string;
  preset: string;
  calendar: string;
  source: string;
  /** year → weekday holidays as MM-DD. `complete: false` = only these are law yet (the rest is gazetted later). */
  days: Record<(typeof YEARS)[number], string[]>;
  complete: boolean;
}

const REGIONS: RegionTable[] = [
  {
    region: 'Bulgaria',
    preset: 'businessmap',
    calendar: 'office',
    source:
      'Labour Code (Кодекс на труда) art. 154(1): 1 Jan, 3 Mar, 1 May, 6 May, 24 May, 6 Sep, 22 Sep, 24–26 Dec, Good Friday, ' +
      'Holy Saturday, Easter Sunday and Monday (Orthodox); art. 154(2): a holiday other than Easter on a Saturday or Sunday ' +
      'makes the next working day(s) a day off',
    complete: true,
    days: {
      2026: ['01-01', '03-03', '04-10', '04-13', '05-01', '05-06', '05-25', '09-07', '09-22', '12-24', '12-25', '12-28'],
      // 1 May is a Saturday and 3 May is Easter Monday, so Labour Day's day off is Tuesday 4 May.
      2027: ['01-01', '03-03', '04-30', '05-03', '05-04', '05-06', '05-24', '09-06', '09-22', '12-24', '12-27', '12-28'],
      2028: ['01-03', '03-03', '04-14', '04-17', '05-01', '05-08', '05-24', '09-06', '09-22', '12-25', '12-26', '12-27'],
      2029: ['01-01', '03-05', '04-06', '04-09', '05-01', '05-07', '05-24', '09-06', '09-24', '12-24', '12-25', '12-26'],
      2030: ['01-01', '03-04', '04-26', '04-29', '05-01', '05-06', '05-24', '09-06', '09-23', '12-24', '12-25', '12-26'],
    },
  },
  {
    region: 'Croatia',
    preset: 'b2bee',
    calendar: 'wd-09-17',
    source:
      'Zakon o blagdanima, spomendanima i neradnim danima u Republici Hrvatskoj (NN 110/2019) art. 1: 1 and 6 Jan, Easter ' +
      'Sunday and Monday, Corpus Christi, 1 May, 30 May, 22 Jun, 5 Aug, 15 Aug, 1 Nov, 18 Nov, 25 and 26 Dec; no weekend moves',
    complete: true,
    days: {
      2026: ['01-01', '01-06', '04-06', '05-01', '06-04', '06-22', '08-05', '11-18', '12-25'],
      2027: ['01-01', '01-06', '03-29', '05-27', '06-22', '08-05', '11-01', '11-18'],
      2028: ['01-06', '04-17', '05-01', '05-30', '06-15', '06-22', '08-15', '11-01', '12-25', '12-26'],
      2029: ['01-01', '04-02', '05-01', '05-30', '05-31', '06-22', '08-15', '11-01', '12-25', '12-26'],
      2030: ['01-01', '04-22', '05-01', '05-30', '06-20', '08-05', '08-15', '11-01', '11-18', '12-25', '12-26'],
    },
  },
  {
    region: 'United States (federal)',
    preset: 'byteztech',
    calendar: 'us-business',
    source:
      '5 U.S.C. 6103(a) (the eleven federal holidays) and 6103(b) with Executive Order 11582 (Saturday → Friday before, ' +
      'Sunday → Monday after; New Year 2028 is observed on Friday 31 December 2027)',
    complete: true,
    days: {
      2026: ['01-01', '01-19', '02-16', '05-25', '06-19', '07-03', '09-07', '10-12', '11-11', '11-26', '12-25'],
      2027: ['01-01', '01-18', '02-15', '05-31', '06-18', '07-05', '09-06', '10-11', '11-11', '11-25', '12-24', '12-31'],
      2028: ['01-17', '02-21', '05-29', '06-19', '07-04', '09-04', '10-09', '11-10', '11-23', '12-25'],
      2029: ['01-01', '01-15', '02-19', '05-28', '06-19', '07-04', '09-03', '10-08', '11-12', '11-22', '12-25'],
      2030: ['01-01', '01-21', '02-18', '05-27', '06-19', '07-04', '09-02', '10-14', '11-11', '11-28', '12-25'],
    },
  },
  {
    region: 'England and Wales',
    preset: 'essensys',
    calendar: 'uk-eu',
    source:
      'Banking and Financial Dealings Act 1971, Schedule 1 (New Year, Easter Monday, first and last Monday of May, last ' +
      'Monday of August, Boxing Day, with their substitute days) and Good Friday and Christmas Day as common-law ' +
      'holidays (gov.uk/bank-holidays lists 2026–2027; later years follow the same rules)',
    complete: true,
    days: {
      2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
      2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
      2028: ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
      2029: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
      2030: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
    },
  },
  {
    region: 'Singapore',
    preset: 'essensys',
    calendar: 'apac',
    source:
      'Holidays Act 1998, Schedule and s. 4 (a holiday on a Sunday makes the next day one); Ministry of Manpower, ' +
      'public holidays for 2026. Later years: only the fixed-date holidays and Good Friday are known in advance; the ' +
      'movable ones are gazetted a year ahead',
    complete: false,
    days: {
      2026: ['01-01', '02-17', '02-18', '04-03', '05-01', '05-27', '06-01', '08-10', '11-09', '12-25'],
      2027: ['01-01', '03-26', '08-09'],
      2028: ['04-14', '05-01', '08-09', '12-25'],
      2029: ['01-01', '03-30', '05-01', '08-09', '12-25'],
      2030: ['01-01', '04-19', '05-01', '08-09', '12-25'],
    },
  },
];

/** The weekday dates (MM-DD) on which a preset calendar observes a holiday in `year`. */
function weekdayHolidays(preset: string, calendar: string, year: number): string[] {
  const dates = loadPreset(preset)
    .calendar(calendar)
    .holidaysOf(year)
    .map((holiday) => holiday.date)
    .filter((date) => {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    });
  return [...new Set(dates)].map((date) => date.slice(5)).sort();
}

describe('preset holidays against the law, 2026–2030', () => {
  const cases = REGIONS.flatMap((region) => YEARS.map((year) => [region.region, year, region] as const));

  it.each(cases)('%s %i', (_name, year, region) => {
    const observed = weekdayHolidays(region.preset, region.calendar, year);
    if (region.complete || year === 2026) {
      expect(observed).toEqual(region.days[year]);
    } else {
      expect(observed).toEqual(expect.arrayContaining(region.days[year]));
    }
  });

  it('names the legal source of every region table', () => {
    for (const region of REGIONS) expect(region.source.length).toBeGreaterThan(40);
  });
});

describe('where each Bulgarian day off comes from', () => {
  const office = loadPreset('businessmap').calendar('office');

  it('26 December is added by the policy, and a weekend holiday gives a day off named after it', () => {
    expect(office.holidaysOf(2026).filter((holiday) => holiday.date >= '2026-12-24')).toEqual([
      { date: '2026-12-24', name: 'Christmas Eve', source: 'library' },
      { date: '2026-12-25', name: 'Christmas Day', source: 'library' },
      { date: '2026-12-26', name: 'Christmas (26 December)', source: 'added' },
      { date: '2026-12-28', name: 'Christmas (26 December)', source: 'rule', movedFrom: '2026-12-26' },
    ]);
  });

  it('does not move the Easter days', () => {
    // Orthodox Easter Sunday 2026 is 12 April; the Monday after it is Easter Monday itself, and nothing more.
    expect(
      office
        .holidaysOf(2026)
        .filter((holiday) => holiday.source === 'rule')
        .map((holiday) => holiday.movedFrom),
    ).toEqual(['2026-05-24', '2026-09-06', '2026-12-26']);
  });

  it('counts the moved day off as non-working time, up to its boundaries', () => {
    // Monday 28 December 2026 is a day off in Sofia (EET, UTC+2): 09:00 local = 07:00Z.
    expect(office.isWorking(Date.parse('2026-12-28T07:00:00Z'))).toBe(false);
    // Friday 18:00 before it is the close; the next opening is Tuesday 29 December 09:00 local.
    expect(new Date(office.nextWorkingInstant(Date.parse('2026-12-23T16:00:00Z'))).toISOString()).toBe('2026-12-29T07:00:00.000Z');
    // The last minute before the holidays counts: Wednesday 23 December 17:59 → 18:00 is one working minute.
    expect(office.businessTimeBetween(Date.parse('2026-12-23T15:59:00Z'), Date.parse('2026-12-29T07:01:00Z'))).toBe(2 * 60_000);
  });

  it('refuses a year outside the table built for the preset instead of forgetting the holidays', () => {
    expect(() => office.holidaysOf(2200)).toThrow(HolidayTableRangeError);
    expect(() => office.isWorking(Date.parse('2200-06-02T07:00:00Z'))).toThrow(/save the policy again/);
  });
});
