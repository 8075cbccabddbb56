/**
 * The five seed policies (presets/*.yaml) and their holiday tables, embedded by scripts/build.mjs into src/generated/
 * because Forge's bundler ships only code.
 */
import { presetHolidayTablesJson } from '../generated/preset-holidays';
import { presetSources } from '../generated/presets';
import { holidaysFromTables, type HolidayTable } from './holidays';
import { loadPolicy, type CompiledPolicy } from './load-policy';

/** One preset as listed: its id, the policy's name, and `source`, the YAML text itself. */
export interface PresetSummary {
  id: string;
  name: string;
  source: string;
}

const compiled = new Map<string, CompiledPolicy>();
let presetTables: ReadonlyArray<{ id: string; tables: HolidayTable[] }> | undefined;

function compile(id: string, source: string): CompiledPolicy {
  const cached = compiled.get(id);
  if (cached !== undefined) return cached;
  // Holidays from the tables scripts/build.mjs resolved, so compiling a preset never loads date-holidays.
  presetTables ??= JSON.parse(presetHolidayTablesJson) as ReadonlyArray<{ id: string; tables: HolidayTable[] }>;
  const tables = presetTables.find((entry) => entry.id === id)?.tables ?? [];
  const result = loadPolicy(source, { format: 'yaml', holidays: holidaysFromTables(tables) });
  if (!result.ok) {
    throw new Error(`Preset "${id}" is invalid: ${result.errors.map((error) => error.message).join(' ')}`);
  }
  compiled.set(id, result.policy);
  return result.policy;
}

/**
 * Every preset, sorted by id.
 *
 * @example
 * listPresets().map((preset) => preset.id) //=> ['b2bee', 'batoi-enterprise', 'businessmap', 'byteztech', 'essensys']
 */
export function listPresets(): PresetSummary[] {
  return presetSources.map(({ id, source }) => ({ id, name: compile(id, source).name, source }));
}

/**
 * The compiled preset with this id (compiled once, then shared).
 *
 * @throws Error naming the valid ids when the id is unknown.
 * @example
 * loadPreset('byteztech').calendar('us-business').timeZone //=> 'America/New_York'
 */
export function loadPreset(id: string): CompiledPolicy {
  const preset = presetSources.find((candidate) => candidate.id === id);
  if (preset === undefined) {
    throw new Error(`Unknown preset "${id}": choose one of ${presetSources.map((candidate) => candidate.id).join(', ')}.`);
  }
  return compile(preset.id, preset.source);
}
