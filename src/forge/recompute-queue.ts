/**
 * Bulk recomputation through the Forge queue `sla-recompute`: issue ids are split into events of
 * `idsPerEvent(total)` ids (100 up to 40,000 issues), pushed at most `EVENTS_PER_PUSH` at a time and 200 KB a push
 * (Forge accepts at most 50 events and 200 KB per push). Progress of the jobs an admin starts (policy saves, manual recomputes) lives in kvs:
 * `recompute-job:<jobId>` = {total, parts, …} and one `recompute-part:<jobId>:<part>` per event, written by the
 * consumer — a redelivered event overwrites its own part, so counts never double. The sweep's overflow keeps no
 * records: nobody asks for its progress, and a sweep every five minutes would otherwise fill kvs with them.
 *
 * Resume: while an event is being worked on, `recompute-cursor:<jobId>:<part>` holds the index of its next page and
 * the counts so far (written after each page's bulk write). A consumer killed mid-event is redelivered and starts at
 * the cursor; the cursor is deleted when the part is recorded, and a redelivery of a recorded part does nothing.
 * A part whose redeliveries are exhausted is recorded with `gaveUp`, and the job's progress says so.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from '@forge/events';
import { kvs, WhereConditions } from '@forge/kvs';
import * as z from 'zod';
import type { RecomputeProgressOk } from '../contracts/resolvers';

export const RECOMPUTE_QUEUE_KEY = 'sla-recompute';
/** Ids per event for jobs of up to 40,000 issues (one search page and one bulk write per event). */
export const IDS_PER_EVENT = 100;
export const EVENTS_PER_PUSH = 50;
/**
 * Forge accepts at most 500 pushed events a minute per installation; a job uses at most 400, so the sweep still
 * has room, and larger jobs carry more ids per event instead.
 */
export const MAX_EVENTS_PER_JOB = 400;
/**
 * Consumer invocations of the queue running at once, per installation. @forge/manifest has no consumer-level
 * setting; Forge takes it per pushed event (`concurrency: {key, limit}`), so every event carries the same key.
 * Five keeps a 10,000-issue overflow (100 events, ≈ 2 Jira calls each) well inside one five-minute sweep cycle
 * while leaving most of the site's Jira rate budget to issue events and users.
 */
export const RECOMPUTE_CONCURRENCY = { key: 'sla-recompute', limit: 5 } as const;
/** ≈ 45 KB of ids, under the 100 KB an event for a long-running consumer may carry. */
export const MAX_IDS_PER_EVENT = 5_000;

/**
 * Ids per event for a job of `total` issues: 100, or more so the job needs at most MAX_EVENTS_PER_JOB events
 * (inclusive), capped at MAX_IDS_PER_EVENT.
 *
 * @example
 * idsPerEvent(10_000) //=> 100
 * idsPerEvent(100_000) //=> 250
 */
export function idsPerEvent(total: number): number {
  return Math.min(MAX_IDS_PER_EVENT, Math.max(IDS_PER_EVENT, Math.ceil(total / MAX_EVENTS_PER_JOB)));
}

/** `backfill`: the outcome backfill after an install or upgrade (outcome-backfill.ts). */
export const recomputeReasonSchema = z.enum(['sweep', 'policy', 'manual', 'backfill']);
export type RecomputeReason = z.infer<typeof recomputeReasonSchema>;

/** One queue event: part `part` (0-based) of job `jobId`; the consumer parses its body with this schema. */
export const recomputeEventBodySchema = z.object({
  jobId: z.string().min(1),
  part: z.number().int().min(0),
  issueIds: z.array(z.string()).max(MAX_IDS_PER_EVENT),
  reason: recomputeReasonSchema,
});
export type RecomputeEventBody = z.infer<typeof recomputeEventBodySchema>;

export interface RecomputeJob {
  total: number;
  parts: number;
  reason: RecomputeReason;
  createdAt: string;
}

export interface RecomputePart {
  done: number;
  failed: number;
  /** Why the part stopped before every issue was recomputed (its redeliveries ran out). */
  gaveUp?: string;
}

/** Progress of a part being worked on: the index of the next id to do, and the counts so far. */
export interface RecomputeCursor {
  next: number;
  done: number;
  failed: number;
}

/**
 * Whether a job of this reason keeps progress records (only jobs an admin can follow on the admin page).
 *
 * @example
 * tracksProgress('sweep') //=> false
 */
export function tracksProgress(reason: RecomputeReason): boolean {
  return reason !== 'sweep';
}

export const jobStorageKey = (jobId: string): string => `recompute-job:${jobId}`;
export const partStorageKey = (jobId: string, part: number): string => `recompute-part:${jobId}:${part}`;
export const cursorStorageKey = (jobId: string, part: number): string => `recompute-cursor:${jobId}:${part}`;

export async function readPartCursor(jobId: string, part: number): Promise<RecomputeCursor | null> {
  return (await kvs.get<RecomputeCursor>(cursorStorageKey(jobId, part))) ?? null;
}

