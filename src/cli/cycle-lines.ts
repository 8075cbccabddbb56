/**
 * The cycles part of `sla evaluate`'s text: for every metric that has run more than once, one line per cycle
 * (the completed ones, then the current one), so a reopened issue's history reads in the terminal.
 */
import { formatMinutes, metricStateWords } from '../engine/sla-words';
import type { MetricState } from '../engine/metric-state';

/** One cycle as a table row: number, outcome, start, stop, due, business time used and paused, terms, why. */
type Row = [string, string, string, string, string, string, string, string, string];

/**
 * The lines that list every cycle of each metric with more than one (none when no metric repeated, so a
 * single-cycle evaluation prints as before). `local` formats an ISO instant in the zone; `table` aligns.
 *
 * @example
 * cycleLines(state.metrics, local, table)
 * //=> ['cycles of resolution: 2 (0 breached)', 'cycle  status   started …', '1      met      Mon 11-16 09:00 EST …', …, '']
 */
export function cycleLines(
  metrics: readonly MetricState[],
  local: (iso: string | null) => string,
  table: (rows: string[][]) => string[],
  priority: string,
  plan: string,
): string[] {
  const out: string[] = [];
  for (const metric of metrics) {
    if (metric.pastCycles.length === 0) continue;
    const rows: Row[] = [['cycle', 'status', 'started', 'stopped', 'due', 'used', 'paused', 'terms', 'why']];
    for (const cycle of metric.pastCycles) {
      rows.push([
        String(cycle.cycle),
        cycle.status,
        local(cycle.startedAt),
        local(cycle.stoppedAt),
        local(cycle.dueAt),
        formatMinutes(cycle.elapsedMinutes),
        formatMinutes(cycle.pausedMinutes),
        `${cycle.priority} ${cycle.plan}`,
        `${cycle.reason.started} → ${cycle.reason.stopped}`,
      ]);
    }
    rows.push([
      `${metric.cycle} (now)`,
      metricStateWords(metric).toLowerCase(),
      local(metric.startedAt),
      local(metric.stoppedAt),
      local(metric.dueAt),
      formatMinutes(metric.elapsedMinutes),
      '',
      `${priority} ${plan}`,
      metric.history.filter((entry) => entry.kind === 'started').at(-1)?.reason ?? '',
    ]);
    out.push(`cycles of ${metric.id}: ${metric.cycle} (${metric.breachedCycles} breached)`, ...table(rows), '');
  }
  return out;
}
