/**
 * `getIncidentReport` end to end (issue 11 §2): a Batoi P1 (calendar 06:00–16:00 UTC every day) created Mon
 * 2026-03-02 06:00Z waits for the customer 07:00–08:00Z, so its 4h ladder level is reached at 11:00Z; the sweep
 * notifies the rung and Bo acknowledges at 11:20Z. The report, read by an agent at 11:30Z, tells that story with
 * who did what, names and avatars from Jira and business minutes on the issue's calendar; someone who cannot browse
 * the issue gets NOT_FOUND.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { assignIssue, setGroup } from '../../emulator/jira/notify';
import type { GetIncidentReportOk } from '../../src/contracts/incident-report';

const BATOI = readFileSync(join(__dirname, '..', '..', 'presets', 'batoi-enterprise.yaml'), 'utf8');
const DIRECTORY = `
directory:
  rungs:
    - level: support-team
      people: [{ role: assignee }, { group: batoi-support }]
`;

let sb: ForgeSandbox;
let key: string;

beforeAll(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T06:00:00Z' }); // Mon
  sb.jira.addUser({ accountId: 'agent-2', displayName: 'Bo Support', role: 'agent' });
  setGroup(sb.jira, 'batoi-support', ['agent-2']);
  expect(
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: `${BATOI}${DIRECTORY}` }, { accountId: 'admin' }),
  ).toMatchObject({ ok: true });
  key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Checkout fails for every customer', priority: 'Highest' }).key;
  assignIssue(sb.jira, key, 'agent');
  await sb.deliverEvents();
  sb.clock.set('2026-03-02T07:00:00Z');
  sb.jira.transition('agent', key, 'Waiting for customer');
  sb.clock.set('2026-03-02T08:00:00Z');
  sb.jira.transition('customer', key, 'Waiting for support');
  await sb.deliverEvents();
  sb.clock.set('2026-03-02T11:05:00Z'); // level 1 since 11:00 (4h of business time, the hour waiting excluded)
  await sb.runScheduledTrigger();
  sb.clock.set('2026-03-02T11:20:00Z');
  expect(
    await sb.invokeResolver(
      'sla-panel',
      'acknowledgeLevel',
      { issueKey: key, levelId: 'support-team', cycle: 0 },
      { accountId: 'agent-2', issueKey: key },
    ),
  ).toMatchObject({ ok: true, recorded: true });
  sb.clock.set('2026-03-02T11:30:00Z');
});

afterAll(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

const reportAs = async (accountId: string, issueKey = key) =>
  (await sb.invokeResolver('sla-reports', 'getIncidentReport', { issueKey }, { accountId })) as GetIncidentReportOk;

describe('getIncidentReport', () => {
  it('tells the issue story in time order with who did it and the business minutes since creation', async () => {
    const answer = await reportAs('agent');
    expect(answer).toMatchObject({ ok: true, issueKey: key, policy: { id: expect.any(String) } });
    const story = answer.report!.entries.filter((e) => e.kind !== 'cycleStarted' && e.kind !== 'cycleMet' && e.kind !== 'breached');
    expect(story.map((e) => [e.at, e.kind, e.actor, e.sinceCreatedMinutes])).toEqual([
      ['2026-03-02T06:00:00.000Z', 'created', 'customer', 0],
      ['2026-03-02T07:00:00.000Z', 'status', 'agent', 60],
      ['2026-03-02T07:00:00.000Z', 'pauseBegan', null, 60],
      ['2026-03-02T08:00:00.000Z', 'status', 'customer', 120],
      ['2026-03-02T08:00:00.000Z', 'pauseEnded', null, 120],
      ['2026-03-02T11:00:00.000Z', 'escalated', null, 300],
      ['2026-03-02T11:05:00.000Z', 'notified', null, 305],
      ['2026-03-02T11:05:00.000Z', 'notified', null, 305],
      ['2026-03-02T11:20:00.000Z', 'acknowledged', 'agent-2', 320],
    ]);
    expect(story.find((e) => e.kind === 'notified')?.people).toEqual(['agent', 'group:batoi-support']);
    expect(answer.report!.totals).toMatchObject({
      totalBusinessMinutes: 330,
      pausedBusinessMinutes: 60,
      highestEscalationLevel: 1,
      notifications: 2,
      acknowledgements: 1,
    });
  });

  it('names everyone the report names, with avatars, as Jira shows them', async () => {
    const people = (await reportAs('agent')).people;
    expect(people.map((p) => p.accountId).sort()).toEqual(['agent', 'agent-2', 'customer']);
    expect(people.find((p) => p.accountId === 'agent-2')).toEqual({
      accountId: 'agent-2',
      displayName: 'Bo Support',
      avatarUrl: expect.stringMatching(/^(https:|data:image\/)/),
    });
  });

  it('answers NOT_FOUND to someone who cannot browse the issue, and INVALID_INPUT to a malformed key', async () => {
    expect(await reportAs('outsider')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await reportAs('agent', 'SUP-99999')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await reportAs('agent', 'not a key')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
