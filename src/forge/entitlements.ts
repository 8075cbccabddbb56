/**
 * Counting entitlements for the writers (events, sweep, queue) and the panel (docs/forge.md#entitlements): a request
 * is claimed once (its own record, `FAIL_IF_EXISTS`), counted from the records of its organization's period read
 * after the claim, and given back when it moves to another organization or is deleted. A claim or a give-back that
 * shifts later requests' unit numbers returns their ids, which the caller re-evaluates (through the recompute
 * queue), so reordered or concurrent events converge: the request created later always ends with the higher unit.
 */
import type { CompiledPolicy } from '../engine/compile-policy';
import {
  decideEntitlements,
  entitlementZone,
  requestOrganization,
  requestQuotas,
  utcMonthsOfPeriod,
  type OrganizationRequest,
  type RequestEntitlement,
} from '../engine/entitlements';
import { parseIssue } from '../engine/issue';
import { selectPlan } from '../engine/plan';
import {
  claimUnit,
  moveIndex,
  readIndex,
  readOrganizationUnits,
  readRegisteredPersons,
  readUnit,
  releaseUnit,
  rewriteUnit,
  unitKey,
  utcMonthOf,
  type UnitRecord,
} from './entitlement-store';
import type { RawIssue } from './jira-client';
import { enqueueRecompute } from './recompute-queue';

/** What counting one request decided: its entitlement (null: none applies) and the requests to re-evaluate. */
export interface EntitlementOutcome {
  entitlement: RequestEntitlement | null;
  renumber: string[];
}

/** The widest period of a policy's quotas (the records a count must see). */
function widestPeriod(policy: CompiledPolicy): 'month' | 'year' {
  return policy.entitlements?.quotas.some((quota) => quota.per === 'year') ? 'year' : 'month';
}

/** The request as the engine and the store see it, or null when no entitlement applies (no organization). */
export function requestRecord(policy: CompiledPolicy, issue: RawIssue): UnitRecord | null {
  if (!policy.entitlements) return null;
  const snapshot = parseIssue(issue);
  const organization = requestOrganization(policy, snapshot);
  if (organization === null) return null;
  return {
    issueId: issue.id,
    organization,
    createdMs: snapshot.created,
    reporter: snapshot.reporterId,
    plan: selectPlan(policy, snapshot).plan,
    quotas: requestQuotas(policy, snapshot),
  };
}

