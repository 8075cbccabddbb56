/**
 * The `portalAction` start end to end (issue 10): the customer runs the portal's *Escalate* transition (a changelog
 * entry authored by the customer), the `byPortal` request starts, the assignee acknowledges it in the SLA panel and
 * the fields stop; an agent moving the issue to the same status starts nothing. Also the storage cost of
 * acknowledgement stops in a batch: a recompute page reads acknowledgements only for issues with a request.
 * Policy: test/builders/ack-policy.ts (Mon–Fri 09:00–18:00 America/New_York, 4h targets).
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { assignIssue } from '../../emulator/jira/notify';
import type { AcknowledgeLevelOk, LadderViewOk } from '../../src/contracts/ladder-resolvers';
import { ackPolicyYaml } from '../builders/ack-policy';

let sb: ForgeSandbox;

async function savePolicy(source: string): Promise<void> {
  expect(await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' })).toMatchObject({
    ok: true,
  });
}

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-11-16T14:00:00Z' }); // Mon 09:00 EST
  sb.jira.directory.addStatus({ id: '10010', name: 'Escalated', category: 'indeterminate', portalTransition: 'Escalate' });
  await savePolicy(ackPolicyYaml());
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

async function raise(summary = 'Invoices are wrong'): Promise<string> {
  const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary }).key;
  assignIssue(sb.jira, key, 'agent');
  await sb.deliverEvents();
  return key;
}

const field = (key: string, module: string) => sb.jira.appFieldValue(key, module);
const ladder = async (key: string) =>
  ((await sb.invokeResolver('sla-panel', 'getLadder', { issueKey: key }, { accountId: 'agent', issueKey: key })) as LadderViewOk).ladder!;

describe('a customer escalating from the portal', () => {
  it('starts the request with a portal transition; the assignee acknowledges it in the panel; the fields stop', async () => {
    const key = await raise();
    expect(field(key, 'sla-next-breach')).toBeNull(); // no request yet

    sb.clock.set('2026-11-16T15:00:00Z'); // Mon 10:00 EST: due 14:00 EST
    sb.jira.portalTransition('customer', key, 'Escalate');
    // The changelog entry the engine reads is the customer's, as a portal transition's is on a site.
    expect(sb.jira.findIssue(key)!.histories.at(-1)).toMatchObject({
      author: 'customer',
      items: [{ field: 'status', toString: 'Escalated' }],
    });
    await sb.deliverEvents();
    expect(field(key, 'sla-next-breach')).toMatch(/^2026-11-16T19:00:00/);
    expect((await ladder(key)).requests).toMatchObject([
      { metricId: 'byPortal', cycle: 1, requestedAt: '2026-11-16T15:00:00.000Z', canAcknowledge: true, acknowledged: null },
    ]);

    sb.clock.set('2026-11-16T16:00:00Z'); // Mon 11:00 EST
    const ack = (await sb.invokeResolver(
      'sla-panel',
      'acknowledgeRequest',
      { issueKey: key, metricId: 'byPortal', cycle: 1 },
      { accountId: 'agent', issueKey: key },
    )) as AcknowledgeLevelOk;
    expect(ack).toMatchObject({ ok: true, recorded: true, acknowledged: { accountId: 'agent', at: '2026-11-16T16:00:00.000Z' } });
    expect(field(key, 'sla-next-breach')).toBeNull();
    expect(field(key, 'sla-status')).toBe('met');
    expect((await ladder(key)).requests).toMatchObject([
      { metricId: 'byPortal', status: 'met', acknowledged: { accountId: 'agent', at: '2026-11-16T16:00:00.000Z' } },
    ]);
  });

  it('an agent moving the issue to the same status starts nothing', async () => {
    const key = await raise();
    sb.clock.set('2026-11-16T15:00:00Z');
    sb.jira.transition('agent', key, 'Escalated');
    await sb.deliverEvents();
    expect(sb.jira.findIssue(key)?.statusId).toBe('10010');
    expect(field(key, 'sla-next-breach')).toBeNull();
    expect((await ladder(key)).requests).toEqual([]);
  });

  it.each([
    // [who, transition, refusal]
    ['agent', 'Escalate', 'not a customer'],
    ['customer', 'Close', "no transition 'Close'"], // a status with no customer transition
  ])('the portal refuses %s running %s', async (who, transition, refusal) => {
    const key = await raise();
    expect(() => sb.jira.portalTransition(who, key, transition)).toThrow(refusal);
  });

  it('refuses a customer who cannot see the request', async () => {
    const key = await raise();
    sb.jira.addUser({ accountId: 'customer-2', displayName: 'Other Customer', role: 'customer' });
    expect(() => sb.jira.portalTransition('customer-2', key, 'Escalate')).toThrow();
    expect(sb.jira.findIssue(key)?.statusId).not.toBe('10010');
  });
});

describe('the storage cost of acknowledgement stops in a batch', () => {
  it('a recompute reads the acknowledgements only of the issues with an escalation request', async () => {
    const keys: string[] = [];
    for (let n = 0; n < 12; n += 1) keys.push(await raise(`Request ${n}`));
    sb.clock.set('2026-11-16T15:00:00Z');
    sb.jira.portalTransition('customer', keys[0]!, 'Escalate');
    sb.jira.setLabels('agent', keys[1]!, ['escalation-requested']);
    await sb.deliverEvents();
    const ackQueries = () =>
      [...sb.kvsStore.queriesByPrefix].filter(([prefix]) => /^ladder:[^:]+:ack:$/.test(prefix)).reduce((n, [, count]) => n + count, 0);

    const before = ackQueries();
    // A target change recomputes every issue of the policy through the queue consumer's pages.
    await savePolicy(ackPolicyYaml().replace('byType: 4h', 'byType: 5h'));
    await sb.drainQueues();
    const perRecompute = ackQueries() - before;
    const issues = sb.jira.search('admin', 'project = SUP').length;
    expect(issues).toBe(12);
    // One query per issue with a request (2), where reading every issue's would take one per issue (12).
    expect(perRecompute).toBe(2);
    expect(field(keys[0]!, 'sla-next-breach')).toMatch(/^2026-11-16T19:00:00/); // still evaluated with its request
  });
});
