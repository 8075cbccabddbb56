/**
 * An installation whose database was made by an earlier version (only migration 0001: the table without the
 * priority index) upgrades on the app's first Forge SQL use: the runner applies 0002 and the report reads its
 * records through the new index.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import type { GetOutcomeReportOk } from '../../src/contracts/reports';
import { periodRange } from '../../src/engine/report-period';
import { MIGRATIONS, OUTCOME_TABLE_DDL } from '../../src/forge/forge-sql';
import { outcomeInsert, randomOutcomes } from '../builders/random-outcomes';
import { referenceReport } from './support/outcome-report-reference';

let sb: ForgeSandbox;

beforeAll(async () => {
  sb = await startForgeSandbox({ now: '2026-04-02T09:00:00Z' });
});

afterAll(async () => {
  await sb.close();
});

it('applies 0002 to a database migrated by the previous version, keeps its records, and reports from them', async () => {
  // The previous version's state, as @forge/sql's migrationRunner leaves it: the table and its __migrations row.
  await sb.sql.select(OUTCOME_TABLE_DDL);
  await sb.sql.select(
    'CREATE TABLE IF NOT EXISTS __migrations (id BIGINT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(255) NOT NULL, migratedAt TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)',
  );
  await sb.sql.select('INSERT INTO __migrations (name) VALUES (?)', ['0001-create-sla-outcome']);
  const records = randomOutcomes({ seed: 3, issues: 40, from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-03-20T00:00:00Z') });
  const insert = outcomeInsert(records, Date.parse('2026-03-31T00:00:00Z'));
  await sb.sql.select(insert.query, insert.params);
  const indexesBefore = await sb.sql.select<{ Key_name: string }>('SHOW INDEX FROM sla_outcome');
  expect(indexesBefore.map((row) => row.Key_name)).not.toContain('idx_outcome_priority_started');

  const march = (await sb.invokeResolver(
    'sla-admin',
    'getOutcomeReport',
    { period: { kind: 'month', month: '2026-03' } },
    { accountId: 'admin' },
  )) as GetOutcomeReportOk;

  expect(march.ok).toBe(true);
  const applied = await sb.sql.select<{ name: string }>('SELECT name FROM __migrations ORDER BY id');
  expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  const indexesAfter = await sb.sql.select<{ Key_name: string }>('SHOW INDEX FROM sla_outcome');
  expect(indexesAfter.map((row) => row.Key_name)).toContain('idx_outcome_priority_started');
  const expected = referenceReport(records, periodRange({ kind: 'month', month: '2026-03' }, 'UTC'), { projectKeys: ['OPS', 'SUP'] }, 100);
  expect(march.requestsByPriority).toEqual(expected.requestsByPriority);
  expect(march.metrics).toEqual(expected.metrics);
  expect(march.requestsByPriority.length).toBeGreaterThan(0);
});
