import type { GetQuarterlyReviewOk, ReviewColumn } from '../../../src/contracts/reports';
import { reviewColumns, reviewCsv, reviewCsvFileName, reviewRows, reviewValueText } from '../../../static/reports/quarterly-rows';
import { metricFigures } from '../../builders/outcome-report';

/** A review column of `label` (UTC instants are not read by the rows). */
function column(label: string, overrides: Partial<ReviewColumn> = {}): ReviewColumn {
  return {
    period: { label, from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', timeZone: 'UTC' },
    requestsByPriority: [],
    metrics: [],
    breachCount: 0,
    ...overrides,
  };
}

/** Q1 2026 of Acme: firstResponse in January and March, resolution only in the quarter before; P1 in February. */
function review(): GetQuarterlyReviewOk {
  return {
    ok: true,
    quarter: '2026-Q1',
    previousQuarter: '2025-Q4',
    timeZone: 'UTC',
    projectKeys: ['SUP'],
    organization: '=Acme',
    months: [
      column('2026-01', {
        metrics: [metricFigures({ met: 1, breached: 0, openAtEnd: 2, compliancePercent: 100, medianMinutes: 30, p90Minutes: 30 })],
      }),
      column('2026-02', { requestsByPriority: [{ priority: 'P1', requests: 2 }] }),
      column('2026-03', {
        metrics: [metricFigures({ met: 2, breached: 1, openAtEnd: 0, compliancePercent: 66.7, medianMinutes: 60, p90Minutes: 90 })],
        breachCount: 1,
      }),
    ],
    total: column('2026-Q1', {
      requestsByPriority: [{ priority: 'P1', requests: 2 }],
      metrics: [metricFigures({ met: 3, breached: 1, openAtEnd: 0, compliancePercent: 75, medianMinutes: 60, p90Minutes: 90 })],
      breachCount: 1,
    }),
    previous: column('2025-Q4', {
      metrics: [
        metricFigures({
          metric: 'resolution',
          met: 1,
          breached: 1,
          openAtEnd: 0,
          compliancePercent: 50,
          medianMinutes: 600,
          p90Minutes: 600,
        }),
      ],
      breachCount: 1,
    }),
    change: {
      requestsByPriority: [{ priority: 'P1', requests: 2 }],
      metrics: [
        metricFigures({ met: 3, breached: 1, openAtEnd: 0, compliancePercent: null, medianMinutes: null, p90Minutes: null }),
        metricFigures({
          metric: 'resolution',
          met: -1,
          breached: -1,
          openAtEnd: 0,
          compliancePercent: null,
          medianMinutes: null,
          p90Minutes: null,
        }),
      ],
      breachCount: 0,
    },
  };
}

describe('the quarterly review as rows', () => {
  it('has a column per month, the quarter, the quarter before and the change', () => {
    expect(reviewColumns(review())).toEqual([
      { key: '2026-01', label: '2026-01' },
      { key: '2026-02', label: '2026-02' },
      { key: '2026-03', label: '2026-03' },
      { key: '2026-Q1', label: '2026-Q1 total' },
      { key: '2025-Q4', label: '2025-Q4 (previous)' },
      { key: 'change_vs_2025-Q4', label: 'Change vs 2025-Q4' },
    ]);
  });

  it('lists six figures per metric of any column, requests per priority and the breaches; absent counts are 0, absent percentages none', () => {
    const rows = reviewRows(review());
    expect(rows.map((r) => `${r.section}:${r.metric ?? r.priority ?? ''}:${r.figure}`)).toEqual([
      'metric:firstResponse:met',
      'metric:firstResponse:breached',
      'metric:firstResponse:open_at_end',
      'metric:firstResponse:compliance_percent',
      'metric:firstResponse:median_minutes',
      'metric:firstResponse:p90_minutes',
      'metric:resolution:met',
      'metric:resolution:breached',
      'metric:resolution:open_at_end',
      'metric:resolution:compliance_percent',
      'metric:resolution:median_minutes',
      'metric:resolution:p90_minutes',
      'priority:P1:requests',
      'breaches::breaches',
    ]);
    const values = (key: string) => rows.find((r) => `${r.section}:${r.metric ?? r.priority ?? ''}:${r.figure}` === key)!.values;
    expect(values('metric:firstResponse:met')).toEqual([1, 0, 2, 3, 0, 3]);
    expect(values('metric:firstResponse:compliance_percent')).toEqual([100, null, 66.7, 75, null, null]);
    expect(values('metric:resolution:median_minutes')).toEqual([null, null, null, null, 600, null]);
    expect(values('priority:P1:requests')).toEqual([0, 2, 0, 2, 0, 2]);
    expect(values('breaches::breaches')).toEqual([0, 0, 1, 1, 1, 0]);
  });

  it.each([
    [3, 'count', false, '3'],
    [3, 'count', true, '+3'],
    [-1, 'count', true, '−1'],
    [0, 'count', true, '±0'],
    [66.7, 'percent', false, '66.7%'],
    [8.3, 'percent', true, '+8.3 pp'],
    [90, 'minutes', false, '1h 30m'],
    [-15, 'minutes', true, '−15m'],
    [null, 'percent', true, '—'],
  ] as const)('prints %p (%s, change %p) as %p', (value, kind, change, text) => {
    expect(reviewValueText(value, kind, change)).toBe(text);
  });

  it('writes the CSV with the same rows and values, the organization kept as text', () => {
    const csv = reviewCsv(review());
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('organization,section,metric,priority,figure,2026-01,2026-02,2026-03,2026-Q1,2025-Q4,change_vs_2025-Q4');
    expect(lines[1]).toBe("'=Acme,metric,firstResponse,,met,1,0,2,3,0,3");
    expect(lines[4]).toBe("'=Acme,metric,firstResponse,,compliance_percent,100,,66.7,75,,");
    expect(lines.slice(1, -1)).toHaveLength(reviewRows(review()).length);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(reviewCsvFileName(review())).toBe('sla-review-Acme-2026-Q1.csv');
    expect(reviewCsvFileName({ ...review(), organization: null })).toBe('sla-review-no-organization-2026-Q1.csv');
    expect(reviewCsvFileName({ ...review(), organization: 'Acme, Inc.' })).toBe('sla-review-Acme-Inc-2026-Q1.csv');
    expect(reviewCsvFileName({ ...review(), organization: 'Ünïcode' })).toBe('sla-review-n-code-2026-Q1.csv');
  });
});
