/**
 * Resolves the holiday tables of the preset policies at build time (run by scripts/build.mjs), so the Forge
 * runtime compiles a preset without loading date-holidays. Years: `holidayTableYears` around the build year.
 */
import { holidayTableYears, holidaysFromLibrary, resolveHolidayTables } from '../src/engine/holiday-library';
import type { HolidayTable } from '../src/engine/holidays';
import { loadPolicy } from '../src/engine/load-policy';

/**
 * The tables of each preset, or throws naming the preset whose YAML is invalid.
 *
 * @example
 * presetHolidayTables([{ id: 'businessmap', source }], 2026)[0]?.tables[0]?.fromYear //=> 2020
 */
export function presetHolidayTables(
  presets: ReadonlyArray<{ id: string; source: string }>,
  buildYear: number,
): Array<{ id: string; tables: HolidayTable[] }> {
  const { fromYear, toYear } = holidayTableYears(buildYear);
  return presets.map(({ id, source }) => {
    const result = loadPolicy(source, { format: 'yaml', holidays: holidaysFromLibrary() });
    if (!result.ok) throw new Error(`Preset "${id}" is invalid: ${result.errors.map((error) => error.message).join(' ')}`);
    return { id, tables: resolveHolidayTables(result.policy.calendars, fromYear, toYear) };
  });
}
