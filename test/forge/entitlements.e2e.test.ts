/**
 * Entitlements end to end on the emulator (docs/forge.md#entitlements): the B2Bee preset counts credits per JSM
 * organization; the `SLA entitlement` field, the panel and the admin usage table flag what is over plan or from
 * someone who is not a registered person, whatever duplicates, reordering, concurrency, moves and deletes happen.
 * Expected flags come from the preset's own numbers (Basic: "1 CREDIT/month", "No more than two Credits can be used
 * per day") and from the engine's decision over the requests as Jira holds them.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { decideEntitlements, entitlementFieldValue, listPresets, loadPolicy, type CompiledPolicy } from '../../src/engine';
import { UNIT_PREFIX } from '../../src/forge/entitlement-store';
import { eraseEntitlementAccountId, listEntitlementAccountIds } from '../../src/forge/entitlement-personal-data';

const b2beeSource = listPresets().find((preset) => preset.id === 'b2bee')!.source;
const loaded = loadPolicy(b2beeSource);
if (!loaded.ok) throw new Error('the b2bee preset does not load');
const b2bee: CompiledPolicy = loaded.policy;

// Monday 2026-03-02 10:00 in Zagreb (09:00 UTC).
const START = '2026-03-02T09:00:00Z';
const HOUR = 3_600_000;

let sb: ForgeSandbox;

async function admin(name: string, payload: unknown): Promise<Record<string, unknown>> {
  return (await sb.invokeResolver('sla-admin', name, payload, { accountId: 'admin' })) as Record<string, unknown>;
}

async function start(options: { concurrency?: number } = {}): Promise<void> {
  sb = await startForgeSandbox({ now: START, ...options });
  expect(await admin('savePolicy', { scope: { kind: 'site' }, source: b2beeSource })).toMatchObject({ ok: true });
  expect(await admin('saveRegisteredPersons', { organization: 'Acme d.o.o.', accountIds: ['customer'] })).toMatchObject({ ok: true });
  await sb.drainQueues();
}

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

function raise(summary: string, organization = 'Acme d.o.o.', reporter = 'customer'): string {
  return sb.jira.createIssue(reporter, { projectKey: 'SUP', summary, fields: { Organizations: [organization] } }).key;
}

async function settle(): Promise<void> {
  await sb.deliverEvents();
  await sb.drainQueues();
}

const flag = (key: string): unknown => sb.jira.appFieldValue(key, 'sla-entitlement');

/** The unit records in storage, by issue id. */
function storedUnits(): Array<{ issueId: string; organization: string }> {
  return [...sb.kvs.entries()]
    .filter(([key]) => key.startsWith(UNIT_PREFIX))
    .map(([, value]) => value as { issueId: string; organization: string });
}

/** What the engine decides for every stored request of `organization`, as field values by issue key. */
function engineFlags(organization: string, keys: readonly string[], registered: readonly string[]): Record<string, string | null> {
  const requests = keys.map((key) => {
    const issue = sb.jira.findIssue(key)!;
    return { issueId: String(issue.id), createdMs: issue.created, reporter: issue.reporter, plan: 'basic', quotas: ['credits'] };
  });
  const decided = decideEntitlements(b2bee, { organization, requests, registeredPersons: registered, now: sb.clock.now() });
  return Object.fromEntries(keys.map((key) => [key, entitlementFieldValue(decided.get(String(sb.jira.findIssue(key)!.id)) ?? null)]));
}

const flagsOf = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, flag(key)]));

