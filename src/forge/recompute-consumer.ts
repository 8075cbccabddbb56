/**
 * Consumer of the `sla-recompute` queue: re-evaluates the issue ids of one event (one search and at most two bulk
 * writes per 100 ids) and records the part's progress for the admin page (not for the sweep's overflow, which nobody
 * follows). A Jira failure that outlives the client's retries returns InvocationError so the platform redelivers; after
 * MAX_REDELIVERIES the part's remaining issues are counted as failed, with the reason (`gaveUp`) the admin page shows.
 * Each written page moves the part's cursor, so a redelivery (after a failure, or a consumer killed mid-event)
 * resumes at the first page not yet written; a redelivery of a part already recorded does nothing.
 */
import type { InvocationError } from '@forge/events';
import * as z from 'zod';
import { currentInstant } from './clock';
import { resolveFieldIds } from './field-ids';
import { asAppContext } from './jira-client';
import { platformRetryFor } from './platform-retry';
import { recomputeIssueIds, type RecomputeTotals } from './recompute';
import {
  readPartCursor,
  readPartProgress,
  recomputeEventBodySchema,
  recordPartProgress,
  tracksProgress,
  writePartCursor,
  type RecomputeCursor,
  type RecomputePart,
} from './recompute-queue';
import { SLA_FIELD_KEYS } from './sla-sync';

export const CONSUMER_BUDGET_MS = 600_000;
export const MAX_REDELIVERIES = 4;

const recomputeEventSchema = z
  .object({
    body: recomputeEventBodySchema,
    retryContext: z.object({ retryCount: z.number() }).passthrough().optional(),
  })
  .passthrough();

/** The consumer handler (manifest function `recompute-consumer`). */
export async function handleRecomputeEvent(event: unknown): Promise<RecomputeTotals | InvocationError | { ignored: string }> {
  const parsed = recomputeEventSchema.safeParse(event);
  if (!parsed.success) return { ignored: `malformed recompute event: ${parsed.error.issues[0]?.message ?? ''}` };
  const { jobId, part, issueIds, reason } = parsed.data.body;
  const tracked = tracksProgress(reason);
  if (tracked && (await readPartProgress(jobId, part)) !== null) return { ignored: `part ${part} of job ${jobId} is already recorded` };
  // Where an earlier delivery of this event stopped (killed, or failed after some pages were written).
  const stored = await readPartCursor(jobId, part);
  let cursor: RecomputeCursor = stored ?? { next: 0, done: 0, failed: 0 };
  let hadCursor = stored !== null;
  const record = (progress: RecomputePart): Promise<void> => recordPartProgress(jobId, part, progress, tracked, hadCursor);
  try {
    const ctx = asAppContext(CONSUMER_BUDGET_MS);
    const fieldIds = await resolveFieldIds(ctx, SLA_FIELD_KEYS);
    const before = cursor;
    const totals = await recomputeIssueIds(ctx, issueIds, fieldIds, currentInstant, undefined, {
      startAt: cursor.next,
      afterPage: async (next, sofar) => {
        cursor = { next, done: before.done + (next - before.next) - sofar.failed, failed: before.failed + sofar.failed };
        if (next < issueIds.length) {
          await writePartCursor(jobId, part, cursor);
          hadCursor = true;
        }
      },
    });
    await record({ done: cursor.done, failed: cursor.failed });
    return totals;
  } catch (error) {
    const retry = platformRetryFor(error);
    const retryCount = parsed.data.retryContext?.retryCount ?? 0;
    if (retryCount < MAX_REDELIVERIES) {
      if (retry) return retry;
      throw error;
    }
    const why = `gave up after ${retryCount} redeliveries: ${error instanceof Error ? error.message : String(error)}`;
    await record({ done: cursor.done, failed: cursor.failed + (issueIds.length - cursor.next), gaveUp: why });
    if (retry) return { ignored: why };
    throw error;
  }
}
