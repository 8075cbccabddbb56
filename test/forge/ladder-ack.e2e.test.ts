/**
 * The panel's rung and its acknowledgement end to end (issue 10 §2 and §4), and the admin's audit export: a Batoi
 * P1 reaches level 1 (Mon 10:00 UTC); the panel shows who is responsible (names and avatars from Jira), since when
 * and what comes next; only a person on the rung (an account of it, or a member of its group) can acknowledge, the
 * first acknowledgement is kept, and the trail (notices and the acknowledgement) is exported as CSV by an admin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { assignIssue, setGroup } from '../../emulator/jira/notify';
import type { AcknowledgeLevelOk, ExportAuditOk, LadderViewOk, SearchUsersOk } from '../../src/contracts/ladder-resolvers';

const BATOI = readFileSync(join(__dirname, '..', '..', 'presets', 'batoi-enterprise.yaml'), 'utf8');
const DIRECTORY = `
directory:
  accountManagers:
    - { organization: "Acme Corp", people: [{ accountId: am-acme }] }
  rungs:
    - level: support-team
      people: [{ role: assignee }, { group: batoi-support }]
    - level: account-manager
      people: [{ role: accountManager }]
`;

let sb: ForgeSandbox;
let key: string;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T06:00:00Z' });
  sb.jira.addUser({ accountId: 'agent-2', displayName: 'Bo Support', role: 'agent' });
  sb.jira.addUser({ accountId: 'agent-3', displayName: 'Cy Elsewhere', role: 'agent' });
  sb.jira.addUser({ accountId: 'am-acme', displayName: 'Avery Account-Manager', role: 'agent' });
  setGroup(sb.jira, 'batoi-support', ['agent-2']);
  expect(
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: `${BATOI}${DIRECTORY}` }, { accountId: 'admin' }),
  ).toMatchObject({ ok: true });
  key = sb.jira.createIssue('customer', {
    projectKey: 'SUP',
    summary: 'Checkout fails for every customer',
    priority: 'Highest',
    fields: { Organizations: ['Acme Corp'] },
  }).key;
  assignIssue(sb.jira, key, 'agent');
  await sb.deliverEvents();
  sb.clock.set('2026-03-02T10:05:00Z'); // level 1 since 10:00
  await sb.runScheduledTrigger();
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

const ladderAs = async (accountId: string) =>
  (await sb.invokeResolver('sla-panel', 'getLadder', { issueKey: key }, { accountId, issueKey: key })) as LadderViewOk;
const ackAs = async (accountId: string, levelId = 'support-team', cycle = 0) =>
  (await sb.invokeResolver('sla-panel', 'acknowledgeLevel', { issueKey: key, levelId, cycle }, { accountId, issueKey: key })) as
    AcknowledgeLevelOk | { ok: false; code: string; message: string };

describe('the rung in the panel', () => {
  it('shows who is responsible now with names and avatars, since when, and what comes next', async () => {
    const view = await ladderAs('agent');
    expect(view.ladder).toMatchObject({
      level: 1,
      levelId: 'support-team',
      since: '2026-03-02T10:00:00.000Z',
      groups: ['batoi-support'],
      people: [
        { accountId: 'agent', displayName: 'Alex Agent', via: 'assignee', avatarUrl: expect.stringMatching(/^(https:|data:image\/)/) },
      ],
      next: {
        level: 2,
        label: 'Account Manager',
        at: '2026-03-02T16:00:00.000Z',
        people: [{ accountId: 'am-acme', displayName: 'Avery Account-Manager' }],
      },
      canAcknowledge: true,
      acknowledged: null,
    });
    expect(view.ladder!.audit.map((record) => (record.type === 'notice' ? `${record.channel}:${record.status}` : 'ack'))).toEqual([
      'email:sent',
      'comment:sent',
    ]);
  });

  it('refuses the rung to someone who cannot browse the issue', async () => {
    expect(await sb.invokeResolver('sla-panel', 'getLadder', { issueKey: key }, { accountId: 'outsider', issueKey: key })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('lets only a person on the rung acknowledge; the first acknowledgement is kept and shown', async () => {
    expect((await ladderAs('agent-3')).ladder!.canAcknowledge).toBe(false);
    expect(await ackAs('agent-3')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ackAs('am-acme')).toMatchObject({ ok: false, code: 'FORBIDDEN' }); // next rung, not this one
    expect(await ackAs('agent-2', 'account-manager')).toMatchObject({ ok: false, code: 'CONFLICT' }); // not the current level
    sb.clock.set('2026-03-02T10:20:00Z');
    expect(await ackAs('agent-2')).toMatchObject({
      ok: true,
      recorded: true,
      acknowledged: { accountId: 'agent-2', at: '2026-03-02T10:20:00.000Z' },
    });
    expect(await ackAs('agent')).toMatchObject({ ok: true, recorded: false, acknowledged: { accountId: 'agent-2' } });
    const view = await ladderAs('agent');
    expect(view.ladder).toMatchObject({
      canAcknowledge: false,
      acknowledged: { accountId: 'agent-2', displayName: 'Bo Support', at: '2026-03-02T10:20:00.000Z' },
    });
    expect(view.ladder!.audit.at(-1)).toMatchObject({ type: 'ack', accountId: 'agent-2', levelId: 'support-team' });
  });

  it('exports the trail as CSV for admins only, and searches Jira users for the directory editor', async () => {
    await ackAs('agent');
    expect(await sb.invokeResolver('sla-admin', 'exportAudit', {}, { accountId: 'agent' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const exported = (await sb.invokeResolver('sla-admin', 'exportAudit', {}, { accountId: 'admin' })) as ExportAuditOk;
    expect(exported).toMatchObject({ ok: true, rows: 3, truncated: false });
    const lines = exported.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('issue,at,event,level,level id,level label,channel,status,people,not reached,note');
    expect(lines.slice(1).map((line) => line.split(',').slice(2, 8).join('|'))).toEqual([
      'level reached|1|support-team|Batoi Support Team|email|sent',
      'level reached|1|support-team|Batoi Support Team|comment|sent',
      'acknowledged|1|support-team|Batoi Support Team|panel|recorded',
    ]);
    const users = (await sb.invokeResolver('sla-admin', 'searchUsers', { query: 'avery' }, { accountId: 'admin' })) as SearchUsersOk;
    expect(users.users).toEqual([{ accountId: 'am-acme', displayName: 'Avery Account-Manager', avatarUrl: expect.any(String) }]);
  });
});
