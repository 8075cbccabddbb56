/**
 * Builds the engine's `CompletedCycle` (one finished cycle of a metric) for UI tests, so a test names only what it
 * is about: the number, the instants and the outcome; minutes default to the instants' difference (no pause).
 *
 *   completedCycle({ cycle: 1, startedAt: '2026-03-02T14:00:00Z', stoppedAt: '2026-03-02T14:40:00Z', targetMinutes: 120 })
 *   //=> { cycle: 1, elapsedMinutes: 40, pausedMinutes: 0, status: 'met', dueAt: '2026-03-02T16:00:00.000Z', … }
 */
import type { CompletedCycle } from '../../src/engine/metric-state';

const MINUTE_MS = 60_000;

export function completedCycle(
  partial: Partial<CompletedCycle> & Pick<CompletedCycle, 'cycle' | 'startedAt' | 'stoppedAt'> & { targetMinutes: number | null },
): CompletedCycle {
  const started = Date.parse(partial.startedAt);
  const stopped = Date.parse(partial.stoppedAt);
  const pausedMinutes = partial.pausedMinutes ?? 0;
  const elapsedMinutes = partial.elapsedMinutes ?? Math.round((stopped - started) / MINUTE_MS) - pausedMinutes;
  const target = partial.targetMinutes;
  // On an always-open calendar the due instant is the start plus target and pauses.
  const dueAt = partial.dueAt ?? (target === null ? null : new Date(started + (target + pausedMinutes) * MINUTE_MS).toISOString());
  return {
    cycle: partial.cycle,
    startedAt: new Date(started).toISOString(),
    stoppedAt: new Date(stopped).toISOString(),
    dueAt,
    targetMinutes: target,
    elapsedMinutes,
    pausedMinutes,
    status: partial.status ?? (target !== null && elapsedMinutes > target ? 'breached' : 'met'),
    priority: partial.priority ?? 'P1',
    plan: partial.plan ?? 'premium',
    reason: partial.reason ?? { started: 'customer commented', stopped: 'public comment by Alex Agent' },
  };
}
