/**
 * The cycles of a metric that runs more than once (a reopened issue's resolution, next reply, periodic update):
 * one line for the current cycle ("cycle 3 of next reply: 1h 10m left") and a folded list of the past cycles
 * with their outcomes. A metric that has run once shows nothing here, so single-cycle policies look as before.
 */
import type { CompletedCycle } from '../../src/engine/metric-state';
import { dayLengthFor, formatMinutes } from '../../src/engine/sla-words';
import type { Viewer } from '../shared/api';
import { formatInstant } from '../shared/format';
import type { LiveMetric } from './live';

/**
 * A label inside a sentence: its first letter lowered unless the label starts with an abbreviation.
 * @example inSentence('Next reply') //=> 'next reply'
 * @example inSentence('API uptime') //=> 'API uptime'
 */
export function inSentence(label: string): string {
  const [first = '', second = ''] = label;
  return second !== '' && second === second.toUpperCase() && second !== second.toLowerCase() ? label : first.toLowerCase() + label.slice(1);
}

/**
 * The current cycle in a few words, on the live numbers: null for a metric in its first cycle (or none yet).
 * @example cycleLineWords(liveOf({ cycle: 3, label: 'Next reply', status: 'running', … }), 70) //=> 'cycle 3 of next reply: 1h 10m left'
 */
export function cycleLineWords(live: LiveMetric): string | null {
  const m = live.metric;
  if (m.cycle < 2) return null;
  const days = dayLengthFor(m.target);
  const left = live.remainingMinutes === null ? null : Math.round(live.remainingMinutes);
  const head = `cycle ${m.cycle} of ${inSentence(m.label)}`;
  switch (m.status) {
    case 'running':
      if (left === null) return `${head}: running`;
      return left > 0
        ? `${head}: ${formatMinutes(left, days)} left`
        : left === 0
          ? `${head}: due now`
          : `${head}: late by ${formatMinutes(-left, days)}`;
    case 'paused':
      return left === null || left > 0
        ? `${head}: paused${left === null ? '' : `, ${formatMinutes(left, days)} left`}`
        : `${head}: paused, late by ${formatMinutes(-left, days)}`;
    case 'met':
      return `${head}: met`;
    case 'breached':
      return `${head}: breached`;
    default:
      return `${head}: not started`;
  }
}

/**
 * A past cycle's outcome in words: met or breached, and how much of its target it used.
 * @example pastCycleWords({ status: 'met', elapsedMinutes: 50, targetMinutes: 60, pausedMinutes: 0, … }) //=> 'met: 50m of 1h used'
 * @example pastCycleWords({ status: 'breached', elapsedMinutes: 90, targetMinutes: 60, pausedMinutes: 15, … }) //=> 'breached: 1h 30m of 1h used, 15m paused'
 */
export function pastCycleWords(cycle: Pick<CompletedCycle, 'status' | 'elapsedMinutes' | 'targetMinutes' | 'pausedMinutes'>): string {
  const used =
    cycle.targetMinutes === null
      ? `${formatMinutes(cycle.elapsedMinutes)} used`
      : `${formatMinutes(cycle.elapsedMinutes)} of ${formatMinutes(cycle.targetMinutes)} used`;
  const paused = cycle.pausedMinutes > 0 ? `, ${formatMinutes(cycle.pausedMinutes)} paused` : '';
  return `${cycle.status}: ${used}${paused}`;
}

/** The cycle line and the history of past cycles of one metric row; nothing for a metric that ran once. */
export function MetricCycles({ live, viewer, calendarZone }: { live: LiveMetric; viewer: Viewer; calendarZone: string }) {
  const m = live.metric;
  const line = cycleLineWords(live);
  if (line === null && m.pastCycles.length === 0) return null;
  const at = (iso: string) => (
    <time dateTime={iso} title={`${formatInstant(iso, calendarZone, viewer.locale)} in ${calendarZone} (the calendar's zone)`}>
      {formatInstant(iso, viewer.timeZone, viewer.locale)}
    </time>
  );
  return (
    <div className="cycles" data-testid={`cycles-${m.id}`}>
      {line === null ? null : (
        <div className="cycle-line" data-testid={`cycle-line-${m.id}`}>
          {line.charAt(0).toUpperCase() + line.slice(1)}
        </div>
      )}
      {m.pastCycles.length === 0 ? null : (
        // Folded: the current cycle is what the agent works on; past outcomes are one click away.
        <details className="cycle-history">
          <summary>
            Past cycles ({m.pastCycles.length})
            {m.pastCycles.some((cycle) => cycle.status === 'breached')
              ? `: ${m.pastCycles.filter((cycle) => cycle.status === 'breached').length} breached`
              : ': all met'}
          </summary>
          <ol className="cycle-list">
            {m.pastCycles.map((cycle) => (
              <li key={cycle.cycle} data-cycle={cycle.cycle} data-status={cycle.status} className={`cycle cycle-${cycle.status}`}>
                <span className="cycle-number">Cycle {cycle.cycle}</span> {at(cycle.startedAt)} → {at(cycle.stoppedAt)}:{' '}
                <span className="cycle-outcome">{pastCycleWords(cycle)}</span>
                <span className="subtle">
                  {' '}
                  ({cycle.reason.started}; {cycle.reason.stopped})
                </span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
