/**
 * Bulk recomputation bookkeeping: ids split into events of ≤ 100, pushes of ≤ 50 events, and progress that a
 * redelivered event cannot double count.
 */
import { memoryKvs, memoryStore } from './support/memory-kvs';

const pushes: Array<Array<{ body: { issueIds: string[]; part: number } }>> = [];
jest.mock('@forge/kvs', () => ({ kvs: memoryKvs, default: memoryKvs }));
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

  it('sums part progress, counts a redelivered part once, and finishes when every part reported', async () => {
    const { jobId } = await enqueueRecompute(['1', '2', '3'].concat(Array.from({ length: 150 }, (_, i) => String(100 + i))), 'policy', '2026-03-02T09:00:00.000Z');
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
