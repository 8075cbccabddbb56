/**
 * Metric clocks as stories. The test policy's `ny` calendar is Mon–Fri 09:00–18:00 America/New_York (UTC−5 in
 * November, so 09:00 New York = 14:00Z); issues are created Mon 2026-11-16 09:00 New York unless said otherwise.
 * Standard targets: P1 firstResponse 4h, P3 (the default) firstResponse 2d = 18 business hours.
 */
import fc from 'fast-check';
import {
  buildCalendar,
  calendar24x7,
  consumedAt,
  consumedBetween,
  evaluate,
  intervalsAsOf,
  loadPolicy,
  unionIntervals,
  type Interval,
  type MetricState,
  type SlaState,
} from '../../src/engine';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withFieldChange,
  withLabelAdded,
  withPriorityChange,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';
import { FIELD, FIELD_NAMES, TEST_POLICY_YAML, testPolicy } from '../builders/test-policy';

const policy = testPolicy();
const MON_0900 = '2026-11-16T14:00:00Z';
const WAITING = 'Waiting for customer';

function metric(state: SlaState, id: string): MetricState {
  const found = state.metrics.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

function firstResponse(issue: BuiltIssue, now: string): MetricState {
  return metric(evaluate(policy, issue, Date.parse(now)), 'firstResponse');
}

/** A P1 (summary says "outage") standard issue created Mon 09:00 New York. */
const outage = () => buildIssue({ created: MON_0900, summary: 'Checkout outage', names: FIELD_NAMES });

describe('first response: start, stop, breach', () => {
  it('is running after creation, with elapsed and remaining business time', () => {
    const state = firstResponse(outage(), '2026-11-16T15:00:00Z'); // Mon 10:00
    expect(state).toMatchObject({
      status: 'running',
      target: { duration: '4h', calendar: 'ny' },
      startedAt: '2026-11-16T14:00:00.000Z',
      dueAt: '2026-11-16T18:00:00.000Z', // Mon 13:00
      stoppedAt: null,
      breachedAt: null,
      elapsedMinutes: 60,
      remainingMinutes: 180,
      targetMinutes: 240,
      percentUsed: 25,
      atRisk: false,
      pause: null,
    });
    expect(state.history).toEqual([{ kind: 'started', at: '2026-11-16T14:00:00.000Z', reason: 'issue created' }]);
  });

  it('is met by the first public comment of an agent', () => {
    const issue = withComment(outage(), { at: '2026-11-16T16:00:00Z', by: AGENT }); // Mon 11:00
    const state = firstResponse(issue, '2026-11-16T20:00:00Z');
    expect(state).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T16:00:00.000Z', elapsedMinutes: 120, breachedAt: null });
    expect(state.history.at(-1)).toEqual({ kind: 'met', at: '2026-11-16T16:00:00.000Z', reason: `public comment by ${AGENT}` });
  });

  it('is not stopped by the reporter, nor by an internal note', () => {
    let issue = withComment(outage(), { at: '2026-11-16T15:00:00Z', by: REPORTER });
    issue = withComment(issue, { at: '2026-11-16T15:30:00Z', by: AGENT, public: false });
    const state = firstResponse(issue, '2026-11-16T16:00:00Z');
    expect(state.status).toBe('running');
    expect(state.stoppedAt).toBeNull();
  });

  it('breaches at the due instant', () => {
    expect(firstResponse(outage(), '2026-11-16T17:59:59.999Z')).toMatchObject({ status: 'running', atRisk: true });
    const state = firstResponse(outage(), '2026-11-16T18:00:00Z');
    expect(state).toMatchObject({ status: 'breached', breachedAt: '2026-11-16T18:00:00.000Z', remainingMinutes: 0, atRisk: false });
    expect(firstResponse(outage(), '2026-11-16T19:00:00Z')).toMatchObject({ status: 'breached', remainingMinutes: -60, percentUsed: 125 });
  });

  it('is met by a stop exactly at the due instant, breached by one a millisecond later', () => {
    const onTime = withComment(outage(), { at: '2026-11-16T18:00:00Z', by: AGENT });
    expect(firstResponse(onTime, '2026-11-17T14:00:00Z')).toMatchObject({ status: 'met', breachedAt: null });
    const late = withComment(outage(), { at: '2026-11-16T18:00:00.001Z', by: AGENT });
    const state = firstResponse(late, '2026-11-17T14:00:00Z');
    expect(state).toMatchObject({ status: 'breached', breachedAt: '2026-11-16T18:00:00.000Z', stoppedAt: '2026-11-16T18:00:00.001Z' });
    expect(state.history.map((entry) => entry.kind)).toEqual(['started', 'breached']);
  });

  it('is at risk from 75 % of the target', () => {
    expect(firstResponse(outage(), '2026-11-16T16:59:59Z').atRisk).toBe(false); // Mon 11:59:59, 74.99 %
    expect(firstResponse(outage(), '2026-11-16T17:00:00Z')).toMatchObject({ atRisk: true, percentUsed: 75 }); // Mon 12:00
  });

  it('starts at the next opening when created outside working time', () => {
    const saturday = buildIssue({ created: '2026-11-21T15:00:00Z', summary: 'Checkout outage' }); // Sat 10:00
    const state = firstResponse(saturday, '2026-11-23T15:00:00Z'); // Mon 10:00
    expect(state).toMatchObject({ startedAt: '2026-11-21T15:00:00.000Z', dueAt: '2026-11-23T18:00:00.000Z', elapsedMinutes: 60 });
  });

  it('is due at a window close when the target runs out exactly there (2d = 18h from Mon 09:00 is Tue 18:00)', () => {
    const issue = buildIssue({ created: MON_0900, summary: 'A report' }); // P3: 2d
    expect(firstResponse(issue, '2026-11-16T15:00:00Z').dueAt).toBe('2026-11-17T23:00:00.000Z');
  });

  it('ignores events after now: evaluating the past gives the state as it was', () => {
    const issue = withComment(outage(), { at: '2026-11-16T16:00:00Z', by: AGENT });
    expect(firstResponse(issue, '2026-11-16T15:00:00Z').status).toBe('running');
    expect(firstResponse(issue, '2026-11-16T16:00:00Z').status).toBe('met');
    expect(firstResponse(issue, '2026-11-16T13:00:00Z')).toMatchObject({ status: 'none', startedAt: null });
  });
});

describe('pauses', () => {
  it('pauses while Waiting for customer and pushes the due out by the paused business time on resume', () => {
    let issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', WAITING); // Mon 10:00
    const paused = firstResponse(issue, '2026-11-16T16:30:00Z'); // Mon 11:30
    expect(paused).toMatchObject({
      status: 'paused',
      dueAt: null,
      elapsedMinutes: 60,
      remainingMinutes: 180,
      pause: { since: '2026-11-16T15:00:00.000Z', reason: `status '${WAITING}'` },
      atRisk: false,
    });
    issue = withStatusChange(issue, '2026-11-16T17:00:00Z', WAITING, 'In Progress'); // Mon 12:00
    const resumed = firstResponse(issue, '2026-11-16T17:30:00Z');
    expect(resumed).toMatchObject({ status: 'running', dueAt: '2026-11-16T20:00:00.000Z', elapsedMinutes: 90, pause: null }); // Mon 15:00
    expect(resumed.history).toEqual([
      { kind: 'started', at: '2026-11-16T14:00:00.000Z', reason: 'issue created' },
      { kind: 'paused', at: '2026-11-16T15:00:00.000Z', reason: `status '${WAITING}'` },
      { kind: 'resumed', at: '2026-11-16T17:00:00.000Z', reason: `status '${WAITING}' ended` },
    ]);
  });

  it('counts only the business time of an overnight pause', () => {
    // P3 (2d = 18h, due Tue 18:00); waiting Mon 17:00 → Tue 10:00 is 2 business hours.
    let issue = buildIssue({ created: MON_0900, summary: 'A report' });
    issue = withStatusChange(issue, '2026-11-16T22:00:00Z', 'Open', WAITING);
    issue = withStatusChange(issue, '2026-11-17T15:00:00Z', WAITING, 'Open');
    expect(firstResponse(issue, '2026-11-17T16:00:00Z').dueAt).toBe('2026-11-18T16:00:00.000Z'); // Wed 11:00
  });

  it('pauses on a field condition (Pending reason = Customer) and not on other values', () => {
    let issue = withFieldChange(outage(), '2026-11-16T15:00:00Z', {
      fieldId: FIELD.pendingReason,
      name: 'Pending reason',
      value: { value: 'Customer' },
    });
    issue = withFieldChange(issue, '2026-11-16T16:00:00Z', {
      fieldId: FIELD.pendingReason,
      name: 'Pending reason',
      value: { value: 'Vendor' },
    });
    const state = firstResponse(issue, '2026-11-16T16:30:00Z');
    expect(state.dueAt).toBe('2026-11-16T19:00:00.000Z'); // one hour paused
    expect(state.history[1]).toEqual({ kind: 'paused', at: '2026-11-16T15:00:00.000Z', reason: "field 'Pending reason' is 'Customer'" });
  });

  it('merges overlapping pause conditions', () => {
    let issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', WAITING); // 10:00
    issue = withFieldChange(issue, '2026-11-16T15:30:00Z', { fieldId: FIELD.pendingReason, name: 'Pending reason', value: 'Customer' });
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', WAITING, 'In Progress'); // 11:00, field still Customer
    issue = withFieldChange(issue, '2026-11-16T16:30:00Z', { fieldId: FIELD.pendingReason, name: 'Pending reason', value: null }); // 11:30
    const state = firstResponse(issue, '2026-11-16T17:00:00Z');
    expect(state.dueAt).toBe('2026-11-16T19:30:00.000Z'); // 13:00 + 1h30
    expect(state.history.map((entry) => entry.kind)).toEqual(['started', 'paused', 'resumed']);
  });

  it('a metric with `pause: []` is never paused', () => {
    let issue = withLabelAdded(outage(), '2026-11-16T15:00:00Z', 'escalation-requested');
    issue = withStatusChange(issue, '2026-11-16T15:30:00Z', 'Open', WAITING);
    const state = metric(evaluate(policy, issue, Date.parse('2026-11-16T17:00:00Z')), 'escalationAck');
    expect(state).toMatchObject({
      status: 'running',
      startedAt: '2026-11-16T15:00:00.000Z',
      dueAt: '2026-11-16T19:00:00.000Z',
      elapsedMinutes: 120,
    });
  });

  it('a paused stretch before a breach does not un-breach it', () => {
    let issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', WAITING);
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', WAITING, 'In Progress');
    issue = withStatusChange(issue, '2026-11-16T20:00:00Z', 'In Progress', WAITING); // after the due (19:00)
    const state = firstResponse(issue, '2026-11-16T21:00:00Z');
    expect(state).toMatchObject({ status: 'breached', breachedAt: '2026-11-16T19:00:00.000Z' });
  });
});

describe('recomputing on priority and plan changes', () => {
  it('recomputes from the original start with paused time kept when the priority changes', () => {
    // P3 at first (Medium, no outage words); waiting 10:00–11:00; raised to Highest (P1, 4h) at 12:00.
    let issue = buildIssue({ created: MON_0900, summary: 'Checkout slow', priority: 'Medium' });
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', WAITING);
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', WAITING, 'In Progress');
    const before = firstResponse(issue, '2026-11-16T16:30:00Z');
    expect(before).toMatchObject({ target: { duration: '2d' }, dueAt: '2026-11-18T15:00:00.000Z' }); // Wed 10:00
    issue = withPriorityChange(issue, '2026-11-16T17:00:00Z', 'Medium', 'Highest');
    const after = firstResponse(issue, '2026-11-16T17:30:00Z'); // Mon 12:30
    expect(after).toMatchObject({
      target: { duration: '4h' },
      startedAt: '2026-11-16T14:00:00.000Z',
      dueAt: '2026-11-16T19:00:00.000Z', // 09:00 + 4h + 1h paused = 14:00
      elapsedMinutes: 150,
      status: 'running',
    });
    expect(after.history.map((entry) => entry.kind)).toEqual(['started', 'paused', 'resumed']);
  });

  it('recomputes when the plan changes: premium P1 is 1h on 24x7', () => {
    const issue = withLabelAdded(outage(), '2026-11-16T14:30:00Z', 'plan-premium');
    const state = evaluate(policy, issue, Date.parse('2026-11-16T14:45:00Z'));
    expect(state.plan).toEqual({ id: 'premium', label: 'Premium', reason: "label 'plan-premium'" });
    expect(metric(state, 'firstResponse')).toMatchObject({
      target: { duration: '1h', calendar: '24x7' },
      dueAt: '2026-11-16T15:00:00.000Z',
      elapsedMinutes: 45,
      atRisk: true,
    });
  });

  it('counts real time on 24x7, pauses excluded, across a weekend', () => {
    let issue = buildIssue({ created: '2026-11-21T15:00:00Z', summary: 'outage', labels: ['plan-premium'] }); // Sat
    issue = withStatusChange(issue, '2026-11-21T15:20:00Z', 'Open', WAITING);
    issue = withStatusChange(issue, '2026-11-21T15:50:00Z', WAITING, 'Open');
    expect(firstResponse(issue, '2026-11-21T15:55:00Z')).toMatchObject({ dueAt: '2026-11-21T16:30:00.000Z', elapsedMinutes: 25 });
  });
});

describe('target kinds', () => {
  it('immediate: due at the start; met only by a stop at that instant', () => {
    const cosmetic = buildIssue({ created: MON_0900, labels: ['typo'] }); // P4 standard: immediate
    expect(firstResponse(cosmetic, '2026-11-16T14:00:00Z')).toMatchObject({
      status: 'breached',
      dueAt: '2026-11-16T14:00:00.000Z',
      targetMinutes: 0,
    });
    const instant = withComment(cosmetic, { at: MON_0900, by: AGENT });
    expect(firstResponse(instant, '2026-11-16T15:00:00Z')).toMatchObject({ status: 'met', dueAt: '2026-11-16T14:00:00.000Z' });
  });

  it('0m from a non-working start: due at the next opening (unlike immediate)', () => {
    const result = loadPolicy(TEST_POLICY_YAML.replace('P4: { firstResponse: immediate }', 'P4: { firstResponse: 0m }'));
    if (!result.ok) throw new Error('variant policy invalid');
    const saturday = buildIssue({ created: '2026-11-21T15:00:00Z', labels: ['typo'] });
    const state = metric(evaluate(result.policy, saturday, Date.parse('2026-11-22T15:00:00Z')), 'firstResponse');
    expect(state).toMatchObject({ status: 'running', dueAt: '2026-11-23T14:00:00.000Z', targetMinutes: 0 }); // Mon 09:00
  });

  it('none: no target, no due, status none, yet the start and stop are recorded', () => {
    let issue = buildIssue({ created: MON_0900, summary: 'A report' }); // P3 standard: workaround none
    issue = withFieldChange(issue, '2026-11-16T16:00:00Z', { fieldId: FIELD.workaround, name: 'Workaround', value: 'Use the CSV export' });
    const state = metric(evaluate(policy, issue, Date.parse('2026-11-17T14:00:00Z')), 'workaround');
    expect(state).toMatchObject({
      status: 'none',
      target: null,
      dueAt: null,
      targetMinutes: null,
      percentUsed: null,
      startedAt: '2026-11-16T14:00:00.000Z',
      stoppedAt: '2026-11-16T16:00:00.000Z',
    });
  });

  it('a metric whose plan × priority cell lacks it has no target', () => {
    const issue = buildIssue({ created: MON_0900, labels: ['typo'] }); // P4 standard lists only firstResponse
    expect(metric(evaluate(policy, issue, Date.parse('2026-11-16T15:00:00Z')), 'resolution')).toMatchObject({
      status: 'none',
      target: null,
    });
  });

  it('1w: due at the same wall-clock time a week later, extended by pauses', () => {
    const due = (issue: BuiltIssue) => metric(evaluate(policy, issue, Date.parse('2026-11-17T14:00:00Z')), 'resolution').dueAt;
    expect(due(outage())).toBe('2026-11-23T14:00:00.000Z'); // next Mon 09:00
    let paused = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', WAITING);
    paused = withStatusChange(paused, '2026-11-16T17:00:00Z', WAITING, 'Open');
    expect(due(paused)).toBe('2026-11-23T16:00:00.000Z'); // next Mon 11:00
  });

  it('the resolution metric is met by resolving and uses the workaround field stop', () => {
    let issue = withFieldChange(outage(), '2026-11-16T20:00:00Z', {
      fieldId: FIELD.workaround,
      name: 'Workaround',
      value: 'Fail over to EU',
    });
    issue = withResolution(issue, '2026-11-17T20:00:00Z');
    const state = evaluate(policy, issue, Date.parse('2026-11-18T14:00:00Z'));
    expect(metric(state, 'workaround')).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T20:00:00.000Z' });
    expect(metric(state, 'resolution')).toMatchObject({ status: 'met', stoppedAt: '2026-11-17T20:00:00.000Z' });
    expect(metric(state, 'resolution').history.at(-1)?.reason).toBe('resolved (Done)');
    // Resolving also stops the first response (policy: stop on resolution), here late: breached.
    expect(metric(state, 'firstResponse')).toMatchObject({ status: 'breached', stoppedAt: '2026-11-17T20:00:00.000Z' });
  });
});

describe('interval algebra', () => {
  const iv = (from: number, to: number, reason = 'x'): Interval => ({ from, to, reason });

  it('unions overlapping and touching intervals, keeping the first reason', () => {
    expect(
      unionIntervals([
        [iv(0, 10, 'a'), iv(30, 40, 'a')],
        [iv(5, 20, 'b'), iv(40, 45, 'b'), iv(60, 70, 'b')],
      ]),
    ).toEqual([iv(0, 20, 'a'), iv(30, 45, 'a'), iv(60, 70, 'b')]);
  });

  it('cuts intervals at an instant: open when still running, closed at a stop', () => {
    const list = [iv(0, 10), iv(20, 50), iv(60, 70)];
    expect(intervalsAsOf(list, 30)).toEqual([iv(0, 10), iv(20, Infinity)]);
    expect(intervalsAsOf(list, 30, true)).toEqual([iv(0, 10), iv(20, 30)]);
    expect(intervalsAsOf(list, 20, true)).toEqual([iv(0, 10)]);
  });

  it('walks past pauses to consume an amount, or stops in an open pause', () => {
    expect(consumedAt(calendar24x7, 0, [iv(10, 30)], 20)).toEqual({ at: 40, pausedIn: null });
    expect(consumedAt(calendar24x7, 0, [iv(10, 30)], 10)).toEqual({ at: 10, pausedIn: null });
    expect(consumedAt(calendar24x7, 0, [iv(10, Infinity)], 20)).toEqual({ at: null, pausedIn: iv(10, Infinity) });
    expect(consumedAt(calendar24x7, 15, [iv(10, 30)], 5)).toEqual({ at: 35, pausedIn: null });
  });

  it('consumes exactly the amount on a business calendar, whatever the pauses (property)', () => {
    const calendar = buildCalendar({ id: 'split', timeZone: 'Europe/Berlin', week: { 'mon-fri': ['08:00-12:00', '13:00-17:00'] } });
    const start0 = Date.parse('2026-03-02T00:00:00Z');
    const day = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * day }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 90 * day }), fc.integer({ min: 1, max: 5 * day })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 200 * 60 }),
        (offset, raw, minutes) => {
          const start = start0 + offset;
          const pauses = unionIntervals([raw.map(([from, length]) => iv(start0 + from, start0 + from + length))]);
          const amount = minutes * 60_000;
          const point = consumedAt(calendar, start, pauses, amount);
          if (point.at === null) return; // only closed pauses were generated
          expect(point.at).toBeGreaterThanOrEqual(start);
          expect(consumedBetween(calendar, start, point.at, pauses)).toBe(amount);
        },
      ),
      { numRuns: 300 },
    );
  });
});