function sameRecord(a: UnitRecord, b: UnitRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Requests of the same organization created after `record` in its widest period: their numbers shift when it comes or goes. */
function laterRequests(records: readonly UnitRecord[], record: Pick<UnitRecord, 'issueId' | 'createdMs'>): string[] {
  return records.filter((other) => other.issueId !== record.issueId && other.createdMs >= record.createdMs).map((other) => other.issueId);
}

/** Reads an organization's records around an instant, memoised per invocation (`cache`) and dropped after a write. */
export type UnitCache = Map<string, Promise<UnitRecord[]>>;

function organizationUnits(policy: CompiledPolicy, organization: string, atMs: number, cache: UnitCache): Promise<UnitRecord[]> {
  const months = utcMonthsOfPeriod(entitlementZone(policy), atMs, widestPeriod(policy));
  const key = `${organization}\u0000${months.join(',')}`;
  let found = cache.get(key);
  if (!found) {
    found = readOrganizationUnits(organization, months);
    cache.set(key, found);
  }
  return found;
}

function forget(cache: UnitCache, organization: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${organization}\u0000`)) cache.delete(key);
}

/**
 * Gives back the unit an issue holds (deleted, or no longer in an organization): its record and index go in one
 * transaction; returns the later requests of the old organization, whose numbers drop by one.
 */
export async function releaseIssueUnit(issueId: string, policy: CompiledPolicy | null, cache: UnitCache = new Map()): Promise<string[]> {
  const held = await readIndex(issueId);
  if (held === null) return [];
  const record = await readUnit(held);
  await releaseUnit(issueId, held);
  if (record === null || policy === null || !policy.entitlements) return [];
  forget(cache, record.organization);
  return laterRequests(await organizationUnits(policy, record.organization, record.createdMs, cache), record);
}

/**
 * Counts one request: claims its unit (or moves it from the organization it was in), then decides its entitlement
 * from every record of its organization's period. Idempotent: a request already counted writes nothing.
 */
export async function countRequest(policy: CompiledPolicy, issue: RawIssue, now: number, cache: UnitCache): Promise<EntitlementOutcome> {
  const record = requestRecord(policy, issue);
  if (record === null) {
    // Not (or no longer) an organization's request: a unit it held goes back.
    return { entitlement: null, renumber: policy.entitlements ? await releaseIssueUnit(issue.id, policy, cache) : [] };
  }
  const key = unitKey(utcMonthOf(record.createdMs), record.organization, record.issueId);
  let records = await organizationUnits(policy, record.organization, record.createdMs, cache);
  const renumber: string[] = [];
  const mine = records.find((other) => other.issueId === record.issueId);
  if (mine === undefined) {
    const claimed = await claimUnit(key, record);
    const previous = await readIndex(record.issueId);
    if (previous !== key) {
      const moved = previous === null ? null : await readUnit(previous);
      await moveIndex(record.issueId, key, previous);
      if (moved !== null && moved.organization !== record.organization) {
        forget(cache, moved.organization);
        renumber.push(...laterRequests(await organizationUnits(policy, moved.organization, moved.createdMs, cache), moved));
      }
    }
    // Counted after the claim: of two concurrent claims, the later reader sees both, and the earlier request's claim
    // renumbers the later one, so neither ends under- or over-counted.
    forget(cache, record.organization);
    records = await organizationUnits(policy, record.organization, record.createdMs, cache);
    if (claimed) renumber.push(...laterRequests(records, record));
  } else if (!sameRecord(mine, record)) {
    await rewriteUnit(key, record);
    records = records.map((other) => (other.issueId === record.issueId ? record : other));
    forget(cache, record.organization);
    if (mine.quotas.join() !== record.quotas.join() || mine.plan !== record.plan) renumber.push(...laterRequests(records, record));
  }
  const withMine = records.some((other) => other.issueId === record.issueId) ? records : [...records, record];
  return { entitlement: await decideRequest(policy, record, withMine, now), renumber };
}

async function decideRequest(
  policy: CompiledPolicy,
  record: UnitRecord,
  records: readonly OrganizationRequest[],
  now: number,
): Promise<RequestEntitlement | null> {
  const registeredPersons = policy.entitlements?.registeredPersons ? await readRegisteredPersons(record.organization) : [];
  return (
    decideEntitlements(policy, { organization: record.organization, requests: records, registeredPersons, now }).get(record.issueId) ?? null
  );
}

/**
 * The entitlement of a request as it stands, without writing anything (the panel): counted as if claimed when its
 * event has not been processed yet.
 */
export async function readRequestEntitlement(policy: CompiledPolicy, issue: RawIssue, now: number): Promise<RequestEntitlement | null> {
  const record = requestRecord(policy, issue);
  if (record === null) return null;
  const records = (await organizationUnits(policy, record.organization, record.createdMs, new Map())).filter(
    (other) => other.issueId !== record.issueId,
  );
  return decideRequest(policy, record, [...records, record], now);
}

/**
 * Re-evaluates (through the recompute queue) the requests whose unit numbers a claim or a give-back shifted. Those
 * re-evaluations claim nothing new, so they ask for no renumbering in turn.
 */
export async function renumberRequests(issueIds: readonly string[], now: number): Promise<void> {
  const ids = [...new Set(issueIds)];
  if (ids.length > 0) await enqueueRecompute(ids, 'sweep', new Date(now).toISOString());
}

/** A deleted issue's unit goes back, and the later requests of its organization are renumbered. */
export async function giveBackUnit(issueId: string, policy: CompiledPolicy | null, now: number): Promise<void> {
  await renumberRequests(await releaseIssueUnit(issueId, policy), now);
}
