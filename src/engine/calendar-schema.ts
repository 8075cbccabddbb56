/**
 * The zod schema of one policy business calendar (`calendars[]`); its `week` helpers live in calendar-week.ts
 * (re-exported here). Messages name the path within the calendar (the policy loader prefixes the calendar's own).
 */
import { IANAZone } from 'luxon';
import * as z from 'zod';
import { businessDurationTextSchema } from './duration';
import { parseWindow, WEEKDAY_KEYS, weekKeyDays, type DayWindow } from './calendar-week';
import { unknownKeysMessage } from './suggest';

export { parseWindow, WEEKDAY_KEYS, weekKeyDays, weekWindows, type DayWindow, type WeekdayKey } from './calendar-week';

const HOLIDAY_TYPES = ['public', 'bank', 'optional', 'school', 'observance'] as const;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `MM-DD` (every year) or `YYYY-MM-DD` (that year only), as holiday corrections write dates. */
const CORRECTION_DATE = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/;
/** Bounds of the holiday corrections: a policy is hostile input, and every list ends up in a stored table. */
export const HOLIDAY_LIMITS = { dates: 1000, add: 200, remove: 200, rules: 10, names: 50, nameLength: 100 } as const;

const weekSchema = z
  .record(z.string(), z.array(z.string(), { error: 'Give a list of windows, e.g. ["09:00-17:00"], or [] for a day off.' }), {
    error: (issue) =>
      issue.input === undefined
        ? 'A calendar needs a week: add working windows, e.g. week: { mon-fri: ["09:00-17:00"] }.'
        : 'week must map day keys to lists of windows, e.g. { mon-fri: ["09:00-17:00"] }.',
  })
  .superRefine((week, ctx) => {
    const seenIn = new Map<number, string>();
    let anyWindow = false;
    for (const [key, windows] of Object.entries(week)) {
      const days = weekKeyDays(key);
      if (typeof days === 'string') {
        ctx.addIssue({ code: 'custom', path: [key], message: days });
        continue;
      }
      for (const day of days) {
        const earlier = seenIn.get(day);
        if (earlier !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${WEEKDAY_KEYS[day]} is listed in both "${earlier}" and "${key}": give each day in one key only.`,
          });
        } else {
          seenIn.set(day, key);
        }
      }
      let previous: { window: DayWindow; text: string } | undefined;
      windows.forEach((text, index) => {
        const window = parseWindow(text);
        if (typeof window === 'string') {
          ctx.addIssue({ code: 'custom', path: [key, index], message: window });
          return;
        }
        anyWindow = true;
        if (previous && window.start < previous.window.end) {
          ctx.addIssue({
            code: 'custom',
            path: [key, index],
            message:
              window.start < previous.window.start
                ? `"${text}" comes before "${previous.text}": list the windows of a day in time order.`
                : `"${text}" overlaps "${previous.text}": windows of a day must not overlap; merge them into one window.`,
          });
        }
        previous = { window, text };
      });
    }
    if (!anyWindow) {
      ctx.addIssue({
        code: 'custom',
        message: 'The week has no working window: give at least one day a window, e.g. mon-fri: ["09:00-17:00"].',
      });
    }
  });

/**
 * Why `country` cannot be a date-holidays country code by its form, or null when it can. Whether the library
 * knows it is checked where the library is loaded (`holiday-library.ts`), so the runtime bundle does not carry it.
 *
 * @example
 * countryFormProblem('GB-ENG') //=> '"GB-ENG" combines country and region: write country: GB and state: ENG.'
 * countryFormProblem('BG') //=> null
 */
export function countryFormProblem(country: string): string | null {
  if (/^[A-Z]{2}$/.test(country)) return null;
  const dash = /^([A-Za-z]{2})-([A-Za-z0-9]+)$/.exec(country);
  if (dash)
    return `"${country}" combines country and region: write country: ${dash[1]?.toUpperCase()} and state: ${dash[2]?.toUpperCase()}.`;
  if (/^[a-zA-Z]{2}$/.test(country)) return `"${country}" must be upper case: write country: ${country.toUpperCase()}.`;
  return `"${country}" is not a date-holidays country: use an ISO 3166-1 code such as US, GB, DE, IN or AU.`;
}

/** Whether `year`-`month`-`day` is a real date (a missing year allows 29 February, which then applies to leap years). */
function isRealDate(year: number | undefined, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
}

/** A correction date: `MM-DD` repeats every year, `YYYY-MM-DD` is one day. */
const correctionDateSchema = z
  .string({ error: 'date must be a date such as "12-26" (every year) or "2027-05-04" (once).' })
  .superRefine((text, ctx) => {
    const match = CORRECTION_DATE.exec(text);
    const valid = match !== null && isRealDate(match[1] === undefined ? undefined : Number(match[1]), Number(match[2]), Number(match[3]));
    if (!valid) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a date: write "MM-DD" for every year (e.g. "12-26") or "YYYY-MM-DD" for one year (e.g. "2027-05-04").`,
      });
    }
  });

