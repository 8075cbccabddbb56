/**
 * The scheduled sweep (every five minutes): finds unresolved issues whose `SLA next check` has passed, re-evaluates
 * them and writes in bulk, so status and escalation advance with time although no event arrives. Work that does
 * not fit in the inline budget goes to the `sla-recompute` queue, whose consumers run in parallel, so even 10,000
 * due issues are handled within one cycle.
 */
import { currentInstant, startBudget } from './clock';
import { resolveFieldIds } from './field-ids';
import { asAppContext, searchDueIssues } from './jira-client';
import { isJiraError } from './jira-errors';
import { platformRefusal } from './platform-retry';
import { recomputeIssueIds, type RecomputeTotals } from './recompute';
import { enqueueRecompute } from './recompute-queue';
import { SLA_FIELD_KEYS } from './sla-sync';

/** Wall time the sweep spends re-evaluating before handing the rest to the queue (env SLA_SWEEP_INLINE_BUDGET_MS). */
export const DEFAULT_INLINE_BUDGET_MS = 60_000;
/** Budget for Jira retries within the sweep invocation (its function has timeoutSeconds 900). */
export const SWEEP_JIRA_BUDGET_MS = 840_000;

export interface SweepOptions {
  inlineBudgetMs?: number;
}

export interface SweepReport extends Omit<RecomputeTotals, 'remaining'> {
  due: number;
  searchRequests: number;
  queued: { jobId: string; total: number; pushes: number } | null;
}

function inlineBudgetFromEnv(): number {
  const value = Number(process.env.SLA_SWEEP_INLINE_BUDGET_MS);
  return Number.isFinite(value) && value >= 0 && process.env.SLA_SWEEP_INLINE_BUDGET_MS !== undefined ? value : DEFAULT_INLINE_BUDGET_MS;
}

/** One sweep: collect the due ids, process what fits in the inline budget, queue the rest. */
export async function runSweep(options: SweepOptions = {}): Promise<SweepReport | null> {
  const inline = startBudget(options.inlineBudgetMs ?? inlineBudgetFromEnv());
  const ctx = asAppContext(SWEEP_JIRA_BUDGET_MS);
  let searchRequests = 0;
  ctx.onAttempt = (operation) => {
    if (operation === 'searchIssueIds') searchRequests += 1;
  };
  const fieldIds = await resolveFieldIds(ctx, SLA_FIELD_KEYS);
  const nextCheck = fieldIds['sla-next-check'];
  if (!nextCheck) return null;
  const due = await searchDueIssues(ctx, nextCheck);
  const totals = await recomputeIssueIds(ctx, due, fieldIds, currentInstant, () => inline.expired());
  const queued = totals.remaining.length > 0 ? await enqueueRecompute(totals.remaining, 'sweep', new Date(currentInstant()).toISOString()) : null;
  const { remaining: _remaining, ...rest } = totals;
  return { ...rest, due: due.length, searchRequests, queued };
}

/**
 * The scheduledTrigger handler (manifest function `sweep`). Scheduled triggers are not redelivered, and the next
 * run five minutes later finds the same due issues, so a Jira outage that outlived the retries is logged, not thrown.
 */
export async function handleSweep(): Promise<SweepReport | { ok: false; code: string; message: string } | null> {
  try {
    return await runSweep();
  } catch (error) {
    // A Forge storage or queue quota refusal (e.g. pushing the overflow) leaves those issues due: the next run retries.
    const refusal = platformRefusal(error);
    if (refusal) {
      console.warn(`sweep deferred to the next run: Forge ${refusal} (${error instanceof Error ? error.message : String(error)})`);
      return { ok: false, code: `FORGE_${refusal.toUpperCase()}`, message: error instanceof Error ? error.message : String(error) };
    }
    if (!isJiraError(error) || !error.retryable) throw error;
    console.warn(`sweep deferred to the next run: ${error.code} ${error.message}`);
    return { ok: false, code: error.code, message: error.message };
  }
}
