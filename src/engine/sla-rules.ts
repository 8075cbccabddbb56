/**
 * Rules the engine and the SLA panel's live countdown (static/sla-panel) must agree on. This module imports
 * nothing, so the panel can use it without pulling zod, luxon or date-holidays into its bundle.
 */

/** The state of one metric's clock. */
export type MetricStatus = 'running' | 'paused' | 'met' | 'breached' | 'none';

/** The SLA status at a glance, as the `SLA status` field holds it. */
export type SlaSummaryStatus = 'on track' | 'at risk' | 'paused' | 'met' | 'breached' | 'none';

/** What can happen to a metric's clock (its history). */
export type ClockEventKind = 'started' | 'paused' | 'resumed' | 'met' | 'breached';

/**
 * The order of clock events that share an instant, used by the engine's metric history and the panel's merged
 * history alike: a clock starts before anything else happens to it, a pause ends before another begins, and a
 * stop (breached or met) comes last.
 */
export const CLOCK_EVENT_ORDER: Readonly<Record<ClockEventKind, number>> = { started: 0, resumed: 1, paused: 2, breached: 3, met: 4 };

/**
 * Compares two clock events by instant (epoch ms), then by `CLOCK_EVENT_ORDER`.
 *
 * @example
 * compareClockEvents({ ms: 5, kind: 'met' }, { ms: 5, kind: 'started' }) //=> 4 (positive: the start sorts first)
 */
export function compareClockEvents(a: { ms: number; kind: ClockEventKind }, b: { ms: number; kind: ClockEventKind }): number {
  return a.ms - b.ms || CLOCK_EVENT_ORDER[a.kind] - CLOCK_EVENT_ORDER[b.kind];
}

/** A running metric is at risk from this share of its target on (inclusive): 75 % used of 4h is at 3h. */
export const AT_RISK_PERCENT = 75;

/** The id of the built-in calendar that is always working and counts real elapsed time. */
export const CALENDAR_24X7 = '24x7';

/**
 * The escalation key whose ladder applies to every priority without a ladder of its own. Here, not beside the
 * ladder's schema, so that looking a ladder up (policy-lookups.ts) loads no schema.
 */
export const ANY_PRIORITY = '*';

/**
 * The summary of an issue's metrics, the most urgent first: any breached → `breached`; else any at risk →
 * `at risk`; else any running → `on track`; else any paused → `paused`; else any met → `met`; else `none`.
 *
 * @example
 * summaryStatus([{ status: 'met', atRisk: false }, { status: 'paused', atRisk: false }]) //=> 'paused'
 */
export function summaryStatus(metrics: ReadonlyArray<{ status: MetricStatus; atRisk: boolean }>): SlaSummaryStatus {
  if (metrics.some((metric) => metric.status === 'breached')) return 'breached';
  if (metrics.some((metric) => metric.atRisk)) return 'at risk';
  if (metrics.some((metric) => metric.status === 'running')) return 'on track';
  if (metrics.some((metric) => metric.status === 'paused')) return 'paused';
  if (metrics.some((metric) => metric.status === 'met')) return 'met';
  return 'none';
}
