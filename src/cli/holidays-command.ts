/**
 * `sla holidays --policy P [--calendar C] --year Y [--json]`: the holidays a calendar observes in a year, with
 * their names and where each comes from (the library, the policy's `add`/`dates`, or one of its `rules`).
 */
import type { ParseArgsConfig } from 'node:util';
import { calendarHolidays, type CompiledPolicy, type ObservedHoliday } from '../engine';
import type { CliIo } from './run-cli';

/** The parts of run-cli.ts this command shares, so its argument and error handling are the same as the others'. */
export interface CliHelpers {
  parse: (args: readonly string[], options: NonNullable<ParseArgsConfig['options']>) => { values: Record<string, unknown> };
  requireOption: (values: Record<string, unknown>, name: string) => string;
  resolvePolicy: (ref: string, io: CliIo) => CompiledPolicy;
  table: (rows: string[][]) => string[];
  usageError: (message: string) => Error;
}

const FIRST_YEAR = 1970;
const LAST_YEAR = 2200;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function parseYear(text: string, usageError: (message: string) => Error): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw usageError(`--year '${text}' is not a year; give one from ${FIRST_YEAR} to ${LAST_YEAR}, e.g. --year 2026`);
  }
  return year;
}

function origin(holiday: ObservedHoliday): string {
  if (holiday.source !== 'rule' || holiday.movedFrom === undefined) return holiday.source;
  const weekday = WEEKDAYS[new Date(`${holiday.movedFrom}T00:00:00Z`).getUTCDay()] ?? '';
  return `rule (moved from ${weekday} ${holiday.movedFrom})`;
}

/** Runs `sla holidays`; exit code 0. */
export function holidaysCommand(args: readonly string[], io: CliIo, cli: CliHelpers): number {
  const { values } = cli.parse(args, {
    policy: { type: 'string' },
    calendar: { type: 'string' },
    year: { type: 'string' },
    json: { type: 'boolean' },
  });
  const policy = cli.resolvePolicy(cli.requireOption(values, 'policy'), io);
  const year = parseYear(cli.requireOption(values, 'year'), cli.usageError);
  const calendarId = typeof values.calendar === 'string' ? values.calendar : undefined;
  const calendars = calendarHolidays(policy, year, calendarId);
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ policy: policy.id, year, calendars })}\n`);
    return 0;
  }
  const lines: string[] = [];
  if (calendars.length === 0) lines.push(`policy ${policy.id}: no calendar has holidays (every listed day of the week works).`);
  for (const calendar of calendars) {
    if (lines.length > 0) lines.push('');
    lines.push(`policy ${policy.id} · calendar ${calendar.id} (${calendar.timeZone}) · ${year} · ${calendar.basis ?? 'no holidays'}`);
    if (calendar.holidays.length === 0) {
      lines.push('no holidays in this year');
      continue;
    }
    const rows = [['date', 'day', 'name', 'source']];
    for (const holiday of calendar.holidays) {
      const weekday = WEEKDAYS[new Date(`${holiday.date}T00:00:00Z`).getUTCDay()] ?? '';
      rows.push([holiday.date, weekday, holiday.name, origin(holiday)]);
    }
    lines.push(...cli.table(rows));
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