const holidayNameSchema = z
  .string({ error: 'name must be text, e.g. "Second day of Christmas".' })
  .trim()
  .min(1, 'name must not be empty: say which holiday this is, e.g. "Second day of Christmas".')
  .max(HOLIDAY_LIMITS.nameLength, `name must be at most ${HOLIDAY_LIMITS.nameLength} characters.`);

const namesSchema = (key: string) =>
  z
    .array(holidayNameSchema, { error: `${key} must be a list of holiday names as \`sla holidays\` prints them, e.g. ["Easter Monday"].` })
    .min(1, `${key} must name at least one holiday, or be left out.`)
    .max(HOLIDAY_LIMITS.names, `${key} may name at most ${HOLIDAY_LIMITS.names} holidays.`);

const addedHolidaySchema = z.strictObject(
  { date: correctionDateSchema, name: holidayNameSchema },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? unknownKeysMessage(issue.keys, ['date', 'name'])
        : issue.code === 'invalid_type'
          ? 'Each entry must be an object such as { date: "12-26", name: "Second day of Christmas" }.'
          : undefined,
  },
);

/** Where a rule moves a holiday that falls on one of its `from` days. */
const MOVE_TARGETS = ['nextWorkingDay', 'previousWorkingDay'] as const;

const holidayRuleSchema = z
  .strictObject(
    {
      moveTo: z.enum(MOVE_TARGETS, {
        error: `moveTo must be ${MOVE_TARGETS.join(' or ')}: where a holiday falling on a "from" day is observed.`,
      }),
      from: z
        .array(z.enum(WEEKDAY_KEYS, { error: `from lists day keys: ${WEEKDAY_KEYS.join(', ')}.` }), {
          error: 'from must be a list of day keys, e.g. [sat, sun].',
        })
        .min(1, 'from must list at least one day, e.g. [sat, sun].')
        .max(6, 'from must leave at least one day of the week to move to.')
        .default(['sat', 'sun']),
      except: namesSchema('except').optional(),
      only: namesSchema('only').optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? unknownKeysMessage(issue.keys, ['moveTo', 'from', 'except', 'only'])
          : issue.code === 'invalid_type'
            ? 'A rule must be an object such as { moveTo: nextWorkingDay, from: [sat, sun] }.'
            : undefined,
    },
  )
  .superRefine((rule, ctx) => {
    if (rule.except !== undefined && rule.only !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['only'], message: 'give either only or except, not both.' });
    }
  });

/** One line per unknown key (policyIssues reports each at its own path). */
const HOLIDAYS_KEYS = ['country', 'state', 'types', 'observed', 'dates', 'add', 'remove', 'rules'];

const holidaysSchema = z
  .strictObject(
    {
      country: z
        .string({ error: 'country must be a date-holidays country code such as "US" or "GB".' })
        .superRefine((country, ctx) => {
          const problem = countryFormProblem(country);
          if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
      state: z
        .string({ error: 'state must be a region code such as "NY" or "ENG".' })
        .regex(/^[A-Za-z0-9]{1,10}$/, { error: 'state must be a region code of letters and digits, such as "NY" or "ENG".' })
        .optional(),
      types: z
        .array(
          z.enum(HOLIDAY_TYPES, {
            error: `Unknown holiday type: use one of ${HOLIDAY_TYPES.join(', ')} (public is the usual choice).`,
          }),
        )
        .min(1, 'types must list at least one holiday type, e.g. [public].')
        .default(['public']),
      observed: z.boolean({ error: 'observed must be true or false.' }).default(true),
      dates: z
        .array(
          z.string().superRefine((text, ctx) => {
            const match = ISO_DATE.exec(text);
            const [year, month, day] = match ? match.slice(1).map(Number) : [];
            const valid =
              match &&
              month !== undefined &&
              day !== undefined &&
              year !== undefined &&
              month >= 1 &&
              month <= 12 &&
              day >= 1 &&
              day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
            if (!valid) {
              ctx.addIssue({
                code: 'custom',
                message: `"${text}" is not a date: write it as YYYY-MM-DD, e.g. "2026-12-24".`,
              });
            }
          }),
          { error: 'dates must be a list of dates, e.g. ["2026-12-24"].' },
        )
        .max(
          HOLIDAY_LIMITS.dates,
          `dates may list at most ${HOLIDAY_LIMITS.dates} dates; use add with "MM-DD" for a date that repeats every year.`,
        )
        .optional(),
      add: z
        .array(addedHolidaySchema, { error: 'add must be a list such as [{ date: "12-26", name: "Second day of Christmas" }].' })
        .max(HOLIDAY_LIMITS.add, `add may list at most ${HOLIDAY_LIMITS.add} dates; use "MM-DD" for a date that repeats every year.`)
        .optional(),
      remove: z
        .array(addedHolidaySchema, { error: 'remove must be a list such as [{ date: "11-01", name: "Revival Leaders\' Day" }].' })
        .max(
          HOLIDAY_LIMITS.remove,
          `remove may list at most ${HOLIDAY_LIMITS.remove} dates; use "MM-DD" for a date that repeats every year.`,
        )
        .optional(),
      rules: z
        .array(holidayRuleSchema, { error: 'rules must be a list such as [{ moveTo: nextWorkingDay, from: [sat, sun] }].' })
        .max(HOLIDAY_LIMITS.rules, `rules may list at most ${HOLIDAY_LIMITS.rules} rules.`)
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? unknownKeysMessage(issue.keys, HOLIDAYS_KEYS)
          : issue.code === 'invalid_type'
            ? 'holidays must be an object such as { country: US, types: [public] }.'
            : undefined,
    },
  )
  .superRefine((holidays, ctx) => {
    if (holidays.country === undefined) {
      if (holidays.state !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['state'], message: 'state needs a country: add country, e.g. country: US.' });
      }
      if (holidays.dates === undefined && holidays.add === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'holidays needs a country (e.g. country: US) or a list of dates (e.g. dates: ["2026-12-24"]).',
        });
      }
      if (holidays.remove !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['remove'], message: "remove corrects a country's holidays: add country, or delete remove." });
      }
    }
    // Whether the library knows the country and state is checked by holiday-library.ts (see countryFormProblem).
  });

