/**
 * Instants and contacts as the apps print them (a metric's state and time in words live in
 * src/engine/sla-words.ts, shared with the CLI). Pure functions (Intl only) so they are unit-tested in Node and
 * cost nothing in the bundles.
 */

/**
 * Prints an instant in `timeZone` with a short zone name, e.g. "Tue 24 Nov, 14:05 GMT+1".
 * @example formatInstant('2026-11-24T13:05:00Z', 'Europe/Berlin', 'en-GB') //=> 'Tue 24 Nov, 14:05 CET'
 */
export function formatInstant(iso: string, timeZone: string, locale: string): string {
  const date = new Date(Date.parse(iso));
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(date);
  } catch {
    return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
}

/**
 * True when two IANA zones show the same wall clock at `atMs` (so printing both would repeat the same time).
 * @example sameWallClock('Europe/London', 'UTC', Date.parse('2026-01-10T00:00:00Z')) //=> true
 */
export function sameWallClock(zoneA: string, zoneB: string, atMs: number): boolean {
  if (zoneA === zoneB) return true;
  const print = (zone: string): string => {
    try {
      return new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(atMs));
    } catch {
      return zone;
    }
  };
  return print(zoneA) === print(zoneB);
}

/**
 * Percentage for display: whole numbers, clamped to 0..999 so an old breach does not print absurd values.
 * @example displayPercent(74.6) //=> 75
 */
export function displayPercent(percent: number): number {
  return Math.max(0, Math.min(999, Math.round(percent)));
}

/**
 * A ladder contact in words: a camelCase role id from the policy becomes lower-case words; anything else (a
 * name, an e-mail address, a team written out) is shown as written.
 * @example contactWords('customerSuccessManager') //=> 'customer success manager'
 * @example contactWords('ops@acme.com') //=> 'ops@acme.com'
 */
export function contactWords(contact: string): string {
  if (!/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/.test(contact)) return contact;
  return contact.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
