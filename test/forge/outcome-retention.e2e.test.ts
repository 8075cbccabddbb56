/**
 * Outcome retention on the emulator's Forge SQL (MariaDB): the daily scheduled trigger deletes the decided records
 * no report can show any more (decided and started before the first instant of the month 24 months before the
 * current one in any zone), keeps open and recent records, leaves every report figure of the kept months as it
 * was, and, stopped between batches, continues where the data stands on its next run.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import type { GetOutcomeTrendOk } from '../../src/contracts/reports';
import type { OutcomeRecord } from '../../src/engine/outcomes';
import { deleteExpiredOutcomes, type RetentionReport } from '../../src/forge/outcome-retention';
import { outcomeInsert, randomOutcomes } from '../builders/random-outcomes';
import { E2E_POLICY_YAML } from './support/e2e-policy';
import { saveSitePolicy } from '../support/save-site-policy';

// Wednesday 2 December 2026, 10:00 UTC. The reports can show December 2024 onwards in every zone; December 2024
// starts earliest in Pacific/Kiritimati (UTC+14): Monday 30 November 2024, 10:00 UTC.
const NOW = '2026-12-02T10:00:00Z';
const CUTOFF = Date.parse('2024-11-30T10:00:00Z');
const MINUTE = 60_000;

let sb: ForgeSandbox;
let records: OutcomeRecord[];
/** What the next run of the retention trigger does: null = the real handler; else the options of a stoppable run. */
let stoppable: { batch: number; statements: number; reports: RetentionReport[] } | null = null;

function withIds(list: OutcomeRecord[], prefix: string): OutcomeRecord[] {
  return list.map((record) => ({ ...record, issueId: `${prefix}${record.issueId}`, issueKey: `${record.issueKey}${prefix}` }));
}

async function storedKeys(): Promise<string[]> {
  const rows = await sb.sql.select<{ issue_id: string; metric_id: string; cycle: number }>(
    'SELECT issue_id, metric_id, cycle FROM sla_outcome',
  );
  return rows.map((row) => `${row.issue_id}/${row.metric_id}/${row.cycle}`).sort();
}

const keyOf = (record: OutcomeRecord): string => `${record.issueId}/${record.metricId}/${record.cycle}`;
const expired = (record: OutcomeRecord): boolean =>
  record.status !== 'open' && record.decidedAt !== null && record.decidedAt < CUTOFF && record.startedAt < CUTOFF;

const trend = async (timeZone: string, lastMonth: string) =>
  (
    (await sb.invokeResolver(
      'sla-admin',
      'getOutcomeTrend',
      { lastMonth, months: 24, timeZone },
      { accountId: 'admin' },
    )) as GetOutcomeTrendOk
  ).months;

beforeEach(async () => {
  const real = require('../../src/index') as Record<string, unknown> & { outcomeRetention: () => Promise<unknown> };
  sb = await startForgeSandbox({
    now: NOW,
    handlers: {
      ...real,
      // The real deletion with a small batch, stopped after `statements` DELETEs: a run cut short by its budget.
      outcomeRetention: async () => {
        if (stoppable === null) return real.outcomeRetention();
        const run = stoppable;
        let sent = 0;
        const report = await deleteExpiredOutcomes(sb.clock.now(), { batch: run.batch, shouldStop: () => sent++ >= run.statements });
        run.reports.push(report);
        return report;
      },
    },
  });
  await saveSitePolicy(sb, E2E_POLICY_YAML);
  // The app creates its table (migrations) on its first statement.
  await sb.invokeResolver('sla-admin', 'getReportFilters', {}, { accountId: 'admin' });
  const old = randomOutcomes({ seed: 31, issues: 60, from: Date.parse('2024-03-01T00:00:00Z'), to: Date.parse('2024-11-01T00:00:00Z') });
  const firstKeptMonth = withIds(
    randomOutcomes({ seed: 32, issues: 40, from: Date.parse('2024-12-01T00:00:00Z'), to: Date.parse('2024-12-28T00:00:00Z') }),
    '7',
  );
  const recent = withIds(
    randomOutcomes({ seed: 33, issues: 60, from: Date.parse('2026-09-01T00:00:00Z'), to: Date.parse('2026-12-02T00:00:00Z') }),
    '8',
  );
  // At the edge: decided a quarter of an hour before the cutoff (deleted), at it (kept); started before it and
  // decided after it (kept: decided in a reportable month); still open since 2024 (kept).
  const template = old.find((record) => record.status === 'met')!;
  const edge: OutcomeRecord[] = [
    {
      ...template,
      issueId: '91',
      issueKey: 'SUP-91',
      startedAt: CUTOFF - 60 * MINUTE,
      decidedAt: CUTOFF - 15 * MINUTE,
      completedAt: CUTOFF - 15 * MINUTE,
    },
    { ...template, issueId: '92', issueKey: 'SUP-92', startedAt: CUTOFF - 60 * MINUTE, decidedAt: CUTOFF, completedAt: CUTOFF },
    {
      ...template,
      issueId: '93',
      issueKey: 'SUP-93',
      status: 'breached',
      breached: true,
      startedAt: CUTOFF - 3 * 24 * 60 * MINUTE,
      decidedAt: CUTOFF + 24 * 60 * MINUTE,
      completedAt: CUTOFF + 24 * 60 * MINUTE,
    },
    {
      ...template,
      issueId: '94',
      issueKey: 'SUP-94',
      status: 'open',
      decidedAt: null,
      completedAt: null,
      businessMinutes: null,
      pausedMinutes: null,
    },
  ];
  records = [...old, ...firstKeptMonth, ...recent, ...edge];
  const insert = outcomeInsert(records, Date.parse(NOW));
  await sb.sql.select(insert.query, insert.params);
});

