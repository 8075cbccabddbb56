/**
 * Hand-written SlaState answers shaped like src/engine/evaluate.ts returns them, for UI tests and the UI bench
 * (they exercise the panel without the engine or the emulator).
 */
import type { GetSlaStateOk } from '../../src/contracts/resolvers';
import { unstartedMetricState } from '../../src/engine/clocks';
import type { MetricState, SlaState } from '../../src/engine/evaluate';

export const FIXTURE_NOW = '2026-03-03T14:00:00.000Z';

/**
 * A hand-written metric state. Fixtures set fields freely (a copy of one state with some fields changed), so the
 * union's per-status field rules (src/engine/metric-state.ts) are not checked here: `fixtureMetric` says so once.
 */
function metric(partial: Partial<Record<keyof MetricState, unknown>> & Pick<MetricState, 'id' | 'label' | 'status'>): MetricState {
  return fixtureMetric({ ...unstartedMetricState(partial, null), ...partial });
}

/** A metric state written by a test, taken as it is (see `metric`). */
export function fixtureMetric(value: object): MetricState {
  return value as MetricState;
}

/** A P1 premium incident: first response met, workaround at risk on a 24x7 clock, resolution running. */
export function busyState(): SlaState {
  return {
    policyId: 'byteztech',
    evaluatedAt: FIXTURE_NOW,
    plan: { id: 'premium', label: 'Premium', reason: 'Support plan field is "Premium"' },
    priority: { id: 'P1', label: 'Critical', ruleId: 'outage-words', reason: 'rule outage-words: summary mentions "outage"' },
    calendar: { id: 'us-business', timeZone: 'America/New_York' },
    metrics: [
      metric({
        id: 'firstResponse',
        label: 'First response',
        status: 'met',
        target: { duration: '1h', calendar: '24x7', timeZone: 'UTC', dayLengthMinutes: 1440 },
        startedAt: '2026-03-03T12:00:00.000Z',
        dueAt: '2026-03-03T13:00:00.000Z',
        stoppedAt: '2026-03-03T12:20:00.000Z',
        elapsedMinutes: 20,
        remainingMinutes: 40,
        targetMinutes: 60,
        percentUsed: 33.3,
        history: [
          { kind: 'started', at: '2026-03-03T12:00:00.000Z', reason: 'issue created' },
          { kind: 'met', at: '2026-03-03T12:20:00.000Z', reason: 'public comment by Alex Agent' },
        ],
      }),
      metric({
        id: 'workaround',
        label: 'Workaround',
        status: 'running',
        target: { duration: '2h 30m', calendar: '24x7', timeZone: 'UTC', dayLengthMinutes: 1440 },
        startedAt: '2026-03-03T12:00:00.000Z',
        dueAt: '2026-03-03T14:30:00.000Z',
        elapsedMinutes: 120,
        remainingMinutes: 30,
        targetMinutes: 150,
        percentUsed: 80,
        atRisk: true,
        history: [{ kind: 'started', at: '2026-03-03T12:00:00.000Z', reason: 'issue created' }],
      }),
      metric({
        id: 'resolution',
        label: 'Resolution',
        status: 'running',
        target: { duration: '2d', calendar: 'us-business', timeZone: 'America/New_York', dayLengthMinutes: 540 },
        startedAt: '2026-03-03T12:00:00.000Z',
        dueAt: '2026-03-05T14:00:00.000Z',
        elapsedMinutes: 120,
        remainingMinutes: 960,
        targetMinutes: 1080,
        percentUsed: 11.1,
        history: [
          { kind: 'started', at: '2026-03-03T12:00:00.000Z', reason: 'issue created' },
          { kind: 'paused', at: '2026-03-03T12:30:00.000Z', reason: 'status Waiting for customer' },
          { kind: 'resumed', at: '2026-03-03T12:45:00.000Z', reason: 'status In Progress' },
        ],
      }),
    ],
    escalation: {
      level: 1,
      id: 'support-team',
      label: 'Support Team',
      contact: 'supportTeam',
      since: '2026-03-03T13:00:00.000Z',
      next: { level: 2, id: 'account-manager', label: 'Account Manager', contact: 'accountManager', at: '2026-03-03T16:00:00.000Z' },
      ladder: [
        { level: 1, id: 'support-team', label: 'Support Team', contact: 'supportTeam', at: '2026-03-03T13:00:00.000Z', reached: true },
        {
          level: 2,
          id: 'account-manager',
          label: 'Account Manager',
          contact: 'accountManager',
          at: '2026-03-03T16:00:00.000Z',
          reached: false,
        },
        { level: 3, id: 'executive', label: 'Executive Management', contact: 'executive', at: null, reached: false },
      ],
    },
    escalationOutlook: {
      nextLevel: 2,
      next: { kind: 'scheduled' },
      levels: [
        { level: 1, trigger: '1h after the issue was created', request: null, wait: { kind: 'scheduled' } },
        { level: 2, trigger: '4h after the issue was created', request: null, wait: { kind: 'scheduled' } },
        { level: 3, trigger: 'at 100% of Resolution', request: null, wait: { kind: 'unknown', level: 3 } },
      ],
    },
    calendars: [
      {
        id: 'us-business',
        timeZone: 'America/New_York',
        hours: 'Mon–Fri 09:00–18:00 America/New_York, United States public holidays',
        dayLengthMinutes: 540,
        day: '1 business day = 9h',
      },
      { id: '24x7', timeZone: 'UTC', hours: '24/7, elapsed time (no hours off, no holidays)', dayLengthMinutes: 1440, day: '1 day = 24h' },
    ],
    status: 'at risk',
    nextBreachAt: '2026-03-03T14:30:00.000Z',
    nextChangeAt: '2026-03-03T14:30:00.000Z',
  };
}

/** The same issue waiting for the customer: every clock paused. */
export function pausedState(): SlaState {
  const state = busyState();
  const since = '2026-03-03T13:50:00.000Z';
  state.metrics = state.metrics.map((m) =>
    m.status === 'running'
      ? fixtureMetric({ ...m, status: 'paused', dueAt: null, atRisk: false, pause: { since, reason: 'Waiting for customer' } })
      : m,
  );
  state.status = 'paused';
  state.nextBreachAt = null;
  state.nextChangeAt = null;
  return state;
}

/** A breached resolution with escalation at its last level. */
export function breachedState(): SlaState {
  const state = busyState();
  state.metrics = state.metrics.map((m) =>
    m.id === 'workaround'
      ? fixtureMetric({
          ...m,
          remainingMinutes: -135,
          percentUsed: 190,
          atRisk: false,
          status: 'breached',
          breachedAt: m.dueAt,
          history: [...m.history, { kind: 'breached', at: m.dueAt ?? FIXTURE_NOW, reason: 'target passed' }],
        })
      : m,
  );
  state.status = 'breached';
  return state;
}

export function answer(state: SlaState, now = FIXTURE_NOW): GetSlaStateOk {
  return {
    ok: true,
    now,
    policy: { id: state.policyId, name: 'BytezTech support policy', scope: { kind: 'project', projectKey: 'SUP' }, version: 2 },
    state,
  };
}
