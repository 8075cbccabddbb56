/**
 * The engine functions the Forge adapters use, in one place: the adapters depend on this narrow port, so the
 * engine's internals can change without touching every handler.
 */
import {
  changedFieldValues,
  dueInstants,
  escalationInstants,
  evaluate,
  listPresets,
  loadPolicy,
  SLA_FIELDS,
  slaFieldValues,
  type CompiledPolicy,
  type PolicyProblem,
  type SlaFieldKey,
  type SlaFieldValues,
  type SlaState,
} from '../engine';

export { changedFieldValues, dueInstants, escalationInstants, evaluate, listPresets, SLA_FIELDS, slaFieldValues };
export type { CompiledPolicy, PolicyProblem, SlaFieldKey, SlaFieldValues, SlaState };

export type CompileResult = { ok: true; policy: CompiledPolicy } | { ok: false; errors: PolicyProblem[] };

/** Validates and compiles a policy document (YAML, of which JSON is a subset). */
export function compileSource(source: string): CompileResult {
  return loadPolicy(source, { format: 'yaml' });
}
