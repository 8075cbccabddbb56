/**
 * Policies in @forge/kvs: one per project (`policy:project:<KEY>`) and a site default (`policy:site`), each
 * `{version, source, savedAt, presetId?}`; every replaced version is kept under `policy-history:<scope>:<version>`.
 * No account id is stored (no feature needs to know who saved; see docs/forge.md, Personal data). A save validates first: a rejected source never replaces the policy in force.
 * Compiled policies are cached per (installation, scope, version), so an event pays for YAML parsing only after a
 * change, and a warm runtime serving several installations never applies one site's policy to another.
 */
import { kvs } from '@forge/kvs';
import type { PolicyScope } from '../contracts/resolvers';
import { loadPolicy, type CompiledPolicy, type LoadPolicyResult, type PolicyProblem } from '../engine';
import { InstallationCache } from './installation-cache';

export interface StoredPolicy {
  version: number;
  source: string;
  savedAt: string;
  presetId?: string;
}

/** The policy in force for an issue, and where it came from. */
export interface ActivePolicy {
  scope: PolicyScope;
  stored: StoredPolicy;
  policy: CompiledPolicy;
}

/**
 * The scope as used inside storage keys.
 *
 * @example
 * scopeId({ kind: 'project', projectKey: 'SUP' }) //=> 'project:SUP'
 */
export function scopeId(scope: PolicyScope): string {
  return scope.kind === 'site' ? 'site' : `project:${scope.projectKey}`;
}

/** `policy:site` or `policy:project:<KEY>`. */
export function policyStorageKey(scope: PolicyScope): string {
  return `policy:${scopeId(scope)}`;
}

/** `policy-history:<scope>:<version>`. */
export function historyStorageKey(scope: PolicyScope, version: number): string {
  return `policy-history:${scopeId(scope)}:${version}`;
}

/**
 * Validates and compiles a policy as the admin page sends it: read as YAML (JSON is a subset), so every problem
 * carries its line and column.
 */
export function compileSource(source: string): LoadPolicyResult {
  return loadPolicy(source, { format: 'yaml' });
}

/** Compiled policies kept per warm container, over all installations (least recently used forgotten first). */
export const COMPILED_POLICIES_KEPT = 64;
/**
 * Compiled policies by installation and `<scope>@<version>`: a version's source never changes, so its compilation
 * never goes stale; two sites both have a `site@1`, so the installation is part of the key.
 */
const compiled = new InstallationCache<CompiledPolicy>(COMPILED_POLICIES_KEPT);
const compiledCacheKey = (scope: PolicyScope, version: number): string => `${scopeId(scope)}@${version}`;

/** Forgets compiled policies (a cold container starts empty). */
export function resetPolicyCache(): void {
  compiled.clear();
}

export async function readStoredPolicy(scope: PolicyScope): Promise<StoredPolicy | null> {
  return (await kvs.get<StoredPolicy>(policyStorageKey(scope))) ?? null;
}

/** The compiled policy of a stored version (cached per scope and version), or null when it no longer compiles. */
export function compileStored(scope: PolicyScope, stored: StoredPolicy): CompiledPolicy | null {
  const cacheKey = compiledCacheKey(scope, stored.version);
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const result = compileSource(stored.source);
  if (!result.ok) return null;
  compiled.set(cacheKey, result.policy);
  return result.policy;
}

/** The compiled policy of one scope (null when none is stored). */
export async function loadScopePolicy(scope: PolicyScope): Promise<ActivePolicy | null> {
  const stored = await readStoredPolicy(scope);
  if (!stored) return null;
  const policy = compileStored(scope, stored);
  return policy ? { scope, stored, policy } : null;
}

/** The policy in force for a project: its own, else the site default, else null (the app then writes nothing). */
export async function policyForProject(projectKey: string | null | undefined): Promise<ActivePolicy | null> {
  if (projectKey) {
    const own = await loadScopePolicy({ kind: 'project', projectKey });
    if (own) return own;
  }
  return loadScopePolicy({ kind: 'site' });
}

/** A stored policy without the `savedBy` account id that versions saved before 2026-12 carry. */
function withoutAccountId(stored: StoredPolicy & { savedBy?: unknown }): StoredPolicy {
  const { savedBy: _accountId, ...rest } = stored;
  return rest;
}

export type SavePolicyResult =
  | { ok: true; stored: StoredPolicy; policy: CompiledPolicy; previous: StoredPolicy | null }
  | { ok: false; problems: PolicyProblem[] };

/**
 * Validates `source` and, only when valid, stores it as the scope's next version (the replaced one moves to
 * history). A rejected source leaves storage untouched.
 *
 * @example
 * await savePolicy({ kind: 'site' }, 'not: [valid', { savedAt: '2026-01-01T00:00:00.000Z' })
 * //=> { ok: false, problems: [{ path: '', message: '…', line: 1, column: … }] }
 */
export async function savePolicy(
  scope: PolicyScope,
  source: string,
  meta: { savedAt: string; presetId?: string },
): Promise<SavePolicyResult> {
  const result = compileSource(source);
  if (!result.ok) return { ok: false, problems: result.errors };
  const previous = await readStoredPolicy(scope);
  const stored: StoredPolicy = {
    version: (previous?.version ?? 0) + 1,
    source,
    savedAt: meta.savedAt,
    ...(meta.presetId ? { presetId: meta.presetId } : {}),
  };
  if (previous) await kvs.set(historyStorageKey(scope, previous.version), withoutAccountId(previous));
  await kvs.set(policyStorageKey(scope), stored);
  compiled.set(compiledCacheKey(scope, stored.version), result.policy);
  return { ok: true, stored, policy: result.policy, previous };
}
