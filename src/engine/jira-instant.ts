/** Jira timestamps (`2026-11-20T10:15:30.000+0000`) to epoch milliseconds, decoded by hand on the common shapes. */

/** The value of the decimal digit at `i`, or a large negative number (failing every range check) if not a digit. */
function digitAt(text: string, i: number): number {
  const code = text.charCodeAt(i) - 48;
  return code >= 0 && code <= 9 ? code : -1e9;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DAY_MS = 86_400_000;

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), as Date.UTC counts them.
 *
 * @example
 * daysSinceEpoch(2026, 11, 20) //=> 20777
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a Jira timestamp to epoch ms; NaN when it is not one. Jira writes `2026-11-20T10:15:30.000+0000`; ISO
 * forms with `Z` or `+hh:mm` are accepted too. The common shapes are decoded by hand (several times faster than
 * Date.parse), the rest go through Date.parse.
 *
 * @example
 * parseJiraInstant('2026-11-20T10:15:30.000+0000') //=> 1795169730000
 * parseJiraInstant('2026-11-20T05:15:30.000-0500') //=> 1795169730000
 * parseJiraInstant('2026-02-30T10:15:30.000+0000') //=> NaN
 */
export function parseJiraInstant(text: string): number {
  // YYYY-MM-DDTHH:MM:SS.sss±HHMM (28 chars) or YYYY-MM-DDTHH:MM:SS.sssZ (24 chars)
  const n = text.length;
  if (
    (n === 28 || n === 24) &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46
  ) {
    const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
    const month = digitAt(text, 5) * 10 + digitAt(text, 6);
    const day = digitAt(text, 8) * 10 + digitAt(text, 9);
    const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
    const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
    const second = digitAt(text, 17) * 10 + digitAt(text, 18);
    const milli = digitAt(text, 20) * 100 + digitAt(text, 21) * 10 + digitAt(text, 22);
    let offsetMinutes = 0;
    const sign = text.charCodeAt(23);
    if (n === 28) {
      const oh = digitAt(text, 24) * 10 + digitAt(text, 25);
      const om = digitAt(text, 26) * 10 + digitAt(text, 27);
      if ((sign !== 43 && sign !== 45) || oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
    } else if (sign !== 90 /* Z */) {
      return Number.NaN;
    }
    if (
      year < 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 59 ||
      milli < 0
    ) {
      return Number.NaN;
    }
    // Date.UTC reads years 0–99 as 1900–1999; those keep its meaning, the rest skip its cost (parsed by the hundred).
    if (year < 100) return Date.UTC(year, month - 1, day, hour, minute, second, milli) - offsetMinutes * 60_000;
    return daysSinceEpoch(year, month, day) * DAY_MS + hour * 3_600_000 + (minute - offsetMinutes) * 60_000 + second * 1000 + milli;
  }
  if (!ISO_INSTANT.test(text)) return Number.NaN;
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
