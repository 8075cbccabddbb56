/**
 * The dashboard gadget: this month's compliance (all metrics) and a 6-month sparkline, for the project and
 * organization its configuration names (saved by gadget-edit.tsx), else the project in its context, else every
 * project the viewer can browse.
 */
import { useEffect, useState } from 'react';
import type { GadgetConfiguration, GetOutcomeReportOk, GetOutcomeTrendOk } from '../../src/contracts/reports';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { overallCompliance } from './compliance';
import { gadgetScope, scopeWords } from './gadget-scope';
import { TrendChart } from './trend-chart';

/** Months the sparkline shows, this one last. */
export const SPARK_MONTHS = 6;

export function Gadget({
  configuration,
  contextProjectKey,
  viewer,
}: {
  configuration: GadgetConfiguration;
  contextProjectKey: string | null;
  viewer: Viewer;
}) {
  const [state, setState] = useState<{ report: GetOutcomeReportOk; trend: GetOutcomeTrendOk } | { error: string } | null>(null);
  const scope = gadgetScope(configuration, contextProjectKey);
  const scopeKey = JSON.stringify(scope);
  useEffect(() => {
    const narrowed = { timeZone: viewer.timeZone, ...scope };
    setState(null);
    void (async () => {
      // "This month" is the site clock's month in the viewer's zone (the backend's clock, not the browser's).
      const filters = await callResolver('getReportFilters', {
        timeZone: viewer.timeZone,
        ...(scope.projectKey ? { projectKey: scope.projectKey } : {}),
      });
      if (isResolverError(filters)) return setState({ error: filters.message });
      const shown = filters.currentMonth;
      const [report, trend] = await Promise.all([
        callResolver('getOutcomeReport', { ...narrowed, period: { kind: 'month', month: shown }, breachLimit: 1 }),
        callResolver('getOutcomeTrend', { ...narrowed, lastMonth: shown, months: SPARK_MONTHS }),
      ]);
      if (isResolverError(report)) return setState({ error: report.message });
      if (isResolverError(trend)) return setState({ error: trend.message });
      setState({ report, trend });
    })();
  }, [scopeKey, viewer.timeZone]);
  if (state === null) return <p className="subtle gadget">Loading…</p>;
  if ('error' in state)
    return (
      <p className="gadget" role="alert">
        {state.error} Edit the gadget to choose another project.
      </p>
    );
  const compliance = overallCompliance(state.report);
  const decided = state.report.metrics.reduce((sum, m) => sum + m.met + m.breached, 0);
  return (
    <div className="gadget" data-testid="gadget">
      <p className="subtle">
        SLA compliance {state.report.period.label} · {scopeWords(scope)}
      </p>
      <p className="gadget-figure" data-testid="gadget-compliance" data-value={compliance ?? ''}>
        {compliance === null ? '—' : `${compliance}%`}
      </p>
      <p className="subtlest">
        {decided} targets decided, {state.report.breaches.total} breached
      </p>
      <TrendChart trend={state.trend} spark height={40} />
    </div>
  );
}
