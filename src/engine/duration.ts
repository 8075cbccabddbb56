/**
 * Parses policy target durations (`30m`, `4h`, `1h 30m`, `2d`, `1w`, `1mo`, `immediate`, `none`) and formats business
 * minutes; what a duration means on a calendar is `BusinessCalendar.addDuration` (calendar.ts).
 */
import * as z from 'zod';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A parsed target duration; `text` is the duration as written (trimmed). */
export type Duration =
  | { kind: 'business'; ms: number; text: string }
  | { kind: 'days'; days: number; text: string }
  | { kind: 'calendar'; unit: 'week' | 'month'; count: number; text: string }
  | { kind: 'immediate'; text: string }
  | { kind: 'none'; text: string };

/** Thrown by `parseDuration`; the message names the bad text and the accepted forms. */
export class DurationError extends Error {
  constructor(
    message: string,
    /** The text that failed to parse. */
    readonly text: string,
  ) {
    super(message);
    this.name = 'DurationError';
  }
}

const ACCEPTED_FORMS =
  'write business time as "30m", "4h", "1h 30m" or "1.5h", business days as "2d", calendar time as "1w" or "1mo", or "immediate" / "none"';

/**
 * The longest duration a policy may hold (inclusive), in each unit family: one year. Longer targets are not
 * support targets, and bounded durations keep every calendar computation within its ten-year horizon.
 */
export const MAX_DURATION = { hours: 8_760, days: 366, weeks: 52, months: 12, textLength: 32 } as const;

function tooLong(text: string): DurationError {
  return new DurationError(
    `"${text}" is longer than the longest duration a policy may hold (one year: ${MAX_DURATION.hours}h, ${MAX_DURATION.days}d, ${MAX_DURATION.weeks}w or ${MAX_DURATION.months}mo): shorten it, or write "none" for no target.`,
    text,
  );
}

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const BUSINESS_PART = new RegExp(String.raw`^${NUMBER}\s*(h|m)$`);
const BUSINESS_TEXT = new RegExp(String.raw`^${NUMBER}\s*(h|m)(?:\s*${NUMBER}\s*(h|m))?$`);
const DAYS_TEXT = new RegExp(String.raw`^${NUMBER}\s*d$`);
const CALENDAR_TEXT = /^(\d+)\s*(w|mo)$/;

/**
 * Parses a target duration as written in a policy.
 *
 * Hours and minutes are business time and may be combined (`1h 30m`, `1h30m`) or decimal (`1.5h`) as long as the
 * result is a whole number of minutes; `d` is a multiple of the calendar's day length; `w` and `mo` are whole
 * calendar weeks and months on the wall clock. Units are lower case; surrounding spaces are ignored.
 *
 * @throws {DurationError} when the text is not one of the accepted forms.
 * @example
 * parseDuration('1h 30m') //=> { kind: 'business', ms: 5_400_000, text: '1h 30m' }
 * parseDuration('2d')     //=> { kind: 'days', days: 2, text: '2d' }
 * parseDuration('1mo')    //=> { kind: 'calendar', unit: 'month', count: 1, text: '1mo' }
 */
