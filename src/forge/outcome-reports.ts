/**
 * The report queries over the outcome records (Forge SQL). Each is one statement, written in the SQL Forge SQL's
 * TiDB and the emulator's MariaDB both run (CASE, COUNT(DISTINCT), LIMIT … OFFSET, FORCE INDEX; no PERCENTILE_CONT,
 * which TiDB lacks), served by the indexes of forge-sql.ts, and bounded in rows (a report's answer stays far under
 * Forge SQL's 4 MiB). Which index each reads, and why: docs/outcomes.md, "Speed".
 * The periods' instants come from the engine (report-period.ts); these functions only count.
 *
 * What each figure means: docs/reports.md.
 */
import { compliancePercent, type PeriodRange } from '../engine/report-period';
import type { BreachItem, GetOutcomeReportOk, GetOutcomeTrendOk, GetReportFiltersOk, MetricFigures } from '../contracts/reports';
import { runSql, type SqlParam } from './forge-sql';

/** What a report counts: the projects (always given: the viewer's browsable ones), and optionally one organization or plan. */
export interface OutcomeFilter {
  projectKeys: readonly string[];
  /** undefined = every organization; null = issues without one */
  organization?: string | null;
  plan?: string;
  metric?: string;
}

/** Rows of the organization breakdown a report lists at most (by name). */
export const MAX_ORGANIZATION_ROWS = 1_000;
/** Priorities the requests-by-priority statement names at most (with more, it counts without naming them). */
export const MAX_PRIORITIES = 200;
/** Distinct (metric, business minutes) pairs the percentile histogram reads at most (≈ 60 bytes each: 3 MiB). */
export const MAX_HISTOGRAM_ROWS = 50_000;

/**
 * The nearest-rank percentile of a histogram of whole minutes: the smallest value whose cumulative count reaches
 * ⌈p/100 × n⌉; null for an empty histogram.
 *
 * @example
 * nearestRank([{ minutes: 30, n: 1 }, { minutes: 60, n: 1 }, { minutes: 120, n: 1 }, { minutes: 180, n: 1 }], 50) //=> 60
 */
export function nearestRank(histogram: ReadonlyArray<{ minutes: number; n: number }>, p: number): number | null {
  const sorted = [...histogram].sort((a, b) => a.minutes - b.minutes);
  const total = sorted.reduce((sum, bin) => sum + bin.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const bin of sorted) {
    seen += bin.n;
    if (seen >= rank) return bin.minutes;
  }
  return sorted[sorted.length - 1]!.minutes;
}

/** The WHERE conditions and parameters of a filter (never empty: the project list bounds every query). */
export function filterSql(filter: OutcomeFilter): { where: string; params: SqlParam[] } {
  const parts = [`project_key IN (${filter.projectKeys.map(() => '?').join(', ')})`];
  const params: SqlParam[] = [...filter.projectKeys];
  if (filter.organization === null) parts.push('organization IS NULL');
  else if (filter.organization !== undefined) {
    parts.push('organization = ?');
    params.push(filter.organization);
  }
  if (filter.plan !== undefined) {
    parts.push('plan_id = ?');
    params.push(filter.plan);
  }
  if (filter.metric !== undefined) {
    parts.push('metric_id = ?');
    params.push(filter.metric);
  }
  return { where: parts.join(' AND '), params };
}

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The report of one period: requests by priority, per metric figures, the organization breakdown and the newest
 * `breachLimit` breaches. Seven statements (six for one organization; none when the viewer browses no project).
 */
