/**
 * The CSV export of a report: the same figures the page shows, one row per figure group, so a spreadsheet holds
 * exactly what the page holds. Pure (no DOM) so it is unit-tested in Node and the browser test compares it with
 * the page.
 */
import type { GetOutcomeReportOk } from '../../src/contracts/reports';

/** The columns of every row, in order. */
export const CSV_COLUMNS = [
  'section',
  'period',
  'organization',
  'plan',
  'priority',
  'metric',
  'issue',
  'requests',
  'met',
  'breached',
  'open_at_end',
  'compliance_percent',
  'median_minutes',
  'p90_minutes',
  'started_at',
  'due_at',
  'completed_at',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a text starting with = + - @ (or a tab/CR) is
 * prefixed with ' because organization and plan names are customer data and a spreadsheet would run them as a
 * formula. Numbers are written as they are (a negative number is a number, not a formula).
 * @example csvField('Acme, Inc.') //=> '"Acme, Inc."'
 * @example csvField('=HYPERLINK("x")') //=> '"\'=HYPERLINK(""x"")"'
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The label of an organization as the page and the CSV print it (null = issues without one). */
export function organizationLabel(organization: string | null): string {
  return organization ?? '(no organization)';
}

/**
 * The report as CSV (RFC 4180, CRLF line ends, a header row): sections `priority` (requests by priority),
 * `metric` (met, breached, open at the end, compliance, median, p90), `organization` (per organization and plan)
 * and `breach` (the listed breaches).
 * @example reportCsv(report).split('\r\n')[0] //=> 'section,period,organization,plan,priority,metric,issue,...'
 */
export function reportCsv(report: GetOutcomeReportOk): string {
  const period = report.period.label;
  const rows: Row[] = [
    ...report.requestsByPriority.map((p): Row => ({ section: 'priority', period, priority: p.priority, requests: p.requests })),
    ...report.metrics.map((m): Row => ({
      section: 'metric',
      period,
      metric: m.metric,
      met: m.met,
      breached: m.breached,
      open_at_end: m.openAtEnd,
      compliance_percent: m.compliancePercent,
      median_minutes: m.medianMinutes,
      p90_minutes: m.p90Minutes,
    })),
    ...report.byOrganization.map((o): Row => ({
      section: 'organization',
      period,
      organization: organizationLabel(o.organization),
      plan: o.plan,
      met: o.met,
      breached: o.breached,
      compliance_percent: o.compliancePercent,
    })),
    ...report.breaches.items.map((b): Row => ({
      section: 'breach',
      period,
      organization: organizationLabel(b.organization),
      plan: b.plan,
      priority: b.priority,
      metric: b.metric,
      issue: b.issueKey,
      started_at: b.startedAt,
      due_at: b.dueAt,
      completed_at: b.completedAt,
    })),
  ];
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The file name of a report's CSV, e.g. sla-report-2026-03.csv (the label's characters outside [A-Za-z0-9-] become -). */
export function csvFileName(report: GetOutcomeReportOk): string {
  return `sla-report-${report.period.label.replace(/[^A-Za-z0-9-]+/g, '-')}.csv`;
}
