/**
 * Which issue fields a read asks Jira for. Asking for every field (`fields=*all`) makes each read cost in proportion
 * to the site's field count (2,000 on a large site); the engine needs a dozen. The list is computed from the
 * compiled policies: the standard fields every evaluation reads, summary/description only when classification
 * matches text, comments only when a clock stops on a public comment, the policy's JSM, plan, region, pause, start
 * and stop fields by id, plus the app's own field ids (to compare before writing).
 *
 * Policies may name custom fields by name ("Support plan"); Jira's `fields` parameter takes ids, so names are
 * resolved through GET /rest/api/3/field once per installation: the small name → ids map is kept in memory (keyed
 * by installation) and in kvs (storage is per installation), and refreshed only when a policy names something new.
 */
import { getAppContext } from '@forge/api';
import { kvs } from '@forge/kvs';
import { jsmField } from '../engine/classify';
import type { Policy, ValueSource } from '../engine/policy-schema';
import { currentInstant } from './clock';
import { getFields, type JiraContext } from './jira-client';

/** Standard fields every evaluation reads (parser, clocks, escalation, project → policy, updated for the sweep). */
export const BASE_ISSUE_FIELDS: readonly string[] = [
  'project',
  'issuetype',
  'status',
  'priority',
  'created',
  'updated',
  'resolution',
  'resolutiondate',
  'labels',
  'components',
  'reporter',
];

export const FIELD_REFS_STORAGE_KEY = 'fields:policy-refs';

/** What a set of policies reads: fixed field ids, and references (ids or names) to resolve through GET /field. */
export interface PolicyFieldNeeds {
  ids: Set<string>;
  refs: Set<string>;
}

function addSource(needs: PolicyFieldNeeds, policy: Policy, source: ValueSource | undefined): void {
  if (!source) return;
  if (source.from === 'customField') needs.refs.add(source.field);
  else if (source.from === 'organization') needs.refs.add(jsmField(policy, 'organizations'));
}

/**
 * The fields `policies` read, before names are resolved.
 *
 * @example
 * policyFieldNeeds([policyWithTextRuleAndSupportPlan]).refs //=> Set { 'Support plan' } (ids hold summary, description, …)
 */
export function policyFieldNeeds(policies: readonly Policy[]): PolicyFieldNeeds {
  const needs: PolicyFieldNeeds = { ids: new Set(BASE_ISSUE_FIELDS), refs: new Set() };
  for (const policy of policies) {
    // Outcome records name the request's JSM organization (reports per customer), whatever the policy reads.
    needs.refs.add(jsmField(policy, 'organizations'));
    for (const rule of policy.classification.rules) {
      const when = rule.when;
      if (when.text) {
        needs.ids.add('summary');
        needs.ids.add('description');
      }
      if (when.impact) needs.refs.add(jsmField(policy, 'impact'));
      if (when.urgency) needs.refs.add(jsmField(policy, 'urgency'));
      if (when.requestType) needs.refs.add(jsmField(policy, 'requestType'));
    }
    for (const source of policy.planSelection.sources) addSource(needs, policy, source);
    if (policy.entitlements) {
      needs.refs.add(jsmField(policy, 'organizations'));
      if (policy.entitlements.quotas.some((quota) => quota.counts?.requestTypes)) needs.refs.add(jsmField(policy, 'requestType'));
    }
    addSource(needs, policy, policy.regions?.source);
    const pauses = [...policy.pause, ...policy.metrics.flatMap((metric) => (metric.pause === 'inherit' ? [] : metric.pause))];
    for (const pause of pauses) if (pause.when === 'field') needs.refs.add(pause.field);
    if (policy.directory) {
      // Rung roles: the assignee and the organization (ladder-notices.ts).
      needs.ids.add('assignee');
      needs.refs.add(jsmField(policy, 'organizations'));
    }
    for (const metric of policy.metrics) {
      if (metric.start.on === 'field') needs.refs.add(metric.start.field);
      if (metric.start.on === 'requestType') needs.refs.add(jsmField(policy, 'requestType'));
      if (metric.start.on === 'comment' || metric.start.on === 'customerComment') needs.ids.add('comment');
      for (const stop of metric.stop) {
        if (stop.on === 'field') needs.refs.add(stop.field);
        if (stop.on === 'publicComment') needs.ids.add('comment');
      }
    }
  }
  return needs;
}

