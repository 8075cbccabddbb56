/**
 * Consumer of the `sla-recompute` queue: re-evaluates the issue ids of one event (one search and at most two bulk
 * writes per 100 ids) and records the part's progress for the admin page (not for the sweep's overflow, which nobody
 * follows). A Jira failure that outlives the client's retries returns InvocationError so the platform redelivers; after
 * MAX_REDELIVERIES the part is counted as failed.
 */
import type { InvocationError } from '@forge/events';
import { z } from 'zod';
import { currentInstant } from './clock';
import { resolveFieldIds } from './field-ids';
import { asAppContext } from './jira-client';
import { platformRetryFor } from './platform-retry';
import { recomputeIssueIds, type RecomputeTotals } from './recompute';
import { recomputeEventBodySchema, recordPartProgress, tracksProgress, type RecomputePart } from './recompute-queue';
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
  const record = async (progress: RecomputePart): Promise<void> => {
    if (tracksProgress(reason)) await recordPartProgress(jobId, part, progress);
  };
  try {
    const ctx = asAppContext(CONSUMER_BUDGET_MS);
    const fieldIds = await resolveFieldIds(ctx, SLA_FIELD_KEYS);
    const totals = await recomputeIssueIds(ctx, issueIds, fieldIds, currentInstant);
    await record({ done: issueIds.length - totals.failed, failed: totals.failed });
    return totals;
  } catch (error) {
    const retry = platformRetryFor(error);
    const retryCount = parsed.data.retryContext?.retryCount ?? 0;
    if (retry && retryCount < MAX_REDELIVERIES) return retry;
    await record({ done: 0, failed: issueIds.length });
    if (retry) return { ignored: `gave up after ${retryCount} redeliveries: ${(error as Error).message}` };
    throw error;
  }
}
