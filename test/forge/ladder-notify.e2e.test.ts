/**
 * Escalation notices end to end (issue 10 §2 and §4): a Batoi P1 climbs all three rungs over two business days
 * and each rung's people get one e-mail and the issue one internal comment per level, under duplicated and
 * reordered events, concurrent deliveries, injected 5xx/429 faults and overlapping sweeps; a priority change
 * re-evaluates the ladder and notifies a level again only when `renotifyAfterDrop` says so.
 *
 * Batoi's calendar is 06:00–16:00 UTC every day (10h days). P1 ladder: support-team after 4h, account-manager after
 * 1d (10h), executive after 2d (20h). Created Mon 2026-03-02 06:00Z: level 1 at Mon 10:00Z, level 2 at Mon 16:00Z
 * (the close), level 3 at Tue 16:00Z.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { assignIssue, notificationsOf, setGroup } from '../../emulator/jira/notify';
import type { NoticeRecord } from '../../src/contracts/ladder-audit';

const BATOI = readFileSync(join(__dirname, '..', '..', 'presets', 'batoi-enterprise.yaml'), 'utf8');
const START = '2026-03-02T06:00:00Z'; // Mon 06:00 UTC, the calendar's opening
const MINUTE = 60_000;

// Two days of sweeps under injected faults take ~15 s alone, more on a loaded machine.
jest.setTimeout(120_000);

function directory(renotifyAfterDrop: boolean): string {
  return `
directory:
  renotifyAfterDrop: ${String(renotifyAfterDrop)}
  accountManagers:
    - { organization: "Acme Corp", people: [{ accountId: am-acme }] }
  rungs:
    - level: support-team
      people: [{ role: assignee }, { group: batoi-support }]
    - level: account-manager
      people: [{ role: accountManager }]
    - level: executive
      people: [{ accountId: exec-1 }]
`;
}

let sb: ForgeSandbox;

async function setUp(options: { renotifyAfterDrop?: boolean; concurrency?: number } = {}): Promise<void> {
  sb = await startForgeSandbox({ now: START, concurrency: options.concurrency ?? 1 });
  for (const [accountId, displayName] of [
    ['agent-2', 'Bo Support'],
    ['am-acme', 'Avery Account-Manager'],
    ['exec-1', 'Eli Executive'],
  ] as const) {
    sb.jira.addUser({ accountId, displayName, role: 'agent' });
  }
  setGroup(sb.jira, 'batoi-support', ['agent', 'agent-2']);
  const saved = await sb.invokeResolver(
    'sla-admin',
    'savePolicy',
    { scope: { kind: 'site' }, source: `${BATOI}${directory(options.renotifyAfterDrop ?? false)}` },
    { accountId: 'admin' },
  );
  expect(saved).toMatchObject({ ok: true });
}

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

function p1(): string {
  const issue = sb.jira.createIssue('customer', {
    projectKey: 'SUP',
    summary: 'Checkout fails for every customer', // no P1 words: the Jira priority decides
    priority: 'Highest',
    fields: { Organizations: ['Acme Corp'] },
  });
  assignIssue(sb.jira, issue.key, 'agent');
  return issue.key;
}

/** Who got e-mails about `key`, one entry per e-mail: its subject's level and its recipients. */
function emails(key: string): Array<{ level: string; to: string[] }> {
  return notificationsOf(sb.jira)
    .filter((mail) => mail.issueKey === key)
    .map((mail) => ({ level: /level (\d) of/.exec(mail.subject)?.[1] ?? '?', to: mail.recipients }));
}

function internalComments(key: string): string[] {
  return (sb.jira.findIssue(key)?.comments ?? [])
    .filter((comment) => comment.author === '712020:sla-ladder-app')
    .map((comment) => {
      expect(comment.jsdPublic).toBe(false);
      return JSON.stringify(comment.body);
    });
}

/** Moves the clock to `iso`, then runs the sweep and delivers events every 5 minutes, `rounds` times. */
async function sweepAt(iso: string, rounds = 1): Promise<void> {
  sb.clock.set(iso);
  for (let round = 0; round < rounds; round += 1) {
    await sb.runScheduledTrigger();
    await sb.drainQueues();
    await sb.deliverEvents();
    sb.clock.advance(5 * MINUTE);
  }
}

