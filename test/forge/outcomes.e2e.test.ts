/**
 * Outcome records on the emulator, end to end: the app's real handlers write them to Forge SQL (the emulator's
 * MariaDB). Exactly one row per issue, metric and cycle under duplicated and reordered events and injected Forge SQL
 * faults; breaches decided by the sweep; deleted issues abandon their open rows.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { E2E_POLICY_YAML } from './support/e2e-policy';

let sb: ForgeSandbox;

interface Row {
  issue_key: string;
  metric_id: string;
  cycle: number;
  status: string;
  breached: number;
  started_at: number;
  due_at: number | null;
  decided_at: number | null;
  completed_at: number | null;
  business_minutes: number | null;
  paused_minutes: number | null;
  writes: number;
  policy_version: number;
  plan_id: string;
  priority_id: string;
}

const rows = (key?: string) =>
  sb.sql.select<Row>(
    `SELECT * FROM sla_outcome ${key ? 'WHERE issue_key = ?' : ''} ORDER BY issue_key, metric_id, cycle`,
    key ? [key] : [],
  );
const byMetric = async (key: string) => Object.fromEntries((await rows(key)).map((row) => [row.metric_id, row]));

async function savePolicy(source: string): Promise<void> {
  const saved = (await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' })) as {
    ok: boolean;
  };
  expect(saved.ok).toBe(true);
}

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
  await savePolicy(E2E_POLICY_YAML);
  await sb.drainQueues();
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

const MINUTE = 60_000;

describe('outcome records', () => {
  it('opens a row per started metric and decides it once met, with business and paused minutes', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer on fire', priority: 'Highest' });
    await sb.deliverEvents();
    let rows1 = await byMetric(issue.key);
    expect(Object.keys(rows1).sort()).toEqual(['firstResponse', 'resolution']);
    expect(rows1.resolution).toMatchObject({
      status: 'open',
      cycle: 1,
      decided_at: null,
      business_minutes: null,
      priority_id: 'P1',
      plan_id: 'standard',
    });
    expect(Number(rows1.resolution!.started_at)).toBe(Date.parse('2026-03-02T09:00:00Z'));

    sb.clock.advance(30 * MINUTE);
    sb.jira.comment('agent', issue.key, 'Looking at it');
    sb.clock.advance(30 * MINUTE);
    sb.jira.transition('agent', issue.key, 'Waiting for customer');
    sb.clock.advance(60 * MINUTE);
    sb.jira.transition('customer', issue.key, 'In Progress');
    sb.clock.advance(30 * MINUTE);
    sb.jira.resolve('agent', issue.key);
    await sb.deliverEvents();

    rows1 = await byMetric(issue.key);
    expect(rows1.firstResponse).toMatchObject({ status: 'met', breached: 0, business_minutes: 30, paused_minutes: 0 });
    expect(Number(rows1.firstResponse!.decided_at)).toBe(Date.parse('2026-03-02T09:30:00Z'));
    // 2h30m elapsed, 1h of it waiting for the customer (paused): 90 business minutes used.
    expect(rows1.resolution).toMatchObject({ status: 'met', breached: 0, business_minutes: 90, paused_minutes: 60 });
    expect(Number(rows1.resolution!.completed_at)).toBe(Date.parse('2026-03-02T11:30:00Z'));
  });

  it('writes each row exactly once whatever duplicated, reordered events and lost Forge SQL answers', async () => {
    sb.faults.set({ duplicateEvents: 1, reorderEvents: true, seed: 7 });
    const keys = Array.from({ length: 5 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Dup ${i}` }).key);
    await sb.deliverEvents();
    for (const key of keys) sb.jira.comment('agent', key, 'On it');
    // The first upsert commits and its answer is lost; the next request fails outright: both events are retried.
    sb.sql.loseNextResponses(1);
    await sb.deliverEvents();
    sb.sql.failNext(1);
    for (const key of keys) sb.jira.resolve('agent', key);
    await sb.deliverEvents();
    const all = await rows();
    expect(all).toHaveLength(keys.length * 2);
    expect(new Set(all.map((row) => `${row.issue_key}/${row.metric_id}/${row.cycle}`)).size).toBe(all.length);
    expect(all.every((row) => row.status === 'met')).toBe(true);
    // Each row was written when it opened and when it was decided: duplicates and retries added no write.
    expect(all.map((row) => row.writes)).toEqual(all.map(() => 2));
    expect(sb.deadLetters).toEqual([]);
    expect(sb.sql.statements.some((s) => s.status === 503)).toBe(true);
  });

  it('records a breach the sweep finds at the due instant, still open until the metric stops', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Slow', priority: 'Highest' });
    await sb.deliverEvents();
    await sb.advanceRunningSchedules(3 * 60 * MINUTE);
    const breached = await byMetric(issue.key);
    expect(breached.firstResponse).toMatchObject({ status: 'breached', breached: 1, completed_at: null, business_minutes: null });
    expect(Number(breached.firstResponse!.decided_at)).toBe(Date.parse('2026-03-02T11:00:00Z'));
    sb.jira.comment('agent', issue.key, 'Sorry');
    await sb.deliverEvents();
    const stopped = await byMetric(issue.key);
    expect(stopped.firstResponse).toMatchObject({ status: 'breached', business_minutes: 180 });
    expect(Number(stopped.firstResponse!.decided_at)).toBe(Date.parse('2026-03-02T11:00:00Z'));
  });

  it('abandons the open rows of a deleted issue and keeps its decided ones', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Gone soon' });
    await sb.deliverEvents();
    sb.clock.advance(10 * MINUTE);
    sb.jira.comment('agent', issue.key, 'Hello');
    await sb.deliverEvents();
    sb.clock.advance(10 * MINUTE);
    sb.jira.deleteIssue('admin', issue.key);
    await sb.deliverEvents();
    const gone = await byMetric(issue.key);
    expect(gone.firstResponse).toMatchObject({ status: 'met' });
    expect(gone.resolution).toMatchObject({ status: 'abandoned' });
    expect(Number(gone.resolution!.decided_at)).toBe(Date.parse('2026-03-02T09:20:00Z'));
  });
});
