/**
 * Issue 11, storage: what one outcome record takes in Forge SQL (the emulator's MariaDB, `DATA_LENGTH +
 * INDEX_LENGTH` of `sla_outcome` with every index of the migrations, after ANALYZE TABLE), the records each Forge SQL
 * storage limit holds and the monthly volume 25 months of retention fit in; and the daily retention job deleting
 * the expired months in its batches. Target: every DELETE well under Forge SQL's 10 s a DML statement may run
 * (< 1 s). Printed beside it, measured in the same run on the same rows re-inserted: one unbounded DELETE of the same
 * range, which is what the batches avoid.
 *
 * Run: `npx tsx bench/index.ts outcome-retention` (BENCH_OUTCOMES records, default 120,000, over 30 months).
 */
import { performance } from 'node:perf_hooks';
import { startForgeSandbox } from '../emulator';
import { outcomeRetentionCutoff, OUTCOME_RETENTION_MONTHS } from '../src/engine/outcome-retention';
import type { OutcomeRecord } from '../src/engine/outcomes';
import { deleteExpiredOutcomes, RETENTION_DELETE_BATCH, type RetentionReport } from '../src/forge/outcome-retention';
import { outcomeInsert, randomOutcomes } from '../test/builders/random-outcomes';
import { E2E_POLICY_YAML } from '../test/forge/support/e2e-policy';
import { median } from './stats';
import { saveSitePolicy } from '../test/support/save-site-policy';

const RECORDS = Number(process.env.BENCH_OUTCOMES ?? 120_000);
const MONTHS = 30;
const TARGET_MS = 1_000;
const MIB = 1024 * 1024;
const LIMITS = [
  ['development', 128 * MIB],
  ['staging', 256 * MIB],
  ['production', 1024 * MIB],
] as const;

export default async function run(): Promise<void> {
  const now = '2026-12-02T10:00:00Z';
  // The trigger runs the job's deletion as the handler does, and hands its report to the bench.
  const reports: RetentionReport[] = [];
  const handlers = require('../src/index') as Record<string, unknown>;
  const sb = await startForgeSandbox({
    now,
    handlers: { ...handlers, outcomeRetention: async () => reports.push(await deleteExpiredOutcomes(Date.parse(now))) },
  });
  try {
    await saveSitePolicy(sb, E2E_POLICY_YAML);
    // The app creates its table (migrations) on its first statement.
    await sb.invokeResolver('sla-admin', 'getReportFilters', {}, { accountId: 'admin' });
    const from = Date.UTC(2024, 5, 1);
    const to = Date.UTC(2024, 5 + MONTHS, 1);
    // randomOutcomes gives ≈ 1.9 records an issue (a first response, most a resolution, some a second cycle).
    const records: OutcomeRecord[] = randomOutcomes({ seed: 5, issues: Math.ceil(RECORDS / 1.9), from, to }).slice(0, RECORDS);
    const insert = async (list: readonly OutcomeRecord[]): Promise<void> => {
      for (let i = 0; i < list.length; i += 2_000) {
        const statement = outcomeInsert(list.slice(i, i + 2_000), Date.parse(now));
        await sb.sql.select(statement.query, statement.params);
      }
    };
    await insert(records);
    await sb.sql.select('ANALYZE TABLE sla_outcome');
    const [size] = await sb.sql.select<{ data: number; indexes: number }>(
      "SELECT DATA_LENGTH AS data, INDEX_LENGTH AS indexes FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sla_outcome'",
    );
    const bytes = Number(size!.data) + Number(size!.indexes);
    const perRecord = bytes / records.length;
    process.stdout.write(
      `${records.length.toLocaleString('en')} records over ${MONTHS} months: ${(bytes / MIB).toFixed(1)} MiB (rows ${(Number(size!.data) / MIB).toFixed(1)}, indexes ${(Number(size!.indexes) / MIB).toFixed(1)}), ` +
        `${perRecord.toFixed(0)} bytes a record (docs/forge.md states ≈ 783).\n\n` +
        `| Forge SQL limit | records it holds | records a month with ${OUTCOME_RETENTION_MONTHS} months kept | issues a month at 2 records an issue |\n|---|---:|---:|---:|\n`,
    );
    for (const [label, limit] of LIMITS) {
      const held = Math.floor(limit / perRecord);
      const monthly = Math.floor(held / OUTCOME_RETENTION_MONTHS);
      process.stdout.write(
        `| ${label} ${limit / MIB} MiB | ${held.toLocaleString('en')} | ${monthly.toLocaleString('en')} | ${Math.floor(monthly / 2).toLocaleString('en')} |\n`,
      );
    }

    const cutoff = outcomeRetentionCutoff(Date.parse(now));
    const expired = records.filter(
      (record) => record.status !== 'open' && record.decidedAt !== null && record.decidedAt < cutoff && record.startedAt < cutoff,
    );
    const from0 = sb.sql.statements.length;
    const started = performance.now();
    await sb.runScheduledTrigger('sla-outcome-retention');
    const report = reports[0]!;
    const batchedMs = performance.now() - started;
    const deletes = sb.sql.statements.slice(from0).filter((statement) => statement.query.startsWith('DELETE'));
    const times = deletes.map((statement) => statement.ms);
    if (report.deleted !== expired.length) throw new Error(`deleted ${report.deleted}, expected ${expired.length}`);
    // The comparison: the same rows back, then one DELETE without LIMIT.
    await insert(expired);
    const unboundedStarted = performance.now();
    await sb.sql.select("DELETE FROM sla_outcome WHERE decided_at < ? AND started_at < ? AND status <> 'open'", [cutoff, cutoff]);
    const unboundedMs = performance.now() - unboundedStarted;
    const med = median(times);
    process.stdout.write(
      `\nRetention at ${now} (cutoff ${new Date(cutoff).toISOString()}): ${report.deleted.toLocaleString('en')} expired records deleted in ${report.statements} statements of ≤ ${RETENTION_DELETE_BATCH}, ${(batchedMs / 1000).toFixed(1)} s in all.\n\n` +
        '| statement | median ms | max ms | target | Forge SQL DML limit |\n|---|---:|---:|---:|---:|\n' +
        `| DELETE … ORDER BY decided_at LIMIT ${RETENTION_DELETE_BATCH} (the job) | ${med.toFixed(0)} | ${Math.max(...times).toFixed(0)} | < ${TARGET_MS} (${med < TARGET_MS ? 'met' : 'MISSED'}) | 10000 |\n` +
        `| one unbounded DELETE of the same ${expired.length.toLocaleString('en')} rows (same run) | ${unboundedMs.toFixed(0)} | ${unboundedMs.toFixed(0)} | – | 10000 |\n`,
    );
  } finally {
    await sb.close();
  }
}
