/**
 * A slow, obviously-correct reference for business time, used only by tests to check the fast tables of
 * src/engine/calendar.ts. It shares no code with them: every minute is judged on its own from luxon's local time
 * in the zone (weekday, minute of the day, ISO date), the week spec's windows and a list of holiday dates.
 * Instants must be whole minutes (windows are whole minutes, zone offsets are multiples of 15 minutes).
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

const MINUTE = 60_000;
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface ReferenceSpec {
  timeZone: string;
  week: Record<string, string[]>;
  /** Non-working local dates, `YYYY-MM-DD`. */
  holidayDates: string[];
}

/** Holiday dates straight from date-holidays for the given years: type filter, substitutes only if observed. */
export function referenceHolidayDates(
  holidays: { country: string; state?: string; types?: string[]; observed?: boolean },
  years: number[],
): string[] {
  const source = holidays.state ? new Holidays(holidays.country, holidays.state) : new Holidays(holidays.country);
  const types = holidays.types ?? ['public'];
  const dates: string[] = [];
  for (const year of years) {
    for (const holiday of source.getHolidays(year)) {
      if (!types.includes(holiday.type)) continue;
      if (holiday.substitute && holidays.observed === false) continue;
      dates.push(holiday.date.slice(0, 10));
    }
  }
  return dates;
}

export class ReferenceCalendar {
  /** For each luxon weekday 1..7, the windows as [startMinute, endMinute). */
  private readonly windows = new Map<number, Array<[number, number]>>();
  private readonly holidays: Set<string>;
  private readonly cache = new Map<number, boolean>();

  constructor(private readonly spec: ReferenceSpec) {
    this.holidays = new Set(spec.holidayDates);
    for (const [key, texts] of Object.entries(spec.week)) {
      const [from, to = from] = key.split('-');
      const start = DAY_NAMES.indexOf(from as string);
      const end = DAY_NAMES.indexOf(to as string);
      for (let day = start; ; day = (day + 1) % 7) {
        const list = texts.map((text): [number, number] => {
          const [a = '', b = ''] = text.split('-');
          const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
          return [minutes(a), minutes(b)];
        });
        this.windows.set(day + 1, list);
        if (day === end) break;
      }
    }
  }

  /** Whether the minute starting at `ms` is working time. */
  isWorkingMinute(ms: number): boolean {
    const cached = this.cache.get(ms);
    if (cached !== undefined) return cached;
    const local = DateTime.fromMillis(ms, { zone: this.spec.timeZone });
    const minuteOfDay = local.hour * 60 + local.minute;
    const working =
      !this.holidays.has(local.toISODate() as string) &&
      (this.windows.get(local.weekday) ?? []).some(([start, end]) => minuteOfDay >= start && minuteOfDay < end);
    this.cache.set(ms, working);
    return working;
  }

  /** Steps minute by minute until `minutes` working minutes have passed (0: until the first working minute). */
  addBusinessMinutes(startMs: number, minutes: number, limitMinutes = 60 * 24 * 60): number {
    let t = startMs;
    let counted = 0;
    for (let steps = 0; steps < limitMinutes; steps += 1) {
      if (minutes === 0) {
        if (this.isWorkingMinute(t)) return t;
      } else if (this.isWorkingMinute(t)) {
        counted += 1;
        if (counted === minutes) return t + MINUTE;
      }
      t += MINUTE;
    }
    throw new Error('reference: no result within the step limit');
  }

  /** Counts the working minutes in [fromMs, toMs). */
  businessMinutesBetween(fromMs: number, toMs: number): number {
    let counted = 0;
    for (let t = fromMs; t < toMs; t += MINUTE) if (this.isWorkingMinute(t)) counted += 1;
    return counted;
  }
}
