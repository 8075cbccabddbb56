/**
 * Escalation ladders as stories (test policy, `ny` = Mon–Fri 09:00–18:00 New York = 14:00Z–23:00Z in November).
 * P1 ladder: Support Team after 4h, Account Manager after 1d (9h), Executive at 100 % of the resolution target
 * (standard P1: 1w). Other priorities: Follow the sun after 8h on 24x7, Support Team after 2d.
 */
import fc from 'fast-check';
import { escalationInstants, evaluate, loadPolicy, UnknownChoiceError, type EscalationState } from '../../src/engine';
import { buildIssue, withLabelAdded, withReopen, withResolution, withStatusChange, type BuiltIssue } from '../builders/jira-issue';
import { FIELD_NAMES, TEST_POLICY_YAML, testPolicy } from '../builders/test-policy';

const policy = testPolicy();
const MON_0900 = '2026-11-16T14:00:00Z';
const outage = () => buildIssue({ created: MON_0900, summary: 'Checkout outage', names: FIELD_NAMES });
const escalation = (issue: BuiltIssue, now: string): EscalationState => evaluate(policy, issue, Date.parse(now)).escalation;

describe('escalation ladder', () => {
  it('is at level 0 before the first step, and says when the next one comes', () => {
    const state = escalation(outage(), '2026-11-16T15:00:00Z'); // Mon 10:00
    expect(state).toMatchObject({ level: 0, id: null, label: null, contact: null, since: null });
    expect(state.next).toEqual({
      level: 1,
      id: 'support-team',
      label: 'Support Team',
      contact: 'supportTeam',
      at: '2026-11-16T18:00:00.000Z',
    });
    expect(state.ladder.map((step) => [step.id, step.at, step.reached])).toEqual([
      ['support-team', '2026-11-16T18:00:00.000Z', false], // Mon 13:00
      ['account-manager', '2026-11-16T23:00:00.000Z', false], // Mon 18:00 (9h runs out at the close)
      ['executive', '2026-11-23T14:00:00.000Z', false], // 100 % of 1w: next Mon 09:00
    ]);
  });

  it('climbs the ladder as business time passes', () => {
    expect(escalation(outage(), '2026-11-16T18:00:00Z')).toMatchObject({
      level: 1,
      id: 'support-team',
      since: '2026-11-16T18:00:00.000Z',
      next: { id: 'account-manager' },
    });
    expect(escalation(outage(), '2026-11-17T14:00:00Z')).toMatchObject({
      level: 2,
      label: 'Account Manager',
      contact: 'accountManager',
      since: '2026-11-16T23:00:00.000Z',
      next: { id: 'executive', at: '2026-11-23T14:00:00.000Z' },
    });
  });

  it('reaches an atPercent level when the metric has used that share of its target', () => {
    const state = escalation(outage(), '2026-11-23T14:00:00Z');
    expect(state).toMatchObject({ level: 3, id: 'executive', since: '2026-11-23T14:00:00.000Z', next: null });
    expect(state.ladder.every((step) => step.reached)).toBe(true);
  });

  it('reaches an atPercent level below 100 % part-way through the target, pauses included', () => {
    const result = loadPolicy(TEST_POLICY_YAML.replace('atPercent: 100, metric: resolution', 'atPercent: 50, metric: resolution'));
    if (!result.ok) throw new Error('variant policy invalid');
    // 50 % of 1w (45 business hours) = 22h30: Mon 9h + Tue 9h + Wed 4h30 = Wed 13:30; one paused hour → 14:30.
    let issue = withStatusChange(outage(), '2026-11-17T15:00:00Z', 'Open', 'Waiting for customer'); // Tue 10:00
    issue = withStatusChange(issue, '2026-11-17T16:00:00Z', 'Waiting for customer', 'In Progress'); // Tue 11:00
    const before = evaluate(result.policy, issue, Date.parse('2026-11-18T19:29:59Z')).escalation;
    expect(before).toMatchObject({ level: 2, next: { id: 'executive', at: '2026-11-18T19:30:00.000Z' } });
    expect(evaluate(result.policy, issue, Date.parse('2026-11-18T19:30:00Z')).escalation).toMatchObject({
      level: 3,
      since: '2026-11-18T19:30:00.000Z',
    });
  });

  it('excludes the policy pause intervals', () => {
    let issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer'); // 10:00
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Waiting for customer', 'In Progress'); // 11:00
    expect(escalation(issue, '2026-11-16T18:30:00Z')).toMatchObject({
      level: 0,
      next: { id: 'support-team', at: '2026-11-16T19:00:00.000Z' },
    });
  });

  it('does not know when the next level comes while paused', () => {
    const issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
    expect(escalation(issue, '2026-11-16T20:00:00Z')).toMatchObject({ level: 0, next: { id: 'support-team', at: null } });
  });

  it('stops counting once resolved', () => {
    const issue = withResolution(outage(), '2026-11-16T20:00:00Z'); // Mon 15:00, after Support Team
    const state = escalation(issue, '2026-11-25T14:00:00Z');
    expect(state).toMatchObject({ level: 1, id: 'support-team', next: { id: 'account-manager', at: null } });
    expect(state.ladder.map((step) => step.reached)).toEqual([true, false, false]);
  });

  it('resumes where it stopped when the issue is reopened', () => {
    let issue = withResolution(outage(), '2026-11-16T20:00:00Z'); // Mon 15:00: 6h counted
    issue = withReopen(issue, '2026-11-17T15:00:00Z'); // Tue 10:00
    const state = escalation(issue, '2026-11-17T16:00:00Z');
    expect(state).toMatchObject({ level: 1, next: { id: 'account-manager', at: '2026-11-17T18:00:00.000Z' } }); // 3h more: Tue 13:00
  });

  it('uses the "*" ladder for other priorities and a level calendar of its own', () => {
    const issue = buildIssue({ created: MON_0900, summary: 'A report' }); // P3
    const state = escalation(issue, '2026-11-16T22:30:00Z');
    expect(state).toMatchObject({ level: 1, id: 'follow-the-sun', since: '2026-11-16T22:00:00.000Z' }); // 8h of real time
    expect(state.next).toMatchObject({ id: 'support-team', at: '2026-11-17T23:00:00.000Z' }); // 2d = 18h: Tue 18:00
  });

  it('counts a level on its own calendar, not the issue calendar', () => {
    // P3 created Mon 16:00 New York (21:00Z): 8h on 24x7 is Tue 05:00Z; on `ny` it would be Tue 15:00 New York (20:00Z).
    const issue = buildIssue({ created: '2026-11-16T21:00:00Z', summary: 'A report' });
    expect(escalation(issue, '2026-11-17T05:00:00Z')).toMatchObject({ level: 1, id: 'follow-the-sun', since: '2026-11-17T05:00:00.000Z' });
  });

  it('never reaches an atPercent level after the issue is resolved, even when its metric runs on', () => {
    // escalationAck stops only on a public comment, so it keeps running after resolution; the ladder must not.
    const result = loadPolicy(TEST_POLICY_YAML.replace('atPercent: 100, metric: resolution', 'atPercent: 100, metric: escalationAck'));
    if (!result.ok) throw new Error('variant policy invalid');
    let issue = withLabelAdded(outage(), '2026-11-16T15:00:00Z', 'escalation-requested'); // Mon 10:00: 4h → due Mon 14:00
    issue = withResolution(issue, '2026-11-16T17:00:00Z'); // Mon 12:00, before any level
    const state = evaluate(result.policy, issue, Date.parse('2026-11-16T20:00:00Z')).escalation;
    expect(state).toMatchObject({ level: 0, next: { id: 'support-team', at: null } });
    expect(state.ladder.map((step) => [step.id, step.at, step.reached])).toEqual([
      ['support-team', null, false],
      ['account-manager', null, false],
      ['executive', null, false],
    ]);
  });
});

