/**
 * Bulk recomputation bookkeeping: ids split into events of ≤ 100, pushes of ≤ 50 events, and progress that a
 * redelivered event cannot double count.
 */
import { memoryKvs, memoryStore } from './support/memory-kvs';

const pushes: Array<Array<{ body: { issueIds: string[]; part: number } }>> = [];
jest.mock('@forge/kvs', () => ({ kvs: memoryKvs, default: memoryKvs, WhereConditions: jest.requireActual('@forge/kvs').WhereConditions }));
jest.mock('@forge/events', () => ({
  Queue: class {
    constructor(readonly params: { key: string }) {}
    async push(events: Array<{ body: { issueIds: string[]; part: number } }>) {
      pushes.push(events);
      return { jobId: 'platform-job' };
    }
  },
}));

import {
  enqueueRecompute,
  EVENTS_PER_PUSH,
  IDS_PER_EVENT,
  idsPerEvent,
  MAX_EVENTS_PER_JOB,
  MAX_IDS_PER_EVENT,
  MAX_PUSH_PAYLOAD_BYTES,
  readRecomputeProgress,
  recordPartProgress,
} from '../../src/forge/recompute-queue';

beforeEach(() => {
  memoryStore.clear();
  pushes.length = 0;
});

describe('recompute queue', () => {
  it('splits 10,000 ids into events of at most 100 ids, pushed at most 50 events at a time', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => String(10_000 + i));
    const job = await enqueueRecompute(ids, 'sweep', '2026-03-02T09:00:00.000Z');
    expect(job).toMatchObject({ total: 10_000, pushes: 2 });
    expect(pushes.map((push) => push.length)).toEqual([50, 50]);
    for (const push of pushes) {
      expect(push.length).toBeLessThanOrEqual(EVENTS_PER_PUSH);
      for (const event of push) expect(event.body.issueIds.length).toBeLessThanOrEqual(IDS_PER_EVENT);
    }
    expect(pushes.flat().flatMap((event) => event.body.issueIds)).toEqual(ids);
    expect(pushes.flat().map((event) => event.body.part)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // The sweep's overflow keeps no job record; admin-started jobs do.
    expect(memoryStore.size).toBe(0);
    expect(await readRecomputeProgress(job.jobId)).toBeNull();
    const manual = await enqueueRecompute(['1'], 'manual', '2026-03-02T09:00:00.000Z');
    expect(await readRecomputeProgress(manual.jobId)).toMatchObject({ total: 1, finished: false });
  });

  it('keeps a large job within 400 events (Forge takes 500 a minute) by carrying more ids per event', async () => {
    const ids = Array.from({ length: 100_001 }, (_, i) => String(200_000 + i));
    const job = await enqueueRecompute(ids, 'policy', '2026-03-02T09:00:00.000Z');
    const events = pushes.flat();
    expect(events.length).toBeLessThanOrEqual(MAX_EVENTS_PER_JOB);
    expect(pushes.every((push) => push.length <= EVENTS_PER_PUSH)).toBe(true);
    expect(events.flatMap((event) => event.body.issueIds)).toEqual(ids);
    expect(Math.max(...events.map((event) => event.body.issueIds.length))).toBe(idsPerEvent(ids.length));
    expect(await readRecomputeProgress(job.jobId)).toMatchObject({ total: 100_001, finished: false });
    expect(idsPerEvent(40_000)).toBe(IDS_PER_EVENT);
    expect(idsPerEvent(40_001)).toBe(IDS_PER_EVENT + 1);
    expect(idsPerEvent(10_000_000)).toBe(MAX_IDS_PER_EVENT);
    // A full event stays well under the 100 KB Forge allows per event of a long-running consumer.
    const body = JSON.stringify({
      jobId: job.jobId,
      part: 399,
      issueIds: Array.from({ length: MAX_IDS_PER_EVENT }, (_, i) => String(10_000_000 + i)),
      reason: 'policy',
    });
    expect(body.length).toBeLessThan(100_000);
  });

  it('keeps every push within 50 events and 200 KB, as @forge/events measures it, for jobs of any size', async () => {
    for (const total of [100, 200_000, 2_000_000]) {
      pushes.length = 0;
      const ids = Array.from({ length: total }, (_, i) => String(10_000_000 + i));
      await enqueueRecompute(ids, 'policy', '2026-03-02T09:00:00.000Z');
      expect(pushes.flat().flatMap((event) => event.body.issueIds)).toEqual(ids);
      for (const push of pushes) {
        expect(push.length).toBeLessThanOrEqual(EVENTS_PER_PUSH);
        expect(Buffer.byteLength(JSON.stringify(push))).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
      }
    }
  });

  it('sums part progress, counts a redelivered part once, and finishes when every part reported', async () => {
    const { jobId } = await enqueueRecompute(
      ['1', '2', '3'].concat(Array.from({ length: 150 }, (_, i) => String(100 + i))),
      'policy',
      '2026-03-02T09:00:00.000Z',
    );
    expect(await readRecomputeProgress(jobId)).toEqual({ ok: true, jobId, total: 153, done: 0, failed: 0, finished: false });
    await recordPartProgress(jobId, 0, { done: 100, failed: 0 });
    await recordPartProgress(jobId, 0, { done: 100, failed: 0 });
    expect(await readRecomputeProgress(jobId)).toMatchObject({ done: 100, finished: false });
    await recordPartProgress(jobId, 1, { done: 51, failed: 2 });
    expect(await readRecomputeProgress(jobId)).toEqual({ ok: true, jobId, total: 153, done: 151, failed: 2, finished: true });
  });

  it('knows no unknown job', async () => {
    expect(await readRecomputeProgress('nope')).toBeNull();
  });
});
