/**
 * Forge's storage and queue limits, met by the real handlers on the emulator: a policy too large for a KVS value
 * is refused clearly; a storage refusal during an event is redelivered and the update lands; refusals that outlast
 * every redelivery leave the issue to the sweep; a queue refusal during the sweep leaves its overflow for the next
 * run. No update is lost.
 */
import { Queue } from '@forge/events';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { evaluate, slaFieldValues } from '../../src/engine';
import { PLATFORM_QUOTA_RETRY_AFTER_SECONDS } from '../../src/forge/platform-retry';
import { RECOMPUTE_CONCURRENCY, RECOMPUTE_QUEUE_KEY } from '../../src/forge/recompute-queue';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { compiledPolicy, E2E_POLICY_YAML } from './support/e2e-policy';
import { KVS_LIMITS } from '../../emulator/forge/kvs-store';
import { progressPollDelayMs } from '../../static/admin/progress-poll';

const HOUR = 3_600_000;
let sb: ForgeSandbox;

const policy = compiledPolicy(E2E_POLICY_YAML);

function fieldsOf(key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}
function expectedFields(key: string): FieldValues {
  const raw = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
  const values = slaFieldValues(evaluate(policy, raw, sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}
const save = (source: string) =>
  sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' }) as Promise<
    Record<string, unknown>
  >;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
  expect(await save(E2E_POLICY_YAML)).toMatchObject({ ok: true });
});

afterEach(async () => {
  delete process.env.SLA_SWEEP_INLINE_BUDGET_MS;
  await sb.close();
});

describe('storage limits', () => {
  it('refuses a policy too large for one Forge storage value with a message the admin can act on; the policy in force stays', async () => {
    // Under the 200,000 characters the contract allows, but 3 bytes a character in storage.
    const huge = `${E2E_POLICY_YAML}\n# ${'漢'.repeat(90_000)}\n`;
    const answer = await save(huge);
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_POLICY' });
    expect(String(answer.message)).toMatch(/KB in Forge storage/);
    expect(sb.kvs.get('policy:site')).toMatchObject({ version: 1, source: E2E_POLICY_YAML });
  });

  it('a storage refusal during an event is redelivered a minute later and the update lands', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
    await sb.deliverEvents();
    sb.jira.setPriority('agent', issue.key, 'Highest');
    sb.kvsStore.refuseNext(1, '/api/v1/get');
    await sb.deliverEvents();
    const outcomes = sb.deliveries.filter((d) => d.kind === 'trigger').map((d) => [d.outcome, d.retryAfter]);
    expect(outcomes).toEqual([
      ['ok', undefined],
      ['retry', PLATFORM_QUOTA_RETRY_AFTER_SECONDS],
      ['ok', undefined],
    ]);
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
    expect(fieldsOf(issue.key)['sla-priority']).toBe('P1');
  });

  it('refusals that outlast every redelivery leave the issue to the sweep, which repairs it', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
    await sb.deliverEvents();
    sb.jira.setPriority('agent', issue.key, 'Highest');
    sb.kvsStore.refuseNext(5, '/api/v1/get');
    await sb.deliverEvents();
    expect(sb.deadLetters).toHaveLength(1);
    expect(fieldsOf(issue.key)).not.toEqual(expectedFields(issue.key));
    // Its `SLA next check` (75 % of the first response target) passes; the sweep re-evaluates it.
    sb.clock.advance(7 * HOUR);
    await sb.runScheduledTrigger();
    await sb.drainQueues();
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  });
});

describe('the admin page following a recompute job', () => {
  it('stays inside the storage read quota for the largest job (400 parts), polling as the page does for 5 minutes', async () => {
    const jobId = '0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab';
    sb.kvs.set(`recompute-job:${jobId}`, { total: 40_000, parts: 400, reason: 'manual', createdAt: '2026-03-02T09:00:00.000Z' });
    for (let part = 0; part < 399; part += 1) sb.kvs.set(`recompute-part:${jobId}:${part}`, { done: 100, failed: 0 });
    const reads = () =>
      [...sb.kvsStore.operations]
        .filter(([path]) => path === '/api/v1/get' || path === '/api/v1/query')
        .reduce((n, [, count]) => n + count, 0);
    let elapsed = 0;
    let peakUnits = 0;
    for (let polled = 0; elapsed < 5 * 60_000; polled += 1) {
      const delay = progressPollDelayMs(polled);
      sb.clock.advance(delay);
      elapsed += delay;
      const before = reads();
      const answer = await sb.invokeResolver('sla-admin', 'getRecomputeProgress', { jobId }, { accountId: 'admin' });
      expect(answer).toMatchObject({ ok: true, total: 40_000, done: 39_900, finished: false });
      expect(reads() - before).toBeLessThanOrEqual(1 + 400 / KVS_LIMITS.maxQueryLimit);
      peakUnits = Math.max(peakUnits, sb.kvsStore.unitsLastMinute().read);
    }
    expect(sb.kvsStore.refusals.size).toBe(0);
    // Room is left for the events, consumers and sweep that share the installation's quota.
    expect(peakUnits).toBeLessThan(KVS_LIMITS.readUnitsPerMinute / 10);
  });
});

describe('queue limits', () => {
  it('runs at most five recompute consumers at once, even where the platform could run more', async () => {
    await sb.close();
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', concurrency: 8 });
    expect(await save(E2E_POLICY_YAML)).toMatchObject({ ok: true });
    for (let i = 0; i < 600; i += 1) sb.jira.createIssue('customer', { projectKey: i % 2 ? 'SUP' : 'OPS', summary: `Open ${i}` });
    sb.jira.takePendingEvents();
    const started = (await sb.invokeResolver('sla-admin', 'startRecompute', { scope: { kind: 'site' } }, { accountId: 'admin' })) as {
      recompute: { jobId: string };
    };
    await sb.drainQueues();
    expect(
      await sb.invokeResolver('sla-admin', 'getRecomputeProgress', { jobId: started.recompute.jobId }, { accountId: 'admin' }),
    ).toMatchObject({ total: 600, done: 600, finished: true });
    expect(sb.queueConcurrencyPeaks.get(RECOMPUTE_CONCURRENCY.key)).toBe(RECOMPUTE_CONCURRENCY.limit);
  });

  it('a queue refusal during the sweep leaves its overflow due, and the next run handles it', async () => {
    const keys = Array.from({ length: 3 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Open ${i}` }).key);
    await sb.deliverEvents();
    sb.clock.advance(7 * HOUR);
    // Everything goes to the queue, whose 500 events a minute another job has just used up.
    process.env.SLA_SWEEP_INLINE_BUDGET_MS = '0';
    const queue = new Queue({ key: RECOMPUTE_QUEUE_KEY });
    for (let i = 0; i < 10; i += 1) await queue.push(Array.from({ length: 50 }, () => ({ body: { filler: true } })));
    await sb.runScheduledTrigger();
    expect(sb.deliveries.at(-1)).toMatchObject({ kind: 'scheduled', outcome: 'ok' });
    for (const key of keys) expect(fieldsOf(key)).not.toEqual(expectedFields(key));
    await sb.drainQueues();
    // Five minutes later the quota has room again.
    sb.clock.advance(5 * 60_000);
    await sb.runScheduledTrigger();
    await sb.drainQueues();
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
  });
});
