/**
 * The report resolvers on the emulator: a March of issues with known outcomes, counted by the real queries on the
 * emulator's Forge SQL (MariaDB), per metric, priority, organization, with the breach list, the trend and the
 * viewer's browse permission.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import type { GetOutcomeReportOk, GetOutcomeTrendOk, GetQuarterlyReviewOk, GetReportFiltersOk } from '../../src/contracts/reports';
import { E2E_POLICY_YAML } from './support/e2e-policy';
import { saveSitePolicy } from '../support/save-site-policy';

let sb: ForgeSandbox;
const HOUR = 3_600_000;

const report = (payload: unknown, accountId = 'admin') =>
  sb.invokeResolver('sla-admin', 'getOutcomeReport', payload, { accountId }) as Promise<
    GetOutcomeReportOk & { code?: string; message?: string }
  >;

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 UTC; the policy's calendar is UTC, always open.
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
  await saveSitePolicy(sb, E2E_POLICY_YAML);
  const start = sb.clock.now();
  const at = (hours: number) => sb.clock.set(new Date(start + hours * HOUR).toISOString());
  const a = sb.jira.createIssue('customer', {
    projectKey: 'SUP',
    summary: 'A',
    priority: 'Highest',
    fields: { Organizations: ['Acme'] },
  }).key;
  const b = sb.jira.createIssue('customer', {
    projectKey: 'SUP',
    summary: 'B',
    priority: 'Highest',
    fields: { Organizations: ['Acme'] },
  }).key;
  const c = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'C', fields: { Organizations: ['Globex'] } }).key;
  const d = sb.jira.createIssue('customer', { projectKey: 'OPS', summary: 'D' }).key;
  await sb.deliverEvents();
  at(0.5);
  sb.jira.comment('agent', c, 'C answered after 30m');
  at(1);
  sb.jira.comment('agent', a, 'A answered after 1h');
  at(2);
  sb.jira.comment('agent', d, 'D answered after 2h');
  at(3);
  sb.jira.comment('agent', b, 'B answered after 3h: its 2h first response is breached');
  at(4);
  sb.jira.resolve('agent', a);
  at(5);
  sb.jira.resolve('agent', b);
  await sb.deliverEvents();
  // C's and D's 40h resolution targets pass on 4 March; the sweep of 31 March finds them.
  sb.clock.set('2026-03-31T20:00:00Z');
  await sb.runScheduledTrigger();
  await sb.drainQueues();
  sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'E, open at the end of March' });
  await sb.deliverEvents();
  // E's 8h first response is breached at 04:00 on 1 April.
  sb.clock.set('2026-04-01T12:00:00Z');
  await sb.runScheduledTrigger();
  await sb.drainQueues();
});

afterAll(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('getOutcomeReport', () => {
  it('counts March per metric: met, breached, open at the end, compliance, median and p90 business minutes', async () => {
    const march = await report({ period: { kind: 'month', month: '2026-03' } });
    expect(march.ok).toBe(true);
    expect(march.period).toEqual({ label: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', timeZone: 'UTC' });
    expect(march.projectKeys).toEqual(['OPS', 'SUP']);
    expect(march.requestsByPriority).toEqual([
      { priority: 'P1', requests: 2 },
      { priority: 'P3', requests: 3 },
    ]);
    // First responses stopped after 30m (C), 1h (A), 2h (D), 3h (B, breached): nearest-rank median 60, p90 180.
    expect(march.metrics).toEqual([
      { metric: 'firstResponse', met: 3, breached: 1, openAtEnd: 1, compliancePercent: 75, medianMinutes: 60, p90Minutes: 180 },
      { metric: 'resolution', met: 2, breached: 2, openAtEnd: 1, compliancePercent: 50, medianMinutes: 240, p90Minutes: 300 },
    ]);
    expect(march.byOrganization).toEqual([
      { organization: null, plan: 'standard', met: 1, breached: 1, compliancePercent: 50 },
      { organization: 'Acme', plan: 'standard', met: 3, breached: 1, compliancePercent: 75 },
      { organization: 'Globex', plan: 'standard', met: 1, breached: 1, compliancePercent: 50 },
    ]);
    expect(march.breaches.total).toBe(3);
    expect(march.breaches.items.map((item) => `${item.issueKey}/${item.metric}`).sort()).toEqual([
      'OPS-1/resolution',
      'SUP-2/firstResponse',
      'SUP-3/resolution',
    ]);
  });

  it('narrows to one organization, one project, and a time zone whose month starts earlier', async () => {
    const acme = await report({ period: { kind: 'month', month: '2026-03' }, organization: 'Acme' });
    expect(acme.metrics.map((m) => [m.metric, m.met, m.breached])).toEqual([
      ['firstResponse', 1, 1],
      ['resolution', 2, 0],
    ]);
    const ops = await report({ period: { kind: 'quarter', quarter: '2026-Q1' }, projectKey: 'OPS' });
    expect(ops.projectKeys).toEqual(['OPS']);
    expect(ops.metrics.map((m) => [m.metric, m.met, m.breached])).toEqual([
      ['firstResponse', 1, 0],
      ['resolution', 0, 1],
    ]);
    // In Pacific/Kiritimati (UTC+14) April starts at 10:00 UTC on 31 March: E's open metrics are still open then,
    // and the range report of 1 April (local) holds E's first response breach (04:00 UTC = 18:00 local).
    const april1 = await report({ period: { kind: 'range', from: '2026-04-01', to: '2026-04-01' }, timeZone: 'Pacific/Kiritimati' });
    expect(april1.metrics.find((m) => m.metric === 'firstResponse')).toMatchObject({ met: 0, breached: 1 });
  });

  it('shows a user without browsable projects nothing, and refuses a project they cannot browse and bad periods', async () => {
    const outsider = await report({ period: { kind: 'month', month: '2026-03' } }, 'outsider');
    expect(outsider).toMatchObject({ ok: true, projectKeys: [], metrics: [], breaches: { total: 0, items: [] } });
    expect(await report({ period: { kind: 'month', month: '2026-03' }, projectKey: 'SUP' }, 'outsider')).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await report({ period: { kind: 'month', month: '2026-13' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const zone = await report({ period: { kind: 'month', month: '2026-03' }, timeZone: 'Mars/Olympus' });
    expect(zone).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(zone.message).toContain('timeZone');
  });
});

describe('getOutcomeTrend and getReportFilters', () => {
  it('gives met and breached per month', async () => {
    const trend = (await sb.invokeResolver(
      'sla-admin',
      'getOutcomeTrend',
      { lastMonth: '2026-04', months: 3 },
      { accountId: 'admin' },
    )) as GetOutcomeTrendOk;
    expect(trend.months.map((m) => [m.month, m.met, m.breached, m.compliancePercent])).toEqual([
      ['2026-02', 0, 0, null],
      ['2026-03', 5, 3, 62.5],
      ['2026-04', 0, 1, 0],
    ]);
  });

  it('lists the organizations, plans, metrics and months with outcomes', async () => {
    const filters = (await sb.invokeResolver('sla-admin', 'getReportFilters', {}, { accountId: 'admin' })) as GetReportFiltersOk;
    expect(filters).toMatchObject({
      ok: true,
      organizations: [null, 'Acme', 'Globex'],
      plans: ['standard'],
      metrics: ['firstResponse', 'resolution'],
      firstMonth: '2026-03',
      lastMonth: '2026-04',
    });
  });
});

describe('getQuarterlyReview', () => {
  const review = (payload: unknown, accountId = 'admin') =>
    sb.invokeResolver('sla-admin', 'getQuarterlyReview', payload, { accountId }) as Promise<
      GetQuarterlyReviewOk & { code?: string; message?: string }
    >;
  /** A report's figures as a review column holds them. */
  const figures = (answer: GetOutcomeReportOk) => ({
    period: answer.period,
    requestsByPriority: answer.requestsByPriority,
    metrics: answer.metrics,
    breachCount: answer.breaches.total,
  });

  it.each([
    ['Acme', '2026-Q1', '2025-Q4'],
    [null, '2026-Q2', '2026-Q1'], // E's first response is breached on 1 April; D's outcomes fell in March
  ])(
    'reviews %s in %s: each month and the quarter equal their reports; the change is against %s',
    async (organization, quarter, before) => {
      const answer = await review({ quarter, organization });
      expect(answer).toMatchObject({ ok: true, quarter, previousQuarter: before, organization, projectKeys: ['OPS', 'SUP'] });
      const [year, q] = quarter.split('-Q').map(Number) as [number, number];
      const months = [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
      for (const [index, month] of months.entries()) {
        expect(answer.months[index]).toEqual(figures(await report({ period: { kind: 'month', month }, organization })));
      }
      const total = await report({ period: { kind: 'quarter', quarter }, organization });
      const previous = await report({ period: { kind: 'quarter', quarter: before }, organization });
      expect(answer.total).toEqual(figures(total));
      expect(answer.previous).toEqual(figures(previous));
      expect(total.metrics.length).toBeGreaterThan(0);
      // Counts add up over the months: every decided outcome falls in exactly one month of its quarter.
      for (const metric of answer.total.metrics) {
        const sum = (name: 'met' | 'breached') =>
          answer.months.reduce((n, month) => n + (month.metrics.find((m) => m.metric === metric.metric)?.[name] ?? 0), 0);
        expect([metric.metric, sum('met'), sum('breached')]).toEqual([metric.metric, metric.met, metric.breached]);
      }
      expect(answer.change.breachCount).toBe(total.breaches.total - previous.breaches.total);
      for (const change of answer.change.metrics) {
        const now = total.metrics.find((m) => m.metric === change.metric);
        const was = previous.metrics.find((m) => m.metric === change.metric);
        expect(change.met).toBe((now?.met ?? 0) - (was?.met ?? 0));
        expect(change.breached).toBe((now?.breached ?? 0) - (was?.breached ?? 0));
      }
    },
  );

  it('shows a user without browsable projects nothing, and refuses what it cannot review', async () => {
    const outsider = await review({ quarter: '2026-Q1', organization: 'Acme' }, 'outsider');
    expect(outsider).toMatchObject({ ok: true, projectKeys: [], total: { metrics: [], breachCount: 0 } });
    expect(await review({ quarter: '2026-Q1', organization: 'Acme', projectKey: 'SUP' }, 'outsider')).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    const badQuarter = await review({ quarter: '2026-Q5', organization: 'Acme' });
    expect(badQuarter).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(badQuarter.message).toContain('quarter: give the quarter as YYYY-Qn');
    const noOrganization = await review({ quarter: '2026-Q1' });
    expect(noOrganization).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(noOrganization.message).toContain('organization');
    const zone = await review({ quarter: '2026-Q1', organization: 'Acme', timeZone: 'Mars/Olympus' });
    expect(zone).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
