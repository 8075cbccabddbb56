/**
 * Policies in @forge/kvs: one per project (`policy:project:<KEY>`) and a site default (`policy:site`), each
 * `{version, source, savedAt, presetId?}`; every version is kept under `policy-history:<scope>:<version>`.
 * No account id is stored (no feature needs to know who saved; see docs/forge.md, Personal data). A save validates
 * first: a rejected source never replaces the policy in force.
 *
 * Saves are compare-and-set: a save names the version its editor loaded and claims the next version's history key
 * with `keyPolicy: FAIL_IF_EXISTS`, which Forge storage grants to exactly one writer. Of three admins saving on the
 * same version, one wins and two get a conflict naming the version now in force; no policy vanishes. The winner
 * then points `policy:<scope>` at its version; admin reads follow the claimed history keys past the pointer, so a
 * save that died between its claim and its pointer write still shows (and the next save repairs the pointer).
 * Compiled policies are cached per (installation, scope, version), so an event compiles a policy only after a
 * change, and a warm runtime serving several installations never applies one site's policy to another.
 * Holiday tables and the validated policy as JSON are stored per version beside the source
 * (src/forge/holiday-tables.ts, src/forge/compiled-policy.ts): the runtime never parses YAML.
 */
import { kvs } from '@forge/kvs';
import type { PolicyScope } from '../contracts/resolvers';
import type { CompiledPolicy } from '../engine/compile-policy';
import { holidaysFromTables } from '../engine/holidays';
import type { PolicyProblem } from '../engine/load-policy';
import type { Policy } from '../engine/policy-schema';
import { currentInstant } from './clock';
import { compilePolicyData, policyData, storedPolicyData, storeCompiledPolicy } from './compiled-policy';
import { compileSourceWithHolidays, holidayTablesFor, storeHolidayTables, type CompiledSource } from './holiday-tables';
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
 * carries its line and column. Loads date-holidays (a lazy chunk) to check countries and resolve holiday tables.
 */
