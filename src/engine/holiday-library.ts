/**
 * The date-holidays side of holidays: the library's list for a country, checks that a country and region exist,
 * and the tables a policy stores so that the Forge runtime never loads the library (see docs/forge.md,
 * "Holiday tables"). Only the CLI, the build script, tests and the policy save path (through a lazily loaded
 * chunk) import this module; `src/engine/index.ts` does not re-export it.
 */
import Holidays from 'date-holidays';
import type { CalendarSpec, HolidaysSpec } from './calendar-schema';
import {
  countryHolidaySpecs,
  holidayTable,
  isoDateToDay,
  memoisedProvider,
  observedHolidays,
  type HolidayProvider,
  type HolidayTable,
  type LibraryHolidays,
  type PolicyHolidays,
} from './holidays';
import { loadPolicy, type LoadPolicyResult } from './load-policy';

const DAY_MS = 86_400_000;

let catalogue: Holidays | undefined;
function holidayCatalogue(): Holidays {
  catalogue ??= new Holidays();
  return catalogue;
}

/** Library instances and year lists, shared by every policy in the process (date-holidays takes ms per year). */
const sources = new Map<string, Holidays>();
const yearLists = new Map<string, ReadonlyArray<{ date: string; name: string }>>();

/**
 * date-holidays' holidays of a spec's country (and state) for a year: only the spec's `types`, without
 * substitute days when `observed` is false, English names, one entry per day of a multi-day holiday.
 *
 * @example
 * libraryHolidays({ country: 'BG', types: ['public'], observed: true })(2026)[0] //=> { date: '2026-01-01', name: "New Year's Day" }
 */
export function libraryHolidays(spec: HolidaysSpec): LibraryHolidays {
  const country = spec.country;
  if (country === undefined) return () => [];
  const key = JSON.stringify([country, spec.state ?? null, [...spec.types].sort(), spec.observed]);
  return (year) => {
    const cacheKey = `${key}|${year}`;
    const cached = yearLists.get(cacheKey);
    if (cached) return cached;
    let source = sources.get(key);
    if (!source) {
      // Passing the types makes date-holidays skip the other rules, several times faster than filtering after.
      const options = { types: [...spec.types], languages: ['en'] };
      source = spec.state === undefined ? new Holidays(country, options) : new Holidays(country, spec.state, options);
      sources.set(key, source);
    }
    const list: Array<{ date: string; name: string }> = [];
    for (const holiday of source.getHolidays(year, 'en')) {
      if (!spec.types.includes(holiday.type)) continue;
      if (holiday.substitute === true && !spec.observed) continue;
      const first = isoDateToDay(holiday.date.slice(0, 10));
      const span = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let offset = 0; offset < span; offset += 1) {
        list.push({ date: new Date((first + offset) * DAY_MS).toISOString().slice(0, 10), name: holiday.name });
      }
    }
    yearLists.set(cacheKey, list);
    return list;
  };
}

/**
 * A provider computing any year from the library (the CLI, tests, the save path).
 *
 * @example
 * libraryHolidayProvider(spec).holidaysOf(2027) // BG 2027, corrected
 */
export function libraryHolidayProvider(spec: HolidaysSpec): HolidayProvider {
  const library = libraryHolidays(spec);
  return memoisedProvider('library', (year) => observedHolidays(spec, year, library));
}

/** Why a calendar's country or state is not in date-holidays, at its path inside the calendar. */
function holidaysProblems(spec: HolidaysSpec): Array<{ path: PropertyKey[]; message: string }> {
  const country = spec.country;
  if (country === undefined) return [];
  const countries = holidayCatalogue().getCountries('en');
  if (!Object.hasOwn(countries, country)) {
    return [
      {
        path: ['holidays', 'country'],
        message: `"${country}" is not a date-holidays country: use an ISO 3166-1 code such as US, GB, DE, IN or AU.`,
      },
    ];
  }
  if (spec.state === undefined) return [];
  const states = holidayCatalogue().getStates(country, 'en') ?? {};
  if (Object.hasOwn(states, spec.state)) return [];
  const known = Object.keys(states);
  return [
    {
      path: ['holidays', 'state'],
      message:
        known.length === 0
          ? `${country} has no states or regions in date-holidays: remove state.`
          : `"${spec.state}" is not a region of ${country}: use one of ${known.join(', ')}.`,
    },
  ];
}

/**
 * Problems of the calendars' countries and regions, with paths from the policy root.
 *
 * @example
 * holidayLibraryProblems([{ holidays: { country: 'XX', types: ['public'], observed: true } }])
 * //=> [{ path: ['calendars', 0, 'holidays', 'country'], message: '"XX" is not a date-holidays country: …' }]
 */
export function holidayLibraryProblems(
  calendars: ReadonlyArray<Pick<CalendarSpec, 'holidays'>>,
): Array<{ path: PropertyKey[]; message: string }> {
  return calendars.flatMap((calendar, index) =>
    calendar.holidays === undefined
      ? []
      : holidaysProblems(calendar.holidays).map((problem) => ({ path: ['calendars', index, ...problem.path], message: problem.message })),
  );
}

/**
 * Holidays straight from the library, for any year (the CLI, tests, the save path before it stores tables).
 *
 * @example
 * loadPolicy(text, { holidays: holidaysFromLibrary() })
 */
export function holidaysFromLibrary(): PolicyHolidays & { problems: typeof holidayLibraryProblems } {
  return { provider: libraryHolidayProvider, problems: holidayLibraryProblems };
}

/**
 * The tables of a policy's country calendars for `fromYear`..`toYear` (inclusive), one per distinct spec.
 *
 * @example
 * resolveHolidayTables(policy.calendars, 2020, 2037).map((table) => table.fromYear) //=> [2020, …]
 */
export function resolveHolidayTables(
  calendars: ReadonlyArray<Pick<CalendarSpec, 'holidays'>>,
  fromYear: number,
  toYear: number,
): HolidayTable[] {
  return countryHolidaySpecs(calendars).map((spec) => holidayTable(spec, fromYear, toYear, libraryHolidays(spec)));
}

/**
 * Years a stored table covers around `year`: five before and ten after, plus one on each side because a UTC year
 * of a calendar reaches into the local dates of its neighbours (1 January in Singapore starts on 31 December UTC).
 *
 * @example
 * holidayTableYears(2026) //=> { fromYear: 2020, toYear: 2037 }
 */
export function holidayTableYears(year: number): { fromYear: number; toYear: number } {
  return { fromYear: year - 6, toYear: year + 11 };
}

/**
 * Loads a policy with holidays from the library and builds the tables to store with it (years around `nowYear`).
 * Problems of countries and regions are reported at their line like every other problem.
 *
 * @example
 * const loaded = loadPolicyWithHolidayTables(text, 2026);
 * loaded.ok && loaded.holidayTables[0]?.fromYear //=> 2020
 */
export function loadPolicyWithHolidayTables(
  text: string,
  nowYear: number,
  options: { format?: 'yaml' | 'json' } = {},
): (LoadPolicyResult & { ok: false }) | (LoadPolicyResult & { ok: true; holidayTables: HolidayTable[] }) {
  const result = loadPolicy(text, { ...options, holidays: holidaysFromLibrary() });
  if (!result.ok) return result;
  const { fromYear, toYear } = holidayTableYears(nowYear);
  return { ...result, holidayTables: resolveHolidayTables(result.policy.calendars, fromYear, toYear) };
}
