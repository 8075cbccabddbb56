/**
 * Checking and printing instants: `assertInstant` guards the epoch-ms instants the entry points are given; `isoInstant`
 * is `new Date(ms).toISOString()` by hand, several times faster, because an evaluation prints every history entry.
 */

const DAY_MS = 86_400_000;

/**
 * Throws unless `ms` is a finite number (an epoch-ms instant); `name` is the parameter's name in the message.
 *
 * @throws {RangeError} naming the parameter and the value it got.
 * @example
 * assertInstant(Date.parse('2026-11-20T10:15:30Z'), 'now') //=> undefined
 * assertInstant(Number.NaN, 'now') // throws RangeError: now must be an instant in epoch milliseconds, got NaN.
 */
export function assertInstant(ms: number, name: string): void {
  // typeof: a caller outside TypeScript (a resolver payload, the CLI) may pass a string.
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new RangeError(`${name} must be an instant in epoch milliseconds, got ${String(ms)}.`);
  }
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function pad3(value: number): string {
  return value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value);
}

/**
 * The ISO-8601 UTC text of an instant, exactly as `Date.prototype.toISOString` writes it.
 *
 * @throws {RangeError} for a non-finite instant (as toISOString does).
 * @example
 * isoInstant(1795169730000) //=> '2026-11-20T10:15:30.000Z'
 */
export function isoInstant(ms: number): string {
  // Evaluations print the same instants (shared pauses, dues, a cycle's stop and its met) again and again: a
  // direct-mapped memo (one slot per hash, a clash overwrites) answers in a few ns, where a Map of numbers took tens.
  const k = Math.floor(ms / 1000);
  const slot = (k ^ (k >>> 11) ^ (ms - k * 1000)) & (MEMO_SLOTS - 1);
  if (memoInstants[slot] === ms) return memoTexts[slot] as string;
  const text = formatInstant(ms);
  memoInstants[slot] = ms;
  memoTexts[slot] = text;
  return text;
}

/** Slots of the memo (a power of two): bounded, and independent of who asks. */
const MEMO_SLOTS = 4096;
const memoInstants = new Float64Array(MEMO_SLOTS).fill(Number.NaN);
const memoTexts: string[] = new Array<string>(MEMO_SLOTS).fill('');

function formatInstant(ms: number): string {
  // Years 1970..9999 by hand; anything else (and non-integers) the slow, exact way.
  if (!(ms >= 0 && ms < 253_402_300_800_000) || ms !== Math.floor(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}Z`;
}
