import { dayLengthFor } from '../../src/engine/sla-words';
import { clockRunsUntilDue, dueReached, liveMetric, liveSummary, refetchDelay } from '../../static/sla-panel/live';
import { busyState, fixtureMetric, FIXTURE_NOW } from './fixtures';

const now = Date.parse(FIXTURE_NOW);
const MIN = 60_000;

function metricById(id: string) {
  const found = busyState().metrics.find((m) => m.id === id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
}

describe('live countdown', () => {
  it('counts a 24x7 target down on the browser clock and turns at risk at 75 %', () => {
    const workaround = fixtureMetric({
      ...metricById('workaround'),
      remainingMinutes: 40,
      percentUsed: 73.3,
      atRisk: false,
      dueAt: '2026-03-03T14:40:00.000Z',
    });
    const start = liveMetric(workaround, now, 0);
    expect(start).toMatchObject({ remainingMinutes: 40, atRisk: false, ticking: true });
    const later = liveMetric(workaround, now, 10 * MIN);
    expect(later.remainingMinutes).toBeCloseTo(30);
    expect(later.percentUsed).toBeCloseTo(80);
    expect(later.atRisk).toBe(true);
  });

  it('goes negative (overdue) on a 24x7 clock', () => {
    const live = liveMetric(metricById('workaround'), now, 45 * MIN);
    expect(live.remainingMinutes).toBeCloseTo(-15);
    expect(live.atRisk).toBe(false);
  });

  it('keeps a business-hours target still when working time between now and due is unknown', () => {
    const resolution = metricById('resolution');
    expect(clockRunsUntilDue(resolution, now)).toBe(false);
    expect(liveMetric(resolution, now, 60 * MIN).remainingMinutes).toBe(960);
  });

  it('counts a business-hours target down when the rest fits in the current working stretch, stopping at 0', () => {
    const resolution = fixtureMetric({ ...metricById('resolution'), remainingMinutes: 90, dueAt: '2026-03-03T15:30:00.000Z' });
    expect(clockRunsUntilDue(resolution, now)).toBe(true);
    expect(liveMetric(resolution, now, 30 * MIN).remainingMinutes).toBeCloseTo(60);
    expect(liveMetric(resolution, now, 120 * MIN).remainingMinutes).toBe(0);
  });

  it('never moves paused or met metrics', () => {
    const met = metricById('firstResponse');
    expect(liveMetric(met, now, 120 * MIN)).toMatchObject({ remainingMinutes: met.remainingMinutes, ticking: false });
    const paused = fixtureMetric({ ...metricById('workaround'), status: 'paused' });
    expect(liveMetric(paused, now, 120 * MIN).ticking).toBe(false);
  });

  it('summarises with the engine precedence', () => {
    const state = busyState();
    const early = state.metrics.map((m) =>
      liveMetric(m.id === 'workaround' ? fixtureMetric({ ...m, remainingMinutes: 140, percentUsed: 6.7, atRisk: false }) : m, now, 0),
    );
    expect(liveSummary(early)).toBe('on track');
    const risky = state.metrics.map((m) => liveMetric(m, now, 0));
    expect(liveSummary(risky)).toBe('at risk');
  });

  it('calls a live clock that reached its due instant breached, before the next answer says so', () => {
    const state = busyState();
    const before = state.metrics.map((m) => liveMetric(m, now, 29 * MIN));
    expect(before.some(dueReached)).toBe(false);
    expect(liveSummary(before)).toBe('at risk');
    const after = state.metrics.map((m) => liveMetric(m, now, 31 * MIN));
    expect(after.filter(dueReached).map((m) => m.metric.id)).toEqual(['workaround']);
    expect(liveSummary(after)).toBe('breached');
    // A clock that is not ticking (shown as answered) never turns breached on its own.
    expect(dueReached(liveMetric(fixtureMetric({ ...metricById('resolution'), remainingMinutes: 0 }), now, 0))).toBe(false);
  });

  it('schedules the next fetch just after nextChangeAt and not at all without one', () => {
    expect(refetchDelay('2026-03-03T15:00:00.000Z', now)).toBe(60 * MIN + 1000);
    expect(refetchDelay(null, now)).toBeNull();
    // A next change at or before the answer's now (stale) waits a minute instead of asking every second.
    expect(refetchDelay('2026-03-03T13:00:00.000Z', now)).toBe(60_000);
    expect(refetchDelay(FIXTURE_NOW, now)).toBe(60_000);
    expect(refetchDelay('not a date', now)).toBe(60_000);
    expect(refetchDelay('2026-03-03T14:00:00.001Z', now)).toBe(1001);
    expect(refetchDelay('2099-01-01T00:00:00.000Z', now)).toBe(2_147_483_647);
  });

  it("prints in business days only a target written in days, with its calendar's day length", () => {
    expect(dayLengthFor(metricById('resolution').target)).toBe(540); // 2d on us-business, 9h days
    expect(dayLengthFor(metricById('workaround').target)).toBeUndefined(); // 2h 30m on 24x7
  });
});
