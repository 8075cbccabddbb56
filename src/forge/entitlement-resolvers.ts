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
  const rows = [...names].map((organization) => {
    const registeredPersons = persons.find((record) => record.organization === organization)?.accountIds ?? [];
    const requests = units.filter((unit) => unit.organization === organization);
    return { ...organizationUsage(policy, { organization, requests, registeredPersons, now }), registeredPersons };
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

/** Replaces an organization's registered persons (personal data: see entitlement-personal-data.ts). */
export async function saveRegisteredPersons({ organization, accountIds }: SaveRegisteredPersonsInput): Promise<SaveRegisteredPersonsOk> {
  const unique = [...new Set(accountIds)];
  await writeRegisteredPersons(organization, unique);
  return { ok: true, organization, accountIds: unique };
}
