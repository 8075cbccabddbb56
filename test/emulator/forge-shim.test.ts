import { join } from 'node:path';
import api, { NeedsAuthenticationError, route } from '@forge/api';
import { Queue, RateLimitError } from '@forge/events';
import { kvs } from '@forge/kvs';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import * as handlers from './fixtures/handlers';

const { fixture } = handlers;
const manifestPath = join(__dirname, 'fixtures', 'manifest.yml');

describe('Forge runtime shim', () => {
  let sb: ForgeSandbox;

  beforeEach(async () => {
    fixture.reset();
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers });
  });
  afterEach(async () => {
    await sb.close();
  });

  it('delivers product events to triggers; the app reads and writes through the real @forge/api as the app', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer on fire' });
    await sb.deliverEvents();
    expect(fixture.issueEvents).toEqual([{ eventType: 'avi:jira:created:issue', key: issue.key, retryCount: 0 }]);
    expect(sb.jira.appFieldValue(issue.key, 'sla-status')).toBe('Open');
    const appCalls = sb.stats.calls.filter((c) => c.invocation !== '');
    expect(appCalls.map((c) => `${c.method} ${c.operation}`)).toEqual([
      'GET /rest/api/3/issue/{issueIdOrKey}',
      'GET /rest/api/3/field',
      'POST /rest/api/3/app/field/value',
    ]);
    expect(appCalls.every((c) => c.asUser === null && c.status < 300)).toBe(true);
    expect(sb.specViolations).toEqual([]);
  });

  it('serves the app the same over loopback HTTP as in process', async () => {
    await sb.close();
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers, transport: 'http' });
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'over http' });
    await sb.deliverEvents();
    expect(sb.jira.appFieldValue(issue.key, 'sla-status')).toBe('Open');
    expect(sb.stats.calls.map((c) => [c.method, c.operation, c.status, c.asUser])).toEqual([
      ['GET', '/rest/api/3/issue/{issueIdOrKey}', 200, null],
      ['GET', '/rest/api/3/field', 200, null],
      ['POST', '/rest/api/3/app/field/value', 204, null],
    ]);
    expect(await sb.invokeResolver('panel', 'issueStatus', { key: issue.key }, { accountId: 'outsider' })).toEqual({ found: false });
    expect(sb.specViolations).toEqual([]);
  });

  it('honours ignoreSelf: the app write reaches only the trigger without the filter', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Slow VPN' });
    await sb.deliverEvents();
    // the app's own field write caused an updated event: audit-trigger (no filter) sees it, issue-trigger does not
    expect(fixture.issueEvents.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
    expect(fixture.auditEvents).toEqual([{ eventType: 'avi:jira:updated:issue', atlassianId: expect.stringContaining('sla-ladder-app') }]);
    sb.jira.transition('agent', issue.key, 'In Progress');
    await sb.deliverEvents();
    expect(fixture.issueEvents.map((e) => e.eventType)).toEqual(['avi:jira:created:issue', 'avi:jira:updated:issue']);
    expect(sb.jira.appFieldValue(issue.key, 'sla-status')).toBe('In Progress');
  });

  it('product event payloads carry standard fields only and the changelog of the update', async () => {
    const seen: unknown[] = [];
    const unsubscribe = sb.jira.onEvent((e) => seen.push(e.payload));
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'x', fields: { 'Support plan': 'Premium' } });
    sb.jira.setPriority('agent', issue.key, 'High');
    unsubscribe();
    const [created, updated] = seen as Array<{ issue: { fields: Record<string, unknown> }; changelog?: { items: unknown[] } }>;
    expect(Object.keys(created!.issue.fields).some((k) => k.startsWith('customfield_'))).toBe(false);
    expect(created!.changelog).toBeUndefined();
    expect(updated!.changelog!.items).toEqual([
      { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: '3', fromString: 'Medium', to: '2', toString: 'High' },
    ]);
  });

  it('redelivers trigger events that throw or return InvocationError, with retryContext, up to the attempt limit', async () => {
    const a = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'a' });
    const b = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'b' });
    const c = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'c' });
    fixture.failIssue.set(a.key, { times: 2, how: 'throw' });
    fixture.failIssue.set(b.key, { times: 1, how: 'invocation-error' });
    fixture.failIssue.set(c.key, { times: 99, how: 'throw' });
    await sb.deliverEvents();
    const attemptsFor = (key: string) => fixture.issueEvents.filter((e) => e.key === key).map((e) => e.retryCount);
    expect(attemptsFor(a.key)).toEqual([0, 1, 2]);
    expect(attemptsFor(b.key)).toEqual([0, 1]);
    expect(attemptsFor(c.key)).toEqual([0, 1, 2, 3, 4]);
    expect(sb.jira.appFieldValue(a.key, 'sla-status')).toBe('Open');
    expect(sb.jira.appFieldValue(b.key, 'sla-status')).toBe('Open');
    expect(sb.jira.appFieldValue(c.key, 'sla-status')).toBeNull();
    expect(sb.deadLetters.map((d) => d.moduleKey)).toEqual(['issue-trigger']);
    const retry = sb.deliveries.find((d) => d.outcome === 'retry');
    expect(retry?.retryAfter).toBe(30);
  });

  it('routes asUser() to the calling user: resolvers see their own identity and browse permission', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Secret' });
    const who = (await sb.invokeResolver('panel', 'whoami', {}, { accountId: 'agent', issueKey: issue.key })) as Record<string, unknown>;
    expect(who.contextAccountId).toBe('agent');
    expect(who.jiraAccountId).toBe('agent');
    expect(who.extension).toMatchObject({ type: 'jira:issueContext', issue: { key: issue.key }, project: { key: 'SUP' } });
    expect(await sb.invokeResolver('sla-panel', 'issueStatus', { key: issue.key }, { accountId: 'agent' })).toEqual({
      found: true,
      status: 'Open',
    });
    expect(await sb.invokeResolver('sla-panel', 'issueStatus', { key: issue.key }, { accountId: 'outsider' })).toEqual({ found: false });
    expect(await sb.invokeResolver('sla-panel', 'isAdmin', {}, { accountId: 'admin' })).toBe(true);
    expect(await sb.invokeResolver('sla-panel', 'isAdmin', {}, { accountId: 'agent' })).toBe(false);
    const userCalls = sb.stats.calls.filter((c) => c.asUser !== null);
    expect(new Set(userCalls.map((c) => c.asUser))).toEqual(new Set(['agent', 'outsider', 'admin']));
    expect(userCalls.find((c) => c.asUser === 'outsider')?.status).toBe(404);
    await expect(sb.invokeResolver('sla-panel', 'boom', {}, { accountId: 'agent' })).rejects.toThrow('resolver exploded');
    expect(sb.specViolations).toEqual([]);
  });

  it('backs @forge/kvs get/set/query/delete with the in-process store', async () => {
    sb.kvs.set('policy:zzz-seeded', { seeded: true });
    const out = (await sb.invokeResolver('panel', 'kvsRoundTrip', { prefix: 'policy:', count: 16 }, { accountId: 'admin' })) as {
      missing: unknown;
      one: unknown;
      keys: string[];
      seeded: unknown;
      afterDelete: unknown;
    };
    expect(out.seeded).toEqual({ seeded: true });
    expect(out.missing).toBeNull();
    expect(out.one).toEqual({ n: 1 });
    expect(out.keys).toEqual([...Array.from({ length: 16 }, (_, i) => `policy:${String(i).padStart(3, '0')}`), 'policy:zzz-seeded']);
    expect(out.afterDelete).toBeNull();
    expect(sb.kvs.get('policy:015')).toEqual({ n: 15 });
    expect(sb.kvs.has('policy:000')).toBe(false);
  });

  it('runs the scheduled trigger on the sandbox clock and delivers queued work at least once', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 120; i++) {
      const issue = sb.jira.createIssue('customer', { projectKey: i % 2 ? 'SUP' : 'OPS', summary: `issue ${i}` });
      keys.push(issue.key);
      // next checks spread over 10:00..11:59
      sb.jira.seedAppFieldValue(issue.key, 'sla-next-check', new Date(Date.parse('2026-03-02T10:00:00Z') + i * 60_000).toISOString());
    }
    sb.jira.takePendingEvents();
    sb.clock.set('2026-03-02T10:59:30Z');
    await sb.runScheduledTrigger('sweep');
    expect(fixture.sweepPushed).toBe(60);
    const firstId = String(sb.jira.findIssue(keys[0]!)!.id);
    fixture.failWork.set(firstId, 2);
    await sb.drainQueues();
    const ids = fixture.work.map((w) => (w.body as { id: string }).id);
    expect(new Set(ids).size).toBe(60);
    expect(fixture.work.filter((w) => (w.body as { id: string }).id === firstId).map((w) => w.retryCount)).toEqual([0, 1, 2]);
    expect(sb.deadLetters).toEqual([]);
    sb.clock.advance(60 * 60_000);
    fixture.reset();
    await sb.runScheduledTrigger();
    expect(fixture.sweepPushed).toBe(120);
  });

  it('supports resolver-style consumers and rejects pushes the real package refuses (more than 50 events)', async () => {
    const legacy = new Queue({ key: 'legacy-queue' });
    await expect(legacy.push(Array.from({ length: 51 }, (_, i) => ({ body: { i } })))).rejects.toThrow(/50/);
    const { jobId } = await legacy.push(Array.from({ length: 50 }, (_, i) => ({ body: { i } })));
    const stats = await legacy.getStats(jobId);
    expect(stats).toEqual({ success: 0, inProgress: 50, failed: 0 });
    await sb.drainQueues();
    expect(fixture.legacy.map((l) => (l.payload as { i: number }).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(fixture.legacy.every((l) => l.jobId === jobId)).toBe(true);
    expect(await legacy.getStats(jobId)).toEqual({ success: 50, inProgress: 0, failed: 0 });
  });

  it('refuses more than 500 pushed events a minute like the platform (RateLimitError), and accepts them a minute later', async () => {
    const queue = new Queue({ key: 'legacy-queue' });
    for (let i = 0; i < 10; i += 1) await queue.push(Array.from({ length: 50 }, (_, j) => ({ body: { i: i * 50 + j } })));
    await expect(queue.push([{ body: { i: 500 } }])).rejects.toBeInstanceOf(RateLimitError);
    sb.clock.advance(60_000);
    await expect(queue.push([{ body: { i: 500 } }])).resolves.toHaveProperty('jobId');
  });

  it('reorders event batches deterministically for a seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      fixture.reset();
      sb.faults.set({ reorderEvents: true, seed });
      const keys = Array.from({ length: 8 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'OPS', summary: `r${i}` }).key);
      await sb.deliverEvents();
      return fixture.issueEvents.map((e) => keys.indexOf(e.key)).map(String);
    };
    const first = await run(11);
    expect([...first].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(first).not.toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(await run(11)).toEqual(first);
  });

  it('gives each invocation its own app context and time budget (manifest timeoutSeconds wins)', async () => {
    const a = (await sb.invokeResolver('panel', 'appContext', {}, { accountId: 'agent' })) as {
      moduleKey: string;
      invocationId: string;
      remainingMs: number;
      appAri: string;
    };
    const b = (await sb.invokeResolver('panel', 'appContext', {}, { accountId: 'agent' })) as typeof a;
    expect(a.moduleKey).toBe('sla-panel');
    expect(a.appAri).toBe('ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555');
    expect(a.invocationId).not.toBe(b.invocationId);
    expect(a.remainingMs).toBeGreaterThan(20_000);
    expect(a.remainingMs).toBeLessThanOrEqual(25_000);
    await new Queue({ key: 'work-queue' }).push({ body: { id: 'x' } });
    await sb.drainQueues();
    expect(fixture.work[0]!.moduleKey).toBe('work-consumer');
    expect(fixture.work[0]!.remainingMs).toBeGreaterThan(800_000);
  });

  it('answers asUser() without a user like the platform, and supports kvs batch, transaction and key policies', async () => {
    await expect(api.asUser().requestJira(route`/rest/api/3/myself`)).rejects.toBeInstanceOf(NeedsAuthenticationError);
    await kvs.batchSet<unknown>([
      { key: 'a', value: 1 },
      { key: 'b', value: { two: 2 } },
    ]);
    const got = await kvs.batchGet([{ key: 'a' }, { key: 'b' }, { key: 'zz' }]);
    expect(got.successfulKeys.map((k) => [k.key, k.value])).toEqual([
      ['a', 1],
      ['b', { two: 2 }],
    ]);
    expect(got.failedKeys.map((k) => k.key)).toEqual(['zz']);
    await kvs.transact().set('c', 3).delete('a').execute();
    expect([...sb.kvs.keys()].sort()).toEqual(['b', 'c']);
    await expect(kvs.set('c', 4, { keyPolicy: 'FAIL_IF_EXISTS' })).rejects.toThrow();
    expect(await kvs.set('c', 5, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toMatchObject({ key: 'c', value: 3 });
    expect(await kvs.get('c')).toBe(5);
  });

  it('delivers duplicates when asked; a converging handler ends in the same state', async () => {
    sb.faults.set({ duplicateEvents: 1, seed: 7 });
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'dup' });
    await sb.deliverEvents();
    expect(fixture.issueEvents.filter((e) => e.key === issue.key)).toHaveLength(2);
    expect(sb.jira.appFieldValue(issue.key, 'sla-status')).toBe('Open');
  });

  it('fakes Date only: the clock drives Date and emulator timestamps while real timers still run', async () => {
    expect(new Date().toISOString()).toBe('2026-03-02T09:00:00.000Z');
    sb.clock.advance(90 * 60_000);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 't' });
    expect(sb.jira.getIssue(issue.key)).toMatchObject({ fields: { created: '2026-03-02T10:30:00.000+0000' } });
    await new Promise((r) => setTimeout(r, 5));
    expect(sb.clock.now()).toBe(Date.parse('2026-03-02T10:30:00Z'));
    sb.clock.set('2026-04-01T00:00:00Z');
    expect(Date.now()).toBe(Date.parse('2026-04-01T00:00:00Z'));
  });

  it('advances time running the fiveMinute schedule at each boundary, then delivering queued work and events', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'scheduled' });
    sb.jira.seedAppFieldValue(issue.key, 'sla-next-check', '2026-03-02T09:12:00Z');
    sb.clock.set('2026-03-02T09:01:00Z');
    const runs = await sb.advanceRunningSchedules(20 * 60_000);
    // boundaries 09:05, 09:10, 09:15, 09:20; the issue is due from the 09:15 sweep on
    expect(runs).toBe(4);
    expect(sb.clock.now()).toBe(Date.parse('2026-03-02T09:21:00Z'));
    expect(fixture.issueEvents.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
    expect(fixture.work.map((w) => (w.body as { key: string }).key)).toEqual([issue.key, issue.key]);
    expect(sb.deliveries.filter((d) => d.kind === 'scheduled').map((d) => d.moduleKey)).toEqual(['sweep', 'sweep', 'sweep', 'sweep']);
  });

  it('runs trigger invocations concurrently when asked, still delivering every event once', async () => {
    await sb.close();
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers, concurrency: 8 });
    const keys = Array.from({ length: 40 }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `c${i}` }).key);
    await sb.deliverEvents();
    expect(fixture.issueEvents.map((e) => e.key).sort()).toEqual([...keys].sort());
    expect(keys.every((k) => sb.jira.appFieldValue(k, 'sla-status') === 'Open')).toBe(true);
    // with 8 invocations in flight, calls of different invocations interleave
    const order = sb.stats.calls.filter((c) => c.invocation).map((c) => c.invocation);
    const interleaved = order.some((inv, i) => i > 1 && inv !== order[i - 1] && order.slice(0, i - 1).includes(inv));
    expect(interleaved).toBe(true);
  });

  it('autoDeliver runs triggers and consumers without explicit calls', async () => {
    await sb.close();
    sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers, autoDeliver: true });
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'auto' });
    await sb.idle();
    expect(sb.jira.appFieldValue(issue.key, 'sla-status')).toBe('Open');
  });
});
