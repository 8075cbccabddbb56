/**
 * Live countdown without calling the backend: the resolver's answer is the truth at its `now`; between answers
 * the panel moves the numbers forward on the browser's clock where that is safe to know without the calendar.
 */
import type { MetricState, SlaState } from '../../src/engine/evaluate';
import { AT_RISK_PERCENT, CALENDAR_24X7, summaryStatus } from '../../src/engine/sla-rules';

const MINUTE_MS = 60_000;
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2_147_483_647;

export interface LiveMetric {
  metric: MetricState;
  /** Target minus elapsed at the live instant (negative when overdue); null without a target. */
  remainingMinutes: number | null;
  percentUsed: number | null;
  atRisk: boolean;
  /** Whether the number moves on its own right now (false means it is shown as of the last answer). */
  ticking: boolean;
}

/**
 * Whether a running metric's business clock is known to run from `serverNowMs` until its due instant.
 * For a 24x7 target it always runs. For a business calendar the panel does not know the working hours, but when
 * the wall-clock time to the due instant equals the business time left, the rest of the target lies in one
 * working stretch that has already begun, so the clock runs now.
 */
export function clockRunsUntilDue(metric: MetricState, serverNowMs: number): boolean {
  if (metric.status !== 'running' || metric.remainingMinutes === null || metric.target === null) return false;
  if (metric.target.calendar === CALENDAR_24X7) return true;
  if (metric.dueAt === null || metric.remainingMinutes <= 0) return false;
  const wallMinutes = (Date.parse(metric.dueAt) - serverNowMs) / MINUTE_MS;
  return Math.abs(wallMinutes - metric.remainingMinutes) < 1;
}

/**
 * The metric as it stands `elapsedMs` after the resolver's `now` (`serverNowMs`).
 * @example liveMetric({...running, remainingMinutes: 60, targetMinutes: 240, target: {calendar: '24x7'}}, t, 30 * 60_000)
 *          //=> { remainingMinutes: 30, percentUsed: 87.5, atRisk: true, ticking: true, … }
 */
export function liveMetric(metric: MetricState, serverNowMs: number, elapsedMs: number): LiveMetric {
  const ticking = clockRunsUntilDue(metric, serverNowMs);
  if (!ticking || metric.remainingMinutes === null || metric.targetMinutes === null) {
    return {
      metric,
      remainingMinutes: metric.remainingMinutes,
      percentUsed: metric.percentUsed,
      atRisk: metric.atRisk,
      ticking: false,
    };
  }
  const passed = Math.max(0, elapsedMs) / MINUTE_MS;
  let remaining = metric.remainingMinutes - passed;
  // A business clock is only known to run until the due instant; beyond it the next answer decides.
  if (metric.target?.calendar !== CALENDAR_24X7) remaining = Math.max(0, remaining);
  const percentUsed = metric.targetMinutes > 0 ? ((metric.targetMinutes - remaining) / metric.targetMinutes) * 100 : 100;
  return {
    metric,
    remainingMinutes: remaining,
    percentUsed,
    atRisk: remaining > 0 && percentUsed >= AT_RISK_PERCENT,
    ticking: true,
  };
}

/** Every metric of `state` as it stands `elapsedMs` after `serverNowMs`. */
export function liveMetrics(state: SlaState, serverNowMs: number, elapsedMs: number): LiveMetric[] {
  return state.metrics.map((metric) => liveMetric(metric, serverNowMs, elapsedMs));
}

/** How long to wait when an answer's `nextChangeAt` is not after its `now` (a stale answer): a minute, not a loop. */
export const STALE_RETRY_MS = 60_000;

/**
 * Milliseconds from the answer until the panel should ask again: at `nextChangeAt` (plus a second so the backend
 * is past it), or never (null) when nothing changes without a new event. A `nextChangeAt` at or before the
 * answer's `now` would otherwise mean asking every second, so it waits STALE_RETRY_MS instead.
 * @example refetchDelay('2026-01-01T10:00:00Z', Date.parse('2026-01-01T09:00:00Z')) //=> 3_601_000
 */
export function refetchDelay(nextChangeAt: string | null, serverNowMs: number): number | null {
  if (nextChangeAt === null) return null;
  const untilChange = Date.parse(nextChangeAt) - serverNowMs;
  if (!(untilChange > 0)) return STALE_RETRY_MS;
  return Math.min(MAX_TIMER_MS, untilChange + 1000);
}

/**
 * Whether a running metric has reached its due instant on the browser clock: the engine calls that breached,
 * so the panel does too until the next answer confirms it.
 */
export function dueReached(live: LiveMetric): boolean {
  return live.metric.status === 'running' && live.ticking && live.remainingMinutes !== null && live.remainingMinutes <= 0;
}

/** Summary status of live metrics with the engine's precedence (breached > at risk > on track > paused > met). */
export function liveSummary(metrics: LiveMetric[]): SlaState['status'] {
  // The engine's rule, applied to the live numbers: a clock that has counted down past its due is breached.
  return summaryStatus(
    metrics.map((m) => ({
      status: m.metric.status === 'running' && dueReached(m) ? 'breached' : m.metric.status,
      atRisk: m.metric.status === 'running' && m.atRisk,
    })),
  );
}
