/**
 * The holidays a calendar observes: date-holidays' list for its country, corrected by the policy (`add`, `remove`,
 * `rules`), and the tables that carry the result to where the library is not loaded (the Forge runtime).
 *
 * This module does not import date-holidays: the library's list comes in as a function (`LibraryHolidays`, from
 * `holiday-library.ts`) or, already corrected, as a stored `HolidayTable`. So the code path of every Forge
 * handler stays free of the library's ~2 MB of country data.
 */
import * as z from 'zod';
import type { HolidayRule, HolidaysSpec } from './calendar-schema';
import { WEEKDAY_KEYS } from './calendar-schema';
import { sameTextIgnoringCase } from './text-match';

const DAY_MS = 86_400_000;

/** Where an observed holiday comes from: the library, the policy's `add`/`dates`, or one of its `rules`. */
export const HOLIDAY_ORIGINS = ['library', 'added', 'rule'] as const;
export type HolidayOrigin = (typeof HOLIDAY_ORIGINS)[number];

/** One observed holiday: a local date (`YYYY-MM-DD`) with its name; `movedFrom` is the date a rule moved it from. */
export const observedHolidaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  name: z.string().max(300),
  source: z.enum(HOLIDAY_ORIGINS),
  movedFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type ObservedHoliday = z.infer<typeof observedHolidaySchema>;

/**
 * The observed holidays of one `holidays` spec for the years `fromYear`..`toYear` (both inclusive), keyed by the
 * spec (`holidaySpecKey`), as stored with a compiled policy and generated for the presets.
 */
export const holidayTableSchema = z.object({
  key: z.string().max(50_000),
  fromYear: z.number().int().min(1900).max(2300),
  toYear: z.number().int().min(1900).max(2300),
  holidays: z.array(observedHolidaySchema).max(20_000),
});
export type HolidayTable = z.infer<typeof holidayTableSchema>;

/** date-holidays' holidays of one year (types and `observed` already applied), one entry per day. */
export type LibraryHolidays = (year: number) => ReadonlyArray<{ date: string; name: string }>;

/** Gives a calendar the holidays it observes, a year at a time; `key` tells calendars built on the same data apart. */
export interface HolidayProvider {
  readonly key: string;
  /** The observed holidays of `year`, sorted by date. @throws HolidayTableRangeError outside a table's years. */
  holidaysOf(year: number): readonly ObservedHoliday[];
}

/** Thrown when a calendar needs holidays for a year its stored table does not cover. */
export class HolidayTableRangeError extends Error {
  constructor(
    readonly year: number,
    readonly fromYear: number | null,
    readonly toYear: number | null,
    readonly country: string,
  ) {
    super(
      fromYear === null || toYear === null
        ? `The ${country} holidays of this calendar were not resolved: save the policy again (admin page or \`sla validate\`) so its holiday table is built.`
        : `The ${country} holidays of this calendar are resolved for ${fromYear}–${toYear}; ${year} is outside: save the policy again so its holiday table covers the years around now.`,
    );
    this.name = 'HolidayTableRangeError';
  }
}

/**
 * The key of a `holidays` spec: equal specs share one table (B2Bee's five calendars share Croatia's).
 *
 * @example
 * holidaySpecKey({ country: 'BG', types: ['public'], observed: true }) //=> '{"country":"BG","types":["public"],"observed":true}'
 */
export function holidaySpecKey(spec: HolidaysSpec): string {
  return JSON.stringify(spec);
}

