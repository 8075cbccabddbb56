/**
 * The report statements (src/forge/outcome-reports.ts, on the emulator's Forge SQL) against the plain computation of
 * every figure over the same random outcome records (test/forge/support/outcome-report-reference.ts): months,
 * quarters and day ranges in zones whose midnight is not UTC's, each filter, breach limits that cut through records
 * sharing an instant.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import type { GetOutcomeReportOk, GetOutcomeTrendOk, ReportPeriod } from '../../src/contracts/reports';
import type { OutcomeRecord } from '../../src/engine/outcomes';
import { periodRange, trendMonths } from '../../src/engine/report-period';
import { MAX_PRIORITIES } from '../../src/forge/outcome-reports';
import { outcomeInsert, randomOutcomes } from '../builders/random-outcomes';
import { E2E_POLICY_YAML } from './support/e2e-policy';
import { referenceReport, referenceTrend, type ReferenceFilter } from './support/outcome-report-reference';
import { saveSitePolicy } from '../support/save-site-policy';

let sb: ForgeSandbox;
let records: OutcomeRecord[];
/** The projects the emulator's admin browses (HIDDEN, also among the records, is none of them). */
const BROWSABLE = ['OPS', 'SUP'];

beforeAll(async () => {
  sb = await startForgeSandbox({ now: '2026-04-20T09:00:00Z' });
  await saveSitePolicy(sb, E2E_POLICY_YAML);
  // The app creates its table (migrations) on its first statement.
  await sb.invokeResolver('sla-admin', 'getReportFilters', {}, { accountId: 'admin' });
  records = randomOutcomes({ seed: 11, issues: 1_500, from: Date.parse('2026-01-15T00:00:00Z'), to: Date.parse('2026-04-10T00:00:00Z') });
  // September 2025 has more priorities than the requests statement names (MAX_PRIORITIES): it counts without them.
  const september = randomOutcomes({
    seed: 12,
    issues: MAX_PRIORITIES + 20,
    from: Date.parse('2025-09-01T00:00:00Z'),
    to: Date.parse('2025-09-25T00:00:00Z'),
  });
  records.push(
    ...september.map((record) => ({
      ...record,
      issueId: `9${record.issueId}`,
      issueKey: `${record.projectKey}-${Number(record.issueId) + 100_000}`,
      priorityId: `Q${record.issueId}`,
    })),
  );
  for (let i = 0; i < records.length; i += 500) {
    const insert = outcomeInsert(records.slice(i, i + 500), Date.parse('2026-04-20T09:00:00Z'));
    await sb.sql.select(insert.query, insert.params);
  }
});

afterAll(async () => {
  await sb.close();
});

const cases: Array<{
  name: string;
  period: ReportPeriod;
  timeZone: string;
  filter?: Omit<ReferenceFilter, 'projectKeys'>;
  projectKey?: string;
  breachLimit: number;
}> = [
  { name: 'March in UTC, all organizations', period: { kind: 'month', month: '2026-03' }, timeZone: 'UTC', breachLimit: 100 },
  // Kathmandu is UTC+05:45: March starts at 18:15 UTC on Saturday 28 February, on the records' 15-minute grid (records at the edge).
  {
    name: 'March in Asia/Kathmandu, breach list of 7',
    period: { kind: 'month', month: '2026-03' },
    timeZone: 'Asia/Kathmandu',
    breachLimit: 7,
  },
  { name: 'Q1 in Europe/Sofia, every breach', period: { kind: 'quarter', quarter: '2026-Q1' }, timeZone: 'Europe/Sofia', breachLimit: 500 },
  // Tuesday 10 to Thursday 12 March in New York (EDT from Sunday 8 March: UTC-4).
  {
    name: 'three days in America/New_York, one breach',
    period: { kind: 'range', from: '2026-03-10', to: '2026-03-12' },
    timeZone: 'America/New_York',
    breachLimit: 1,
  },
  {
    name: 'March, organization Acme',
    period: { kind: 'month', month: '2026-03' },
    timeZone: 'UTC',
    filter: { organization: 'Acme' },
    breachLimit: 20,
  },
  {
    name: 'March, no organization',
    period: { kind: 'month', month: '2026-03' },
    timeZone: 'UTC',
    filter: { organization: null },
    breachLimit: 20,
  },
  {
    name: 'February, plan premium',
    period: { kind: 'month', month: '2026-02' },
    timeZone: 'UTC',
    filter: { plan: 'premium' },
    breachLimit: 3,
  },
  { name: 'Q1, project OPS', period: { kind: 'quarter', quarter: '2026-Q1' }, timeZone: 'UTC', projectKey: 'OPS', breachLimit: 50 },
  { name: 'a month without outcomes', period: { kind: 'month', month: '2025-06' }, timeZone: 'UTC', breachLimit: 100 },
  {
    name: 'a month with more priorities than the statement names',
    period: { kind: 'month', month: '2025-09' },
    timeZone: 'UTC',
    breachLimit: 100,
  },
];

describe('getOutcomeReport equals the plain computation over every record', () => {
  it.each(cases)('$name', async ({ period, timeZone, filter, projectKey, breachLimit }) => {
    const answer = (await sb.invokeResolver(
      'sla-admin',
      'getOutcomeReport',
      { period, timeZone, breachLimit, ...filter, ...(projectKey ? { projectKey } : {}) },
      { accountId: 'admin' },
    )) as GetOutcomeReportOk;
    expect(answer.ok).toBe(true);
    const projectKeys = projectKey ? [projectKey] : BROWSABLE;
    const expected = referenceReport(records, periodRange(period, timeZone), { projectKeys, ...filter }, breachLimit);
    expect(answer.requestsByPriority).toEqual(expected.requestsByPriority);
    expect(answer.metrics).toEqual(expected.metrics);
    expect(answer.byOrganization).toEqual(expected.byOrganization);
    expect(answer.breaches).toEqual(expected.breaches);
  });

  it('has records that make the comparison mean something: ties at the breach limit, every status, hidden projects', () => {
    const breachedAt = records.filter((r) => r.status === 'breached').map((r) => r.decidedAt);
    expect(new Set(breachedAt).size).toBeLessThan(breachedAt.length);
    expect(new Set(records.map((r) => r.status))).toEqual(new Set(['open', 'met', 'breached', 'abandoned']));
    expect(records.some((r) => r.projectKey === 'HIDDEN')).toBe(true);
    expect(records.some((r) => r.cycle === 2)).toBe(true);
    expect(new Set(records.map((r) => r.priorityId)).size).toBeGreaterThan(MAX_PRIORITIES);
  });
});

describe('getOutcomeTrend equals the plain computation', () => {
  it.each([
    { timeZone: 'UTC', metric: undefined },
    { timeZone: 'Asia/Kathmandu', metric: 'resolution' },
  ])('six months to April in $timeZone, metric $metric', async ({ timeZone, metric }) => {
    const answer = (await sb.invokeResolver(
      'sla-admin',
      'getOutcomeTrend',
      { lastMonth: '2026-04', months: 6, timeZone, ...(metric ? { metric } : {}) },
      { accountId: 'admin' },
    )) as GetOutcomeTrendOk;
    expect(answer.months).toEqual(
      referenceTrend(records, trendMonths('2026-04', 6, timeZone), { projectKeys: BROWSABLE, ...(metric ? { metric } : {}) }),
    );
  });
});
