import { csvField, csvFileName, CSV_COLUMNS, reportCsv } from '../../../static/reports/report-csv';
import { breachItem, metricFigures, outcomeReport } from '../../builders/outcome-report';
import { parseCsv } from '../../support/parse-csv';

describe('reportCsv', () => {
  it('writes every figure of the report, one row per priority, metric, organization and breach', () => {
    const report = outcomeReport({
      metrics: [
        metricFigures(),
        metricFigures({
          metric: 'resolution',
          met: 0,
          breached: 0,
          openAtEnd: 4,
          compliancePercent: null,
          medianMinutes: null,
          p90Minutes: null,
        }),
      ],
      byOrganization: [
        { organization: null, plan: 'gold', met: 1, breached: 0, compliancePercent: 100 },
        { organization: 'Acme, Inc.', plan: 'standard', met: 2, breached: 1, compliancePercent: 66.7 },
      ],
    });
    const text = reportCsv(report);
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const rows = parseCsv(text);
    expect(rows.filter((r) => r.section === 'priority').map((r) => [r.priority, r.requests])).toEqual([['P1', '2']]);
    expect(
      rows
        .filter((r) => r.section === 'metric')
        .map((r) => [r.metric, r.met, r.breached, r.open_at_end, r.compliance_percent, r.median_minutes, r.p90_minutes]),
    ).toEqual([
      ['firstResponse', '3', '1', '1', '75', '60', '180'],
      ['resolution', '0', '0', '4', '', '', ''],
    ]);
    expect(
      rows.filter((r) => r.section === 'organization').map((r) => [r.organization, r.plan, r.met, r.breached, r.compliance_percent]),
    ).toEqual([
      ['(no organization)', 'gold', '1', '0', '100'],
      ['Acme, Inc.', 'standard', '2', '1', '66.7'],
    ]);
    expect(rows.filter((r) => r.section === 'breach').map((r) => [r.issue, r.metric, r.due_at, r.completed_at])).toEqual([
      ['SUP-2', 'firstResponse', '2026-03-02T11:00:00.000Z', '2026-03-02T12:00:00.000Z'],
    ]);
    expect(rows.every((r) => r.period === '2026-03')).toBe(true);
  });

  it('keeps a hostile organization name a text: quotes, line breaks and a formula prefix', () => {
    const name = '=HYPERLINK("http://x","click")\nnext';
    const rows = parseCsv(
      reportCsv(outcomeReport({ breaches: { total: 1, items: [breachItem({ organization: name, completedAt: null })] } })),
    );
    const breach = rows.find((r) => r.section === 'breach')!;
    expect(breach.organization).toBe(`'${name}`);
    expect(breach.completed_at).toBe('');
  });
});

describe('csvField and csvFileName', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@sum', "'@sum"],
  ])('csvField(%j) = %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
  it('writes numbers as numbers (a negative number stays a number) and null as empty', () => {
    expect(csvField(-2)).toBe('-2');
    expect(csvField(66.7)).toBe('66.7');
    expect(csvField(null)).toBe('');
  });
  it('names the file after the period, with only safe characters', () => {
    expect(csvFileName(outcomeReport())).toBe('sla-report-2026-03.csv');
    const range = outcomeReport({ period: { label: '2026-03-01..2026-03-15', from: '', to: '', timeZone: 'UTC' } });
    expect(csvFileName(range)).toBe('sla-report-2026-03-01-2026-03-15.csv');
  });
});
