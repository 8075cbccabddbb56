/**
 * Finds the Jira ids (`customfield_<n>`) of the app's own custom fields. Jira names a Forge field's type
 * `schema.custom = ari:cloud:ecosystem::extension/<appId>/<envId>/static/<moduleKey>`, so the module key is the
 * last path segment; fields of the app's other environments on the same site are skipped. The map is cached in
 * memory (per warm container, keyed by installation: each site numbers its fields differently) and in kvs
 * (`fields:ids`, which Forge keeps per installation), so an event costs no extra Jira call; a missing key refreshes
 * it from GET /rest/api/3/field.
 */
import { getAppContext } from '@forge/api';
import { kvs } from '@forge/kvs';
import { InstallationCache } from './installation-cache';
import { getFields, type JiraContext, type JiraField } from './jira-client';

export const FIELD_IDS_STORAGE_KEY = 'fields:ids';

export type FieldIdMap = Record<string, string>;

/** Installations whose field ids one warm container remembers (the least recently served are forgotten first). */
export const FIELD_ID_CACHE_INSTALLATIONS = 100;
const memory = new InstallationCache<FieldIdMap>(FIELD_ID_CACHE_INSTALLATIONS);
const MEMORY_KEY = 'fields';

/** Forgets the in-memory cache (a new container starts empty; tests start each case this way). */
export function resetFieldIdCache(): void {
  memory.clear();
}

/** The app and environment whose fields are ours (a site may run several environments of the app side by side). */
export interface FieldOwner {
  appId: string;
  environmentId: string;
}

/** The app and environment of the running invocation, from the platform; null outside a Forge invocation. */
export function currentFieldOwner(): FieldOwner | null {
  try {
    const context = getAppContext();
    return { appId: context.appAri.appId, environmentId: context.environmentAri.environmentId };
  } catch {
    return null;
  }
}

/**
 * The module key a Forge custom field was declared with, or null for any other field. With an `owner`, only that
 * app environment's fields count: the development and production environments installed on one site each have
 * their own `sla-status` field, and only the owner may write it.
 *
 * @example
 * moduleKeyOfField({ id: 'customfield_10042', name: 'SLA status', schema: { custom: 'ari:cloud:ecosystem::extension/a/e/static/sla-status' } })
 * //=> 'sla-status'
 */
export function moduleKeyOfField(field: JiraField, owner: FieldOwner | null = null): string | null {
  const custom = field.schema?.custom;
  const prefix = owner ? `ari:cloud:ecosystem::extension/${owner.appId}/${owner.environmentId}/static/` : 'ari:cloud:ecosystem::extension/';
  if (!custom || !custom.startsWith(prefix)) return null;
  const match = /\/static\/([^/]+)$/.exec(custom);
  return match?.[1] ?? null;
}

/** Module key → field id, for the fields of `fields` that belong to one of `moduleKeys` (and to `owner`, if given). */
export function mapFieldIds(fields: JiraField[], moduleKeys: readonly string[], owner: FieldOwner | null = null): FieldIdMap {
  const wanted = new Set(moduleKeys);
  const ids: FieldIdMap = {};
  for (const field of fields) {
    const key = moduleKeyOfField(field, owner);
    if (key !== null && wanted.has(key)) ids[key] = field.id;
  }
  return ids;
}

function complete(map: FieldIdMap | null | undefined, moduleKeys: readonly string[]): map is FieldIdMap {
  return !!map && moduleKeys.every((key) => typeof map[key] === 'string');
}

/**
 * The field id of every key of `moduleKeys`: from memory, else kvs, else Jira (then stored in both).
 * Keys Jira does not know (yet) are absent from the result.
 */
export async function resolveFieldIds(ctx: JiraContext, moduleKeys: readonly string[]): Promise<FieldIdMap> {
  const remembered = memory.get(MEMORY_KEY);
  if (complete(remembered, moduleKeys)) return remembered;
  const stored = await kvs.get<FieldIdMap>(FIELD_IDS_STORAGE_KEY);
  if (complete(stored, moduleKeys)) {
    memory.set(MEMORY_KEY, stored);
    return stored;
  }
  const fresh = mapFieldIds(await getFields(ctx), moduleKeys, currentFieldOwner());
  if (complete(fresh, moduleKeys)) {
    await kvs.set(FIELD_IDS_STORAGE_KEY, fresh);
    memory.set(MEMORY_KEY, fresh);
  }
  return fresh;
}

/**
 * Drops the cached map (memory and kvs), e.g. after Jira answered 404 to a write because a field was re-created
 * with a new id; the next resolve reads GET /rest/api/3/field again.
 */
export async function forgetFieldIds(): Promise<void> {
  memory.delete(MEMORY_KEY);
  await kvs.delete(FIELD_IDS_STORAGE_KEY);
}
