/**
 * End to end on the local Jira emulator and Forge runtime shim: the real handlers of src/index.ts, driven by
 * user actions on the emulated site, product events, the scheduled sweep, queue consumers and resolvers.
 * Expected field values always come from the engine's own evaluation of the issue as Jira holds it.
 */
import { backfillStorageKey } from '../../src/forge/outcome-backfill';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { evaluate, slaFieldValues } from '../../src/engine';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { Queue } from '@forge/events';
import { RESOLVER, type ResolverName } from '../../src/contracts/resolvers';
import { RECOMPUTE_QUEUE_KEY } from '../../src/forge/recompute-queue';
import { compiledPolicy, E2E_POLICY_FAST_YAML, E2E_POLICY_YAML } from './support/e2e-policy';
import { APP_ACCOUNT_ID } from '../../emulator/jira/site';

const HOUR = 3_600_000;
const START = '2026-03-02T09:00:00Z';

const policy = compiledPolicy(E2E_POLICY_YAML);
const fastPolicy = compiledPolicy(E2E_POLICY_FAST_YAML);

let sb: ForgeSandbox;

async function savePolicyAs(accountId: string, source: string, scope: unknown = { kind: 'site' }): Promise<Record<string, unknown>> {
  return (await sb.invokeResolver('sla-admin', 'savePolicy', { scope, source }, { accountId })) as Record<string, unknown>;
}

function rawIssue(key: string): Record<string, unknown> {
  return sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
}

/** The app field values stored on the issue, normalised like the app compares them. */
function fieldsOf(key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}

