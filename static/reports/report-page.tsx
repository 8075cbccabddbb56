/**
 * The report page: period (month, quarter, range), organization and plan filters; the report's tables, the
 * 12-month compliance trend and the CSV export of the same answer; and the "Quarterly review" tab (one
 * organization's quarter, quarterly-review.tsx). Every figure comes from the report resolvers, which count only the
 * projects the viewer can browse.
 */
import { useEffect, useState } from 'react';
import type { GetOutcomeReportOk, GetOutcomeTrendOk, GetReportFiltersOk } from '../../src/contracts/reports';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { choiceForMonth, periodOf, trendEndMonth, type PeriodChoice } from './period-input';
import { organizationOfValue } from './organization-choice';
import { QuarterlyReview } from './quarterly-review';
import { csvFileName, reportCsv } from './report-csv';
import { ReportView } from './report-view';
import { OrganizationSelect } from './organization-select';
import { downloadCsv } from '../shared/download';
import { TrendChart } from './trend-chart';

type Loaded<T> = { kind: 'loading' } | { kind: 'ok'; value: T } | { kind: 'error'; message: string };

export function ReportPage({
  projectKey,
  viewer,
  issueUrl,
  onIncident,
}: {
  projectKey: string | null;
  viewer: Viewer;
  issueUrl: (key: string) => string;
  /** Opens an issue's incident report (from a breach row). */
  onIncident: (issueKey: string) => void;
}) {
  const [filters, setFilters] = useState<Loaded<GetReportFiltersOk>>({ kind: 'loading' });
  const [choice, setChoice] = useState<PeriodChoice | null>(null);
  const [organization, setOrganization] = useState('');
  const [plan, setPlan] = useState('');
  const [report, setReport] = useState<Loaded<GetOutcomeReportOk>>({ kind: 'loading' });
  const [trend, setTrend] = useState<GetOutcomeTrendOk | null>(null);
  const [tab, setTab] = useState<'report' | 'quarterly'>('report');
  const scope = projectKey ? { projectKey } : {};

  useEffect(() => {
    void callResolver('getReportFilters', { ...scope, timeZone: viewer.timeZone }).then((answer) => {
      if (isResolverError(answer)) return setFilters({ kind: 'error', message: answer.message });
      setFilters({ kind: 'ok', value: answer });
      // Open on the newest month with decided outcomes, so a report shows without any typing.
      setChoice(choiceForMonth(answer.lastMonth ?? answer.currentMonth));
    });
  }, [projectKey]);

  useEffect(() => {
    if (choice === null) return;
    const narrowed = {
      ...scope,
      timeZone: viewer.timeZone,
      ...(organization === '' ? {} : { organization: organizationOfValue(organization) }),
      ...(plan === '' ? {} : { plan }),
    };
    setReport({ kind: 'loading' });
    // An answer to an earlier choice that arrives after a newer one is dropped, so the page never shows stale figures.
    let current = true;
    void callResolver('getOutcomeReport', { ...narrowed, period: periodOf(choice), breachLimit: 500 }).then((answer) => {
      if (current) setReport(isResolverError(answer) ? { kind: 'error', message: answer.message } : { kind: 'ok', value: answer });
    });
    void callResolver('getOutcomeTrend', { ...narrowed, lastMonth: trendEndMonth(choice), months: 12 }).then((answer) => {
      if (current) setTrend(isResolverError(answer) ? null : answer);
    });
    return () => {
      current = false;
    };
  }, [choice, organization, plan, projectKey, viewer.timeZone]);

  if (filters.kind === 'error')
    return (
      <p className="page-pad" role="alert">
        {filters.message}
      </p>
    );
  const menus = filters.kind === 'ok' ? filters.value : null;
  const update = (patch: Partial<PeriodChoice>) => setChoice((old) => (old ? { ...old, ...patch } : old));

  return (
    <main className="page-pad report-page">
      <header className="report-header">
        <h1>SLA report{projectKey ? ` — ${projectKey}` : ''}</h1>
        {tab === 'report' ? (
          <button
            type="button"
            className="button button-primary"
            disabled={report.kind !== 'ok'}
            onClick={() => report.kind === 'ok' && downloadCsv(reportCsv(report.value), csvFileName(report.value))}
          >
            Export CSV
          </button>
        ) : null}
      </header>
      <div role="tablist" aria-label="Report views" className="report-tabs">
        {(
          [
            ['report', 'Report'],
            ['quarterly', 'Quarterly review'],
          ] as const
        ).map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className="report-tab" onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'quarterly' ? (
        choice && menus ? (
          <QuarterlyReview projectKey={projectKey} viewer={viewer} organizations={menus.organizations} initialQuarter={choice.quarter} />
        ) : (
          <p className="subtle">Loading…</p>
        )
      ) : null}
      {tab === 'report' && choice && menus ? (
        <form className="report-filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            <span className="field-label">Period</span>
            <select value={choice.kind} onChange={(e) => update({ kind: e.target.value as PeriodChoice['kind'] })}>
              <option value="month">Month</option>
              <option value="quarter">Quarter</option>
              <option value="range">Range</option>
            </select>
          </label>
          {choice.kind === 'month' ? (
            <label>
              <span className="field-label">Month</span>
              <input type="month" value={choice.month} onChange={(e) => e.target.value && update({ month: e.target.value })} />
            </label>
          ) : null}
          {choice.kind === 'quarter' ? (
            <label>
              <span className="field-label">Quarter (YYYY-Qn)</span>
              <input
                value={choice.quarter}
                pattern="\d{4}-Q[1-4]"
                onChange={(e) => /^\d{4}-Q[1-4]$/.test(e.target.value) && update({ quarter: e.target.value })}
              />
            </label>
          ) : null}
          {choice.kind === 'range' ? (
            <>
              <label>
                <span className="field-label">From</span>
                <input type="date" value={choice.from} onChange={(e) => e.target.value && update({ from: e.target.value })} />
              </label>
              <label>
                <span className="field-label">To (inclusive)</span>
                <input type="date" value={choice.to} onChange={(e) => e.target.value && update({ to: e.target.value })} />
              </label>
            </>
          ) : null}
          <OrganizationSelect value={organization} organizations={menus.organizations} onChange={setOrganization} />
          <label>
            <span className="field-label">Plan</span>
            <select value={plan} onChange={(e) => setPlan(e.target.value)}>
              <option value="">All plans</option>
              {menus.plans.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </form>
      ) : null}
      {tab === 'report' && report.kind === 'ok' ? (
        <p className="subtle" data-testid="report-scope">
          {report.value.period.label} ({report.value.period.timeZone}) · projects:{' '}
          {report.value.projectKeys.join(', ') || 'none you can browse'}
        </p>
      ) : null}
      {tab === 'report' ? (
        <>
          <section aria-labelledby="trend-h" className="trend">
            <h2 id="trend-h">Compliance, last 12 months</h2>
            {trend ? <TrendChart trend={trend} /> : <p className="subtle">Loading…</p>}
          </section>
          {report.kind === 'loading' ? <p className="subtle">Loading the report…</p> : null}
          {report.kind === 'error' ? <p role="alert">{report.message}</p> : null}
          {report.kind === 'ok' ? <ReportView report={report.value} viewer={viewer} issueUrl={issueUrl} onIncident={onIncident} /> : null}
        </>
      ) : null}
    </main>
  );
}
