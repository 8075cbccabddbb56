/**
 * The Quarterly Business Review pack of one organization: the quarter's three monthly reports, the quarter as one
 * period, the quarter before, and the change between the two quarters. Every column is outcome-reports.ts's own
 * report of its period (its queries, unchanged), so a month of the pack equals the monthly report and the quarter
 * column equals the quarterly report. docs/reports.md, "Quarterly review".
 */
import type { GetQuarterlyReviewOk, MetricFigures, ReviewColumn, ReviewFigures } from '../contracts/reports';
import { periodRange } from '../engine/report-period';
import { previousQuarter, quarterMonths } from '../engine/report-quarter';
import { outcomeReport, type OutcomeFilter } from './outcome-reports';

/** One period's report as a review column (the breach list dropped: the pack counts breaches, the report lists them). */
async function column(period: Parameters<typeof periodRange>[0], timeZone: string, filter: OutcomeFilter): Promise<ReviewColumn> {
  const report = await outcomeReport(periodRange(period, timeZone), timeZone, filter, 1);
  return {
    period: report.period,
    requestsByPriority: report.requestsByPriority,
    metrics: report.metrics,
    breachCount: report.breaches.total,
  };
}

const difference = (now: number | null, before: number | null): number | null =>
  now === null || before === null ? null : Math.round((now - before) * 10) / 10;

/**
 * A quarter's figures minus the previous quarter's, figure by figure: a metric or priority absent from one side
 * counts 0 there (nothing started or decided), a percentage or duration absent from either side gives null.
 *
 * @example
 * figuresChange(quarter with firstResponse met 5, compliance 83.3; previous with met 3, compliance 75)
 * //=> metrics [{ metric: 'firstResponse', met: 2, compliancePercent: 8.3, … }]
 */
export function figuresChange(now: ReviewFigures, before: ReviewFigures): ReviewFigures {
  const zero = (metric: string): MetricFigures => ({
    metric,
    met: 0,
    breached: 0,
    openAtEnd: 0,
    compliancePercent: null,
    medianMinutes: null,
    p90Minutes: null,
  });
  const metricIds = [...new Set([...now.metrics, ...before.metrics].map((m) => m.metric))].sort();
  const priorities = [...new Set([...now.requestsByPriority, ...before.requestsByPriority].map((p) => p.priority))].sort();
  const requests = (figures: ReviewFigures, priority: string) =>
    figures.requestsByPriority.find((p) => p.priority === priority)?.requests ?? 0;
  return {
    requestsByPriority: priorities.map((priority) => ({ priority, requests: requests(now, priority) - requests(before, priority) })),
    metrics: metricIds.map((metric) => {
      const a = now.metrics.find((m) => m.metric === metric) ?? zero(metric);
      const b = before.metrics.find((m) => m.metric === metric) ?? zero(metric);
      return {
        metric,
        met: a.met - b.met,
        breached: a.breached - b.breached,
        openAtEnd: a.openAtEnd - b.openAtEnd,
        compliancePercent: difference(a.compliancePercent, b.compliancePercent),
        medianMinutes: difference(a.medianMinutes, b.medianMinutes),
        p90Minutes: difference(a.p90Minutes, b.p90Minutes),
      };
    }),
    breachCount: now.breachCount - before.breachCount,
  };
}

/**
 * The review of `quarter` for the filter's organization: five reports (three months, the quarter, the quarter
 * before), one after the other, each the five statements of outcomeReport.
 */
export async function quarterlyReview(
  quarter: string,
  timeZone: string,
  filter: OutcomeFilter,
): Promise<Omit<GetQuarterlyReviewOk, 'ok' | 'projectKeys' | 'organization'>> {
  const before = previousQuarter(quarter);
  const months: ReviewColumn[] = [];
  for (const month of quarterMonths(quarter)) months.push(await column({ kind: 'month', month }, timeZone, filter));
  const total = await column({ kind: 'quarter', quarter }, timeZone, filter);
  const previous = await column({ kind: 'quarter', quarter: before }, timeZone, filter);
  const { period: _total, ...totalFigures } = total;
  const { period: _previous, ...previousFigures } = previous;
  return { quarter, previousQuarter: before, timeZone, months, total, previous, change: figuresChange(totalFigures, previousFigures) };
}