/** What the engine says the fields should hold for the issue as it is now. */
function expectedFields(key: string, withPolicy = policy): FieldValues {
  const values = slaFieldValues(evaluate(withPolicy, rawIssue(key), sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const appWrites = () => sb.stats.calls.filter((call) => call.method === 'POST' && call.path === '/rest/api/3/app/field/value');
const triggerDeliveries = () => sb.deliveries.filter((delivery) => delivery.kind === 'trigger');

beforeEach(async () => {
  sb = await startForgeSandbox({ now: START });
  const saved = await savePolicyAs('admin', E2E_POLICY_YAML);
  expect(saved.ok).toBe(true);
  // These suites count the sweep's own Jira reads and consumer runs: the one-time outcome backfill (queued by an
  // installation's first sweep; test/forge/outcome-recompute.e2e.test.ts) has already happened here.
  sb.kvs.set(backfillStorageKey(), { jobId: null, total: 0, startedAt: START });
  sb.stats.reset();
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('issue events', () => {
  it('writes the fields of a new issue in two bulk writes (instants, then values with a changelog entry) after one read', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
    expect(fieldsOf(issue.key)).toMatchObject({
      'sla-status': 'on track',
      'sla-plan': 'standard',
      'sla-priority': 'P3',
      'sla-escalation-level': 0,
      'sla-escalation-level-name': 'None',
      'sla-first-response-due': iso(created + 8 * HOUR),
      'sla-resolution-due': iso(created + 40 * HOUR),
      'sla-next-breach': iso(created + 8 * HOUR),
    });
    const eventCalls = sb.stats.calls.filter((call) => call.operation !== '/rest/api/3/field');
    expect(eventCalls.map((call) => `${call.method} ${call.operation}`)).toEqual([
      'GET /rest/api/3/issue/{issueIdOrKey}',
      'POST /rest/api/3/app/field/value',
      'POST /rest/api/3/app/field/value',
    ]);
    expect(eventCalls.slice(1).map((call) => new URLSearchParams(call.query).get('generateChangelog'))).toEqual(['false', 'true']);
  });

  it('marks first response met when an agent comments publicly', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Cannot export' });
    await sb.deliverEvents();
    sb.clock.advance(HOUR);
    sb.jira.comment('agent', issue.key, 'Looking into it', { public: true });
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
    // The first response no longer drives the next breach: the resolution target does.
    expect(fieldsOf(issue.key)['sla-next-breach']).toBe(iso(Date.parse(START) + 40 * HOUR));
    expect(fieldsOf(issue.key)['sla-status']).toBe('on track');
    const state = (await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: issue.key },
      { accountId: 'agent', issueKey: issue.key },
    )) as {
      ok: boolean;
      state: { metrics: Array<{ id: string; status: string; stoppedAt: string | null }> };
    };
    expect(state.ok).toBe(true);
    expect(state.state.metrics.find((metric) => metric.id === 'firstResponse')).toMatchObject({ status: 'met' });
  });

  it('pauses on "Waiting for customer" and pushes the due instant out by the paused time on resume', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Question about invoices' });
    sb.jira.comment('agent', issue.key, 'Which invoice?', { public: true });
    await sb.deliverEvents();
    sb.clock.advance(HOUR);
    sb.jira.transition('agent', issue.key, 'Waiting for customer');
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-status': 'paused', 'sla-resolution-due': null });
    sb.clock.advance(3 * HOUR);
    sb.jira.transition('customer', issue.key, 'Waiting for support');
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-status': 'on track', 'sla-resolution-due': iso(created + 43 * HOUR) });
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  });

  it('recomputes every target from the original start when priority or plan change, keeping paused time', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Slow dashboard' });
    await sb.deliverEvents();
    sb.clock.advance(HOUR);
    sb.jira.transition('agent', issue.key, 'Waiting for customer');
    sb.clock.advance(2 * HOUR);
    sb.jira.transition('customer', issue.key, 'Waiting for support');
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)['sla-resolution-due']).toBe(iso(created + 42 * HOUR));
    sb.jira.setPriority('agent', issue.key, 'High');
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-priority': 'P2', 'sla-resolution-due': iso(created + 18 * HOUR) });
    sb.jira.setField('agent', issue.key, 'Support plan', 'Premium');
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-plan': 'premium', 'sla-resolution-due': iso(created + 10 * HOUR) });
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  });

  it('selects the plan from the JSM Organizations field read in the same single issue read', async () => {
    const byOrganization = E2E_POLICY_YAML.replace(
      '    - { from: customField, field: "Support plan" }',
      '    - { from: organization, map: { "Acme Corp": premium } }',
    );
    expect(byOrganization).not.toBe(E2E_POLICY_YAML);
    expect(await savePolicyAs('admin', byOrganization)).toMatchObject({ ok: true });
    await sb.drainQueues();
    const orgPolicy = compiledPolicy(byOrganization);
    const created = Date.parse(START);
    const acme = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Acme printer', fields: { Organizations: ['Acme Corp'] } });
    const other = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Other printer', fields: { Organizations: ['Globex'] } });
    sb.stats.reset();
    await sb.deliverEvents();
    expect(fieldsOf(acme.key)).toMatchObject({ 'sla-plan': 'premium', 'sla-resolution-due': iso(created + 20 * HOUR) });
    expect(fieldsOf(other.key)).toMatchObject({ 'sla-plan': 'standard', 'sla-resolution-due': iso(created + 40 * HOUR) });
    const reads = sb.stats.calls.filter((call) => call.operation === '/rest/api/3/issue/{issueIdOrKey}');
    expect(reads).toHaveLength(2);
    // Per issue: one read, the instants, the values with a changelog entry.
    expect(sb.stats.calls.filter((call) => call.operation !== '/rest/api/3/field')).toHaveLength(2 * 3);
    sb.jira.setField('agent', other.key, 'Organizations', ['Acme Corp']);
    await sb.deliverEvents();
    expect(fieldsOf(other.key)).toMatchObject({ 'sla-plan': 'premium' });
    for (const key of [acme.key, other.key]) expect(fieldsOf(key)).toEqual(expectedFields(key, orgPolicy));
  });

  it('reads a changelog longer than the 100 histories Jira embeds in full, in events and in the sweep', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Busy issue', priority: 'High' });
    sb.jira.comment('agent', issue.key, 'On it', { public: true });
    sb.clock.advance(HOUR);
    sb.jira.transition('agent', issue.key, 'Waiting for customer');
    sb.clock.advance(2 * HOUR);
    sb.jira.transition('customer', issue.key, 'Waiting for support');
    for (let i = 0; i < 120; i += 1) sb.jira.setLabels('agent', issue.key, [`step-${i}`]);
    // Only the last change is delivered: the early pause is no longer among the newest 100 histories.
    sb.jira.takePendingEvents();
    sb.jira.setLabels('agent', issue.key, ['last']);
    sb.stats.reset();
    await sb.deliverEvents();
    // P2 standard: resolution 16h from creation, pushed out by the 2h pause.
    expect(fieldsOf(issue.key)).toMatchObject({
      'sla-priority': 'P2',
      'sla-status': 'on track',
      'sla-resolution-due': iso(created + 18 * HOUR),
    });
    // GET issue embeds the newest 100 of 123 histories: one page reads exactly the 23 older ones, nothing twice.
    const pages = sb.stats.calls.filter((call) => call.operation === '/rest/api/3/issue/{issueIdOrKey}/changelog');
    expect(
      pages.map((call) => [new URLSearchParams(call.query).get('startAt'), new URLSearchParams(call.query).get('maxResults')]),
    ).toEqual([['0', '23']]);
    // The sweep reads pages by search, which embeds the same truncated changelog: it completes it too.
    sb.clock.set(new Date(created + 18 * HOUR + 60_000).toISOString());
    await sb.runScheduledTrigger('sla-sweep');
    await sb.drainQueues();
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-status': 'breached', 'sla-resolution-due': iso(created + 18 * HOUR) });
  });

  it('writes nothing for issues of a project without a policy when no site default exists', async () => {
    await sb.close();
    sb = await startForgeSandbox({ now: START });
    const projectPolicy = await savePolicyAs('admin', E2E_POLICY_YAML, { kind: 'project', projectKey: 'OPS' });
    expect(projectPolicy.ok).toBe(true);
    const governed = sb.jira.createIssue('customer', { projectKey: 'OPS', summary: 'Governed' });
    const ungoverned = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Not governed' });
    sb.stats.reset();
    await sb.deliverEvents();
    expect(fieldsOf(governed.key)).toEqual(expectedFields(governed.key));
    expect(Object.values(fieldsOf(ungoverned.key)).every((value) => value === null)).toBe(true);
    // The governed issue's two writes (instants; values with a changelog); none for the ungoverned one.
    expect(appWrites()).toHaveLength(2);
    // The panel says "no policy applies" from this answer, not from an error.
    const panel = await sb.invokeResolver('sla-panel', 'getSlaState', { issueKey: ungoverned.key }, { accountId: 'agent' });
    expect(panel).toEqual({ ok: true, now: expect.any(String), policy: null, state: null });
  });

  it('spends at most 3 Jira calls (one read, two bulk writes) on every event of a mixed stream', async () => {
    let userEvents = 0;
    const stop = sb.jira.onEvent((event) => {
      if (!event.causedByApp) userEvents += 1;
    });
    const keys = Array.from(
      { length: 12 },
      (_, i) =>
        sb.jira.createIssue('customer', {
          projectKey: i % 2 ? 'SUP' : 'OPS',
          summary: `Mixed ${i}`,
          priority: ['Highest', 'High', 'Medium'][i % 3],
        }).key,
    );
    const statuses = ['In Progress', 'Waiting for customer', 'Waiting for support', 'Resolved', 'Open'];
    for (let i = 0; i < 120; i += 1) {
      const key = keys[(i * 7) % keys.length]!;
      const action = i % 6;
      if (action === 0) sb.jira.comment(i % 4 ? 'agent' : 'customer', key, `note ${i}`, { public: i % 3 !== 0 });
      else if (action === 1) sb.jira.transition('agent', key, statuses[i % statuses.length]!);
      else if (action === 2) sb.jira.setPriority('agent', key, ['Highest', 'High', 'Medium', 'Low'][i % 4]!);
      else if (action === 3) sb.jira.setField('agent', key, 'Support plan', i % 4 ? 'Premium' : 'Standard');
      else if (action === 4) sb.jira.setLabels('agent', key, [`l${i % 3}`]);
      else sb.clock.advance(7 * 60_000);
      if (i % 10 === 9) await sb.deliverEvents();
    }
    await sb.deliverEvents();
    stop();
    const invocations = new Set(triggerDeliveries().map((delivery) => delivery.invocation));
    expect(userEvents).toBeGreaterThan(50);
    expect(invocations.size).toBe(userEvents);
    const perInvocation = new Map<string, string[]>([...invocations].map((invocation) => [invocation, []]));
    for (const call of sb.stats.calls) {
      if (call.operation !== '/rest/api/3/field') perInvocation.get(call.invocation)?.push(`${call.method} ${call.operation}`);
    }
    for (const [invocation, calls] of perInvocation) {
      expect({ invocation, calls: calls.length <= 3 }).toEqual({ invocation, calls: true });
      expect(calls[0]).toBe('GET /rest/api/3/issue/{issueIdOrKey}');
      expect(calls.filter((call) => call === 'POST /rest/api/3/app/field/value').length).toBeLessThanOrEqual(2);
    }
    // The field ids are read at most once (earlier tests of this file may have cached them already).
    expect(sb.stats.calls.filter((call) => call.operation === '/rest/api/3/field').length).toBeLessThanOrEqual(1);
    // Time moved on between events; the sweep brings time-driven values up to date.
    await sb.runScheduledTrigger('sla-sweep');
    await sb.drainQueues();
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
  });

  it('causes no further writes with its own writes, and a duplicated event reads once more but writes nothing', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'VPN drops' });
    await sb.deliverEvents();
    expect(appWrites()).toHaveLength(2);
    // The write emitted an app-caused updated event; ignoreSelf keeps it from the trigger: one invocation only.
    expect(triggerDeliveries()).toHaveLength(1);
    expect(sb.jira.pendingEventCount()).toBe(0);
    const deliveries = triggerDeliveries().length;
    await sb.deliverEvents();
    expect(triggerDeliveries()).toHaveLength(deliveries);
    expect(appWrites()).toHaveLength(2);

    sb.faults.set({ duplicateEvents: 1, seed: 3 });
    sb.jira.setLabels('agent', issue.key, ['vpn']);
    sb.stats.reset();
    await sb.deliverEvents();
    expect(triggerDeliveries().length - deliveries).toBe(2);
    expect(appWrites()).toHaveLength(0);
    expect(sb.stats.calls.filter((call) => call.operation === '/rest/api/3/issue/{issueIdOrKey}')).toHaveLength(2);
  });
});

