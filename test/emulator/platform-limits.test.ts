/**
 * The runtime shim limits what Forge limits: queue pushes (events per push, payload per push and per event of a
 * long-running consumer, retryData), push `concurrency`, and invocation time (an invocation past its function's
 * limit is killed: it fails, is redelivered like any failure, and its later platform calls are refused).
 */
import { join } from 'node:path';
import { PayloadTooBigError, Queue } from '@forge/events';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { QUEUE_LIMITS } from '../../emulator/forge/runtime';
import * as handlers from './fixtures/handlers';

const { fixture } = handlers;
const manifestPath = join(__dirname, 'fixtures', 'manifest.yml');
let sb: ForgeSandbox;

async function start(options: { invocationTimeoutMs?: number; concurrency?: number } = {}): Promise<void> {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers, ...options });
}

/** A push as @forge/events sends it, straight to the platform (what the client's own checks would stop). */
async function rawPush(queueName: string, payload: unknown[]): Promise<{ status: number; body: unknown }> {
  const fetch = (globalThis as unknown as { __forge_fetch__: (ctx: unknown, path: string, init: unknown) => Promise<Response> })
    .__forge_fetch__;
  const response = await fetch({ type: 'fpp', provider: 'app', remote: 'stargate' }, '/webhook/queue/publish/ctx/env/app/1', {
    method: 'POST',
    body: JSON.stringify({ queueName, jobId: 'raw', payload }),
  });
  return { status: response.status, body: await response.json() };
}

beforeEach(() => fixture.reset());
afterEach(async () => {
  await sb.close();
});

describe('queue push limits', () => {
  it('refuses more than 50 events in one push', async () => {
    await start();
    const reply = await rawPush(
      'work-queue',
      Array.from({ length: QUEUE_LIMITS.eventsPerPush + 1 }, (_, i) => ({ body: { id: String(i) } })),
    );
    expect(reply.status).toBe(400);
    await sb.drainQueues();
    expect(fixture.work).toEqual([]);
  });

  it('refuses a push whose events weigh more than 200 KB together with 413, as @forge/events expects', async () => {
    await start();
    const events = Array.from({ length: 3 }, (_, i) => ({ body: { id: String(i), filler: 'x'.repeat(70 * 1024) } }));
    expect(await rawPush('legacy-queue', events)).toEqual({ status: 413, body: { errorMessage: 'The maximum payload size is 200KB.' } });
  });

  it('refuses an event over 100 KB for a consumer whose function may run over 55 s, with PayloadTooBigError', async () => {
    await start();
    const big = { body: { id: 'big', filler: 'x'.repeat(120 * 1024) } };
    await expect(new Queue({ key: 'work-queue' }).push([big])).rejects.toBeInstanceOf(PayloadTooBigError);
    // The same event is fine for a consumer with Forge's default 25 s.
    await new Queue({ key: 'legacy-queue' }).push([big]);
    await sb.drainQueues();
    expect(fixture.legacy).toHaveLength(1);
  });

  it('does not redeliver an event whose InvocationError carries more than 4 KB of retryData', async () => {
    await start();
    fixture.failWork.set('w', 2);
    fixture.workRetryData = { blob: 'x'.repeat(QUEUE_LIMITS.retryDataBytes) };
    await new Queue({ key: 'work-queue' }).push([{ body: { id: 'w' } }]);
    await sb.drainQueues();
    expect(fixture.work).toHaveLength(1);
    expect(sb.deadLetters).toEqual([expect.objectContaining({ kind: 'consumer', error: expect.stringContaining('retryData over 4 KB') })]);
  });

  it('runs at most `limit` events of one concurrency key at once, however many invocations the platform could run', async () => {
    await start({ concurrency: 8 });
    fixture.workDelayMs = 20;
    const events = Array.from({ length: 12 }, (_, i) => ({ body: { id: `c${i}` }, concurrency: { key: 'limited', limit: 3 } }));
    await new Queue({ key: 'work-queue' }).push(events);
    await sb.drainQueues();
    expect(fixture.work).toHaveLength(12);
    expect(sb.queueConcurrencyPeaks.get('limited')).toBe(3);
  });
});

describe('invocation time limits', () => {
  it('kills a resolver past its limit: the call fails with a timeout and its later platform calls are refused', async () => {
    await start({ invocationTimeoutMs: 100 });
    await expect(sb.invokeResolver('sla-panel', 'sleepThenRead', { ms: 300 }, { accountId: 'agent' })).rejects.toThrow(
      /timed out after 100 ms/,
    );
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(fixture.lateCalls).toHaveLength(1);
    expect(fixture.lateCalls[0]).not.toBe('ok');
    expect(sb.deliveries.at(-1)).toMatchObject({ kind: 'resolver', outcome: 'error' });
  });

  it('redelivers a consumer event killed at its limit, and dead-letters it when every attempt is killed', async () => {
    await start({ invocationTimeoutMs: 50 });
    fixture.workDelayMs = 120;
    await new Queue({ key: 'legacy-queue' }).push([{ body: { id: 'slow' } }]);
    await sb.drainQueues();
    expect(sb.deliveries.filter((d) => d.kind === 'consumer').map((d) => d.outcome)).toEqual(['error', 'error', 'error', 'error', 'dead']);
    expect(sb.deadLetters[0]!.error).toMatch(/timed out/);
  });

  it('lets a function with timeoutSeconds run past the default limit (up to its own)', async () => {
    await start({ invocationTimeoutMs: 50 });
    fixture.workDelayMs = 120;
    await new Queue({ key: 'work-queue' }).push([{ body: { id: 'long' } }]);
    await sb.drainQueues();
    expect(sb.deliveries.filter((d) => d.kind === 'consumer').map((d) => d.outcome)).toEqual(['ok']);
    expect(fixture.work[0]!.remainingMs).toBeGreaterThan(899_000);
  });
});
