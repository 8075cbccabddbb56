/**
 * The report's figures as tables (pure rendering of one getOutcomeReport answer): requests by priority, the per
 * metric figures, the organization/plan breakdown and the breach list with links to the issues. docs/reports.md
 * says how each figure is computed.
 */
import type { GetOutcomeReportOk } from '../../src/contracts/reports';
import { formatMinutes } from '../../src/engine/sla-words';
import { formatInstant } from '../shared/format';
import type { Viewer } from '../shared/api';
import { organizationLabel } from './report-csv';

const percent = (value: number | null) => (value === null ? '—' : `${value}%`);
const minutes = (value: number | null) => (value === null ? '—' : formatMinutes(value));

export function ReportView({
  report,
  viewer,
  issueUrl,
  onIncident,
}: {
  report: GetOutcomeReportOk;
  viewer: Viewer;
  issueUrl: (key: string) => string;
  /** Opens the issue's incident report (static/reports/incident-view.tsx). */
  onIncident: (issueKey: string) => void;
}) {
  return (
    <div className="report" data-testid="report">
      <section aria-labelledby="metrics-h">
        <h2 id="metrics-h">Targets</h2>
        {report.metrics.length === 0 ? (
          <p className="subtle">No SLA target started or stopped in this period in the projects you can browse.</p>
        ) : (
          <table className="figures" data-testid="metric-table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Met</th>
                <th scope="col">Breached</th>
                <th scope="col">Open at end</th>
                <th scope="col">Compliance</th>
                <th scope="col">Median time used</th>
                <th scope="col">90th percentile</th>
              </tr>
            </thead>
            <tbody>
              {report.metrics.map((m) => (
                <tr key={m.metric} data-metric={m.metric}>
                  <th scope="row">{m.metric}</th>
                  <td data-figure="met">{m.met}</td>
                  <td data-figure="breached">{m.breached}</td>
                  <td data-figure="openAtEnd">{m.openAtEnd}</td>
                  <td data-figure="compliancePercent" data-value={m.compliancePercent ?? ''}>
                    {percent(m.compliancePercent)}
                  </td>
                  <td data-figure="medianMinutes" data-value={m.medianMinutes ?? ''}>
                    {minutes(m.medianMinutes)}
                  </td>
                  <td data-figure="p90Minutes" data-value={m.p90Minutes ?? ''}>
                    {minutes(m.p90Minutes)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="report-columns">
        <section aria-labelledby="priority-h">
          <h2 id="priority-h">Requests by priority</h2>
          <table className="figures" data-testid="priority-table">
            <tbody>
              {report.requestsByPriority.map((p) => (
                <tr key={p.priority} data-priority={p.priority}>
                  <th scope="row">{p.priority}</th>
                  <td data-figure="requests">{p.requests}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="org-h">
          <h2 id="org-h">By organization and plan</h2>
          <table className="figures" data-testid="organization-table">
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Plan</th>
                <th scope="col">Met</th>
                <th scope="col">Breached</th>
                <th scope="col">Compliance</th>
              </tr>
            </thead>
            <tbody>
              {report.byOrganization.map((o) => (
                <tr key={`${o.organization ?? ''}\u0000${o.plan}`}>
                  <th scope="row">{organizationLabel(o.organization)}</th>
                  <td>{o.plan}</td>
                  <td data-figure="met">{o.met}</td>
                  <td data-figure="breached">{o.breached}</td>
                  <td data-figure="compliancePercent">{percent(o.compliancePercent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section aria-labelledby="breach-h">
        <h2 id="breach-h">
          Breaches <span className="subtle">({report.breaches.total})</span>
        </h2>
        {report.breaches.items.length < report.breaches.total ? (
          <p className="subtle">The newest {report.breaches.items.length} are listed; the CSV holds the same list.</p>
        ) : null}
        <table className="figures breaches" data-testid="breach-table">
          <thead>
            <tr>
              <th scope="col">Issue</th>
              <th scope="col">Metric</th>
              <th scope="col">Priority</th>
              <th scope="col">Organization</th>
              <th scope="col">Due</th>
              <th scope="col">Stopped</th>
              <th scope="col" className="no-print">
                <span className="sr-only">Incident report</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {report.breaches.items.map((b) => (
              <tr key={`${b.issueKey}/${b.metric}/${b.cycle}`}>
                <th scope="row">
                  <a href={issueUrl(b.issueKey)} target="_blank" rel="noreferrer">
                    {b.issueKey}
                  </a>
                </th>
                <td>{b.metric}</td>
                <td>{b.priority}</td>
                <td>{organizationLabel(b.organization)}</td>
                <td>{formatInstant(b.dueAt, viewer.timeZone, viewer.locale)}</td>
                <td>{b.completedAt === null ? 'still running' : formatInstant(b.completedAt, viewer.timeZone, viewer.locale)}</td>
                <td className="no-print">
                  <button
                    type="button"
                    className="link"
                    data-testid="breach-incident"
                    onClick={() => onIncident(b.issueKey)}
                    aria-label={`Incident report of ${b.issueKey}`}
                  >
                    Incident report
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