afterEach(async () => {
  stoppable = null;
  await sb.close();
});

it('deletes the decided records older than any report shows, keeps open and recent ones, and leaves the kept months figures as they were', async () => {
  const deleted = records.filter(expired);
  expect(deleted.length).toBeGreaterThan(50);
  expect(records.some((record) => record.status === 'open' && record.startedAt < CUTOFF)).toBe(true);
  const zones = ['UTC', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Europe/Sofia'];
  const before = await Promise.all(zones.map((zone) => trend(zone, '2026-11')));
  const current = await Promise.all(zones.map((zone) => trend(zone, '2026-12')));
  const oldBefore = await trend('UTC', '2024-11');

  await sb.runScheduledTrigger('sla-outcome-retention');

  expect(await storedKeys()).toEqual(
    records
      .filter((record) => !expired(record))
      .map(keyOf)
      .sort(),
  );
  expect(await Promise.all(zones.map((zone) => trend(zone, '2026-11')))).toEqual(before);
  expect(await Promise.all(zones.map((zone) => trend(zone, '2026-12')))).toEqual(current);
  // The months before the window did lose their decided records.
  expect(await trend('UTC', '2024-11')).not.toEqual(oldBefore);
  // One DELETE (fewer expired records than a batch), and a second run the same day deletes nothing.
  const deletes = () => sb.sql.statements.filter((statement) => /^DELETE/.test(statement.query));
  expect(deletes().map((statement) => statement.status)).toEqual([200]);
  await sb.runScheduledTrigger('sla-outcome-retention');
  expect(deletes()).toHaveLength(2);
  expect(await storedKeys()).toEqual(
    records
      .filter((record) => !expired(record))
      .map(keyOf)
      .sort(),
  );
});

it('stopped between batches, the next run continues where the data stands until nothing expired is left', async () => {
  const expiredCount = records.filter(expired).length;
  stoppable = { batch: 7, statements: 3, reports: [] };
  await sb.runScheduledTrigger('sla-outcome-retention');
  expect(stoppable.reports[0]).toMatchObject({ deleted: 21, statements: 3, finished: false, cutoff: new Date(CUTOFF).toISOString() });
  expect((await storedKeys()).length).toBe(records.length - 21);
  // The rows it deleted were the oldest decided ones.
  const left = new Set(await storedKeys());
  const oldestFirst = records.filter(expired).sort((a, b) => a.decidedAt! - b.decidedAt!);
  expect(oldestFirst.slice(0, 21).every((record) => !left.has(keyOf(record)))).toBe(true);
  expect(oldestFirst.slice(21).every((record) => left.has(keyOf(record)))).toBe(true);
  // Lost answers (the DELETE ran, the reply did not arrive) and retried runs delete nothing twice.
  sb.sql.loseNextResponses(1);
  await sb.runScheduledTrigger('sla-outcome-retention').catch(() => undefined);
  for (let run = 0; run < 20 && stoppable.reports.at(-1)?.finished !== true; run++) await sb.runScheduledTrigger('sla-outcome-retention');
  expect(stoppable.reports.at(-1)?.finished).toBe(true);
  expect(await storedKeys()).toEqual(
    records
      .filter((record) => !expired(record))
      .map(keyOf)
      .sort(),
  );
  expect(records.length - (await storedKeys()).length).toBe(expiredCount);
});