describe('a B2Bee organization on Basic', () => {
  it('three requests in one day and six in a month: within plan, then over plan, then over the day limit', async () => {
    await start();
    const keys: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      keys.push(raise(`Request ${index + 1}`));
      sb.clock.advance(HOUR); // Mon 2 March, 10:00, 11:00, 12:00 Zagreb
    }
    await settle();
    expect(flagsOf(keys)).toEqual({
      [keys[0]!]: 'within plan', // "1 CREDIT/month": the first is the month's credit
      [keys[1]!]: 'over plan',
      [keys[2]!]: 'over plan, over day limit', // "No more than two Credits can be used per day"
    });
    for (let day = 1; day <= 3; day += 1) {
      sb.clock.advance(24 * HOUR); // Tue 3, Wed 4, Thu 5 March
      keys.push(raise(`Request ${keys.length + 1}`));
    }
    await settle();
    expect(flagsOf(keys.slice(3))).toEqual(Object.fromEntries(keys.slice(3).map((key) => [key, 'over plan'])));
    expect(flagsOf(keys)).toEqual(engineFlags('Acme d.o.o.', keys, ['customer']));

    const panel = (await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: keys[5] },
      { accountId: 'agent', issueKey: keys[5] },
    )) as {
      entitlement: { lines: string[]; flags: string[] };
    };
    expect(panel.entitlement.lines).toEqual(['credit 6 of 1 this month: over plan', 'reporter is a registered person of Acme d.o.o.']);

    const usage = await admin('getEntitlementUsage', { scope: { kind: 'site' } });
    expect(usage).toMatchObject({
      ok: true,
      month: '2026-03',
      timeZone: 'Europe/Zagreb',
      organizations: [
        {
          organization: 'Acme d.o.o.',
          plan: 'basic',
          quotas: [{ quota: 'credits', period: '2026-03', used: 6, limit: 1, overPlan: 5, perDay: 2, overDay: 1 }],
          registration: { persons: 1, limit: 1, overLimit: false, unregisteredRequests: 0 },
          registeredPersons: ['customer'],
        },
      ],
    });
  });

  it('flags a request from someone who is not a registered person, and clears it once the admin registers them', async () => {
    await start();
    sb.jira.addUser({ accountId: 'casey-2', displayName: 'Casey Two', role: 'customer' });
    const mine = raise('From the registered person');
    sb.clock.advance(24 * HOUR);
    const theirs = raise('From someone else', 'Acme d.o.o.', 'casey-2');
    await settle();
    expect(flagsOf([mine, theirs])).toEqual({ [mine]: 'within plan', [theirs]: 'over plan, not registered' });
    expect(await admin('getEntitlementUsage', { scope: { kind: 'site' } })).toMatchObject({
      organizations: [{ organization: 'Acme d.o.o.', registration: { unregisteredRequests: 1 } }],
    });
    // An account Jira does not know is refused by name, and nothing is saved.
    const refused = await admin('saveRegisteredPersons', { organization: 'Acme d.o.o.', accountIds: ['customer', 'nobody-42'] });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(refused.message).toMatch(/^Jira knows no account "nobody-42": pick each person with the search/);
    // The second registered person of a Basic organization ("1 registered person") is over its limit.
    await admin('saveRegisteredPersons', { organization: 'Acme d.o.o.', accountIds: ['customer', 'casey-2'] });
    expect(await admin('getEntitlementUsage', { scope: { kind: 'site' } })).toMatchObject({
      organizations: [
        {
          registration: { persons: 2, limit: 1, overLimit: true, unregisteredRequests: 0 },
          people: [
            { accountId: 'customer', displayName: 'Casey Customer' },
            { accountId: 'casey-2', displayName: 'Casey Two' },
          ],
          unknownPersons: [],
        },
      ],
    });
    sb.jira.setLabels('agent', theirs, ['re-evaluate']);
    await settle();
    expect(flag(theirs)).toBe('over plan');
  });

  it('lists the account ids it stores for personal-data reporting, and erases one everywhere', async () => {
    await start();
    sb.jira.addUser({ accountId: 'casey-2', displayName: 'Casey Two', role: 'customer' });
    raise('From the registered person');
    raise('From someone else', 'Acme d.o.o.', 'casey-2');
    await settle();
    await admin('saveRegisteredPersons', { organization: 'Globex', accountIds: ['casey-2'] });
    expect(await listEntitlementAccountIds()).toEqual(['casey-2', 'customer']);
    expect(await eraseEntitlementAccountId('casey-2')).toEqual({ registeredPersons: 1, requests: 1 });
    expect(await listEntitlementAccountIds()).toEqual(['customer']);
    expect(JSON.stringify([...sb.kvs.entries()])).not.toContain('casey-2');
    expect(storedUnits()).toHaveLength(2); // the erased reporter's request still counts
  });

  it('a month begins at midnight in Zagreb: a request at 00:30 on 1 April is the first credit of April', async () => {
    sb = await startForgeSandbox({ now: '2026-03-31T20:00:00Z' }); // Tue 31 March 22:00 in Zagreb (UTC+2)
    expect(await admin('savePolicy', { scope: { kind: 'site' }, source: b2beeSource })).toMatchObject({ ok: true });
    await admin('saveRegisteredPersons', { organization: 'Acme d.o.o.', accountIds: ['customer'] });
    const march = raise('Late in March');
    sb.clock.advance(2.5 * HOUR); // Wed 1 April 00:30 in Zagreb, still 31 March in UTC
    const april = raise('Early in April');
    await settle();
    expect(flagsOf([march, april])).toEqual({ [march]: 'within plan', [april]: 'within plan' });
  });
});

