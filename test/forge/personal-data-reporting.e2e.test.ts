/**
 * Atlassian's personal-data reporting, end to end (issue 10 §1): once escalation notices have stored account ids,
 * the weekly `sla-personal-data` trigger reports every stored account (with when it was stored) through the
 * emulated `POST /app/report-accounts`, erases the accounts Atlassian answers `closed` from the audit trail (the
 * records stay, the id becomes `erased-account`), and names the policies whose directory still names one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { assignIssue, setGroup } from '../../emulator/jira/notify';
import { ERASED_ACCOUNT } from '../../src/forge/personal-data';

const BATOI = readFileSync(join(__dirname, '..', '..', 'presets', 'batoi-enterprise.yaml'), 'utf8');
const DIRECTORY = `
directory:
  rungs:
    - level: support-team
      people: [{ role: assignee }, { group: batoi-support }, { accountId: lead-1 }]
`;

let sb: ForgeSandbox;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T06:00:00Z' });
  sb.jira.addUser({ accountId: 'lead-1', displayName: 'Lee Lead', role: 'agent' });
  setGroup(sb.jira, 'batoi-support', ['agent']);
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

const stored = () => JSON.stringify([...sb.kvs.entries()].filter(([key]) => key.startsWith('ladder:')));

it('reports the stored accounts weekly and erases the ones Atlassian closed', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  // Nothing stored, nothing reported.
  await sb.runScheduledTrigger('sla-personal-data');
  expect(sb.personalData.reports).toEqual([]);

  expect(
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: `${BATOI}${DIRECTORY}` }, { accountId: 'admin' }),
  ).toMatchObject({ ok: true });
  const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Checkout fails', priority: 'Highest' }).key;
  assignIssue(sb.jira, key, 'agent');
  await sb.deliverEvents();
  sb.clock.set('2026-03-02T10:05:00Z'); // level 1 since 10:00
  await sb.runScheduledTrigger('sla-sweep');
  sb.clock.set('2026-03-02T10:10:00Z');
  expect(
    await sb.invokeResolver(
      'sla-panel',
      'acknowledgeLevel',
      { issueKey: key, levelId: 'support-team', cycle: 0 },
      { accountId: 'lead-1', issueKey: key },
    ),
  ).toMatchObject({
    ok: true,
    recorded: true,
  });
  expect(stored()).toContain('lead-1');

  sb.personalData.close('lead-1');
  await sb.runScheduledTrigger('sla-personal-data');
  // Every stored account once, with when the app last stored it (the policy's accounts too).
  expect(sb.personalData.reports).toHaveLength(1);
  expect(sb.personalData.reports[0]!.map((account) => account.accountId).sort()).toEqual(['agent', 'lead-1']);
  expect(sb.personalData.reports[0]!.find((account) => account.accountId === 'lead-1')!.updatedAt).toBe('2026-03-02T10:10:00.000Z');
  // lead-1 is gone from every record; the records remain, as does the other account.
  expect(stored()).not.toContain('lead-1');
  expect(stored()).toContain(ERASED_ACCOUNT);
  expect(stored()).toContain('"agent"');
  const trail = (await sb.invokeResolver('sla-panel', 'getLadder', { issueKey: key }, { accountId: 'agent', issueKey: key })) as {
    ladder: { audit: Array<{ type: string; accountId?: string }> };
  };
  expect(trail.ladder.audit.find((record) => record.type === 'ack')).toMatchObject({ accountId: ERASED_ACCOUNT });
  // The policy still names lead-1: the admin is told, the policy is not rewritten behind their back.
  expect(
    warn.mock.calls
      .map((call) => String(call[0]))
      .some((line) => line.includes('policy of site names an account Atlassian reports closed')),
  ).toBe(true);

  // The next cycle reports what is left; the erased id is not reported again.
  await sb.runScheduledTrigger('sla-personal-data');
  expect(sb.personalData.reports[1]!.map((account) => account.accountId).sort()).toEqual(['agent', 'lead-1']); // lead-1: from the policy
  expect(sb.personalData.reports.flat().some((account) => account.accountId === ERASED_ACCOUNT)).toBe(false);
  warn.mockRestore();
});

it('keeps each report within the API limit of 90 accounts', async () => {
  expect(
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: `${BATOI}${DIRECTORY}` }, { accountId: 'admin' }),
  ).toMatchObject({ ok: true });
  // 200 audit records, each naming its own account, as if 200 assignees had been notified.
  for (let index = 0; index < 200; index += 1) {
    sb.kvs.set(`ladder:${20000 + index}:level:support-team:0:email`, {
      type: 'notice',
      issueKey: `SUP-${index + 100}`,
      kind: 'escalation',
      claim: 'level:support-team:0',
      channel: 'email',
      status: 'sent',
      level: 1,
      levelId: 'support-team',
      levelLabel: 'Support',
      metricId: null,
      reachedAt: '2026-03-02T10:00:00.000Z',
      claimedAt: '2026-03-02T10:00:00.000Z',
      sentAt: '2026-03-02T10:00:00.000Z',
      recipients: [{ kind: 'user', accountId: `person-${index}`, via: 'assignee' }],
      unresolved: [],
      note: null,
    });
  }
  await sb.runScheduledTrigger('sla-personal-data');
  expect(sb.personalData.reports.map((report) => report.length)).toEqual([90, 90, 21]); // 200 people + lead-1 from the policy
});