/** Days since 1970-01-01 of an ISO date. */
export function isoDateToDay(text: string): number {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, as `WEEKDAY_KEYS`. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The date a correction means in `year`: `MM-DD` every year (29 February only in leap years), `YYYY-MM-DD` once. */
function correctionDateIn(text: string, year: number): string | null {
  if (text.length === 10) return text.startsWith(`${year}-`) ? text : null;
  const date = `${String(year).padStart(4, '0')}-${text}`;
  const [, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day ? date : null;
}

/** Whether a rule's `only`/`except` name is this holiday's: ignoring case and the spaces around either name. */
const sameName = (a: string, b: string): boolean => sameTextIgnoringCase(a.trim(), b.trim());

function ruleApplies(rule: HolidayRule, holiday: ObservedHoliday): boolean {
  if (rule.only !== undefined) return rule.only.some((name) => sameName(name, holiday.name));
  if (rule.except !== undefined) return !rule.except.some((name) => sameName(name, holiday.name));
  return true;
}

/** How far a rule looks for a free day (a run of holidays and `from` days longer than this is not a real calendar). */
const RULE_SEARCH_DAYS = 31;

/**
 * The holidays a calendar observes in `year`, sorted by date: the library's list (if the spec names a country) minus
 * `remove`, plus `dates` and `add`, plus the days `rules` move holidays to. Rules move the library's and the added
 * holidays (not each other's results) in date order, each to the nearest day that is not one of the rule's `from`
 * days and not already a holiday, so two weekend holidays in a row take two days. Holidays of the neighbouring
 * years are moved too, so a move across New Year lands in the right year.
 *
 * @example
 * // Bulgaria 2026 with { add: [{date: '12-26', name: 'Second day of Christmas'}], rules: [{moveTo: 'nextWorkingDay', from: ['sat','sun']}] }
 * observedHolidays(spec, 2026, library).filter((h) => h.source === 'rule').map((h) => h.date)
 * //=> ['2026-05-25', '2026-09-07', '2026-12-28']
 */
export function observedHolidays(spec: HolidaysSpec, year: number, library?: LibraryHolidays): ObservedHoliday[] {
  const base: ObservedHoliday[] = [];
  const seen = new Set<string>();
  const push = (holiday: ObservedHoliday): void => {
    const id = `${holiday.date}|${holiday.name.toLowerCase()}|${holiday.source}`;
    if (seen.has(id)) return;
    seen.add(id);
    base.push(holiday);
  };
  const rules = spec.rules ?? [];
  const years = rules.length > 0 ? [year - 1, year, year + 1] : [year];
  for (const y of years) {
    const removed = new Set((spec.remove ?? []).map((entry) => correctionDateIn(entry.date, y)).filter((date) => date !== null));
    if (library !== undefined && spec.country !== undefined) {
      for (const holiday of library(y)) {
        if (!removed.has(holiday.date)) push({ date: holiday.date, name: holiday.name, source: 'library' });
      }
    }
    for (const date of spec.dates ?? []) {
      if (date.startsWith(`${y}-`)) push({ date, name: 'Added date', source: 'added' });
    }
    for (const entry of spec.add ?? []) {
      const date = correctionDateIn(entry.date, y);
      if (date !== null) push({ date, name: entry.name, source: 'added' });
    }
  }
  base.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const taken = new Set(base.map((holiday) => isoDateToDay(holiday.date)));
  const moved: ObservedHoliday[] = [];
  for (const rule of rules) {
    const from = new Set(rule.from.map((key) => WEEKDAY_KEYS.indexOf(key)));
    const step = rule.moveTo === 'nextWorkingDay' ? 1 : -1;
    for (const holiday of base) {
      const day = isoDateToDay(holiday.date);
      if (!from.has(weekdayOf(day)) || !ruleApplies(rule, holiday)) continue;
      for (let target = day + step, tries = 0; tries < RULE_SEARCH_DAYS; target += step, tries += 1) {
        if (from.has(weekdayOf(target)) || taken.has(target)) continue;
        taken.add(target);
        moved.push({ date: dayToIsoDate(target), name: holiday.name, source: 'rule', movedFrom: holiday.date });
        break;
      }
    }
  }
  const prefix = `${year}-`;
  return [...base, ...moved]
    .filter((holiday) => holiday.date.startsWith(prefix))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.source < b.source ? -1 : 1));
}

/**
 * The table of a spec's observed holidays for `fromYear`..`toYear` (inclusive).
 *
 * @example
 * holidayTable({ dates: ['2026-12-24'], types: ['public'], observed: true }, 2026, 2026).holidays
 * //=> [{ date: '2026-12-24', name: 'Added date', source: 'added' }]
 */
