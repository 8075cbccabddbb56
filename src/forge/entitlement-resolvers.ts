/**
 * The admin page's entitlement resolvers (their permission check and input parsing are resolvers.ts's `resolverOf`):
 * the usage table of the month per organization, and the registered persons the admin keeps per organization.
 */
import type {
  EntitlementUsageOk,
  GetEntitlementUsageInput,
  SaveRegisteredPersonsInput,
  SaveRegisteredPersonsOk,
} from '../contracts/entitlements';
import { entitlementZone, organizationUsage, periodOf, utcMonthsOfPeriod } from '../engine/entitlements';
import { currentInstant } from './clock';
import { listRegisteredPersons, readMonthUnits, writeRegisteredPersons } from './entitlement-store';
import { loadScopePolicy } from './policy-store';
import type { ResolverError } from '../contracts/resolvers';
import { asUserContext } from './jira-client';
import { knownUsers } from './jira-users';
import { resolverFailure } from './resolver-errors';

/** Resolvers answer within Forge's 25 s UI invocation limit (as ./resolvers). */
const RESOLVER_BUDGET_MS = 20_000;

/** Organizations shown at most (inclusive); the busiest first. */
export const MAX_USAGE_ROWS = 200;

/** Each organization's usage in the current month (and year, for yearly quotas) under the scope's policy. */
export async function entitlementUsage({ scope }: GetEntitlementUsageInput): Promise<EntitlementUsageOk> {
  const now = currentInstant();
  const active = await loadScopePolicy(scope);
  const policy = active?.policy;
  const zone = policy ? entitlementZone(policy) : 'UTC';
  const month = periodOf(zone, now, 'month');
  if (!active || !policy?.entitlements) return { ok: true, policy: null, month, timeZone: zone, organizations: [] };
  const widest = policy.entitlements.quotas.some((quota) => quota.per === 'year') ? 'year' : 'month';
  const [units, persons] = await Promise.all([readMonthUnits(utcMonthsOfPeriod(zone, now, widest)), listRegisteredPersons()]);
  const names = new Set([...units.map((unit) => unit.organization), ...persons.map((record) => record.organization)]);
  // Names and avatars of every registered person, in one bulk read (the table shows people, not account ids).
  const known = await knownUsers(
    asUserContext(RESOLVER_BUDGET_MS),
    persons.flatMap((record) => record.accountIds),
  );
  const rows = [...names].map((organization) => {
    const registeredPersons = persons.find((record) => record.organization === organization)?.accountIds ?? [];
    const requests = units.filter((unit) => unit.organization === organization);
    return {
      ...organizationUsage(policy, { organization, requests, registeredPersons, now }),
      registeredPersons,
      people: registeredPersons.map((accountId) => known.get(accountId) ?? { accountId, displayName: accountId, avatarUrl: null }),
      unknownPersons: registeredPersons.filter((accountId) => !known.has(accountId)),
    };
  });
  const used = (row: (typeof rows)[number]) => row.quotas.reduce((sum, quota) => sum + quota.used, 0);
  rows.sort((a, b) => used(b) - used(a) || a.organization.localeCompare(b.organization));
  return {
    ok: true,
    policy: { id: policy.id, version: active.stored.version },
    month,
    timeZone: zone,
    organizations: rows.slice(0, MAX_USAGE_ROWS),
  };
}

/**
 * Replaces an organization's registered persons (personal data: see entitlement-personal-data.ts). Every account
 * must be one Jira knows (the admin page picks them with Jira's user search); an unknown id is refused by name.
 */
export async function saveRegisteredPersons({
  organization,
  accountIds,
}: SaveRegisteredPersonsInput): Promise<SaveRegisteredPersonsOk | ResolverError> {
  const unique = [...new Set(accountIds)];
  const known = await knownUsers(asUserContext(RESOLVER_BUDGET_MS), unique);
  const unknown = unique.filter((accountId) => !known.has(accountId));
  if (unknown.length > 0) {
    return resolverFailure(
      'INVALID_INPUT',
      `Jira knows no account ${unknown.map((accountId) => `"${accountId}"`).join(', ')}: pick each ${unknown.length === 1 ? 'person' : 'of these people'} with the search (Jira's user search) instead of typing an id. Nothing was saved.`,
    );
  }
  await writeRegisteredPersons(organization, unique);
  return { ok: true, organization, accountIds: unique };
}