export async function outcomeReport(
  range: PeriodRange,
  timeZone: string,
  filter: OutcomeFilter,
  breachLimit: number,
): Promise<Omit<GetOutcomeReportOk, 'ok' | 'projectKeys' | 'organization' | 'plan'>> {
  const period = { label: range.label, from: iso(range.from), to: iso(range.to), timeZone };
  if (filter.projectKeys.length === 0) {
    return { period, requestsByPriority: [], metrics: [], byOrganization: [], breaches: { total: 0, items: [] } };
  }
  const { where, params } = filterSql(filter);
  const inPeriod = [range.from, range.to];

  const startedQuery = (select: string, from: string, priorities: readonly string[], tail: string) =>
    runSql<{ priority_id: string; requests: number }>(
      `SELECT ${select} FROM ${from}
     WHERE ${priorities.length > 0 ? `priority_id IN (${priorities.map(() => '?').join(', ')}) AND ` : ''}started_at >= ? AND started_at < ? AND ${where} ${tail}`,
      [...priorities, ...inPeriod, ...params],
    );
  // Requests by priority. Read in `started_at` order (idx_outcome_started), MariaDB sorts the period's rows by
  // priority for COUNT(DISTINCT) and reads each back by primary key; so the statement names the period's priorities
  // (found first) and reads idx_outcome_priority_started, one range per priority, rows already grouped. One
  // organization's rows are few: its own index serves them.
  const priorityQuery = async () => {
    const count = 'priority_id, COUNT(DISTINCT issue_id) AS requests';
    const grouped = 'GROUP BY priority_id ORDER BY priority_id';
    if (filter.organization !== undefined) return startedQuery(count, 'sla_outcome', [], grouped);
    const priorities = await startedQuery('DISTINCT priority_id', 'sla_outcome', [], `LIMIT ${MAX_PRIORITIES + 1}`);
    if (priorities.length === 0) return [];
    if (priorities.length > MAX_PRIORITIES) return startedQuery(count, 'sla_outcome', [], grouped);
    const ids = priorities.map((row) => row.priority_id);
    return startedQuery(count, 'sla_outcome FORCE INDEX (idx_outcome_priority_started)', ids, grouped);
  };
  // One pass over the period's decided outcomes (a covering index range): per metric, organization, plan, status.
  const decidedQuery = () =>
    runSql<{ metric_id: string; organization: string | null; plan_id: string; status: string; n: number }>(
      `SELECT metric_id, organization, plan_id, status, COUNT(*) AS n
     FROM sla_outcome WHERE decided_at >= ? AND decided_at < ? AND status IN ('met', 'breached') AND ${where}
     GROUP BY metric_id, organization, plan_id, status`,
      [...inPeriod, ...params],
    );
  const openQuery = () =>
    runSql<{ metric_id: string; open_at_end: number }>(
      `SELECT metric_id, COUNT(*) AS open_at_end FROM sla_outcome
     WHERE (decided_at IS NULL OR decided_at >= ?) AND started_at < ? AND ${where} GROUP BY metric_id`,
      [range.to, range.to, ...params],
    );
  // Business minutes of the decided outcomes that stopped, as a histogram (a few thousand rows at most: minutes
  // are whole); the percentiles are read from it below, exactly, without sorting every row in SQL.
  const histogramQuery = () =>
    runSql<{ metric_id: string; business_minutes: number; n: number }>(
      `SELECT metric_id, business_minutes, COUNT(*) AS n FROM sla_outcome
     WHERE decided_at >= ? AND decided_at < ? AND status IN ('met', 'breached') AND business_minutes IS NOT NULL AND ${where}
     GROUP BY metric_id, business_minutes LIMIT ${MAX_HISTOGRAM_ROWS}`,
      [...inPeriod, ...params],
    );
  const limit = Math.max(1, Math.min(500, Math.floor(breachLimit)));
  // The newest `limit` breaches in two steps, each a short walk down the covering index from the period's end: the
  // decided_at of the limit-th newest breach (index only), then the rows from that instant on (ties included, so
  // the ORDER BY picks exactly what one statement over the whole period would). One statement sorted every breach of
  // the period by issue key, reading each row (~20,000 row reads for 100,000 outcomes).
  const breachFromQuery = () =>
    runSql<{ decided_at: number }>(
      `SELECT decided_at FROM sla_outcome WHERE decided_at >= ? AND decided_at < ? AND status = 'breached' AND ${where}
     ORDER BY decided_at DESC LIMIT 1 OFFSET ${limit - 1}`,
      [...inPeriod, ...params],
    );
  const breachRowsQuery = (from: number) =>
    runSql<Record<string, unknown>>(
      `SELECT issue_key, project_key, metric_id, cycle, organization, plan_id, priority_id, started_at, due_at, completed_at, business_minutes, escalation_level
     FROM sla_outcome WHERE decided_at >= ? AND decided_at < ? AND status = 'breached' AND ${where}
     ORDER BY decided_at DESC, issue_key, metric_id LIMIT ${limit}`,
      [from, range.to, ...params],
    );

  // Two lanes, each one statement after the other: the heavy grouping statements (decided, histogram) in one, the
  // rest in the other. All seven at once competed for the same database and one passed its own 5 s under load.
  const [[priorities, open, breachRows], [decided, histogram]] = await Promise.all([
    (async () => {
      const byPriority = await priorityQuery();
      const openAtEnd = await openQuery();
      const breachFrom = await breachFromQuery();
      const newest = await breachRowsQuery(breachFrom.length > 0 ? Math.max(range.from, num(breachFrom[0]!.decided_at)) : range.from);
      return [byPriority, openAtEnd, newest] as const;
    })(),
    (async () => [await decidedQuery(), await histogramQuery()] as const)(),
  ]);
  const perMetric = new Map<string, { met: number; breached: number }>();
  const perOrganization = new Map<string, { organization: string | null; plan: string; met: number; breached: number }>();
  for (const row of decided) {
    const n = num(row.n);
    const metric = perMetric.get(row.metric_id) ?? { met: 0, breached: 0 };
    const orgKey = `${row.organization === null ? '\u0001' : `\u0002${row.organization}`}\u0000${row.plan_id}`;
    const org = perOrganization.get(orgKey) ?? { organization: row.organization, plan: row.plan_id, met: 0, breached: 0 };
    if (row.status === 'met') {
      metric.met += n;
      org.met += n;
    } else {
      metric.breached += n;
      org.breached += n;
    }
    perMetric.set(row.metric_id, metric);
    perOrganization.set(orgKey, org);
  }
  const spread = new Map<string, Array<{ minutes: number; n: number }>>();
  for (const row of histogram) {
    const list = spread.get(row.metric_id) ?? [];
    list.push({ minutes: num(row.business_minutes), n: num(row.n) });
    spread.set(row.metric_id, list);
  }

  const metricIds = [...new Set([...perMetric.keys(), ...open.map((row) => row.metric_id), ...spread.keys()])].sort();
  const metrics: MetricFigures[] = metricIds.map((metric) => {
    const d = perMetric.get(metric) ?? { met: 0, breached: 0 };
    const o = open.find((row) => row.metric_id === metric);
    const h = spread.get(metric) ?? [];
    return {
      metric,
      met: d.met,
      breached: d.breached,
      openAtEnd: num(o?.open_at_end),
      compliancePercent: compliancePercent(d.met, d.breached),
      medianMinutes: nearestRank(h, 50),
      p90Minutes: nearestRank(h, 90),
    };
  });
  const items: BreachItem[] = breachRows.map((row) => ({
    issueKey: String(row.issue_key),
    projectKey: String(row.project_key),
    metric: String(row.metric_id),
    cycle: num(row.cycle),
    organization: row.organization === null ? null : String(row.organization),
    plan: String(row.plan_id),
    priority: String(row.priority_id),
    startedAt: iso(num(row.started_at)),
    dueAt: iso(num(row.due_at)),
    completedAt: row.completed_at === null ? null : iso(num(row.completed_at)),
    businessMinutes: numOrNull(row.business_minutes),
    escalationLevel: num(row.escalation_level),
  }));
  return {
    period,
    requestsByPriority: priorities.map((row) => ({ priority: row.priority_id, requests: num(row.requests) })),
    metrics,
    byOrganization: [...perOrganization.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, MAX_ORGANIZATION_ROWS)
      .map(([, row]) => ({ ...row, compliancePercent: compliancePercent(row.met, row.breached) })),
    breaches: { total: metrics.reduce((sum, metric) => sum + metric.breached, 0), items },
  };
}

