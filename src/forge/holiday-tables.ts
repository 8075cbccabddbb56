/**
 * Holiday tables in Forge storage: a policy's country holidays, resolved from date-holidays when the policy is
 * saved and stored beside it (`policy-holidays:<scope>:<version>`), so that issue events, the sweep and the queue
 * consumer compile a policy without loading the library (docs/forge.md, "Holiday tables").
 *
 * The library is loaded with a dynamic `import()`: @forge/bundler (webpack, target node, no chunk limit) emits it
 * as a separate chunk file that Node `require`s only when a save, a validation or a table refresh runs.
 */
import { kvs } from '@forge/kvs';
import * as z from 'zod';
import type { PolicyScope } from '../contracts/resolvers';
import { calendarHolidays, type CalendarHolidays } from '../engine/holiday-list';
import { countryHolidaySpecs, holidaySpecKey, holidayTableSchema, type HolidayTable } from '../engine/holidays';
import { UnknownChoiceError } from '../engine/compile-policy';
import type { LoadPolicyResult } from '../engine/load-policy';
import type { Policy } from '../engine/policy-schema';
import { loadScopePolicy } from './policy-store';

/** Forge storage refuses values over 240 KiB; tables stay well below it. */
export const HOLIDAY_TABLES_MAX_BYTES = 200_000;

/** A stored table must cover the current year, the one before and the next two (due dates look ahead). */
const YEARS_NEEDED_BEFORE = 1;
const YEARS_NEEDED_AFTER = 2;

const storedTablesSchema = z.array(holidayTableSchema);

/** `policy-holidays:<scope>:<version>`. */
export function holidayTablesKey(scope: PolicyScope, version: number): string {
  return `policy-holidays:${scope.kind === 'site' ? 'site' : `project:${scope.projectKey}`}:${version}`;
}

/** The date-holidays side of the engine, loaded on first use (a separate chunk in the Forge bundle). */
export function loadHolidayLibrary(): Promise<typeof import('../engine/holiday-library')> {
  return import('../engine/holiday-library');
}

export type CompiledSource = (LoadPolicyResult & { ok: false }) | (LoadPolicyResult & { ok: true; holidayTables: HolidayTable[] });

/**
 * Validates a policy source with the library (unknown countries and regions are problems at their line) and
 * resolves its holiday tables around `nowMs`.
 *
 * @example
 * (await compileSourceWithHolidays(text, Date.parse('2026-06-01T00:00:00Z'))).ok //=> true, with holidayTables 2020–2037
 */
export async function compileSourceWithHolidays(source: string, nowMs: number): Promise<CompiledSource> {
  const library = await loadHolidayLibrary();
  const result = library.loadPolicyWithHolidayTables(source, new Date(nowMs).getUTCFullYear(), { format: 'yaml' });
  if (!result.ok) return result;
  const bytes = Buffer.byteLength(JSON.stringify(result.holidayTables));
  if (bytes > HOLIDAY_TABLES_MAX_BYTES) {
    return {
      ok: false,
      errors: [
        {
          path: 'calendars',
          message:
            `calendars: the holidays of ${result.holidayTables.length} different country calendars take ${Math.ceil(bytes / 1024)} KB, ` +
            `more than the ${HOLIDAY_TABLES_MAX_BYTES / 1000} KB one Forge storage value holds: give calendars of one country the same holidays (a YAML anchor such as &us-federal).`,
        },
      ],
    };
  }
  return result;
}

/** Whether `tables` hold every country spec of `calendars` for the years around `nowMs`. */
function tablesCover(tables: readonly HolidayTable[], calendars: Policy['calendars'], nowMs: number): boolean {
  const year = new Date(nowMs).getUTCFullYear();
  const byKey = new Map(tables.map((table) => [table.key, table]));
  return countryHolidaySpecs(calendars).every((spec) => {
    const table = byKey.get(holidaySpecKey(spec));
    return table !== undefined && table.fromYear <= year - YEARS_NEEDED_BEFORE && table.toYear >= year + YEARS_NEEDED_AFTER;
  });
}

/**
 * The holiday tables of a stored policy version. When they are missing (a policy saved before tables existed) or
 * no longer cover the years around now (a policy kept for years), they are resolved again through the lazily
 * loaded library and stored, so this happens once per version and era, not per event. Tables are keyed by
 * version and their content is deterministic, so concurrent refreshes write the same value.
 */
export async function holidayTablesFor(
  scope: PolicyScope,
  version: number,
  calendars: Policy['calendars'],
  nowMs: number,
): Promise<HolidayTable[]> {
  if (countryHolidaySpecs(calendars).length === 0) return [];
  const key = holidayTablesKey(scope, version);
  const parsed = storedTablesSchema.safeParse(await kvs.get(key));
  const stored = parsed.success ? parsed.data : [];
  if (tablesCover(stored, calendars, nowMs)) return stored;
  const library = await loadHolidayLibrary();
  const { fromYear, toYear } = library.holidayTableYears(new Date(nowMs).getUTCFullYear());
  const tables = library.resolveHolidayTables(calendars, fromYear, toYear);
  await kvs.set(key, tables);
  return tables;
}

/** Stores the tables of a version being saved (before the version itself, so it never points at none). */
export async function storeHolidayTables(scope: PolicyScope, version: number, tables: readonly HolidayTable[]): Promise<void> {
  if (tables.length > 0) await kvs.set(holidayTablesKey(scope, version), tables);
}

/**
 * The holidays of `year` for the calendars of a scope's policy (one calendar when `calendarId` is given): from the
 * stored tables, and for a year outside them from the lazily loaded library. Null when the scope has no policy.
 *
 * @example
 * await holidayList({ kind: 'site' }, 2026) //=> { policy: { id: 'businessmap', version: 3 }, calendars: [{ id: 'office', … }] }
 */
export async function holidayList(
  scope: PolicyScope,
  year: number,
  calendarId?: string,
): Promise<{ policy: { id: string; version: number }; calendars: CalendarHolidays[] } | { unknownCalendar: string } | null> {
  const active = await loadScopePolicy(scope);
  if (active === null) return null;
  const policy = { id: active.policy.id, version: active.stored.version };
  try {
    return { policy, calendars: calendarHolidays(active.policy, year, calendarId) };
  } catch (error) {
    if (error instanceof UnknownChoiceError) return { unknownCalendar: error.message };
    // A year beyond the stored tables: an admin asked for it, so the library is worth loading.
    const library = await loadHolidayLibrary();
    return { policy, calendars: calendarHolidays(active.policy, year, calendarId, library.libraryHolidayProvider) };
  }
}