describe('escalationInstants (what-if)', () => {
  it('lists when each level would be reached for a start, unpaused', () => {
    const steps = escalationInstants(policy, { plan: 'premium', priority: 'P1', start: Date.parse('2026-11-20T21:00:00Z') }); // Fri 16:00
    expect(steps.map((step) => [step.level, step.id, step.at === null ? null : new Date(step.at).toISOString()])).toEqual([
      [1, 'support-team', '2026-11-23T16:00:00.000Z'], // Mon 11:00
      [2, 'account-manager', '2026-11-23T21:00:00.000Z'], // 1d = 9h: Fri 2h + Mon 7h = Mon 16:00
      [3, 'executive', '2026-11-24T21:00:00.000Z'], // premium P1 resolution 2d = 18h: Tue 16:00
    ]);
  });

  it('agrees with the ladder evaluate reports for an unpaused issue created at the start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * 24 * 28 }),
        fc.constantFrom('standard', 'premium'),
        fc.constantFrom('Checkout outage', 'A question'),
        (minutes, plan, summary) => {
          const start = Date.parse(MON_0900) + minutes * 60_000;
          const created = new Date(start).toISOString();
          const issue = buildIssue({ created, summary, labels: plan === 'premium' ? ['plan-premium'] : [] });
          const state = evaluate(policy, issue, start);
          const whatIf = escalationInstants(policy, { plan, priority: state.priority.id, start });
          expect(whatIf.map((step) => [step.id, step.at === null ? null : new Date(step.at).toISOString()])).toEqual(
            state.escalation.ladder.map((step) => [step.id, step.at]),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names the valid choices for an unknown priority', () => {
    expect(() => escalationInstants(policy, { plan: 'standard', priority: 'P9', start: 0 })).toThrow(UnknownChoiceError);
    expect(() => escalationInstants(policy, { plan: 'standard', priority: 'P9', start: 0 })).toThrow(/P1, P2, P3, P4/);
  });
});