export function holidayTable(spec: HolidaysSpec, fromYear: number, toYear: number, library?: LibraryHolidays): HolidayTable {
  const holidays: ObservedHoliday[] = [];
  for (let year = fromYear; year <= toYear; year += 1) holidays.push(...observedHolidays(spec, year, library));
  return { key: holidaySpecKey(spec), fromYear, toYear, holidays };
}

/**
 * A provider reading a stored table; a year outside it throws `HolidayTableRangeError` (never a silent
 * "no holidays"). A spec without a country needs no table: its corrections are computed for any year.
 *
 * @example
 * tableHolidayProvider(spec, table).holidaysOf(table.toYear + 1) // throws HolidayTableRangeError
 */
export function tableHolidayProvider(spec: HolidaysSpec, table: HolidayTable | undefined): HolidayProvider {
  if (spec.country === undefined) return correctionsProvider(spec);
  const country = spec.country + (spec.state === undefined ? '' : `-${spec.state}`);
  if (table === undefined) {
    return {
      key: 'unresolved',
      holidaysOf: (year) => {
        throw new HolidayTableRangeError(year, null, null, country);
      },
    };
  }
  const byYear = new Map<number, ObservedHoliday[]>();
  for (const holiday of table.holidays) {
    const year = Number(holiday.date.slice(0, 4));
    const list = byYear.get(year);
    if (list) list.push(holiday);
    else byYear.set(year, [holiday]);
  }
  return {
    key: `table:${table.fromYear}-${table.toYear}`,
    holidaysOf: (year) => {
      if (year < table.fromYear || year > table.toYear) throw new HolidayTableRangeError(year, table.fromYear, table.toYear, country);
      return byYear.get(year) ?? [];
    },
  };
}

/** A provider for a spec without a country: `dates`, `add` and `rules` only, any year. */
export function correctionsProvider(spec: HolidaysSpec): HolidayProvider {
  return memoisedProvider('corrections', (year) => observedHolidays(spec, year));
}

/**
 * A provider that computes a year's list once (a calendar asks for the same year on every table extension).
 *
 * @example
 * memoisedProvider('corrections', (year) => observedHolidays(spec, year)).holidaysOf(2027) // computed once
 */
export function memoisedProvider(key: string, holidaysOf: (year: number) => ObservedHoliday[]): HolidayProvider {
  const byYear = new Map<number, ObservedHoliday[]>();
  return {
    key,
    holidaysOf: (year) => {
      let list = byYear.get(year);
      if (!list) {
        list = holidaysOf(year);
        byYear.set(year, list);
      }
      return list;
    },
  };
}

/**
 * Where a compiled policy's calendars get their holidays: `provider(spec)` for each calendar's `holidays`.
 * `tables` is set when the source is a set of stored tables (so a save can store them again).
 */
export interface PolicyHolidays {
  provider(spec: HolidaysSpec): HolidayProvider;
  readonly tables?: readonly HolidayTable[];
}

/**
 * Holidays from stored tables (the Forge runtime and the presets).
 *
 * @example
 * compilePolicy(policy, holidaysFromTables(stored.holidayTables))
 */
export function holidaysFromTables(tables: readonly HolidayTable[]): PolicyHolidays {
  const byKey = new Map(tables.map((table) => [table.key, table]));
  return { tables, provider: (spec) => tableHolidayProvider(spec, byKey.get(holidaySpecKey(spec))) };
}

/** The distinct `holidays` specs of a policy's calendars that name a country (the ones that need a table). */
export function countryHolidaySpecs(calendars: ReadonlyArray<{ holidays?: HolidaysSpec | undefined }>): HolidaysSpec[] {
  const specs = new Map<string, HolidaysSpec>();
  for (const calendar of calendars) {
    if (calendar.holidays?.country !== undefined) specs.set(holidaySpecKey(calendar.holidays), calendar.holidays);
  }
  return [...specs.values()];
}
