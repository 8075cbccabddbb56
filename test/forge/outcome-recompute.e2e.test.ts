/**
 * Outcome records and recomputation on the emulator: a policy change rewrites exactly the records whose figures it
 * changes; the backfill (queued by the first sweep) fills outcomes for issues that completed before the app saw
 * them, and resumes after its consumer is killed halfway, writing each record once.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { backfillStorageKey, type OutcomeBackfill } from '../../src/forge/outcome-backfill';
import { E2E_POLICY_YAML } from './support/e2e-policy';

let sb: ForgeSandbox;

interface Row {
  issue_key: string;
  metric_id: string;
  status: string;
  due_at: number | null;
  writes: number;
  policy_version: number;
}
const rows = () =>
  sb.sql.select<Row>('SELECT issue_key, metric_id, status, due_at, writes, policy_version FROM sla_outcome ORDER BY issue_key, metric_id');

async function savePolicy(source: string): Promise<void> {
  const saved = (await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' })) as {
    ok: boolean;
  };
  expect(saved.ok).toBe(true);
}

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('a policy change', () => {
  it('rewrites the records whose figures change and leaves the others as they were', async () => {
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
    await savePolicy(E2E_POLICY_YAML);
    await sb.runScheduledTrigger(); // the (empty) backfill is claimed
    const p1 = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'P1', priority: 'Highest' }).key;
    const p3 = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'P3' }).key;
    await sb.deliverEvents();
    sb.clock.advance(30 * 60_000);
    sb.jira.comment('agent', p1, 'On it');
    sb.jira.comment('agent', p3, 'On it');
    await sb.deliverEvents();
    const before = await rows();
    // Only the standard plan's P1 targets change (2h → 3h, 8h → 9h).
    await savePolicy(E2E_POLICY_YAML.replace('P1: { firstResponse: 2h, resolution: 8h }', 'P1: { firstResponse: 3h, resolution: 9h }'));
    await sb.drainQueues();
    const after = await rows();
    expect(after.map((row) => [row.issue_key, row.metric_id])).toEqual(before.map((row) => [row.issue_key, row.metric_id]));
    for (const [i, row] of after.entries()) {
      const was = before[i]!;
      if (row.issue_key === p1) {
        expect(Number(row.due_at) - Number(was.due_at)).toBe(3_600_000);
        expect([row.writes, row.policy_version]).toEqual([was.writes + 1, 2]);
      } else {
        expect(row.issue_key).toBe(p3);
        expect(row).toEqual(was);
      }
    }
  });
});

describe('the outcome backfill', () => {
  it('fills the outcomes of issues completed before the app saw them, resuming after its consumer is killed halfway', async () => {
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
    // 250 requests answered and resolved before the app was installed: the app never got their events.
    const keys = Array.from({ length: 250 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Old ${i}` }).key);
    sb.clock.advance(60 * 60_000);
    for (const key of keys) sb.jira.comment('agent', key, 'Answered');
    sb.clock.advance(60 * 60_000);
    for (const key of keys) sb.jira.resolve('agent', key);
    sb.jira.takePendingEvents();
    // Installed a day later: the sweep's look-back for recently updated issues does not reach them.
    sb.clock.advance(24 * 60 * 60_000);
    await savePolicy(E2E_POLICY_YAML);
    await sb.drainQueues(); // the save recomputes unresolved issues only: none
    const tables = await sb.sql.select(
      "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sla_outcome'",
    );
    if (tables.length > 0) expect(await rows()).toEqual([]);

    // The consumer is killed (its Forge SQL requests fail) once the first part of the job is written.
    const handle = sb.sql.handle.bind(sb.sql);
    let upserts = 0;
    let killed = 0;
    sb.sql.handle = async (path, body) => {
      if (upserts >= 1 && killed < 1) {
        killed += 1;
        return { status: 503, body: { code: 'UNKNOWN_ERROR', message: 'the invocation is gone' } };
      }
      const reply = await handle(path, body);
      if (body.includes('INSERT INTO sla_outcome')) upserts += 1;
      return reply;
    };
    await sb.runScheduledTrigger();
    const claim = sb.kvs.get(backfillStorageKey()) as OutcomeBackfill;
    expect(claim).toMatchObject({ total: 250 });
    await sb.drainQueues();
    expect(killed).toBe(1);
    const consumer = sb.deliveries.filter((d) => d.kind === 'consumer').map((d) => d.outcome);
    expect(consumer.filter((outcome) => outcome === 'retry')).toHaveLength(1);
    expect(consumer.filter((outcome) => outcome === 'ok')).toHaveLength(3);

    const filled = await rows();
    expect(filled).toHaveLength(keys.length * 2);
    expect(new Set(filled.map((row) => `${row.issue_key}/${row.metric_id}`)).size).toBe(filled.length);
    expect(filled.every((row) => row.status === 'met' && row.writes === 1)).toBe(true);
    const progress = (await sb.invokeResolver(
      'sla-admin',
      'getRecomputeProgress',
      { jobId: claim.jobId },
      { accountId: 'admin' },
    )) as Record<string, unknown>;
    expect(progress).toMatchObject({ ok: true, total: 250, done: 250, finished: true });

    // Idempotent: the next sweep does not start it again, and a redelivered part writes nothing.
    await sb.runScheduledTrigger();
    await sb.drainQueues();
    expect(sb.kvs.get(backfillStorageKey())).toEqual(claim);
    expect((await rows()).map((row) => row.writes)).toEqual(filled.map(() => 1));
  });
});
