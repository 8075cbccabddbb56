/**
 * The Quarterly Business Review as rows and columns: one model that the page's table and the CSV export both
 * print, so page and file cannot disagree. Pure (no DOM), unit-tested in Node; the numbers are the resolver's.
 */
import type { GetQuarterlyReviewOk, MetricFigures, ReviewFigures } from '../../src/contracts/reports';
import { formatMinutes } from '../../src/engine/sla-words';
import { csvField, organizationLabel } from './report-csv';

export interface ReviewTableColumn {
  /** the CSV header: the period label, or change_vs_<previous quarter> */
  key: string;
  /** the page's heading */
  label: string;
}
export type FigureKind = 'count' | 'percent' | 'minutes';
export interface ReviewRow {
  section: 'metric' | 'priority' | 'breaches';
  metric: string | null;
  priority: string | null;
  /** the figure's name in the CSV (met, breached, open_at_end, compliance_percent, median_minutes, p90_minutes, requests, breaches) */
  figure: string;
  /** the figure's name on the page */
  label: string;
  kind: FigureKind;
  /** one value per column of reviewColumns, in order; null = no value (nothing decided) */
  values: Array<number | null>;
}

const METRIC_FIGURES: ReadonlyArray<{ key: keyof Omit<MetricFigures, 'metric'>; figure: string; label: string; kind: FigureKind }> = [
  { key: 'met', figure: 'met', label: 'Met', kind: 'count' },
  { key: 'breached', figure: 'breached', label: 'Breached', kind: 'count' },
  { key: 'openAtEnd', figure: 'open_at_end', label: 'Open at end', kind: 'count' },
  { key: 'compliancePercent', figure: 'compliance_percent', label: 'Compliance', kind: 'percent' },
  { key: 'medianMinutes', figure: 'median_minutes', label: 'Median time used', kind: 'minutes' },
  { key: 'p90Minutes', figure: 'p90_minutes', label: '90th percentile', kind: 'minutes' },
];

/** The figures of every column, in column order: the three months, the quarter, the previous quarter, the change. */
function columnFigures(review: GetQuarterlyReviewOk): ReviewFigures[] {
  return [...review.months, review.total, review.previous, review.change];
}

/**
 * The columns: the quarter's months, the quarter, the quarter before and the change between them.
 * @example reviewColumns(q1Review).map((c) => c.key) //=> ['2026-01', '2026-02', '2026-03', '2026-Q1', '2025-Q4', 'change_vs_2025-Q4']
 */
export function reviewColumns(review: GetQuarterlyReviewOk): ReviewTableColumn[] {
  return [
    ...review.months.map((m) => ({ key: m.period.label, label: m.period.label })),
    { key: review.total.period.label, label: `${review.total.period.label} total` },
    { key: review.previous.period.label, label: `${review.previous.period.label} (previous)` },
    { key: `change_vs_${review.previousQuarter}`, label: `Change vs ${review.previousQuarter}` },
  ];
}

/**
 * The rows: six figures per metric (every metric of any column), requests per SLA priority, and the breach count.
 * A metric or priority absent from a column counts 0 there (nothing started or decided); its percentages and
 * durations are null.
 * @example reviewRows(q1Review)[0] //=> { section: 'metric', metric: 'firstResponse', figure: 'met', values: [1, 0, 3, 4, 2, 2], … }
 */
export function reviewRows(review: GetQuarterlyReviewOk): ReviewRow[] {
  const columns = columnFigures(review);
  const metrics = [...new Set(columns.flatMap((c) => c.metrics.map((m) => m.metric)))].sort();
  const priorities = [...new Set(columns.flatMap((c) => c.requestsByPriority.map((p) => p.priority)))].sort();
  const rows: ReviewRow[] = [];
  for (const metric of metrics) {
    for (const { key, figure, label, kind } of METRIC_FIGURES) {
      const values = columns.map((c) => {
        const figures = c.metrics.find((m) => m.metric === metric);
        if (figures === undefined) return kind === 'count' ? 0 : null;
        return figures[key];
      });
      rows.push({ section: 'metric', metric, priority: null, figure, label, kind, values });
    }
  }
  for (const priority of priorities) {
    const values = columns.map((c) => c.requestsByPriority.find((p) => p.priority === priority)?.requests ?? 0);
    rows.push({ section: 'priority', metric: null, priority, figure: 'requests', label: `Requests, ${priority}`, kind: 'count', values });
  }
  rows.push({
    section: 'breaches',
    metric: null,
    priority: null,
    figure: 'breaches',
    label: 'Breaches',
    kind: 'count',
    values: columns.map((c) => c.breachCount),
  });
  return rows;
}

/**
 * A value as the page prints it; a change is signed (compliance in percentage points).
 * @example reviewValueText(8.3, 'percent', true) //=> '+8.3 pp'
 * @example reviewValueText(-15, 'minutes', true) //=> '−15m'
 * @example reviewValueText(null, 'percent', false) //=> '—'
 */
export function reviewValueText(value: number | null, kind: FigureKind, change: boolean): string {
  if (value === null) return '—';
  const sign = change ? (value > 0 ? '+' : value < 0 ? '−' : '±') : value < 0 ? '−' : '';
  const size = Math.abs(value);
  if (kind === 'percent') return `${sign}${size}${change ? ' pp' : '%'}`;
  if (kind === 'minutes') return `${sign}${formatMinutes(size)}`;
  return `${sign}${size}`;
}

/**
 * The review as CSV (RFC 4180, CRLF, a header row): one row per figure, one column per period and the change,
 * the numbers exactly as the resolver gave them (minutes as whole minutes, compliance in percent).
 * @example reviewCsv(q1Review).split('\r\n')[0] //=> 'organization,section,metric,priority,figure,2026-01,2026-02,2026-03,2026-Q1,2025-Q4,change_vs_2025-Q4'
 */
export function reviewCsv(review: GetQuarterlyReviewOk): string {
  const organization = organizationLabel(review.organization);
  const header = ['organization', 'section', 'metric', 'priority', 'figure', ...reviewColumns(review).map((c) => c.key)];
  const lines = [
    header.map(csvField).join(','),
    ...reviewRows(review).map((row) =>
      [organization, row.section, row.metric, row.priority, row.figure, ...row.values].map((value) => csvField(value)).join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The file name of a review's CSV: the organization's letters and digits, each other run of characters one -.
 * @example reviewCsvFileName(review of 'Acme, Inc.' in 2026-Q1) //=> 'sla-review-Acme-Inc-2026-Q1.csv'
 */
export function reviewCsvFileName(review: GetQuarterlyReviewOk): string {
  const organization = organizationLabel(review.organization)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `sla-review-${organization || 'organization'}-${review.quarter}.csv`;
}