describe('escalation notices', () => {
  it('a Batoi P1 climbs three rungs over two business days; each rung hears once despite duplicates, reordering and faults', async () => {
    await setUp({ concurrency: 2 });
    const key = p1();
    await sb.deliverEvents();
    sb.faults.set({ seed: 11, duplicateEvents: 1, reorderEvents: true, failRate: 0.15, status429Rate: 0.05, retryAfterSeconds: 0 });

    // Before level 1 nothing is sent, whatever events arrive.
    sb.clock.set('2026-03-02T09:59:00Z');
    sb.jira.setLabels('agent', key, ['investigating']);
    await sb.deliverEvents();
    expect(emails(key)).toEqual([]);

    // Level 1 (Mon 10:00): an event and the sweep race for it; several sweeps run over it.
    sb.clock.set('2026-03-02T10:01:00Z');
    sb.jira.setLabels('agent', key, ['investigating', 'customer-called']);
    await sweepAt('2026-03-02T10:01:00Z', 4);
    // Level 2 (Mon 16:00, the close) and level 3 (Tue 16:00).
    await sweepAt('2026-03-02T16:00:30Z', 4);
    sb.jira.setLabels('agent', key, ['investigating']);
    await sweepAt('2026-03-03T16:00:30Z', 4);
    // Late and duplicated events after the top of the ladder change nothing.
    sb.jira.setLabels('agent', key, ['investigating', 'war-room']);
    await sb.deliverEvents();
    await sb.deliverEvents();

    expect(emails(key)).toEqual([
      { level: '1', to: ['agent', 'agent-2'] }, // the assignee and the group, each account once
      { level: '2', to: ['am-acme'] }, // Acme Corp's account manager
      { level: '3', to: ['exec-1'] },
    ]);
    const comments = internalComments(key);
    expect(comments).toHaveLength(3);
    expect(comments[1]).toContain('escalation level 2, Account Manager, reached at 2026-03-02T16:00:00.000Z');
    expect(comments[1]).toContain('E-mailed (Jira notification): user am-acme (account manager)');
    expect(sb.jira.appFieldValue(key, 'sla-escalation-level')).toBe(3);
    const records = [...sb.kvs.entries()]
      .filter(([storageKey]) => storageKey.startsWith('ladder:'))
      .map(([, value]) => value as NoticeRecord);
    expect(records.map((record) => `${record.claim}/${record.channel}/${record.status}`).sort()).toEqual([
      'level:account-manager:0/comment/sent',
      'level:account-manager:0/email/sent',
      'level:executive:0/comment/sent',
      'level:executive:0/email/sent',
      'level:support-team:0/comment/sent',
      'level:support-team:0/email/sent',
    ]);
    // The faults did hit the app's calls.
    expect(sb.stats.calls.some((call) => call.fault)).toBe(true);
  });

  it('a priority change re-evaluates the ladder: down to level 0, and back up without a second notice', async () => {
    await setUp();
    const key = p1();
    await sb.deliverEvents();
    await sweepAt('2026-03-02T10:01:00Z');
    expect(emails(key)).toHaveLength(1);
    sb.clock.set('2026-03-02T10:30:00Z');
    sb.jira.setPriority('agent', key, 'Medium'); // P3: support-team after 3d
    await sb.deliverEvents();
    expect(sb.jira.appFieldValue(key, 'sla-escalation-level')).toBe(0);
    sb.clock.set('2026-03-02T10:45:00Z');
    sb.jira.setPriority('agent', key, 'Highest');
    await sb.deliverEvents();
    await sweepAt('2026-03-02T10:50:00Z', 2);
    expect(sb.jira.appFieldValue(key, 'sla-escalation-level')).toBe(1);
    expect(emails(key)).toHaveLength(1);
    expect(internalComments(key)).toHaveLength(1);
  });

  it('with renotifyAfterDrop, a level reached again after a drop notifies its people again, once', async () => {
    await setUp({ renotifyAfterDrop: true });
    const key = p1();
    await sb.deliverEvents();
    await sweepAt('2026-03-02T10:01:00Z');
    sb.clock.set('2026-03-02T10:30:00Z');
    sb.jira.setPriority('agent', key, 'Medium');
    await sb.deliverEvents();
    sb.clock.set('2026-03-02T10:45:00Z');
    sb.jira.setPriority('agent', key, 'Highest');
    sb.faults.set({ seed: 3, duplicateEvents: 1, reorderEvents: true });
    await sb.deliverEvents();
    await sweepAt('2026-03-02T10:50:00Z', 3);
    expect(emails(key)).toEqual([
      { level: '1', to: ['agent', 'agent-2'] },
      { level: '1', to: ['agent', 'agent-2'] },
    ]);
    expect(internalComments(key)).toHaveLength(2);
  });
});
