/**
 * Atlassian's personal-data reporting duty (docs/forge.md, "Personal data"): an app that stores account ids reports
 * them periodically (`privacy.reportPersonalData` from @forge/api: `POST /app/report-accounts` as the app, 90 a
 * request) and erases or anonymises those Atlassian answers are `closed`. The scheduled trigger `personal-data`
 * (weekly) runs one cycle over every store that keeps account ids (`PERSONAL_DATA_STORES`: the escalation
 * audit trail and the entitlement records). `updated` answers need nothing: the app keeps ids only, never names or e-mail addresses.
 */
import { privacy } from '@forge/api';
import { kvs, WhereConditions } from '@forge/kvs';
import { auditRecordSchema, type AuditRecord } from '../contracts/ladder-audit';
import { currentInstant } from './clock';
import { eraseEntitlementAccountId, listEntitlementAccountIds } from './entitlement-personal-data';
import { listPoliciesInForce } from './policies-in-force';

/** An account id the app stores, and when it last stored or changed it (ISO). */
export interface StoredAccount {
  accountId: string;
  updatedAt: string;
}

/** A store of account ids: list them, and erase one Atlassian reported closed (answers how many records changed). */
export interface PersonalDataStore {
  name: string;
  list(): Promise<StoredAccount[]>;
  erase(accountId: string): Promise<number>;
}

/** What an erased account id becomes in the records that keep their meaning without it (the audit trail). */
export const ERASED_ACCOUNT = 'erased-account';

async function* ladderRecords(): AsyncGenerator<{ key: string; record: AuditRecord }> {
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith('ladder:')).limit(20);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const { key, value } of page.results) {
      const parsed = auditRecordSchema.safeParse(value);
      if (parsed.success) yield { key, record: parsed.data };
    }
    cursor = page.nextCursor;
  } while (cursor);
}

function accountsOf(record: AuditRecord): string[] {
  if (record.type === 'ack') return [record.accountId];
  return record.recipients.flatMap((one) => (one.kind === 'user' ? [one.accountId] : []));
}

/**
 * The escalation audit trail (`ladder:*`): the accounts notices reached and who acknowledged. Erasing keeps each
 * record (the trail still says a level was reached and acknowledged) with the account replaced by ERASED_ACCOUNT.
 */
export const ladderPersonalData: PersonalDataStore = {
  name: 'escalation audit trail',
  async list() {
    const latest = new Map<string, string>();
    for await (const { record } of ladderRecords()) {
      const at = record.type === 'ack' ? record.at : (record.sentAt ?? record.claimedAt);
      for (const accountId of accountsOf(record)) {
        if (accountId === ERASED_ACCOUNT) continue;
        const seen = latest.get(accountId);
        if (seen === undefined || at > seen) latest.set(accountId, at);
      }
    }
    return [...latest].map(([accountId, updatedAt]) => ({ accountId, updatedAt }));
  },
  async erase(accountId) {
    let changed = 0;
    for await (const { key, record } of ladderRecords()) {
      if (!accountsOf(record).includes(accountId)) continue;
      const erased: AuditRecord =
        record.type === 'ack'
          ? { ...record, accountId: ERASED_ACCOUNT }
          : {
              ...record,
              recipients: record.recipients.map((one) =>
                one.kind === 'user' && one.accountId === accountId ? { ...one, accountId: ERASED_ACCOUNT } : one,
              ),
            };
      await kvs.set(key, erased);
      changed += 1;
    }
    return changed;
  },
};

/**
 * The entitlement records (registered persons, each counted request's reporter). They keep no instant of their own
 * for a person, so each account is reported as held now; erasing drops a registered person and anonymises a reporter.
 */
export const entitlementPersonalData: PersonalDataStore = {
  name: 'entitlements',
  async list() {
    const heldAt = new Date(currentInstant()).toISOString();
    return (await listEntitlementAccountIds()).map((accountId) => ({ accountId, updatedAt: heldAt }));
  },
  async erase(accountId) {
    const changed = await eraseEntitlementAccountId(accountId);
    return changed.registeredPersons + changed.requests;
  },
};

/** Every store of account ids the cycle reports and erases. */
export const PERSONAL_DATA_STORES: PersonalDataStore[] = [ladderPersonalData, entitlementPersonalData];

export interface PersonalDataReport {
  reported: number;
  closed: number;
  /** records changed per store */
  erased: Record<string, number>;
  /** policy scopes whose directory names a closed account: an admin must remove it (policies are not rewritten) */
  policiesNamingClosed: string[];
}

/**
 * One reporting cycle: list the stores' accounts (each once, with its latest instant), report them, erase the closed
 * ones from every store, and name the policies whose directory still names one.
 */
export async function runPersonalDataCycle(stores: readonly PersonalDataStore[] = PERSONAL_DATA_STORES): Promise<PersonalDataReport> {
  const latest = new Map<string, string>();
  for (const store of stores) {
    for (const { accountId, updatedAt } of await store.list()) {
      const seen = latest.get(accountId);
      if (seen === undefined || updatedAt > seen) latest.set(accountId, updatedAt);
    }
  }
  const policies = await listPoliciesInForce();
  const inPolicies = new Map<string, string[]>();
  const now = new Date(currentInstant()).toISOString();
  for (const active of policies) {
    const scope = active.scope.kind === 'site' ? 'site' : `project ${active.scope.projectKey}`;
    const named = (active.policy.directory?.rungs ?? []).flatMap((rung) => [
      ...rung.people,
      ...(rung.organizations ?? []).flatMap((entry) => entry.people),
      ...(rung.plans ?? []).flatMap((entry) => entry.people),
    ]);
    for (const entry of [...named, ...(active.policy.directory?.accountManagers ?? []).flatMap((entry) => entry.people)]) {
      if (entry.accountId === undefined) continue;
      inPolicies.set(entry.accountId, [...(inPolicies.get(entry.accountId) ?? []), scope]);
      if (!latest.has(entry.accountId)) latest.set(entry.accountId, active.stored.savedAt || now);
    }
  }
  const accounts = [...latest].map(([accountId, updatedAt]) => ({ accountId, updatedAt }));
  const updates = accounts.length === 0 ? [] : await privacy.reportPersonalData(accounts);
  const closed = updates.filter((update) => update.status === 'closed').map((update) => update.accountId);
  const erased: Record<string, number> = {};
  for (const store of stores) {
    let changed = 0;
    for (const accountId of closed) changed += await store.erase(accountId);
    erased[store.name] = changed;
  }
  const policiesNamingClosed = [...new Set(closed.flatMap((accountId) => inPolicies.get(accountId) ?? []))].sort();
  if (policiesNamingClosed.length > 0) {
    console.warn(
      `personal data: the directory of the policy of ${policiesNamingClosed.join(', ')} names an account Atlassian reports closed; remove it on the admin page`,
    );
  }
  return { reported: accounts.length, closed: closed.length, erased, policiesNamingClosed };
}

/**
 * The scheduledTrigger handler (manifest function `personal-data`). A failed report (the API refused or was rate
 * limited) is logged and retried by the next run; scheduled triggers are not redelivered.
 */
export async function handlePersonalData(): Promise<PersonalDataReport | { ok: false; message: string }> {
  try {
    return await runPersonalDataCycle();
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    const message =
      typeof status === 'number' ? `the report was answered ${status}` : error instanceof Error ? error.message : String(error);
    console.warn(`personal data report deferred to the next run: ${message}`);
    return { ok: false, message };
  }
}
