/**
 * Where entitlements live in Forge storage (docs/forge.md#entitlements). One record per request, under a key that
 * names the request, so a count is always derived from the records and never kept as a number to read, add to
 * and write back (which concurrent events would get wrong):
 *
 * - `entitlement:unit:<utc month of creation>:<organization hash>:<issue id>` → `UnitRecord`, written with
 *   `FAIL_IF_EXISTS`, so duplicated and concurrent events claim a request's unit once;
 * - `entitlement:issue:<issue id>` → `{ key }`: where the issue's unit is, so a move to another organization or a
 *   delete finds it and gives it back (one transaction deletes the old unit with the index entry, or moves it);
 * - `entitlement:persons:<organization hash>` → `PersonsRecord`: the registered persons the admin keeps.
 *
 * Keys carry a hash of the organization's name, never the name (names are user data of any length and alphabet;
 * Forge keys allow 500 characters of `[a-zA-Z0-9:._\s\-#]`). Records are small (≪ Forge's 240 KiB) and queried in
 * pages of 20, Forge's limit.
 */
import { createHash } from 'node:crypto';
import { kvs, WhereConditions } from '@forge/kvs';
import * as z from 'zod';

export const UNIT_PREFIX = 'entitlement:unit:';
export const INDEX_PREFIX = 'entitlement:issue:';
export const PERSONS_PREFIX = 'entitlement:persons:';
/** kvs answers at most this many keys per query page (Forge's limit). */
const QUERY_PAGE = 20;
/** Registered persons one organization may have stored (inclusive): bounds the record far below Forge's 240 KiB. */
export const MAX_REGISTERED_PERSONS = 500;

export const unitRecordSchema = z
  .object({
    issueId: z.string(),
    organization: z.string(),
    createdMs: z.number(),
    reporter: z.string().nullable(),
    plan: z.string(),
    quotas: z.array(z.string()),
  })
  .strict();
export type UnitRecord = z.infer<typeof unitRecordSchema>;

export const personsRecordSchema = z
  .object({ organization: z.string(), accountIds: z.array(z.string().min(1).max(128)).max(MAX_REGISTERED_PERSONS) })
  .strict();
export type PersonsRecord = z.infer<typeof personsRecordSchema>;

/**
 * The hash that stands for an organization in storage keys (32 hex digits of SHA-256 of the exact name).
 *
 * @example
 * organizationHash('Acme d.o.o.').length //=> 32
 */
export function organizationHash(organization: string): string {
  return createHash('sha256').update(organization, 'utf8').digest('hex').slice(0, 32);
}

/** `entitlement:unit:2026-03:<hash>:10001` */
export function unitKey(utcMonth: string, organization: string, issueId: string): string {
  return `${UNIT_PREFIX}${utcMonth}:${organizationHash(organization)}:${issueId}`;
}

export const indexKey = (issueId: string): string => `${INDEX_PREFIX}${issueId}`;
export const personsKey = (organization: string): string => `${PERSONS_PREFIX}${organizationHash(organization)}`;

/**
 * The UTC month (`yyyy-MM`) a creation instant files under.
 *
 * @example
 * utcMonthOf(Date.parse('2026-03-01T00:30:00+01:00')) //=> '2026-02'
 */
export function utcMonthOf(createdMs: number): string {
  return new Date(createdMs).toISOString().slice(0, 7);
}

/** Every value under a key prefix, page by page. */
export async function queryPrefix<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
  const out: Array<{ key: string; value: T }> = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(QUERY_PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    out.push(...page.results.map(({ key, value }) => ({ key, value })));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The unit records of one organization filed under the given UTC months (a record that does not parse is skipped). */
export async function readOrganizationUnits(organization: string, utcMonths: readonly string[]): Promise<UnitRecord[]> {
  const hash = organizationHash(organization);
  const pages = await Promise.all(utcMonths.map((month) => queryPrefix<unknown>(`${UNIT_PREFIX}${month}:${hash}:`)));
  return pages.flat().flatMap(({ value }) => {
    const parsed = unitRecordSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Every unit record of the given UTC months, whatever the organization. */
export async function readMonthUnits(utcMonths: readonly string[]): Promise<UnitRecord[]> {
  const pages = await Promise.all(utcMonths.map((month) => queryPrefix<unknown>(`${UNIT_PREFIX}${month}:`)));
  return pages.flat().flatMap(({ value }) => {
    const parsed = unitRecordSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Whether a kvs error is the refusal of a `FAIL_IF_EXISTS` write (HTTP 409: the key exists). */
function isKeyConflict(error: unknown): boolean {
  return (error as { responseDetails?: { status?: unknown } } | null)?.responseDetails?.status === 409;
}

/**
 * Claims a request's unit: writes its record only if no record is there yet. True when this call claimed it,
 * false when it was claimed before (a duplicate or concurrent event).
 */
export async function claimUnit(key: string, record: UnitRecord): Promise<boolean> {
  try {
    await kvs.set(key, record, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (error) {
    if (isKeyConflict(error)) return false;
    throw error;
  }
}

/** Replaces the issue's own record (its plan, quotas or reporter changed): no other request's record is touched. */
export async function rewriteUnit(key: string, record: UnitRecord): Promise<void> {
  await kvs.set(key, record);
}

/** Where the issue's unit was filed, or null. */
export async function readIndex(issueId: string): Promise<string | null> {
  const value = await kvs.get<{ key?: unknown }>(indexKey(issueId));
  return typeof value?.key === 'string' ? value.key : null;
}

export async function readUnit(key: string): Promise<UnitRecord | null> {
  const parsed = unitRecordSchema.safeParse(await kvs.get(key));
  return parsed.success ? parsed.data : null;
}

/** Points the index at `key` and, in the same transaction, deletes the unit the issue held before (`previous`). */
export async function moveIndex(issueId: string, key: string, previous: string | null): Promise<void> {
  let transaction = kvs.transact().set(indexKey(issueId), { key });
  if (previous !== null && previous !== key) transaction = transaction.delete(previous);
  await transaction.execute();
}

/** Gives a unit back: deletes it and the issue's index entry in one transaction. */
export async function releaseUnit(issueId: string, key: string): Promise<void> {
  await kvs.transact().delete(key).delete(indexKey(issueId)).execute();
}

/** The registered persons of an organization (none stored: an empty list). */
export async function readRegisteredPersons(organization: string): Promise<string[]> {
  const parsed = personsRecordSchema.safeParse(await kvs.get(personsKey(organization)));
  return parsed.success ? parsed.data.accountIds : [];
}

/** Replaces an organization's registered persons (an empty list deletes the record). */
export async function writeRegisteredPersons(organization: string, accountIds: readonly string[]): Promise<void> {
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) {
    await kvs.delete(personsKey(organization));
    return;
  }
  await kvs.set(personsKey(organization), { organization, accountIds: unique } satisfies PersonsRecord);
}

/** Every organization's registered persons record. */
export async function listRegisteredPersons(): Promise<PersonsRecord[]> {
  return (await queryPrefix<unknown>(PERSONS_PREFIX)).flatMap(({ value }) => {
    const parsed = personsRecordSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}
