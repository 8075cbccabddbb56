/**
 * The daily outcome retention job (scheduled trigger `sla-outcome-retention`, function `outcome-retention`): deletes
 * the outcome records no report can show any more (src/engine/outcome-retention.ts: older than 25 calendar months),
 * so Forge SQL's stored data stays bounded by the site's volume instead of growing until every write is refused.
 *
 * Bounded batches: one `DELETE … ORDER BY decided_at LIMIT n` a request (Forge SQL runs one statement a request;
 * TiDB and MariaDB both take ORDER BY and LIMIT on a single-table DELETE), each a short range of the
 * `idx_outcome_report` index, far below the 10 s a DML statement may run. Resumable and idempotent by construction:
 * every statement deletes the oldest expired records left, so a run stopped by its time budget, killed or retried
 * simply continues where the data stands, and a second run on the same day deletes nothing.
 */
import { outcomeRetentionCutoff } from '../engine/outcome-retention';
import { currentInstant, startBudget } from './clock';
import { runSql } from './forge-sql';

/** Records one DELETE removes at most: ≈ 1.5 MB of rows and index entries, well within a statement's 10 s. */
export const RETENTION_DELETE_BATCH = 2_000;
/** Wall time a run spends deleting (its function has timeoutSeconds 900; the rest is margin for a slow statement). */
export const RETENTION_BUDGET_MS = 600_000;

export interface RetentionOptions {
  /** records per DELETE (1..RETENTION_DELETE_BATCH) */
  batch?: number;
  /** asked before each DELETE: true stops the run (the next run continues) */
  shouldStop?: () => boolean;
}

export interface RetentionReport {
  /** ISO instant: records decided and started before it were deleted */
  cutoff: string;
  deleted: number;
  statements: number;
  /** false when the budget ran out with expired records left (the next run continues) */
  finished: boolean;
}

/**
 * Deletes decided outcomes whose decision and start both lie before the retention cutoff of `now`, oldest first,
 * `batch` at a time. Open records (`decided_at` NULL) are never deleted: `decided_at < ?` is never true for them.
 *
 * @example
 * await deleteExpiredOutcomes(Date.parse('2026-12-02T10:00:00Z'))
 * //=> { cutoff: '2024-11-30T10:00:00.000Z', deleted: 4200, statements: 3, finished: true }
 */
export async function deleteExpiredOutcomes(now: number, options: RetentionOptions = {}): Promise<RetentionReport> {
  const batch = Math.max(1, Math.min(RETENTION_DELETE_BATCH, Math.floor(options.batch ?? RETENTION_DELETE_BATCH)));
  const cutoff = outcomeRetentionCutoff(now);
  const report: RetentionReport = { cutoff: new Date(cutoff).toISOString(), deleted: 0, statements: 0, finished: false };
  while (!options.shouldStop?.()) {
    const [result] = await runSql<{ affectedRows?: number }>(
      "DELETE FROM sla_outcome WHERE decided_at < ? AND started_at < ? AND status <> 'open' ORDER BY decided_at LIMIT ?",
      [cutoff, cutoff, batch],
    );
    report.statements += 1;
    const deleted = Number(result?.affectedRows ?? 0);
    report.deleted += deleted;
    if (deleted < batch) {
      report.finished = true;
      break;
    }
  }
  return report;
}

/**
 * The scheduledTrigger handler. Scheduled triggers are not redelivered, and the next day's run continues from
 * the data, so a failure (Forge SQL unavailable or rate limited past runSql's wait) is logged, not thrown.
 */
export async function handleOutcomeRetention(): Promise<RetentionReport | { ok: false; message: string }> {
  const budget = startBudget(RETENTION_BUDGET_MS);
  try {
    const report = await deleteExpiredOutcomes(currentInstant(), { shouldStop: () => budget.expired() });
    if (!report.finished) {
      console.warn(
        `outcome retention: deleted ${report.deleted} records decided before ${report.cutoff} and stopped at its time budget; the next daily run continues`,
      );
    }
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.warn(`outcome retention deferred to the next daily run: ${message}`);
    return { ok: false, message };
  }
}
