/**
 * A business calendar in words for agents ("Mon–Fri 09:00–18:00 Europe/Sofia, Bulgaria public holidays"), built
 * from the policy's calendar spec so the panel and the CLI never describe a calendar by hand.
 */
import type { CalendarSpec } from './calendar-schema';
import { WEEKDAY_KEYS, weekWindows, type DayWindow } from './calendar-week';
import { CALENDAR_24X7 } from './sla-rules';
import { formatMinutes } from './sla-words';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A calendar described for people: `hours` in words, its zone, and the minutes one business day counts. */
export interface CalendarDescription {
  id: string;
  timeZone: string;
  /** e.g. "Mon–Fri 09:00–18:00 America/New_York, United States public holidays". */
  hours: string;
  /** What `1d` counts on this calendar, in minutes (9h = 540). */
  dayLengthMinutes: number;
  /** e.g. "1 business day = 9h". */
  day: string;
}

// Country names come from Intl (ICU), not date-holidays: this module runs on every evaluation, and the holiday
// library must stay out of the runtime bundle (docs/forge.md, Holiday tables).
let regionNames: Intl.DisplayNames | null = null;

/** The English name of an ISO 3166-1 country code ("BG" → "Bulgaria"), or the code when ICU has none. */
function countryName(code: string): string {
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function windowsText(windows: readonly DayWindow[]): string {
  return windows.map((window) => `${clock(window.start)}–${clock(window.end)}`).join(', ');
}

/**
 * The working week in words: consecutive days with the same windows are grouped; days off are left out.
 * @example weekWords({ 'mon-fri': ['09:00-18:00'] }) //=> 'Mon–Fri 09:00–18:00'
 * @example weekWords({ 'mon-sun': ['08:00-22:00'] }) //=> 'every day 08:00–22:00'
 */
export function weekWords(week: CalendarSpec['week']): string {
  const days = weekWindows(week);
  const texts = days.map(windowsText);
  if (texts.every((text) => text !== '' && text === texts[0])) return `every day ${texts[0] ?? ''}`;
  const groups: string[] = [];
  let index = 0;
  while (index < WEEKDAY_KEYS.length) {
    const text = texts[index] ?? '';
    let end = index;
    while (end + 1 < WEEKDAY_KEYS.length && texts[end + 1] === text) end += 1;
    if (text !== '') {
      const from = DAY_NAMES[index] ?? '';
      const to = DAY_NAMES[end] ?? '';
      groups.push(`${end === index ? from : `${from}${end === index + 1 ? ', ' : '–'}${to}`} ${text}`);
    }
    index = end + 1;
  }
  return groups.join('; ');
}

/**
 * The holidays a calendar skips, in words; null when it skips none. A region is named by its code (its name lives
 * only in the holiday library); corrections are counted.
 * @example holidayWords({ country: 'BG', types: ['public'] }) //=> 'Bulgaria public holidays'
 * @example holidayWords({ dates: ['2026-12-24'] }) //=> '1 listed holiday'
 * @example holidayWords({ country: 'US', types: ['public'], rules: [{ moveTo: 'nextWorkingDay', from: ['sun'] }] }) //=> 'United States public holidays, 1 moving rule'
 */
export function holidayWords(holidays: CalendarSpec['holidays']): string | null {
  if (holidays === undefined) return null;
  const parts: string[] = [];
  if (holidays.country !== undefined) {
    const country = countryName(holidays.country);
    const types = holidays.types ?? ['public'];
    parts.push(`${holidays.state ? `${country} (${holidays.state})` : country} ${types.join(' and ')} holidays`);
  }
  const listed = (holidays.dates?.length ?? 0) + (holidays.add?.length ?? 0);
  if (listed > 0) parts.push(`${holidays.country === undefined ? '' : 'and '}${plural(listed, 'listed holiday')}`);
  const removed = holidays.remove?.length ?? 0;
  const rules = holidays.rules?.length ?? 0;
  const corrections = [removed > 0 ? `${removed} removed` : null, rules > 0 ? plural(rules, 'moving rule') : null].filter(
    (part) => part !== null,
  );
  if (parts.length === 0) return null;
  return corrections.length === 0 ? parts.join(' ') : `${parts.join(' ')}, ${corrections.join(', ')}`;
}

/**
 * A calendar of a policy in words; `spec` null is the built-in 24x7 calendar.
 *
 * @example
 * describeCalendar({ id: 'office', timeZone: 'Europe/Sofia', week: { 'mon-fri': ['09:00-18:00'] }, holidays: { country: 'BG', types: ['public'] } }, 540)
 * //=> { id: 'office', timeZone: 'Europe/Sofia', hours: 'Mon–Fri 09:00–18:00 Europe/Sofia, Bulgaria public holidays', dayLengthMinutes: 540, day: '1 business day = 9h' }
 */
export function describeCalendar(
  spec: CalendarSpec | null,
  dayLengthMinutes: number,
  id: string = spec?.id ?? CALENDAR_24X7,
): CalendarDescription {
  if (spec === null) {
    return {
      id,
      timeZone: 'UTC',
      hours: '24/7, elapsed time (no hours off, no holidays)',
      dayLengthMinutes,
      day: `1 day = ${formatMinutes(dayLengthMinutes)}`,
    };
  }
  const holidays = holidayWords(spec.holidays);
  return {
    id: spec.id,
    timeZone: spec.timeZone,
    hours: `${weekWords(spec.week)} ${spec.timeZone}${holidays ? `, ${holidays}` : ''}`,
    dayLengthMinutes,
    day: `1 business day = ${formatMinutes(dayLengthMinutes)}`,
  };
}
