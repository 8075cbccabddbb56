/**
 * The emulated KVS refuses what Forge's KVS refuses, with the same errors the real @forge/kvs raises from them:
 * key and value limits (400 with a code) and the per-installation quotas (429 RATE_LIMIT_EXCEEDED).
 */
import { join } from 'node:path';
import { ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { KVS_LIMITS, kvsUnits } from '../../emulator/forge/kvs-store';
import * as handlers from './fixtures/handlers';

const manifestPath = join(__dirname, 'fixtures', 'manifest.yml');
let sb: ForgeSandbox;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers });
});
afterEach(async () => {
  await sb.close();
});

async function refusal(operation: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await operation.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ForgeKvsAPIError)) throw new Error(`expected a ForgeKvsAPIError, got ${String(error)}`);
  return { status: error.responseDetails.status, code: error.code };
}

describe('key and value limits', () => {
  it.each([
    ['a key of 501 characters', 'KEY_TOO_LONG', () => kvs.set('k'.repeat(KVS_LIMITS.maxKeyLength + 1), 1)],
    ['a key with a slash', 'INVALID_KEY', () => kvs.set('policy/site', 1)],
    ['a key of spaces only', 'INVALID_KEY', () => kvs.set('   ', 1)],
    ['a value over 240 KiB', 'MAX_SIZE', () => kvs.set('big', { text: 'x'.repeat(KVS_LIMITS.maxValueBytes) })],
    ['a value nested 33 deep', 'MAX_DEPTH', () => kvs.set('deep', JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`))],
  ])('refuses %s with 400 %s', async (_what, code, operation) => {
    expect(await refusal(operation())).toEqual({ status: 400, code });
  });

  it.each([
    ['a key of 500 characters', 'k'.repeat(KVS_LIMITS.maxKeyLength), 1],
    ["the app's longest kind of key", 'recompute-part:0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab:399', { done: 100, failed: 0 }],
    ['a value just under 240 KiB', 'near-limit', { text: 'x'.repeat(KVS_LIMITS.maxValueBytes - 20) }],
  ])('accepts %s', async (_what, key, value) => {
    await kvs.set(key, value);
    expect(await kvs.get(key)).toEqual(value);
  });

  it('answers a query with at most 20 results a page, whatever the limit asks', async () => {
    for (let i = 0; i < 45; i += 1) await kvs.set(`item:${String(i).padStart(2, '0')}`, i);
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith('item:')).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<number>();
      pages.push(page.results.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([20, 20, 5]);
  });
});

describe('quotas per installation', () => {
  it('counts a unit per started 10 KB', () => {
    expect([kvsUnits(0), kvsUnits(10 * 1024), kvsUnits(10 * 1024 + 1), kvsUnits(65_000)]).toEqual([1, 1, 2, 7]);
  });

  it('refuses writes past 4,000 units a minute with 429 RATE_LIMIT_EXCEEDED, and accepts them again a minute later', async () => {
    const value = { text: 'x'.repeat(100 * 1024) }; // 11 units a write
    const accepted = Math.floor(KVS_LIMITS.writeUnitsPerMinute / kvsUnits(Buffer.byteLength(JSON.stringify(value)) + 40));
    for (let i = 0; i < accepted; i += 1) {
      await kvs.set(`w${i % 10}`, value);
      if (i % 900 === 899) sb.clock.advance(1_000); // stay under 1,000 requests a second
    }
    expect(await refusal(kvs.set('one-more', value))).toEqual({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    sb.clock.advance(60_000);
    await kvs.set('one-more', value);
    expect(sb.kvsStore.refusals.get('/api/v1/set')).toBe(1);
  });

  it('refuses the 1,001st request within a second', async () => {
    for (let i = 0; i < KVS_LIMITS.requestsPerSecond; i += 1) await kvs.get('absent');
    expect(await refusal(kvs.get('absent'))).toEqual({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    sb.clock.advance(1_000);
    expect(await kvs.get('absent')).toBeUndefined();
  });

  it('refuses on demand, so a test can put the store under pressure at a chosen moment', async () => {
    sb.kvsStore.refuseNext(2, '/api/v1/get');
    await kvs.set('k', 1);
    expect(await refusal(kvs.get('k'))).toEqual({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    expect(await refusal(kvs.get('k'))).toEqual({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    expect(await kvs.get('k')).toBe(1);
  });
});
