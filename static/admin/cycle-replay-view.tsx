/**
 * The cycle replay's result as markup, a pure function of the previewCycles answer and the viewer (the container,
 * cycle-replay.tsx, owns the form and the resolver call): one table per metric with a target, one row per cycle.
 */
import type { PreviewCyclesOk } from '../../src/contracts/cycle-preview';
import type { Viewer } from '../shared/api';
import { formatInstant } from '../shared/format';
import { cycleRows } from './cycle-replay-model';

/** The replay's result: one table per metric with a target, one row per cycle. */
export function ReplayResult({ result, viewer }: { result: PreviewCyclesOk; viewer: Viewer }) {
  const at = (iso: string | null) => (iso === null ? '—' : formatInstant(iso, viewer.timeZone, viewer.locale));
  const metrics = result.metrics.filter((metric) => metric.target !== null);
  if (metrics.length === 0) return <p className="subtle">No metric has a target for this plan and priority.</p>;
  return (
    <div className="replay-result" data-testid="replay-result">
      {metrics.map((metric) => {
        const rows = cycleRows(metric);
        return (
          <table key={metric.id} data-metric={metric.id} className="replay-table">
            <caption>
              {metric.label}: {rows.length === 0 ? 'not started' : `${rows.length} cycle${rows.length === 1 ? '' : 's'}`}
              {metric.breachedCycles > 0 ? `, ${metric.breachedCycles} breached` : ''}
              <span className="subtle"> (target {metric.target?.duration})</span>
            </caption>
            {rows.length === 0 ? null : (
              <>
                <thead>
                  <tr>
                    <th scope="col">Cycle</th>
                    <th scope="col">Started</th>
                    <th scope="col">Due</th>
                    <th scope="col">Stopped</th>
                    <th scope="col">Used</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr
                      key={row.cycle}
                      data-cycle={row.cycle}
                      data-outcome={row.outcome}
                      className={row.current ? 'replay-current' : undefined}
                    >
                      <th scope="row">
                        {row.cycle}
                        {row.current ? <span className="subtle"> (current)</span> : null}
                      </th>
                      <td>{at(row.startedAt)}</td>
                      <td>{at(row.dueAt)}</td>
                      <td>{at(row.stoppedAt)}</td>
                      <td>{row.used}</td>
                      <td>
                        <span className={row.outcome === 'breached' ? 'text-danger' : row.outcome === 'met' ? 'text-success' : undefined}>
                          {row.outcome}
                        </span>
                        {row.reason ? <span className="subtle"> ({row.reason})</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </>
            )}
          </table>
        );
      })}
    </div>
  );
}
