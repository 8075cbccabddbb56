/**
 * Time to acknowledge end to end (issue 10): an escalation request (a label, a request type, a customer's comment
 * matching the policy's text rule) starts a cycle; the panel offers "Acknowledge request" to the assignee (no
 * level is reached yet); the acknowledgement is recorded once (double clicks, retries) and the resolver writes the
 * issue's fields at once; duplicated events change nothing. Also: a warning at 60 % is sent by the sweep at its
 * instant. Policy: test/builders/ack-policy.ts (Mon–Fri 09:00–18:00 America/New_York, 4h targets).
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { assignIssue } from '../../emulator/jira/notify';
import type { AcknowledgeLevelOk, LadderViewOk } from '../../src/contracts/ladder-resolvers';
import { ackPolicyYaml } from '../builders/ack-policy';

let sb: ForgeSandbox;

async function start(policy: string): Promise<void> {
  sb = await startForgeSandbox({ now: '2026-11-16T14:00:00Z' }); // Mon 09:00 EST
  sb.jira.addUser({ accountId: 'agent-3', displayName: 'Cy Elsewhere', role: 'agent' });
  expect(
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: policy }, { accountId: 'admin' }),
  ).toMatchObject({
    ok: true,
  });
}

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

async function raise(fields: Record<string, unknown> = {}): Promise<string> {
  const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Invoices are wrong', fields }).key;
  assignIssue(sb.jira, key, 'agent');
  await sb.deliverEvents();
  return key;
}

const field = (key: string, module: string) => sb.jira.appFieldValue(key, module);
const ladderAs = async (key: string, accountId: string) =>
  ((await sb.invokeResolver('sla-panel', 'getLadder', { issueKey: key }, { accountId, issueKey: key })) as LadderViewOk).ladder!;
const ackAs = async (key: string, accountId: string, metricId: string, cycle = 1) =>
  (await sb.invokeResolver('sla-panel', 'acknowledgeRequest', { issueKey: key, metricId, cycle }, { accountId, issueKey: key })) as
    AcknowledgeLevelOk | { ok: false; code: string; message: string };

describe('acknowledging an escalation request', () => {
  beforeEach(() => start(ackPolicyYaml()));

  it('label: the assignee acknowledges in the panel; the fields stop at once; a double click keeps the first', async () => {
    const key = await raise();
    sb.clock.set('2026-11-16T15:00:00Z'); // Mon 10:00 EST
    sb.jira.setLabels('agent', key, ['escalation-requested']);
    await sb.deliverEvents();
    expect(field(key, 'sla-next-breach')).toMatch(/^2026-11-16T19:00:00/); // due Mon 14:00 EST
    expect(field(key, 'sla-next-check')).toMatch(/^2026-11-16T18:00:00/); // at risk at 75 %, Mon 13:00 EST

    sb.clock.set('2026-11-16T16:30:00Z'); // Mon 11:30 EST
    const before = await ladderAs(key, 'agent');
    expect(before.level).toBe(0);
    expect(before.requests).toMatchObject([
      { metricId: 'byLabel', cycle: 1, requestedAt: '2026-11-16T15:00:00.000Z', dueAt: '2026-11-16T19:00:00.000Z', canAcknowledge: true },
    ]);
    expect((await ladderAs(key, 'agent-3')).requests[0]!.canAcknowledge).toBe(false);
    expect(await ackAs(key, 'agent-3', 'byLabel')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ackAs(key, 'agent', 'byLabel', 2)).toMatchObject({ ok: false, code: 'CONFLICT' });

    expect(await ackAs(key, 'agent', 'byLabel')).toEqual({
      ok: true,
      recorded: true,
      acknowledged: { accountId: 'agent', at: '2026-11-16T16:30:00.000Z' },
    });
    // Written by the resolver itself: no event has been delivered since.
    expect(field(key, 'sla-next-breach')).toBeNull();
    expect(field(key, 'sla-next-check')).toBeNull();
    expect(field(key, 'sla-status')).toBe('met');

    sb.clock.set('2026-11-16T16:31:00Z');
    expect(await ackAs(key, 'agent', 'byLabel')).toEqual({
      ok: true,
      recorded: false,
      acknowledged: { accountId: 'agent', at: '2026-11-16T16:30:00.000Z' },
    });
    const after = await ladderAs(key, 'agent');
    expect(after.requests).toMatchObject([
      {
        metricId: 'byLabel',
        canAcknowledge: false,
        acknowledged: { accountId: 'agent', displayName: 'Alex Agent', at: '2026-11-16T16:30:00.000Z' },
      },
    ]);
    expect(after.audit.filter((record) => record.type === 'ack')).toHaveLength(1);

    // Duplicated events read the acknowledgement too: the fields stay stopped.
    sb.faults.set({ duplicateEvents: 1, seed: 3 });
    sb.jira.setSummary('agent', key, 'Invoices are wrong (escalated)');
    await sb.deliverEvents();
    expect(field(key, 'sla-next-breach')).toBeNull();
    expect(field(key, 'sla-status')).toBe('met');
  });

  it('a new request after the acknowledgement is a new cycle, acknowledged on its own', async () => {
    const key = await raise();
    sb.clock.set('2026-11-16T15:00:00Z');
    sb.jira.setLabels('agent', key, ['escalation-requested']);
    await sb.deliverEvents();
    sb.clock.set('2026-11-16T16:00:00Z');
    expect(await ackAs(key, 'agent', 'byLabel')).toMatchObject({ ok: true, recorded: true });
    sb.clock.set('2026-11-16T17:00:00Z');
    sb.jira.setLabels('agent', key, []);
    sb.clock.set('2026-11-16T18:00:00Z'); // Mon 13:00 EST: asked again, due 17:00 EST
    sb.jira.setLabels('agent', key, ['escalation-requested']);
    await sb.deliverEvents();
    expect(field(key, 'sla-next-breach')).toMatch(/^2026-11-16T22:00:00/);
    expect((await ladderAs(key, 'agent')).requests).toMatchObject([{ metricId: 'byLabel', cycle: 2, acknowledged: null }]);
    sb.clock.set('2026-11-16T19:00:00Z');
    expect(await ackAs(key, 'agent', 'byLabel', 2)).toMatchObject({ ok: true, recorded: true });
    expect(field(key, 'sla-next-breach')).toBeNull();
  });

  it('request type and a matching customer comment start their own requests', async () => {
    const key = await raise({ 'Request Type': 'Escalate a request' }); // Mon 09:00 EST: due 13:00 EST
    expect(field(key, 'sla-next-breach')).toMatch(/^2026-11-16T18:00:00/);
    sb.clock.set('2026-11-16T15:00:00Z'); // Mon 10:00 EST: due 14:00 EST
    sb.jira.comment('customer', key, 'Nobody answers: please escalate this.');
    sb.jira.comment('agent', key, 'We will escalate if needed.'); // an agent's words are no request
    await sb.deliverEvents();
    const view = await ladderAs(key, 'agent');
    expect(view.requests.map((request) => [request.metricId, request.requestedAt])).toEqual([
      ['byType', '2026-11-16T14:00:00.000Z'],
      ['byComment', '2026-11-16T15:00:00.000Z'],
    ]);
    sb.clock.set('2026-11-16T15:30:00Z');
    expect(await ackAs(key, 'agent', 'byType')).toMatchObject({ ok: true, recorded: true });
    // The acknowledgement is the issue's: it stops every request open at that instant.
    expect(field(key, 'sla-next-breach')).toBeNull();
    const after = await ladderAs(key, 'agent');
    expect(after.requests.map((request) => [request.metricId, request.status, request.acknowledged?.at ?? null])).toEqual([
      ['byType', 'met', '2026-11-16T15:30:00.000Z'],
      ['byComment', 'met', '2026-11-16T15:30:00.000Z'],
    ]);
  });
});

describe('a warning before the breach at 60 %', () => {
  beforeEach(() => start(ackPolicyYaml({ warn: '  warnBeforeBreach: { atPercent: 60, notify: assignee, metrics: [byLabel] }' })));

  it('is sent by the sweep at its instant, not at the next evaluation', async () => {
    const key = await raise();
    sb.clock.set('2026-11-16T15:00:00Z'); // Mon 10:00 EST: 60 % of 4h is 144 minutes, Mon 12:24 EST
    sb.jira.setLabels('agent', key, ['escalation-requested']);
    await sb.deliverEvents();
    expect(field(key, 'sla-next-check')).toMatch(/^2026-11-16T17:24:00/);
    sb.clock.set('2026-11-16T17:23:00Z');
    await sb.runScheduledTrigger();
    const warnings = async () =>
      (await ladderAs(key, 'agent')).audit.filter((record) => record.type === 'notice' && record.kind === 'warning');
    expect(await warnings()).toEqual([]);
    sb.clock.set('2026-11-16T17:24:00Z');
    await sb.runScheduledTrigger();
    expect((await warnings()).map((record) => (record.type === 'notice' ? [record.metricId, record.channel, record.status] : []))).toEqual([
      ['byLabel', 'email', 'sent'],
      ['byLabel', 'comment', 'sent'],
    ]);
    expect(field(key, 'sla-next-check')).toMatch(/^2026-11-16T18:00:00/); // at risk next
  });
});
