/**
 * The week of a calendar as per-weekday working windows: day keys and ranges (`mon-fri`), `HH:MM-HH:MM` windows.
 * No zod: the schema (calendar-schema.ts) validates with these helpers, and building a calendar of a policy that was
 * validated when it was saved (the Forge runtime) needs only them.
 */
import type { CalendarSpec } from './calendar-schema';

/** Day keys in ISO order; index + 1 is luxon's `weekday` (1 = Monday … 7 = Sunday). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** One working window of a day in minutes after local midnight; `start` inclusive, `end` exclusive (≤ 1440). */
export interface DayWindow {
  start: number;
  end: number;
}

const WINDOW_TEXT = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/**
 * Expands a week key into weekday indexes (0 = Monday … 6 = Sunday), or returns an error message.
 * Ranges are inclusive and may wrap around the week end (`fri-mon` = Fri, Sat, Sun, Mon).
 *
 * @example
 * weekKeyDays('mon-thu') //=> [0, 1, 2, 3]
 * weekKeyDays('sun')     //=> [6]
 */
export function weekKeyDays(key: string): number[] | string {
  const names = key.trim().toLowerCase().split('-');
  const indexes = names.map((name) => WEEKDAY_KEYS.indexOf(name as WeekdayKey));
  if (names.length > 2 || indexes.some((index) => index < 0)) {
    return `"${key}" is not a day key: use mon, tue, wed, thu, fri, sat, sun, or a range such as "mon-fri".`;
  }
  const [from, to] = [indexes[0] ?? 0, indexes[indexes.length - 1] ?? 0];
  const days: number[] = [];
  for (let day = from; ; day = (day + 1) % 7) {
    days.push(day);
    if (day === to) break;
  }
  return days;
}

/**
 * Parses one `"HH:MM-HH:MM"` window into minutes after midnight, or returns an error message.
 * The end may be `"24:00"` (midnight at the end of the day); the start must be before the end.
 *
 * @example
 * parseWindow('09:00-17:30') //=> { start: 540, end: 1050 }
 * parseWindow('22:00-24:00') //=> { start: 1320, end: 1440 }
 */
export function parseWindow(text: string): DayWindow | string {
  const match = WINDOW_TEXT.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) {
    return `"${String(text)}" is not a window: write "HH:MM-HH:MM" with two-digit hours, such as "09:00-17:30" (use "24:00" for the end of the day).`;
  }
  const [sh, sm, eh, em] = match.slice(1).map(Number) as [number, number, number, number];
  if (sh > 23 || sm > 59) return `"${text}" starts at an impossible time: the start must be between 00:00 and 23:59.`;
  if (eh > 24 || em > 59 || (eh === 24 && em !== 0)) {
    return `"${text}" ends at an impossible time: the end must be between 00:01 and 24:00.`;
  }
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  if (start >= end) {
    return `"${text}" ends before it starts: a window cannot cross midnight; split it, e.g. "22:00-24:00" on one day and "00:00-06:00" on the next.`;
  }
  return { start, end };
}

/**
 * Per-weekday windows of a validated week, index 0 = Monday … 6 = Sunday; days not listed have none.
 *
 * @example
 * weekWindows({ 'mon-thu': ['09:00-17:00'], fri: ['09:00-15:00'] })[4] //=> [{ start: 540, end: 900 }]
 */
export function weekWindows(week: CalendarSpec['week']): DayWindow[][] {
  const days: DayWindow[][] = WEEKDAY_KEYS.map(() => []);
  for (const [key, texts] of Object.entries(week)) {
    const indexes = weekKeyDays(key);
    if (typeof indexes === 'string') throw new Error(indexes);
    const windows = texts.map((text) => {
      const window = parseWindow(text);
      if (typeof window === 'string') throw new Error(window);
      return window;
    });
    for (const index of indexes) days[index] = windows.map((window) => ({ ...window }));
  }
  return days;
}