/** Field name (lower case) or id → the ids it may mean, in the site's field order ([] = no such field). */
export type FieldRefMap = Record<string, string[]>;

interface CachedRefs {
  /** epoch ms of the GET /field the map was last refreshed from */
  resolvedAt: number;
  map: FieldRefMap;
}

/** A ref Jira did not know is looked up again after this long (an admin may have just created the field). */
export const UNKNOWN_FIELD_RETRY_MS = 15 * 60_000;

const memory = new Map<string, CachedRefs>();

/** Forgets the in-memory maps (a cold container starts empty; tests start each case this way). */
export function resetFieldRefCache(): void {
  memory.clear();
}

function installationKey(): string {
  try {
    const context = getAppContext();
    return context.installationAri?.installationId ?? 'local';
  } catch {
    return 'local';
  }
}

/** Whether `cached` answers every ref (a ref found missing long ago counts as unanswered). */
function answers(cached: CachedRefs | null | undefined, refs: readonly string[], now: number): boolean {
  if (!cached) return false;
  return refs.every((ref) => {
    const ids = cached.map[ref];
    return ids !== undefined && (ids.length > 0 || now - cached.resolvedAt < UNKNOWN_FIELD_RETRY_MS);
  });
}

/**
 * Resolves `refs` (ids or names, case-insensitive) against GET /field: each ref → every id it names. The map only
 * grows (one per installation, shared by every caller, whatever subset of the policies it reads for), so GET /field
 * runs again only for a ref never seen, or one Jira did not know 15 minutes ago.
 */
export async function resolveFieldRefs(ctx: JiraContext, refs: ReadonlySet<string>, now: number = currentInstant()): Promise<FieldRefMap> {
  const wanted = [...new Set([...refs].map((ref) => ref.toLowerCase()))];
  const installation = installationKey();
  const cached = memory.get(installation);
  if (cached && answers(cached, wanted, now)) return cached.map;
  const stored = await kvs.get<CachedRefs>(FIELD_REFS_STORAGE_KEY);
  if (stored && answers(stored, wanted, now)) {
    memory.set(installation, stored);
    return stored.map;
  }
  const map: FieldRefMap = { ...(stored?.map ?? {}) };
  const asked = new Set([...Object.keys(map), ...wanted]);
  for (const key of asked) map[key] = [];
  for (const field of await getFields(ctx)) {
    for (const key of [field.id.toLowerCase(), field.name.toLowerCase()]) {
      const ids = asked.has(key) ? map[key] : undefined;
      if (ids && !ids.includes(field.id)) ids.push(field.id);
    }
  }
  const fresh: CachedRefs = { resolvedAt: now, map };
  await kvs.set(FIELD_REFS_STORAGE_KEY, fresh);
  memory.set(installation, fresh);
  return map;
}

/**
 * The `fields` list for reading issues governed by `policies`, plus `extraIds` (the app's own field ids). A ref Jira
 * does not know is left out: the engine would find no value under it either.
 */
export async function issueFieldsFor(ctx: JiraContext, policies: readonly Policy[], extraIds: readonly string[] = []): Promise<string[]> {
  const needs = policyFieldNeeds(policies);
  const ids = new Set(needs.ids);
  for (const id of extraIds) ids.add(id);
  if (needs.refs.size > 0) {
    const map = await resolveFieldRefs(ctx, needs.refs);
    for (const ref of needs.refs) for (const id of map[ref.toLowerCase()] ?? []) ids.add(id);
  }
  return [...ids];
}