/** A calendar's validated `holidays` (defaults applied). */
export type HolidaysSpec = z.infer<typeof holidaysSchema>;
/** One holiday rule of a calendar. */
export type HolidayRule = z.infer<typeof holidayRuleSchema>;

const CALENDAR_KEYS = 'id, timeZone, week, holidays and dayLength';

/**
 * Whether a zone name is a legacy abbreviation (`EST`, `PST`, `CET`, `EST5EDT`) rather than a place; `UTC` and
 * `GMT` are not. Such names are valid tz/ICU ids, but what they mean is a trap: `EST` never observes daylight
 * saving time, while ICU reads `PST` as America/Los_Angeles.
 *
 * @example
 * isZoneAbbreviation('EST') //=> true
 * isZoneAbbreviation('America/New_York') //=> false
 */
function isZoneAbbreviation(zone: string): boolean {
  if (zone === 'UTC' || zone === 'GMT') return false;
  return /^[A-Z]{3,5}$/.test(zone) || /^[A-Z]{3}\d{1,2}[A-Z]{3}$/.test(zone);
}

/**
 * One business calendar: `id`, IANA `timeZone`, weekly `week` windows, optional `holidays` and `dayLength`.
 * Unknown keys are errors.
 *
 * @example
 * calendarSpecSchema.parse({ id: 'us', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] } })
 * //=> { id: 'us', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] } }
 */
export const calendarSpecSchema = z.strictObject(
  {
    id: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'A calendar needs an id: add id, e.g. id: us-business.'
            : 'id must be a string such as "us-business".',
      })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
        error: 'id may contain only letters, digits, "-" and "_", e.g. "us-business".',
      }),
    timeZone: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'A calendar needs a timeZone: add an IANA name, e.g. timeZone: America/New_York.'
            : 'timeZone must be an IANA time zone name such as "America/New_York".',
      })
      .refine((zone) => IANAZone.isValidZone(zone), {
        error: (issue) =>
          `"${String(issue.input)}" is not an IANA time zone: use a name such as "America/New_York", "Europe/London" or "UTC".`,
      })
      .refine((zone) => !isZoneAbbreviation(zone), {
        error: (issue) =>
          `"${String(issue.input)}" is an abbreviation, not a place: "EST" is a fixed UTC-5 with no daylight saving, "PST" follows Los Angeles. Write the place whose clock the office keeps, such as "America/New_York" (or "Etc/GMT+5" for a fixed offset).`,
      }),
    week: weekSchema,
    holidays: holidaysSchema.optional(),
    dayLength: businessDurationTextSchema.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? unknownKeysMessage(issue.keys, ['id', 'timeZone', 'week', 'holidays', 'dayLength'])
        : issue.code === 'invalid_type'
          ? `A calendar must be an object with ${CALENDAR_KEYS}.`
          : undefined,
  },
);

/** A validated calendar as written in a policy (defaults applied). */
export type CalendarSpec = z.infer<typeof calendarSpecSchema>;