describe('automation and refused writes', () => {
  const appHistories = (key: string) => sb.jira.findIssue(key)!.histories.filter((history) => history.author === APP_ACCOUNT_ID);
  const itemsOf = (history: { items: Array<{ field: string; fromString: string | null; toString: string | null }> }) =>
    history.items.map((item) => `${item.field}: ${item.fromString ?? ''} → ${item.toString ?? ''}`);
  const fieldName = (key: string) => sb.jira.appField(key)!.name;

  /** Runs `before` just before the app's first bulk write of the next invocations reaches Jira. */
  function beforeFirstWrite(before: () => void): void {
    const forge = globalThis as unknown as { __forge_fetch__: (...args: unknown[]) => Promise<unknown> };
    const inner = forge.__forge_fetch__;
    let done = false;
    forge.__forge_fetch__ = async (...args: unknown[]) => {
      if (!done && String(args[1]).startsWith('/rest/api/3/app/field/value')) {
        done = true;
        before();
      }
      return inner(...args);
    };
  }

  it('writes escalation and status changes with a changelog entry that "Field value changed" rules see, and due-date-only changes without', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Site down', priority: 'Highest' });
    await sb.deliverEvents();
    // The first write sets the classification, status and level: one history entry by the app, no instants in it.
    expect(appHistories(issue.key)).toHaveLength(1);
    expect(itemsOf(appHistories(issue.key)[0]!)).toEqual([
      `${fieldName('sla-priority')}:  → P1`,
      `${fieldName('sla-plan')}:  → standard`,
      `${fieldName('sla-status')}:  → on track`,
      `${fieldName('sla-escalation-level')}:  → 0`,
      `${fieldName('sla-escalation-level-name')}:  → None`,
      // The breach counts start at 0 in the same entry (the policy has no workaround metric: that one stays empty).
      `${fieldName('sla-first-response-breached-cycles')}:  → 0`,
      `${fieldName('sla-resolution-breached-cycles')}:  → 0`,
    ]);

    // An agent answers: first response met, the next breach moves to the resolution target, the status stays.
    const breachBefore = fieldsOf(issue.key)['sla-next-breach'];
    sb.clock.advance(30 * 60_000);
    sb.jira.comment('agent', issue.key, 'On it', { public: true });
    sb.stats.reset();
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
    expect(fieldsOf(issue.key)['sla-next-breach']).not.toBe(breachBefore);
    expect(appWrites().map((call) => new URLSearchParams(call.query).get('generateChangelog'))).toEqual(['false']);
    expect(appHistories(issue.key)).toHaveLength(1);

    // Three hours in, the sweep climbs to the Team Lead: the changelog says so, as automation reads it.
    await sb.advanceRunningSchedules(created + 3 * HOUR + 5 * 60_000 - sb.clock.now());
    expect(fieldsOf(issue.key)).toMatchObject({
      'sla-escalation-level': 1,
      'sla-escalation-level-name': 'Team Lead',
      'sla-status': 'on track',
    });
    expect(appHistories(issue.key)).toHaveLength(2);
    expect(itemsOf(appHistories(issue.key)[1]!)).toEqual([
      `${fieldName('sla-escalation-level')}: 0 → 1`,
      `${fieldName('sla-escalation-level-name')}: None → Team Lead`,
    ]);
    const changelog = sb.jira.restIssue(sb.jira.findIssue(issue.key)!, { fields: ['summary'], expand: ['changelog'] }).changelog as {
      histories: Array<{ author: { accountId: string }; items: Array<{ fieldId: string; toString?: string }> }>;
    };
    expect(changelog.histories[0]!.author.accountId).toBe(APP_ACCOUNT_ID);
    expect(changelog.histories[0]!.items).toContainEqual(
      expect.objectContaining({ fieldId: sb.jira.appField('sla-escalation-level')!.id, toString: '1' }),
    );
  });

  it("an issue deleted between the sweep's read and its write is logged once; every other issue is written and the sweep ends ok", async () => {
    const keys = Array.from(
      { length: 6 },
      (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Outage ${i}`, priority: 'Highest' }).key,
    );
    await sb.deliverEvents();
    sb.clock.advance(2 * HOUR + 5 * 60_000);
    const doomed = keys[2]!;
    beforeFirstWrite(() => sb.jira.deleteIssue('admin', doomed));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await sb.runScheduledTrigger('sla-sweep');
      expect(sb.deliveries.filter((delivery) => delivery.kind === 'scheduled').map((delivery) => delivery.outcome)).toEqual(['ok']);
      for (const key of keys) if (key !== doomed) expect(fieldsOf(key)).toEqual(expectedFields(key));
      for (const key of keys) if (key !== doomed) expect(fieldsOf(key)['sla-status']).toBe('breached');
      const refusals = warn.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('refused by Jira'));
      expect(refusals.length).toBeGreaterThan(0);
      for (const line of refusals) expect(line).toMatch(new RegExp(`issue ${doomed} .*HTTP 400: Issue \\d+ does not exist`));
      warn.mockClear();
      await sb.advanceRunningSchedules(3 * HOUR);
      expect(warn.mock.calls.filter((call) => String(call[0]).includes('refused by Jira'))).toEqual([]);
      expect(sb.deliveries.filter((delivery) => delivery.kind === 'scheduled' && delivery.outcome !== 'ok')).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('a deleted app field: the other values are written, the refusal logged, the field ids refreshed, and no later run fails', async () => {
    const first = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Before' });
    await sb.deliverEvents();
    sb.jira.deleteField(sb.jira.appField('sla-escalation-level-name')!.id);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'After the field went' });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      sb.deliveries.length = 0;
      await sb.deliverEvents();
      const expected = expectedFields(issue.key);
      for (const key of SLA_FIELD_KEYS.filter((field) => field !== 'sla-escalation-level-name')) {
        expect({ key, value: normaliseFieldValue(sb.jira.appFieldValue(issue.key, key)) }).toEqual({ key, value: expected[key] });
      }
      expect(warn.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(
        new RegExp(`issue ${issue.key} .*field sla-escalation-level-name .*HTTP 404: The custom field customfield_\\d+ was not found`),
      );
      // The stale ids cost one redelivery, which reads the new field list and writes nothing more.
      expect(triggerDeliveries().map((delivery) => delivery.outcome)).toEqual(['retry', 'ok']);
      warn.mockClear();
      sb.jira.comment('agent', first.key, 'Any news?', { public: true });
      await sb.deliverEvents();
      await sb.advanceRunningSchedules(9 * HOUR);
      expect(
        [...triggerDeliveries(), ...sb.deliveries.filter((delivery) => delivery.kind === 'scheduled')].filter(
          (delivery) => delivery.outcome !== 'ok' && delivery.invocation !== triggerDeliveries()[0]!.invocation,
        ),
      ).toEqual([]);
      expect(warn.mock.calls.filter((call) => String(call[0]).includes('refused by Jira'))).toEqual([]);
      expect(normaliseFieldValue(sb.jira.appFieldValue(first.key, 'sla-status'))).toBe(expectedFields(first.key)['sla-status']);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('scheduled sweep', () => {
  it('moves an issue through at risk, breach and both ladder steps as time passes without events, on one site', async () => {
    // One site for the whole story, as on Jira Cloud: the five-minute schedule runs at every boundary, so each
    // sweep must read now() afresh (a search that kept the first sweep's now would find nothing later on).
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Site down', priority: 'Highest' });
    const quiet = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Typo on page' });
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-priority': 'P1', 'sla-escalation-level': 0, 'sla-status': 'on track' });
    sb.stats.reset();
    const steps: Array<{ at: number; expected: FieldValues }> = [
      // first response (2h) 75 % used at 10:30
      { at: created + 95 * 60_000, expected: { 'sla-status': 'at risk', 'sla-escalation-level': 0 } },
      // first response due at 11:00 passed
      { at: created + 2 * HOUR + 5 * 60_000, expected: { 'sla-status': 'breached', 'sla-escalation-level': 0 } },
      // Team Lead after 3h
      {
        at: created + 3 * HOUR + 5 * 60_000,
        expected: { 'sla-escalation-level': 1, 'sla-escalation-level-name': 'Team Lead', 'sla-status': 'breached' },
      },
      // Support Manager when the resolution target (8h) is used up
      {
        at: created + 8 * HOUR + 5 * 60_000,
        expected: { 'sla-escalation-level': 2, 'sla-escalation-level-name': 'Support Manager', 'sla-status': 'breached' },
      },
    ];
    let runs = 0;
    for (const step of steps) {
      runs += await sb.advanceRunningSchedules(step.at - sb.clock.now());
      expect(fieldsOf(issue.key)).toMatchObject(step.expected);
      expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
      expect(fieldsOf(quiet.key)).toEqual(expectedFields(quiet.key));
    }
    expect(runs).toBe((8 * 60 + 5) / 5);
    expect(sb.deliveries.filter((delivery) => delivery.kind === 'scheduled' && delivery.outcome !== 'ok')).toEqual([]);
    // The sweep reads due issues by search, never one by one, and writes only when a value changed.
    expect(sb.stats.calls.filter((call) => call.operation === '/rest/api/3/issue/{issueIdOrKey}')).toHaveLength(0);
    expect(appWrites().length).toBeLessThan(runs);
  });

  it('leaves issues whose next check is still ahead untouched', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Slow page' });
    await sb.deliverEvents();
    sb.stats.reset();
    sb.clock.advance(60_000);
    await sb.runScheduledTrigger('sla-sweep');
    expect(appWrites()).toHaveLength(0);
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  });

  it('lets a sweep that meets a Jira outage end quietly, and the next sweep catches up', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Site down', priority: 'Highest' });
    await sb.deliverEvents();
    sb.clock.advance(2 * HOUR + 5 * 60_000);
    sb.faults.set({ failRate: 1 });
    await sb.runScheduledTrigger('sla-sweep');
    sb.faults.clear();
    const scheduled = sb.deliveries.filter((delivery) => delivery.kind === 'scheduled');
    expect(scheduled.map((delivery) => delivery.outcome)).toEqual(['ok']);
    expect(fieldsOf(issue.key)).not.toEqual(expectedFields(issue.key));
    await sb.runScheduledTrigger('sla-sweep');
    expect(fieldsOf(issue.key)).toMatchObject({ 'sla-status': 'breached' });
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  }, 60_000);

  it('evaluates every due issue when Jira answers full-field searches with shorter pages than asked for', async () => {
    // Jira "may return fewer items per page where a large number of fields are requested" (search/jql maxResults).
    const keys = Array.from(
      { length: 130 },
      (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Short page ${i}` }).key,
    );
    await sb.deliverEvents();
    sb.faults.set({ fullFieldsPageLimit: 30 });
    sb.clock.advance(41 * HOUR);
    sb.stats.reset();
    await sb.runScheduledTrigger('sla-sweep');
    // Minus the two id-only searches: the due issues and the issues updated since the last sweep.
    const fullReads = sb.stats.calls.filter((call) => call.operation === '/rest/api/3/search/jql' && call.status === 200).length - 2;
    // 130 ids = pages of 100 + 30; each answered 30 at a time: 4 + 1 reads.
    expect(fullReads).toBe(5);
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
    // The queue consumer reads its ids the same way.
    sb.clock.advance(HOUR);
    const saved = (await savePolicyAs('admin', E2E_POLICY_FAST_YAML)) as { ok: boolean; recompute: { total: number } };
    expect(saved.recompute.total).toBe(130);
    await sb.drainQueues();
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key, fastPolicy));
  });

  it('hands work beyond its inline budget to the queue, which finishes it', async () => {
    const keys = Array.from(
      { length: 230 },
      (_, i) => sb.jira.createIssue('customer', { projectKey: i % 2 ? 'SUP' : 'OPS', summary: `Issue ${i}` }).key,
    );
    await sb.deliverEvents();
    sb.clock.advance(41 * HOUR);
    process.env.SLA_SWEEP_INLINE_BUDGET_MS = '0';
    try {
      sb.stats.reset();
      await sb.runScheduledTrigger('sla-sweep');
    } finally {
      delete process.env.SLA_SWEEP_INLINE_BUDGET_MS;
    }
    expect(appWrites()).toHaveLength(0);
    await sb.drainQueues();
    // 230 ids: three events of ≤ 100 ids, one consumer invocation each.
    expect(sb.deliveries.filter((delivery) => delivery.kind === 'consumer').map((delivery) => delivery.outcome)).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
    expect(appWrites().length).toBeLessThanOrEqual(2 * 3);
    // Nobody follows the sweep's overflow: it leaves no progress records behind in kvs.
    expect([...sb.kvs.keys()].filter((key) => key.startsWith('recompute-'))).toEqual([]);
  });
  it('a consumer event carrying more than 100 ids (a job of > 40,000 issues) is read and written 100 at a time', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Big job ${i}` }).key);
    sb.jira.takePendingEvents();
    const ids = keys.map((key) => sb.jira.findIssue(key)!.id);
    sb.stats.reset();
    await new Queue({ key: RECOMPUTE_QUEUE_KEY }).push([
      { body: { jobId: 'big-job', part: 0, issueIds: ids.map(String), reason: 'manual' } },
    ]);
    await sb.drainQueues();
    expect(sb.deliveries.filter((delivery) => delivery.kind === 'consumer').map((delivery) => delivery.outcome)).toEqual(['ok']);
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
    expect(sb.stats.calls.filter((call) => call.operation === '/rest/api/3/search/jql')).toHaveLength(3);
    expect(sb.kvs.get('recompute-part:big-job:0')).toEqual({ done: 250, failed: 0 });
  });
});

describe('policies and resolvers', () => {
  it('recomputes the fields of unresolved issues in bulk when a policy is saved, with progress for the admin page', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Request ${i}` }).key);
    const resolved = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Done already' }).key;
    await sb.deliverEvents();
    sb.jira.resolve('agent', resolved);
    await sb.deliverEvents();
    const resolvedBefore = fieldsOf(resolved);
    const saved = (await savePolicyAs('admin', E2E_POLICY_FAST_YAML)) as { ok: boolean; recompute: { jobId: string; total: number } };
    expect(saved.ok).toBe(true);
    expect(saved.recompute.total).toBe(5);
    await sb.drainQueues();
    for (const key of keys) {
      expect(fieldsOf(key)).toEqual(expectedFields(key, fastPolicy));
      expect(fieldsOf(key)['sla-resolution-due']).toBe(iso(Date.parse(START) + 20 * HOUR));
    }
    expect(fieldsOf(resolved)).toEqual(resolvedBefore);
    const progress = await sb.invokeResolver('sla-admin', 'getRecomputeProgress', { jobId: saved.recompute.jobId }, { accountId: 'admin' });
    expect(progress).toEqual({ ok: true, jobId: saved.recompute.jobId, total: 5, done: 5, failed: 0, finished: true });
  });

  it('answers a save whose recomputation could not be queued as saved, with the reason, and recomputes later', async () => {
    const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Waiting for the new policy' }).key;
    await sb.deliverEvents();
    // Another job took the queue's 500 events of this minute (bodies the consumer ignores).
    const queue = new Queue({ key: RECOMPUTE_QUEUE_KEY });
    for (let i = 0; i < 10; i += 1) await queue.push(Array.from({ length: 50 }, () => ({ body: { filler: true } })));
    const saved = (await savePolicyAs('admin', E2E_POLICY_FAST_YAML)) as {
      ok: boolean;
      policy: { version: number };
      recompute: unknown;
      recomputeError?: string;
    };
    expect(saved).toMatchObject({ ok: true, policy: { version: 2 }, recompute: null });
    expect(saved.recomputeError).toMatch(/could not be queued/);
    expect(sb.kvs.get('policy:site')).toMatchObject({ version: 2, source: E2E_POLICY_FAST_YAML });
    sb.clock.advance(60_000);
    const again = (await sb.invokeResolver('sla-admin', 'startRecompute', { scope: { kind: 'site' } }, { accountId: 'admin' })) as {
      ok: boolean;
      recompute: { total: number };
    };
    expect(again).toMatchObject({ ok: true, recompute: { total: 1 } });
    await sb.drainQueues();
    expect(fieldsOf(key)).toEqual(expectedFields(key, fastPolicy));
  });

  const PANEL_RESOLVERS = [
    'getSlaState',
    'getLadder',
    'acknowledgeLevel',
    'acknowledgeRequest',
    'getOutcomeReport',
    'getOutcomeTrend',
    'getReportFilters',
    'getIncidentReport',
    'getQuarterlyReview',
  ] as const;
  type PanelResolver = (typeof PANEL_RESOLVERS)[number];

  it('refuses admin resolvers to non-admins and keeps the policy in force', async () => {
    const before = sb.kvs.get('policy:site');
    sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Something to recompute' });
    await sb.deliverEvents();
    // Every resolver but the panel's (getSlaState, getLadder, acknowledgeLevel, acknowledgeRequest) and the reports' (any user, bounded by
    // browse permission: outcome-reports tests) is an admin resolver; each gets a
    // payload an admin would get an answer for.
    const adminPayloads: Record<Exclude<ResolverName, PanelResolver>, unknown> = {
      savePolicy: { scope: { kind: 'site' }, source: E2E_POLICY_FAST_YAML },
      getPolicy: { scope: { kind: 'site' } },
      validatePolicy: { source: E2E_POLICY_YAML },
      startRecompute: { scope: { kind: 'site' } },
      getAdminOverview: {},
      listPresets: {},
      previewDue: { source: E2E_POLICY_YAML, plan: 'premium', priority: 'P1', start: START },
      getRecomputeProgress: { jobId: 'job-of-someone-else' },
      getHolidays: { scope: { kind: 'site' }, year: 2026 },
      searchUsers: { query: 'ad' },
      exportAudit: {},
      getEntitlementUsage: { scope: { kind: 'site' } },
      saveRegisteredPersons: { organization: 'Acme', accountIds: ['customer'] },
      previewCycles: { source: E2E_POLICY_YAML, plan: 'premium', priority: 'P1', created: START, events: [], asOf: START },
    };
    expect(Object.keys(adminPayloads).sort()).toEqual(
      Object.values(RESOLVER)
        .filter((name) => !PANEL_RESOLVERS.includes(name as PanelResolver))
        .sort(),
    );
    // The panel shares the resolver function, so the check must not depend on which module calls.
    for (const moduleKey of ['sla-admin', 'sla-panel']) {
      for (const accountId of ['agent', 'customer', 'outsider']) {
        for (const [name, payload] of Object.entries(adminPayloads)) {
          const answer = await sb.invokeResolver(moduleKey, name, payload, { accountId });
          expect({ moduleKey, accountId, name, answer }).toMatchObject({
            moduleKey,
            accountId,
            name,
            answer: { ok: false, code: 'FORBIDDEN' },
          });
        }
      }
    }
    expect(sb.kvs.get('policy:site')).toEqual(before);
    expect([...sb.kvs.keys()].filter((key) => key.startsWith('recompute-job:'))).toEqual([]);
  });

  it('rejects an invalid policy with located problems and keeps the one in force', async () => {
    const answer = (await savePolicyAs('admin', E2E_POLICY_YAML.replace('defaultCalendar: utc-always', 'defaultCalendar: nowhere'))) as {
      ok: boolean;
      code: string;
      problems: Array<{ path: string; line?: number }>;
    };
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_POLICY' });
    expect(answer.problems.some((problem) => problem.path.includes('defaultCalendar'))).toBe(true);
    expect(sb.kvs.get('policy:site')).toMatchObject({ version: 1, source: E2E_POLICY_YAML });
  });

  it('gives no SLA state to a user who cannot browse the issue', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Private matter' });
    await sb.deliverEvents();
    const denied = (await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: issue.key },
      { accountId: 'outsider', issueKey: issue.key },
    )) as Record<string, unknown>;
    expect(denied).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(denied).not.toHaveProperty('state');
    const allowed = (await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: issue.key },
      { accountId: 'agent', issueKey: issue.key },
    )) as Record<string, unknown>;
    expect(allowed).toMatchObject({ ok: true, policy: { id: 'e2e', version: 1 } });
    const userReads = sb.stats.calls.filter((call) => call.operation === '/rest/api/3/issue/{issueIdOrKey}' && call.asUser !== null);
    expect(userReads.map((call) => call.asUser)).toEqual(['outsider', 'agent']);
  });

  it('previews due instants with metric labels and ladder times for the admin what-if', async () => {
    // The e2e calendar is open around the clock in UTC: premium P1 = 1h first response, 4h resolution from START.
    const answer = await sb.invokeResolver(
      'sla-admin',
      'previewDue',
      { source: E2E_POLICY_YAML, plan: 'premium', priority: 'P1', start: START },
      { accountId: 'admin' },
    );
    expect(answer).toMatchObject({
      ok: true,
      targets: {
        firstResponse: { label: 'First response', due: '2026-03-02T10:00:00.000Z', duration: '1h' },
        resolution: { label: 'Resolution', due: '2026-03-02T13:00:00.000Z', duration: '4h' },
      },
    });
    expect((answer as { escalation: unknown[] }).escalation.length).toBeGreaterThan(0);
  });

  it('reports Jira outages to the UI as JIRA_ERROR and policy problems with their line', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Outage' });
    await sb.deliverEvents();
    sb.faults.set({ failRate: 1 });
    const answer = await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: issue.key },
      { accountId: 'agent', issueKey: issue.key },
    );
    sb.faults.clear();
    expect(answer).toMatchObject({ ok: false, code: 'JIRA_ERROR' });
    const invalid = (await sb.invokeResolver(
      'sla-admin',
      'validatePolicy',
      { source: 'id: x\nname: [unclosed' },
      { accountId: 'admin' },
    )) as {
      ok: boolean;
      valid: boolean;
      problems: Array<{ line?: number }>;
    };
    expect(invalid).toMatchObject({ ok: true, valid: false });
    expect(invalid.problems[0]?.line).toBeGreaterThanOrEqual(1);
  });

  it('answers the admin page: overview, presets, validation, preview', async () => {
    const overview = (await sb.invokeResolver('sla-admin', 'getAdminOverview', {}, { accountId: 'admin' })) as {
      ok: boolean;
      site: { policyId: string; version: number };
      projects: Array<{ key: string }>;
    };
    expect(overview).toMatchObject({ ok: true, site: { policyId: 'e2e', version: 1 } });
    expect(overview.projects.map((project) => project.key).sort()).toEqual(['OPS', 'SUP']);
    const presets = (await sb.invokeResolver('sla-admin', 'listPresets', {}, { accountId: 'admin' })) as { presets: Array<{ id: string }> };
    expect(presets.presets.map((preset) => preset.id)).toContain('byteztech');
    const valid = await sb.invokeResolver('sla-admin', 'validatePolicy', { source: E2E_POLICY_YAML }, { accountId: 'admin' });
    expect(valid).toMatchObject({ ok: true, valid: true, summary: { id: 'e2e', plans: ['standard', 'premium'] } });
    const preview = (await sb.invokeResolver(
      'sla-admin',
      'previewDue',
      { source: E2E_POLICY_YAML, plan: 'premium', priority: 'P1', start: START },
      { accountId: 'admin' },
    )) as { ok: boolean; targets: Record<string, { due: string | null }>; escalation: Array<{ id: string; at: string | null }> };
    expect(preview.ok).toBe(true);
    expect(preview.targets.firstResponse!.due).toBe(new Date(Date.parse(START) + HOUR).toISOString());
    expect(preview.escalation.map((step) => step.id)).toEqual(['team-lead', 'manager']);
    const badInput = await sb.invokeResolver(
      'sla-admin',
      'getPolicy',
      { scope: { kind: 'project', projectKey: 'lower' } },
      { accountId: 'admin' },
    );
    expect(badInput).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

describe('resilience', () => {
  it('leaves an event Jira rate-limits beyond the invocation budget to the sweep instead of redelivering into the limit', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Rate limited' });
    sb.faults.set({ status429Rate: 1, retryAfterSeconds: 120 });
    await sb.deliverEvents();
    const attempts = triggerDeliveries();
    expect(attempts.map((delivery) => delivery.outcome)).toEqual(['ok']);
    expect(appWrites()).toHaveLength(0);
    sb.faults.clear();
    sb.clock.advance(60_000);
    await sb.runScheduledTrigger('sla-sweep');
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  });

  it('records a recompute part as failed once its redeliveries are exhausted, so the job still finishes', async () => {
    sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'One' });
    sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Two' });
    sb.jira.takePendingEvents();
    const started = (await sb.invokeResolver('sla-admin', 'startRecompute', { scope: { kind: 'site' } }, { accountId: 'admin' })) as {
      recompute: { jobId: string; total: number };
    };
    expect(started.recompute.total).toBe(2);
    sb.faults.set({ failRate: 1 });
    await sb.drainQueues();
    sb.faults.clear();
    const consumerAttempts = sb.deliveries.filter((delivery) => delivery.kind === 'consumer');
    expect(consumerAttempts.filter((delivery) => delivery.outcome === 'retry').length).toBeGreaterThanOrEqual(1);
    const progress = await sb.invokeResolver(
      'sla-admin',
      'getRecomputeProgress',
      { jobId: started.recompute.jobId },
      { accountId: 'admin' },
    );
    expect(progress).toMatchObject({ total: 2, done: 0, failed: 2, finished: true });
  }, 60_000);

  it('with 30% of Jira calls failing transiently, 1,000 events still end with every issue correct', async () => {
    const keys = Array.from(
      { length: 40 },
      (_, i) =>
        sb.jira.createIssue('customer', {
          projectKey: i % 3 ? 'SUP' : 'OPS',
          summary: `Storm ${i}`,
          priority: ['Highest', 'High', 'Medium'][i % 3],
        }).key,
    );
    await sb.deliverEvents();
    sb.faults.set({ failRate: 0.3, duplicateEvents: 0.05, reorderEvents: true, seed: 7 });
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const statuses = ['In Progress', 'Waiting for customer', 'Waiting for support'];
    let events = 0;
    while (events < 1000) {
      const key = keys[Math.floor(random() * keys.length)]!;
      const action = Math.floor(random() * 5);
      if (action === 0) sb.jira.comment(random() < 0.5 ? 'agent' : 'customer', key, `note ${events}`, { public: random() < 0.7 });
      else if (action === 1) sb.jira.transition('agent', key, statuses[Math.floor(random() * statuses.length)]!);
      else if (action === 2) sb.jira.setPriority('agent', key, ['Highest', 'High', 'Medium', 'Low'][Math.floor(random() * 4)]!);
      else if (action === 3) sb.jira.setField('agent', key, 'Support plan', random() < 0.5 ? 'Premium' : 'Standard');
      else sb.jira.setLabels('agent', key, [`l${Math.floor(random() * 5)}`]);
      events += 1;
      if (events % 100 === 0) {
        await sb.deliverEvents();
        sb.clock.advance(10 * 60_000);
      }
    }
    await sb.deliverEvents();
    await sb.runScheduledTrigger('sla-sweep');
    await sb.drainQueues();
    sb.faults.clear();
    expect(sb.deadLetters).toEqual([]);
    expect(sb.stats.calls.filter((call) => call.status >= 500).length).toBeGreaterThan(100);
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
  }, 180_000);
});
