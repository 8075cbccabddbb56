/**
 * Policies stored compiled. A save stores, beside the YAML source, the validated policy as plain JSON data under
 * `policy-compiled:<scope>:<version>`, stamped with the engine's format (src/generated/policy-format.ts, a hash
 * of the engine's sources). Issue events, the sweep, the queue and the panel then compile a policy from that JSON:
 * no YAML parser, no schema, and re2js only when a rule has a regex (each a lazy chunk, src/forge/lazy-engine.ts).
 *
 * A version without a current compiled form (saved by an older build, or compiled by a build whose engine has
 * changed since) is compiled from its source once, through the lazily loaded loader, and its compiled form stored
 * again. Should its source no longer validate under the new engine, the last good compiled form stays in force.
 */
import { kvs } from '@forge/kvs';
import type { PolicyScope } from '../contracts/resolvers';
import { compilePolicy, ruleRegexSources, type CompiledPolicy } from '../engine/compile-policy';
import type { PolicyHolidays } from '../engine/holidays';
import type { Policy } from '../engine/policy-schema';
import { POLICY_FORMAT } from '../generated/policy-format';
import { loadPolicyLoader, loadTextRegex } from './lazy-engine';
import { KVS_MAX_VALUE_BYTES } from './storage-limits';

/** The value stored under `policy-compiled:<scope>:<version>`. */
export interface StoredCompiledPolicy {
  /** POLICY_FORMAT of the build that validated `policy`. */
  format: string;
  policy: Policy;
}

/** `policy-compiled:<scope>:<version>`. */
export function compiledPolicyKey(scope: PolicyScope, version: number): string {
  return `policy-compiled:${scope.kind === 'site' ? 'site' : `project:${scope.projectKey}`}:${version}`;
}

/**
 * A compiled policy's validated data, as JSON stores it: its `calendar` and `textRegex` lookups left out.
 *
 * @example
 * JSON.stringify(policyData(loadPreset('byteztech'))) === JSON.stringify(loadPreset('byteztech')) //=> true
 */
export function policyData(policy: CompiledPolicy): Policy {
  const { calendar: _calendar, textRegex: _textRegex, ...data } = policy;
  return data;
}

/**
 * Stores the compiled form of a version (true), unless its JSON exceeds what one Forge storage value holds (false):
 * YAML aliases can make the data far larger than its source, and such a version is compiled from its source instead.
 */
export async function storeCompiledPolicy(scope: PolicyScope, version: number, policy: Policy): Promise<boolean> {
  const value: StoredCompiledPolicy = { format: POLICY_FORMAT, policy };
  if (Buffer.byteLength(JSON.stringify(value)) > KVS_MAX_VALUE_BYTES) return false;
  await kvs.set(compiledPolicyKey(scope, version), value);
  return true;
}

/**
 * The validated data of a stored version: its compiled form when this build stored it, else its source compiled
 * again through the lazily loaded loader (and stored compiled for next time), else the last good compiled form of an
 * older build; null when none exists (a source that never validated).
 */
export async function storedPolicyData(scope: PolicyScope, stored: { version: number; source: string }): Promise<Policy | null> {
  const key = compiledPolicyKey(scope, stored.version);
  const found = (await kvs.get<StoredCompiledPolicy>(key)) ?? null;
  if (found !== null && found.format === POLICY_FORMAT) return found.policy;
  const { loadPolicy } = await loadPolicyLoader();
  const result = loadPolicy(stored.source, { format: 'yaml' });
  if (result.ok) {
    const data = policyData(result.policy);
    try {
      await storeCompiledPolicy(scope, stored.version, data);
    } catch (error) {
      // A storage refusal costs only time: the next cold start compiles the source again.
      console.warn(`${key}: compiled form not stored (${error instanceof Error ? error.message : String(error)})`);
    }
    return data;
  }
  if (found !== null) {
    console.warn(
      `${key}: the source no longer validates (${result.errors[0]?.message ?? 'unknown problem'}); the version compiled when it was saved stays in force.`,
    );
    return found.policy;
  }
  return null;
}

/**
 * Compiles validated policy data with `holidays`, loading re2js (a lazy chunk) only when a rule has a regex.
 *
 * @example
 * (await compilePolicyData(byteztechData)).calendar('us-business').timeZone //=> 'America/New_York'
 */
export async function compilePolicyData(policy: Policy, holidays?: PolicyHolidays): Promise<CompiledPolicy> {
  const textRegex = ruleRegexSources(policy).length > 0 ? (await loadTextRegex()).compileTextRegex : undefined;
  return compilePolicy(policy, holidays, textRegex);
}
