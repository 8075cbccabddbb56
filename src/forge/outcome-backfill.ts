/**
 * The outcome backfill: issues that completed before the app (or the version that records outcomes) was installed
 * have no outcome records. The first sweep after the install or upgrade queues one recompute job of every issue
 * created until then (the existing `sla-recompute` queue: resumable at its per-part cursor, and idempotent because
 * every record is an upsert of what the issue's evaluation says). The claim in kvs (`outcome-backfill:<version>`,
 * written with FAIL_IF_EXISTS) makes sure one sweep starts it, once; bump OUTCOME_BACKFILL_VERSION when a new
 * release must backfill again.
 */
import { kvs } from '@forge/kvs';
import { currentInstant } from './clock';
import { collectIssueIds, type JiraContext } from './jira-client';
import { listPoliciesInForce } from './policies-in-force';
import { enqueueRecompute } from './recompute-queue';

export const OUTCOME_BACKFILL_VERSION = 1;
export const backfillStorageKey = (version: number = OUTCOME_BACKFILL_VERSION): string => `outcome-backfill:${version}`;

/** What the claim stores: the job an admin can follow with getRecomputeProgress. */
export interface OutcomeBackfill {
  jobId: string | null;
  total: number;
  startedAt: string;
}

/**
 * The JQL of every issue created until `now` (the backfill's set; `created <=` bounds the query, as Jira's enhanced
 * search requires). Issues of projects without a policy come back too: they are evaluated as skipped.
 *
 * @example
 * backfillJql(Date.parse('2026-03-02T09:00:00Z')) //=> 'created <= "2026-03-02 09:00"'
 */
export function backfillJql(now: number): string {
  const minute = new Date(Math.ceil(now / 60_000) * 60_000).toISOString();
  return `created <= "${minute.slice(0, 10)} ${minute.slice(11, 16)}"`;
}

/**
 * Starts the backfill unless it was started already (or no policy is in force yet: then there is nothing to
 * record, and a later sweep starts it). Returns the job, or null when nothing was started.
 */
export async function startOutcomeBackfill(ctx: JiraContext): Promise<OutcomeBackfill | null> {
  if ((await kvs.get(backfillStorageKey())) !== undefined) return null;
  if ((await listPoliciesInForce()).length === 0) return null;
  const now = currentInstant();
  const startedAt = new Date(now).toISOString();
  // Claim first, so two sweeps racing cannot both queue it; the job id follows once queued.
  try {
    await kvs.set<OutcomeBackfill>(backfillStorageKey(), { jobId: null, total: 0, startedAt }, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch {
    return null;
  }
  try {
    const ids = await collectIssueIds(ctx, backfillJql(now));
    const job = ids.length > 0 ? await enqueueRecompute(ids, 'backfill', startedAt) : null;
    const backfill: OutcomeBackfill = { jobId: job?.jobId ?? null, total: ids.length, startedAt };
    await kvs.set(backfillStorageKey(), backfill);
    return backfill;
  } catch (error) {
    // Not queued: release the claim so the next sweep tries again.
    await kvs.delete(backfillStorageKey());
    throw error;
  }
}
