/**
 * Calendar-duration targets (`1w`, `1mo`) cost a walk through the calendar's time zone for every start instant,
 * and every evaluation of an issue measures its completed cycles again from the same starts. This keeps those
 * amounts per built calendar (a compiled policy's own: one per installation and policy version) and start.
 */
import type { BusinessCalendar } from './calendar';
import type { Duration } from './duration';

/** Amounts kept per calendar (inclusive); the map is emptied when full, since hostile issues may have many cycles. */
const AMOUNTS_KEPT = 10_000;

const wrappers = new WeakMap<BusinessCalendar, BusinessCalendar>();

/**
 * The calendar itself, except that `businessTimeOfDuration` of a `1w`/`1mo` duration is remembered per start.
 *
 * @example
 * const memo = rememberingCalendar(ny);
 * memo.businessTimeOfDuration(monday0900, parseDuration('1w')) //=> 162_000_000 (45h), computed once
 * memo.businessTimeOfDuration(monday0900, parseDuration('1w')) //=> 162_000_000, remembered
 */
export function rememberingCalendar(calendar: BusinessCalendar): BusinessCalendar {
  let wrapper = wrappers.get(calendar);
  if (wrapper === undefined) {
    // By duration (the parsed durations are shared: clocks.ts `cachedDuration`), then by start: no key to build.
    const amounts = new Map<Duration, Map<number, number | null>>();
    let kept = 0;
    // The calendar's prototype chain answers everything else, with `this` the wrapper (the class has no private slots).
    const remembering = Object.create(calendar) as BusinessCalendar;
    remembering.businessTimeOfDuration = (startMs: number, duration: Duration): number | null => {
      if (duration.kind !== 'calendar') return calendar.businessTimeOfDuration(startMs, duration);
      let byStart = amounts.get(duration);
      const known = byStart?.get(startMs);
      if (known !== undefined) return known;
      const amount = calendar.businessTimeOfDuration(startMs, duration);
      if (kept >= AMOUNTS_KEPT) {
        amounts.clear();
        kept = 0;
        byStart = undefined;
      }
      if (byStart === undefined) {
        byStart = new Map();
        amounts.set(duration, byStart);
      }
      byStart.set(startMs, amount);
      kept += 1;
      return amount;
    };
    wrappers.set(calendar, remembering);
    wrapper = remembering;
  }
  return wrapper;
}
