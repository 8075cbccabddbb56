/**
 * The report figures computed the plain way, from every record in memory, one figure at a time as docs/outcomes.md
 * words it (percentiles by sorting every value): what the report statements of src/forge/outcome-reports.ts must
 * equal. Tests and the bench compare against it; it is no part of the app.
 */
import type { GetOutcomeReportOk, GetOutcomeTrendOk } from '../../../src/contracts/reports';
import type { OutcomeRecord } from '../../../src/engine/outcomes';
import type { PeriodRange } from '../../../src/engine/report-period';

export interface ReferenceFilter {
  projectKeys: readonly string[];
  organization?: string | null;
  plan?: string;
  metric?: string;
}

type ReportFigures = Pick<GetOutcomeReportOk, 'requestsByPriority' | 'metrics' | 'byOrganization' | 'breaches'>;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const percent = (met: number, breached: number): number | null =>
  met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10;

/** The nearest-rank percentile of a list: sort it, take the ⌈p × n⌉-th value (1-based); null for an empty list. */
function nearestRankOfList(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

function matches(record: OutcomeRecord, filter: ReferenceFilter): boolean {
  if (!filter.projectKeys.includes(record.projectKey)) return false;
  if (filter.organization !== undefined && record.organization !== filter.organization) return false;
  if (filter.plan !== undefined && record.planId !== filter.plan) return false;
  return filter.metric === undefined || record.metricId === filter.metric;
}

const decidedIn = (record: OutcomeRecord, range: PeriodRange): boolean =>
  (record.status === 'met' || record.status === 'breached') &&
  record.decidedAt !== null &&
  record.decidedAt >= range.from &&
  record.decidedAt < range.to;

/** The figures of getOutcomeReport for `records` (all of them: the filter is applied here). */
export function referenceReport(
  all: readonly OutcomeRecord[],
  range: PeriodRange,
  filter: ReferenceFilter,
  breachLimit: number,
): ReportFigures {
  const records = all.filter((record) => matches(record, filter));
  const issuesByPriority = new Map<string, Set<string>>();
  for (const record of records) {
    if (record.startedAt < range.from || record.startedAt >= range.to) continue;
    issuesByPriority.set(record.priorityId, (issuesByPriority.get(record.priorityId) ?? new Set()).add(record.issueId));
  }
  const decided = records.filter((record) => decidedIn(record, range));
  const openAtEnd = records.filter((record) => record.startedAt < range.to && (record.decidedAt === null || record.decidedAt >= range.to));
  const metricIds = [...new Set([...decided, ...openAtEnd].map((record) => record.metricId))].sort(compare);
  const metrics = metricIds.map((metric) => {
    const mine = decided.filter((record) => record.metricId === metric);
    const met = mine.filter((record) => record.status === 'met').length;
    const breached = mine.length - met;
    const minutes = mine.flatMap((record) => (record.businessMinutes === null ? [] : [record.businessMinutes]));
    return {
      metric,
      met,
      breached,
      openAtEnd: openAtEnd.filter((record) => record.metricId === metric).length,
      compliancePercent: percent(met, breached),
      medianMinutes: nearestRankOfList(minutes, 50),
      p90Minutes: nearestRankOfList(minutes, 90),
    };
  });
  const groups: Array<{ organization: string | null; plan: string; met: number; breached: number }> = [];
  for (const record of decided) {
    let group = groups.find((g) => g.organization === record.organization && g.plan === record.planId);
    if (!group) groups.push((group = { organization: record.organization, plan: record.planId, met: 0, breached: 0 }));
    if (record.status === 'met') group.met += 1;
    else group.breached += 1;
  }
  groups.sort((a, b) =>
    a.organization === b.organization
      ? compare(a.plan, b.plan)
      : a.organization === null
        ? -1
        : b.organization === null
          ? 1
          : compare(a.organization, b.organization),
  );
  const breaches = decided
    .filter((record) => record.status === 'breached')
    .sort((a, b) => b.decidedAt! - a.decidedAt! || compare(a.issueKey, b.issueKey) || compare(a.metricId, b.metricId));
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    requestsByPriority: [...issuesByPriority.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([priority, issues]) => ({ priority, requests: issues.size })),
    metrics,
    byOrganization: groups.slice(0, 1_000).map((group) => ({ ...group, compliancePercent: percent(group.met, group.breached) })),
    breaches: {
      total: breaches.length,
      items: breaches.slice(0, breachLimit).map((record) => ({
        issueKey: record.issueKey,
        projectKey: record.projectKey,
        metric: record.metricId,
        cycle: record.cycle,
        organization: record.organization,
        plan: record.planId,
        priority: record.priorityId,
        startedAt: iso(record.startedAt),
        dueAt: iso(record.dueAt!),
        completedAt: record.completedAt === null ? null : iso(record.completedAt),
        businessMinutes: record.businessMinutes,
        escalationLevel: record.escalationLevel,
      })),
    },
  };
}

/** Met, breached and compliance of each month of `months` (getOutcomeTrend's months). */
export function referenceTrend(
  all: readonly OutcomeRecord[],
  months: readonly PeriodRange[],
  filter: ReferenceFilter,
): GetOutcomeTrendOk['months'] {
  const records = all.filter((record) => matches(record, filter));
  return months.map((month) => {
    const decided = records.filter((record) => decidedIn(record, month));
    const met = decided.filter((record) => record.status === 'met').length;
    const breached = decided.length - met;
    return {
      month: month.label,
      from: new Date(month.from).toISOString(),
      to: new Date(month.to).toISOString(),
      met,
      breached,
      compliancePercent: percent(met, breached),
    };
  });
}
