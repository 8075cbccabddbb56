/**
 * The account ids entitlements keep in Forge storage, for Atlassian's personal-data reporting (docs/forge.md#personal-data):
 * the registered persons the admin lists per organization, and the reporter of each counted request. The reporting
 * cycle itself (report the stored accounts, act on those Atlassian reports closed) belongs to the directory work of
 * issue 10; these two functions are what it calls for the entitlement records.
 */
import { kvs } from '@forge/kvs';
import {
  listRegisteredPersons,
  personsRecordSchema,
  PERSONS_PREFIX,
  queryPrefix,
  unitRecordSchema,
  UNIT_PREFIX,
} from './entitlement-store';

/**
 * Every account id the entitlement records hold, each once, sorted.
 *
 * @example
 * await listEntitlementAccountIds() //=> ['557058:0f1e…', 'customer']
 */
export async function listEntitlementAccountIds(): Promise<string[]> {
  const ids = new Set<string>();
  for (const record of await listRegisteredPersons()) for (const id of record.accountIds) ids.add(id);
  for (const { value } of await queryPrefix<unknown>(UNIT_PREFIX)) {
    const parsed = unitRecordSchema.safeParse(value);
    if (parsed.success && parsed.data.reporter !== null) ids.add(parsed.data.reporter);
  }
  return [...ids].sort();
}

/**
 * Erases an account from the entitlement records: it leaves every organization's registered persons (a record left
 * empty is deleted), and the requests it reported keep their unit but no reporter (anonymised: they still count).
 * Returns how many records changed.
 *
 * @example
 * await eraseEntitlementAccountId('557058:0f1e…') //=> { registeredPersons: 1, requests: 3 }
 */
export async function eraseEntitlementAccountId(accountId: string): Promise<{ registeredPersons: number; requests: number }> {
  let registeredPersons = 0;
  let requests = 0;
  for (const { key, value } of await queryPrefix<unknown>(PERSONS_PREFIX)) {
    const parsed = personsRecordSchema.safeParse(value);
    if (!parsed.success || !parsed.data.accountIds.includes(accountId)) continue;
    const rest = parsed.data.accountIds.filter((id) => id !== accountId);
    if (rest.length === 0) await kvs.delete(key);
    else await kvs.set(key, { ...parsed.data, accountIds: rest });
    registeredPersons += 1;
  }
  for (const { key, value } of await queryPrefix<unknown>(UNIT_PREFIX)) {
    const parsed = unitRecordSchema.safeParse(value);
    if (!parsed.success || parsed.data.reporter !== accountId) continue;
    await kvs.set(key, { ...parsed.data, reporter: null });
    requests += 1;
  }
  return { registeredPersons, requests };
}