export function compileSource(source: string): Promise<CompiledSource> {
  return compileSourceWithHolidays(source, currentInstant());
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

/** How far admin reads follow claimed versions past the pointer (each step is one kvs read). */
const MAX_ROLL_FORWARD = 5;

/**
 * The newest saved version of a scope: the pointer, followed past by any later version already claimed in
 * history (a save that has claimed its version but not yet moved the pointer). For the admin page and saves.
 * With `ifStored`, a scope without a pointer answers null at once (one read: the overview lists every project);
 * a first save that died before its pointer write then shows when the next save conflicts with it.
 */
export async function readLatestStoredPolicy(scope: PolicyScope, options: { ifStored?: boolean } = {}): Promise<StoredPolicy | null> {
  let latest = await readStoredPolicy(scope);
  if (latest === null && options.ifStored) return null;
  for (let step = 0; step < MAX_ROLL_FORWARD; step++) {
    const next = await kvs.get<StoredPolicy>(historyStorageKey(scope, (latest?.version ?? 0) + 1));
    if (next === undefined) break;
    latest = next;
  }
  return latest;
}

/** Whether a kvs error is the refusal of a `FAIL_IF_EXISTS` write (HTTP 409: the key exists). */
function isKeyConflict(error: unknown): boolean {
  const details = (error as { responseDetails?: { status?: unknown } } | null)?.responseDetails;
  return details?.status === 409;
}

/** Compiles validated data with `tables` (stored holiday tables); null when a calendar cannot be built from it. */
async function compileData(policy: Policy, tables: Parameters<typeof holidaysFromTables>[0] = []): Promise<CompiledPolicy | null> {
  try {
    return await compilePolicyData(policy, holidaysFromTables(tables));
  } catch (error) {
    console.warn(`policy ${policy.id} cannot be compiled: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * A stored version compiled for reading its shape (the fields, rules, plans, id and name it names), never for
 * counting time: the version's full compilation when cached, else one without holiday tables, cached per
 * installation too. The sweep, the queue, the panel and the admin overview ask it of every policy in force on each
 * run, so it must not read storage or compile again. Null when the version has no valid form.
 */
export async function compileStoredShape(scope: PolicyScope, stored: StoredPolicy): Promise<CompiledPolicy | null> {
  const key = compiledCacheKey(scope, stored.version);
  const full = compiled.get(key);
  if (full) return full;
  const shapeKey = `${key}#shape`;
  const cached = compiled.get(shapeKey);
  if (cached) return cached;
  const data = await storedPolicyData(scope, stored);
  const policy = data && (await compileData(data));
  if (policy) compiled.set(shapeKey, policy);
  return policy;
}

/** The compiled policy of one scope (null when none is stored), with its stored holiday tables. */
export async function loadScopePolicy(scope: PolicyScope): Promise<ActivePolicy | null> {
  const stored = await readStoredPolicy(scope);
  if (!stored) return null;
  const cacheKey = compiledCacheKey(scope, stored.version);
  const cached = compiled.get(cacheKey);
  if (cached) return { scope, stored, policy: cached };
  const data = await storedPolicyData(scope, stored);
  if (!data) return null;
  const tables = await holidayTablesFor(scope, stored.version, data.calendars, currentInstant());
  const policy = await compileData(data, tables);
  if (!policy) return null;
  compiled.set(cacheKey, policy);
  return { scope, stored, policy };
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
  | { ok: false; problems: PolicyProblem[] }
  /** Another save got there first: `current` is the version in force now (null when none is stored). */
  | { ok: false; conflict: { expectedVersion: number; current: StoredPolicy | null } };

/**
 * Validates `source` and, only when valid, stores it as version `expectedVersion + 1` (compare-and-set on the
 * version the editor loaded; 0 = no policy yet; omitted = the newest version now). A rejected source leaves storage
 * untouched; a save on a version that is no longer the newest answers a conflict with the newest.
 *
 * @example
 * await savePolicy({ kind: 'site' }, 'not: [valid', { savedAt: '2026-01-01T00:00:00.000Z' })
 * //=> { ok: false, problems: [{ path: '', message: '…', line: 1, column: … }] }
 */
export async function savePolicy(
  scope: PolicyScope,
  source: string,
  meta: { savedAt: string; presetId?: string },
  expectedVersion?: number,
): Promise<SavePolicyResult> {
  const result = await compileSource(source);
  if (!result.ok) return { ok: false, problems: result.errors };
  const previous = await readLatestStoredPolicy(scope);
  const base = expectedVersion ?? previous?.version ?? 0;
  if ((previous?.version ?? 0) !== base) return { ok: false, conflict: { expectedVersion: base, current: previous } };
  const stored: StoredPolicy = {
    version: base + 1,
    source,
    savedAt: meta.savedAt,
    ...(meta.presetId ? { presetId: meta.presetId } : {}),
  };
  try {
    await kvs.set(historyStorageKey(scope, stored.version), stored, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
    return { ok: false, conflict: { expectedVersion: base, current: await readLatestStoredPolicy(scope) } };
  }
  // Policies stored before every version went to history at save time have no history entry of their own yet.
  if (previous && (await kvs.get(historyStorageKey(scope, previous.version))) === undefined) {
    await kvs.set(historyStorageKey(scope, previous.version), withoutAccountId(previous));
  }
  // Tables and the compiled form go after the claim: a save that lost the race must not leave them under the
  // winner's version. Both before the pointer, so the runtime never finds a version without them.
  await storeHolidayTables(scope, stored.version, result.holidayTables);
  await storeCompiledPolicy(scope, stored.version, policyData(result.policy));
  await kvs.set(policyStorageKey(scope), stored);
  compiled.set(compiledCacheKey(scope, stored.version), result.policy);
  return { ok: true, stored, policy: result.policy, previous };
}