describe('counting each request exactly once', () => {
  it('duplicated, reordered and concurrent events count six requests once each, numbered in creation order', async () => {
    await start({ concurrency: 4 });
    sb.faults.set({ duplicateEvents: 1, reorderEvents: true, seed: 7 });
    const keys: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      keys.push(raise(`Request ${index + 1}`));
      sb.clock.advance(3 * HOUR);
    }
    // A comment and a label change on each: more events for the same requests, in any order.
    for (const key of keys) sb.jira.comment('agent', key, 'Looking', { public: false });
    await settle();
    sb.faults.clear();
    await settle();
    expect(
      storedUnits()
        .map((unit) => unit.issueId)
        .sort(),
    ).toEqual(keys.map((key) => String(sb.jira.findIssue(key)!.id)).sort());
    expect(flagsOf(keys)).toEqual(engineFlags('Acme d.o.o.', keys, ['customer']));
    expect(flag(keys[0]!)).toBe('within plan');
  });

  it('a storage refusal while counting still writes the SLA fields, and the redelivered event counts the request once', async () => {
    await start();
    const key = raise('Counted after a refusal');
    sb.kvsStore.refuseNext(1, '/api/v1/query');
    await settle();
    const outcomes = sb.deliveries.filter((delivery) => delivery.kind === 'trigger').map((delivery) => delivery.outcome);
    expect(outcomes).toEqual(['retry', 'ok']);
    expect(sb.jira.appFieldValue(key, 'sla-status')).toBe('on track');
    expect(flag(key)).toBe('within plan');
    expect(storedUnits()).toHaveLength(1);
  });

  it('moving a request to another organization and deleting one give their units back', async () => {
    await start();
    const keys: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      keys.push(raise(`Request ${index + 1}`));
      sb.clock.advance(25 * HOUR); // one a day: only the monthly credit counts
    }
    await settle();
    expect(flagsOf(keys)).toEqual({ [keys[0]!]: 'within plan', [keys[1]!]: 'over plan', [keys[2]!]: 'over plan', [keys[3]!]: 'over plan' });

    // The first request belonged to Globex all along: Acme's second request becomes its first credit.
    sb.jira.setField('agent', keys[0]!, 'Organizations', ['Globex']);
    await settle();
    expect(flagsOf(keys)).toEqual({
      [keys[0]!]: 'not registered', // Globex's first credit; Globex has registered nobody
      [keys[1]!]: 'within plan',
      [keys[2]!]: 'over plan',
      [keys[3]!]: 'over plan',
    });
    expect(storedUnits().filter((unit) => unit.organization === 'Acme d.o.o.')).toHaveLength(3);

    // Deleting Acme's first credit makes the next request the month's credit.
    const deletedId = String(sb.jira.findIssue(keys[1]!)!.id);
    sb.jira.deleteIssue('admin', keys[1]!);
    await settle();
    expect(storedUnits().filter((unit) => unit.organization === 'Acme d.o.o.')).toHaveLength(2);
    expect(flagsOf([keys[2]!, keys[3]!])).toEqual({ [keys[2]!]: 'within plan', [keys[3]!]: 'over plan' });
    expect([...sb.kvs.keys()].filter((key) => key.endsWith(`:${deletedId}`))).toEqual([]);
  });
});