export function parseDuration(input: string): Duration {
  if (typeof input !== 'string') {
    throw new DurationError(`A duration must be a string such as "4h"; ${ACCEPTED_FORMS}.`, String(input));
  }
  if (input.length > MAX_DURATION.textLength) {
    throw new DurationError(
      `"${input.slice(0, MAX_DURATION.textLength)}…" is not a duration (${input.length} characters; a duration has at most ${MAX_DURATION.textLength}); ${ACCEPTED_FORMS}.`,
      input,
    );
  }
  const text = input.trim();
  if (text === 'immediate') return { kind: 'immediate', text };
  if (text === 'none') return { kind: 'none', text };

  const business = BUSINESS_TEXT.exec(text);
  if (business) {
    const parts = text.split(/(?<=[hm])\s*/).filter((part) => part !== '');
    const units = parts.map((part) => BUSINESS_PART.exec(part)?.[2]);
    if (units.length === 2 && (units[0] !== 'h' || units[1] !== 'm')) {
      throw new DurationError(`"${text}" is not a duration: put hours before minutes, as in "1h 30m".`, text);
    }
    let ms = 0;
    for (const part of parts) {
      const match = BUSINESS_PART.exec(part);
      if (!match) throw new DurationError(`"${text}" is not a duration; ${ACCEPTED_FORMS}.`, text);
      ms += Number(match[1]) * (match[2] === 'h' ? HOUR_MS : MINUTE_MS);
    }
    ms = Math.round(ms * 1000) / 1000;
    if (!Number.isInteger(ms / MINUTE_MS)) {
      throw new DurationError(`"${text}" is not a whole number of minutes; round it, e.g. "${Math.round(ms / MINUTE_MS)}m".`, text);
    }
    if (ms > MAX_DURATION.hours * HOUR_MS) throw tooLong(text);
    return { kind: 'business', ms, text };
  }

  const days = DAYS_TEXT.exec(text);
  if (days) {
    if (Number(days[1]) > MAX_DURATION.days) throw tooLong(text);
    return { kind: 'days', days: Number(days[1]), text };
  }

  const calendar = CALENDAR_TEXT.exec(text);
  if (calendar) {
    const count = Number(calendar[1]);
    if (count === 0) {
      throw new DurationError(`"${text}" is zero calendar time; write "immediate" or "0m" instead.`, text);
    }
    if (count > (calendar[2] === 'w' ? MAX_DURATION.weeks : MAX_DURATION.months)) throw tooLong(text);
    return { kind: 'calendar', unit: calendar[2] === 'w' ? 'week' : 'month', count, text };
  }

  const hint = /^\d+(?:\.\d+)?\s*(?:months?|M)$/.test(text)
    ? ' Months are written "mo" (e.g. "1mo"), "m" means minutes.'
    : /^\d+(?:\.\d+)?\s*(?:hours?|hrs?|minutes?|mins?|days?|weeks?|H|D|W)$/.test(text)
      ? ' Use the one-letter lower-case units h, m, d, w (e.g. "4h").'
      : /\d+\s*d\s*\d/.test(text)
        ? ' Days cannot be combined with hours: convert to hours ("1d 4h" on a 9h day is "13h").'
        : /\.\d+\s*(?:w|mo)$/.test(text)
          ? ' Weeks and months must be whole numbers.'
          : '';
  throw new DurationError(`"${text}" is not a duration; ${ACCEPTED_FORMS}.${hint}`, text);
}

/**
 * A zod schema for a duration kept as written (the string), rejecting anything `parseDuration` rejects with
 * its message. Use in policy schemas where the text itself is stored.
 *
 * @example
 * durationTextSchema.parse('4h')   //=> '4h'
 * durationTextSchema.parse('4 hours') // throws a ZodError: "4 hours" is not a duration; write business time as …
 */
export const durationTextSchema = z.string().superRefine((text, ctx) => {
  try {
    parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

/**
 * A zod schema for a positive business duration (hours/minutes only), such as a calendar's `dayLength`.
 *
 * @example
 * businessDurationTextSchema.parse('7h30m') //=> '7h30m'
 * businessDurationTextSchema.parse('1d')    // throws: a business duration must be hours or minutes …
 */
export const businessDurationTextSchema = z.string().superRefine((text, ctx) => {
  try {
    const duration = parseDuration(text);
    if (duration.kind !== 'business' || duration.ms <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text.trim()}" must be a positive number of business hours or minutes, such as "9h", "7h 30m" or "450m".`,
      });
    }
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

// One formatter for the engine, the CLI and the panel; it lives with the shared words (no imports there).
export { formatMinutes } from './sla-words';