/** Met and breached per month of `months` (one statement: each decided outcome falls in the month its instant is in). */
export async function outcomeTrend(months: readonly PeriodRange[], filter: OutcomeFilter): Promise<GetOutcomeTrendOk['months']> {
  const counts = new Map<number, { met: number; breached: number }>();
  if (filter.projectKeys.length > 0 && months.length > 0) {
    const { where, params } = filterSql(filter);
    const bucket = `CASE ${months.map(() => 'WHEN decided_at < ? THEN ?').join(' ')} END`;
    const bucketParams: SqlParam[] = months.flatMap((month, index) => [month.to, index]);
    const rows = await runSql<{ month_index: number; met: number; breached: number }>(
      `SELECT ${bucket} AS month_index, SUM(CASE WHEN status = 'met' THEN 1 ELSE 0 END) AS met, SUM(CASE WHEN status = 'breached' THEN 1 ELSE 0 END) AS breached
       FROM sla_outcome WHERE decided_at >= ? AND decided_at < ? AND status IN ('met', 'breached') AND ${where}
       GROUP BY month_index`,
      [...bucketParams, months[0]!.from, months[months.length - 1]!.to, ...params],
    );
    for (const row of rows) counts.set(num(row.month_index), { met: num(row.met), breached: num(row.breached) });
  }
  return months.map((month, index) => {
    const { met, breached } = counts.get(index) ?? { met: 0, breached: 0 };
    return {
      month: month.label,
      from: iso(month.from),
      to: iso(month.to),
      met,
      breached,
      compliancePercent: compliancePercent(met, breached),
    };
  });
}

/** The organizations, plans and metrics with outcomes in `projectKeys`, and the months they span. */
export async function reportFilters(
  projectKeys: readonly string[],
): Promise<Omit<GetReportFiltersOk, 'ok' | 'projectKeys' | 'currentMonth'>> {
  if (projectKeys.length === 0) return { organizations: [], plans: [], metrics: [], firstMonth: null, lastMonth: null };
  const { where, params } = filterSql({ projectKeys });
  const organizations = await runSql<{ organization: string | null }>(
    `SELECT DISTINCT organization FROM sla_outcome WHERE ${where} ORDER BY organization LIMIT ${MAX_ORGANIZATION_ROWS}`,
    params,
  );
  const plans = await runSql<{ plan_id: string }>(
    `SELECT DISTINCT plan_id FROM sla_outcome WHERE ${where} ORDER BY plan_id LIMIT 200`,
    params,
  );
  const metrics = await runSql<{ metric_id: string }>(
    `SELECT DISTINCT metric_id FROM sla_outcome WHERE ${where} ORDER BY metric_id LIMIT 200`,
    params,
  );
  const span = await runSql<{ first: number | null; last: number | null }>(
    `SELECT MIN(decided_at) AS first, MAX(decided_at) AS last FROM sla_outcome WHERE ${where}`,
    params,
  );
  const month = (ms: unknown): string | null => (ms === null || ms === undefined ? null : iso(num(ms)).slice(0, 7));
  return {
    organizations: organizations.map((row) => row.organization),
    plans: plans.map((row) => row.plan_id),
    metrics: metrics.map((row) => row.metric_id),
    firstMonth: month(span[0]?.first),
    lastMonth: month(span[0]?.last),
  };
}