export async function writePartCursor(jobId: string, part: number, cursor: RecomputeCursor): Promise<void> {
  await kvs.set(cursorStorageKey(jobId, part), cursor);
}

export async function readPartProgress(jobId: string, part: number): Promise<RecomputePart | null> {
  return (await kvs.get<RecomputePart>(partStorageKey(jobId, part))) ?? null;
}

/**
 * Records a job (unless it is the sweep's) and pushes its events. Returns the job id, the number of issues and of
 * pushes.
 *
 * @example
 * await enqueueRecompute(['10001', '10002'], 'policy', '2026-01-01T00:00:00.000Z') //=> { jobId: '…', total: 2, pushes: 1 }
 */
export async function enqueueRecompute(
  issueIds: readonly string[],
  reason: RecomputeReason,
  createdAt: string,
): Promise<{ jobId: string; total: number; pushes: number }> {
  const jobId = randomUUID();
  const events: Array<{ body: RecomputeEventBody; concurrency: { key: string; limit: number } }> = [];
  const size = idsPerEvent(issueIds.length);
  for (let start = 0; start < issueIds.length; start += size) {
    events.push({
      body: { jobId, part: events.length, issueIds: issueIds.slice(start, start + size), reason },
      concurrency: { ...RECOMPUTE_CONCURRENCY },
    });
  }
  const job: RecomputeJob = { total: issueIds.length, parts: events.length, reason, createdAt };
  if (tracksProgress(reason)) await kvs.set(jobStorageKey(jobId), job);
  const queue = new Queue({ key: RECOMPUTE_QUEUE_KEY });
  let pushes = 0;
  for (const chunk of pushChunks(events)) {
    await queue.push(chunk);
    pushes += 1;
  }
  return { jobId, total: issueIds.length, pushes };
}

/** Forge's limit on the combined payload of one push (200 KB, as @forge/events measures it: JSON bytes of the events). */
export const MAX_PUSH_PAYLOAD_BYTES = 200 * 1024;

/**
 * Splits events into pushes Forge accepts: at most EVENTS_PER_PUSH events and MAX_PUSH_PAYLOAD_BYTES each (an event
 * is at most ≈ 45 KB, so every push holds at least four).
 *
 * @example
 * pushChunks(Array.from({ length: 120 }, () => ({ body: {} }))).map((chunk) => chunk.length) //=> [50, 50, 20]
 */
export function pushChunks<E>(events: readonly E[]): E[][] {
  const chunks: E[][] = [];
  let chunk: E[] = [];
  let bytes = 2; // the brackets of the JSON array
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event)) + 1;
    if (chunk.length > 0 && (chunk.length >= EVENTS_PER_PUSH || bytes + size > MAX_PUSH_PAYLOAD_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 2;
    }
    chunk.push(event);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Records a finished (or abandoned) part for the admin page, when its job is followed, and drops its cursor when
 * one was stored (`hadCursor`; an event of one page never stores one).
 */
export async function recordPartProgress(
  jobId: string,
  part: number,
  progress: RecomputePart,
  tracked = true,
  hadCursor = true,
): Promise<void> {
  if (tracked) await kvs.set(partStorageKey(jobId, part), progress);
  if (hadCursor) await kvs.delete(cursorStorageKey(jobId, part));
}

/**
 * The job's progress summed over its parts, or null for an unknown job id. The parts are read with key-prefix
 * queries (Forge answers 20 records a page): at most 21 storage reads for a 400-part job instead of 401, so the
 * admin page can follow a job without eating the installation's 4,000 reads a minute.
 */
export async function readRecomputeProgress(jobId: string): Promise<RecomputeProgressOk | null> {
  const job = await kvs.get<RecomputeJob>(jobStorageKey(jobId));
  if (!job) return null;
  let done = 0;
  let failed = 0;
  let reported = 0;
  const reasons = new Set<string>();
  let abandoned = 0;
  let cursor: string | undefined;
  do {
    let query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(`recompute-part:${jobId}:`))
      .limit(PARTS_PER_QUERY);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<RecomputePart>();
    for (const { value } of page.results) {
      reported += 1;
      done += value.done;
      failed += value.failed;
      if (value.gaveUp !== undefined) {
        abandoned += 1;
        reasons.add(value.gaveUp);
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  const finished = reported === job.parts;
  const problem =
    abandoned > 0
      ? `${abandoned} of ${job.parts} part${job.parts === 1 ? '' : 's'} of this job could not finish (${[...reasons].slice(0, 3).join('; ')}): ${finished ? 'the job is over, ' : ''}its remaining issues were not recomputed. Start the recompute again once Jira answers.`
      : undefined;
  return { ok: true, jobId, total: job.total, done, failed, finished, ...(problem ? { problem } : {}) };
}

/** Forge's largest KVS query page. */
const PARTS_PER_QUERY = 20;
