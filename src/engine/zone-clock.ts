/**
 * Wall-clock arithmetic in an IANA zone on `Intl.DateTimeFormat` alone, for the paths every Forge invocation runs
 * (working-time tables, `1w`/`1mo` targets, entitlement periods). It computes what luxon's `IANAZone.offset`,
 * `DateTime#startOf` and `DateTime#plus({ weeks | months })` compute, by the same steps (luxon's `partsOffset`,
 * `objToLocalTS` and `fixOffset`), so that the cold Forge bundle does without luxon's 0.25 MB (docs/forge.md,
 * "Cold start"); test/engine/zone-clock.test.ts compares every function with luxon. Validation and the reports
 * still use luxon itself.
 */

const MINUTE_MS = 60_000;

/** One formatter per zone (building one costs far more than using it); null for a zone Intl does not know. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        hour12: false,
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        era: 'short',
      });
    } catch {
      formatter = null;
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Epoch ms of a wall-clock date and time read as if it were UTC; months and days past their end roll over, as
 * `Date.UTC` does (years 0–99 are years 0–99, not 1900–1999).
 */
function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  let wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (year < 100 && year >= 0) {
    const date = new Date(wall);
    date.setUTCFullYear(year, month - 1, day);
    wall = +date;
  }
  return wall;
}

/**
 * The UTC offset of `zone` at instant `ms`, in minutes (east of UTC positive; whole seconds, so a local mean time
 * before 1900 may be fractional); NaN for a zone Intl does not know.
 *
 * @example
 * zoneOffset('Europe/Sofia', Date.parse('2026-03-29T00:59:59Z')) //=> 120 (01:59:59 EET, Sunday)
 * zoneOffset('Europe/Sofia', Date.parse('2026-03-29T01:00:00Z')) //=> 180 (04:00 EEST: the switch is inclusive)
 */
export function zoneOffset(zone: string, ms: number): number {
  const formatter = formatterOf(zone);
  if (formatter === null || !Number.isFinite(ms)) return NaN;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const { type, value } of formatter.formatToParts(new Date(ms))) {
    if (type === 'year') year = Number(value);
    else if (type === 'month') month = Number(value);
    else if (type === 'day') day = Number(value);
    else if (type === 'hour') hour = Number(value);
    else if (type === 'minute') minute = Number(value);
    else if (type === 'second') second = Number(value);
    else if (type === 'era') bc = value === 'BC';
  }
  const asUtc = wallMs(bc ? 1 - Math.abs(year) : year, month, day, hour === 24 ? 0 : hour, minute, second);
  const over = ms % 1000;
  const wholeSeconds = ms - (over >= 0 ? over : 1000 + over);
  return (asUtc - wholeSeconds) / MINUTE_MS;
}

/**
 * The instant a wall-clock time (`localMs`: the wall time as epoch ms read in UTC) names in `zone`, trying the
 * offset `guess` first, as luxon resolves it: a time the zone skips (spring forward) moves forward by the gap, and
 * a time it repeats (fall back) is the pass with the offset `guess` when that is one of the two, else the earlier.
 *
 * @example
 * // 02:30 on Sunday 8 March 2026 does not exist in New York (02:00 EST → 03:00 EDT)
 * instantOfWall('America/New_York', Date.UTC(2026, 2, 8, 2, 30), -300) //=> Date.parse('2026-03-08T07:30:00Z') (03:30 EDT)
 */
export function instantOfWall(zone: string, localMs: number, guess: number): number {
  return resolveWall(zone, localMs, guess)[0];
}

/** `instantOfWall` and the offset luxon keeps with it (the later one's, for a skipped time). */
function resolveWall(zone: string, localMs: number, guess: number): [number, number] {
  let utcGuess = localMs - guess * MINUTE_MS;
  const second = zoneOffset(zone, utcGuess);
  if (guess === second) return [utcGuess, guess];
  utcGuess -= (second - guess) * MINUTE_MS;
  const third = zoneOffset(zone, utcGuess);
  if (second === third) return [utcGuess, second];
  return [localMs - Math.min(second, third) * MINUTE_MS, Math.max(second, third)];
}

/** The wall clock of `ms` in `zone` as UTC fields of a Date, and the offset (minutes) it was read with. */
function wallOf(zone: string, ms: number): { wall: Date; offset: number } {
  const offset = zoneOffset(zone, ms);
  return { wall: new Date(ms + offset * MINUTE_MS), offset };
}

/** Days in a month (1–12; months past 12 or before 1 roll into the next or previous years). */
function daysInMonth(year: number, month: number): number {
  const modMonth = ((((month - 1) % 12) + 12) % 12) + 1;
  const modYear = year + (month - modMonth) / 12;
  return new Date(wallMs(modYear, modMonth + 1, 1) - 1).getUTCDate();
}

/**
 * `ms` moved by `count` calendar weeks or months on the wall clock of `zone` (luxon's `DateTime#plus`): the same
 * local time of day, the day of the month clamped to the last day of a shorter month, resolved as
 * `instantOfWall` does with the start's offset.
 *
 * @example
 * // Fri 31 Jan 2025 10:00 in Zagreb (CET) + 1 month → Fri 28 Feb 10:00 CET
 * addCalendarTime('Europe/Zagreb', Date.parse('2025-01-31T09:00:00Z'), 'month', 1) //=> Date.parse('2025-02-28T09:00:00Z')
 */
export function addCalendarTime(zone: string, ms: number, unit: 'week' | 'month', count: number): number {
  const { wall, offset } = wallOf(zone, ms);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1 + (unit === 'month' ? Math.trunc(count) : 0);
  const day = Math.min(wall.getUTCDate(), daysInMonth(year, month)) + (unit === 'week' ? Math.trunc(count) * 7 : 0);
  const local = wallMs(year, month, day, wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), wall.getUTCMilliseconds());
  return instantOfWall(zone, local, offset);
}

/**
 * The first instant of the local month or year containing `ms` in `zone` (luxon's `DateTime#startOf`), and the
 * first instant of the next one (exclusive end).
 *
 * @example
 * // Tue 10 Mar 2026 in Zagreb: March starts at 00:00 CET on Sunday 1 March
 * localPeriodOf('Europe/Zagreb', Date.parse('2026-03-10T12:00:00Z'), 'month')
 * //=> { start: Date.parse('2026-02-28T23:00:00Z'), end: Date.parse('2026-03-31T22:00:00Z') }
 */
export function localPeriodOf(zone: string, ms: number, per: 'month' | 'year'): { start: number; end: number } {
  const { wall, offset } = wallOf(zone, ms);
  const year = wall.getUTCFullYear();
  const month = per === 'year' ? 1 : wall.getUTCMonth() + 1;
  const [start, startOffset] = resolveWall(zone, wallMs(year, month, 1), offset);
  const end = instantOfWall(zone, per === 'year' ? wallMs(year + 1, 1, 1) : wallMs(year, month + 1, 1), startOffset);
  return { start, end };
}
