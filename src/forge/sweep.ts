/**
 * The scheduled sweep (every five minutes): finds unresolved issues whose `SLA next check` has passed, and every
 * issue of a governed project updated since the last clean run (resolved ones included, so an event that was lost
 * or failed is repaired), re-evaluates them and writes in bulk, so status and escalation advance with time although
 * no event arrives. Work that does not fit in the inline budget goes to the `sla-recompute` queue, whose consumers
 * run in parallel, so even 10,000 due issues are handled within one cycle.
 */
import { startOutcomeBackfill } from './outcome-backfill';
import { kvs } from '@forge/kvs';
import { currentInstant, startBudget } from './clock';
import { resolveFieldIds } from './field-ids';
import { asAppContext, collectIssueIds, searchDueIssues } from './jira-client';
import { isJiraError } from './jira-errors';
import { platformRefusal } from './platform-retry';
import { listPoliciesInForce } from './policies-in-force';
import { recomputeIssueIds, type RecomputeTotals } from './recompute';
import { enqueueRecompute } from './recompute-queue';
import { SLA_FIELD_KEYS } from './sla-sync';

/** Wall time the sweep spends re-evaluating before handing the rest to the queue (env SLA_SWEEP_INLINE_BUDGET_MS). */
export const DEFAULT_INLINE_BUDGET_MS = 60_000;
/** Budget for Jira retries within the sweep invocation (its function has timeoutSeconds 900). */
export const SWEEP_JIRA_BUDGET_MS = 840_000;

/** kvs key of the instant (epoch ms) the last clean sweep started: the repair search starts there, minus the margin. */
export const SWEEP_WATERMARK_KEY = 'sweep:watermark';
/**
 * Overlap of the repair search with the previous one, in minutes: Jira's search shows recent updates only after a
 * short delay, and the sweep's own start is not the instant its search ran. 10 minutes ≫ both.
 */
export const REPAIR_MARGIN_MINUTES = 10;
/** The repair search never looks back further than a day, so a sweep after a long outage stays bounded in cost. */
export const REPAIR_MAX_LOOKBACK_MINUTES = 24 * 60;
/** The interval of the scheduled trigger; the first sweep (no watermark yet) looks back one interval. */
export const SWEEP_INTERVAL_MINUTES = 5;

/**
 * The JQL of issues updated within the last `minutes` in the governed projects (`null` = every project: a site
 * policy governs them all), resolved ones included.
 *
 * @example
 * repairJql(15, ['SUP', 'OPS']) //=> 'updated >= -15m AND project in ("SUP", "OPS") ORDER BY updated ASC'
 */
export function repairJql(minutes: number, projectKeys: readonly string[] | null): string {
  const within = `updated >= -${Math.max(1, Math.ceil(minutes))}m`;
  const projects = projectKeys === null ? '' : ` AND project in (${projectKeys.map((key) => `"${key.replace(/["\\]/g, '')}"`).join(', ')})`;
  return `${within}${projects} ORDER BY updated ASC`;
}

/**
 * Minutes the repair search looks back from `now`: back to the last clean run's start plus the margin, at most a
 * day; one interval plus the margin before the first run.
 *
 * @example
 * repairLookbackMinutes(Date.parse('2026-03-02T09:05:00Z'), Date.parse('2026-03-02T09:00:00Z')) //=> 15
 */
export function repairLookbackMinutes(now: number, watermark: number | null): number {
  const since = watermark === null || !Number.isFinite(watermark) || watermark > now ? now - SWEEP_INTERVAL_MINUTES * 60_000 : watermark;
  return Math.min(REPAIR_MAX_LOOKBACK_MINUTES, Math.ceil((now - since) / 60_000) + REPAIR_MARGIN_MINUTES);
}

/** The projects the policies in force govern: null when a site policy governs every project, [] when none exists. */
async function governedProjects(): Promise<string[] | null> {
  const policies = await listPoliciesInForce();
  if (policies.some((active) => active.scope.kind === 'site')) return null;
  return policies.flatMap((active) => (active.scope.kind === 'project' ? [active.scope.projectKey] : []));
}

/** Retries within the sweep's 900 s: one Retry-After up to 30 s, two minutes of them in all, then this cycle stops. */
const SWEEP_RETRY = { maxRetryAfterMs: 30_000, rateLimitWaitBudgetMs: 120_000 };

export interface SweepOptions {
  inlineBudgetMs?: number;
}

export interface SweepReport extends Omit<RecomputeTotals, 'remaining'> {
  due: number;
  /** Issues updated since the last clean run (resolved included) that were not already due. */
  repaired: number;
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
  const startedAt = currentInstant();
  const ctx = asAppContext(SWEEP_JIRA_BUDGET_MS);
  ctx.retry = { ...SWEEP_RETRY, ...ctx.retry };
  let searchRequests = 0;
  ctx.onAttempt = (operation) => {
    if (operation === 'searchIssueIds') searchRequests += 1;
  };
  // The very first run starts the watermark one interval back, before any Jira call: if this run fails, the next
  // one still looks back to here.
  let watermark = (await kvs.get<number>(SWEEP_WATERMARK_KEY)) ?? null;
  if (watermark === null) {
    watermark = startedAt - SWEEP_INTERVAL_MINUTES * 60_000;
    await kvs.set(SWEEP_WATERMARK_KEY, watermark);
  }
  const fieldIds = await resolveFieldIds(ctx, SLA_FIELD_KEYS);
  await startOutcomeBackfill(ctx);
  const nextCheck = fieldIds['sla-next-check'];
  if (!nextCheck) return null;
  const due = await searchDueIssues(ctx, nextCheck);
  const projects = await governedProjects();
  const dueSet = new Set(due);
  const updated =
    projects !== null && projects.length === 0
      ? []
      : (await collectIssueIds(ctx, repairJql(repairLookbackMinutes(startedAt, watermark), projects))).filter((id) => !dueSet.has(id));
  const ids = [...due, ...updated];
  const totals = await recomputeIssueIds(ctx, ids, fieldIds, currentInstant, () => inline.expired());
  const queued =
    totals.remaining.length > 0 ? await enqueueRecompute(totals.remaining, 'sweep', new Date(currentInstant()).toISOString()) : null;
  // Only a run that handled or queued everything moves the watermark: after a failure the next run looks back further.
  await kvs.set(SWEEP_WATERMARK_KEY, startedAt);
  const { remaining: _remaining, ...rest } = totals;
  return { ...rest, due: due.length, repaired: updated.length, searchRequests, queued };
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
