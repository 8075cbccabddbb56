/**
 * `evaluate` end to end on the test policy (`ny` = Mon–Fri 09:00–18:00 New York = 14:00Z–23:00Z in November;
 * `london` = Mon–Fri 08:00–16:00 Europe/London = 08:00Z–16:00Z in November).
 */
import fc from 'fast-check';
import { dueInstants, evaluate, IssueParseError, UnknownChoiceError, type SlaState } from '../../src/engine';
import {
  AGENT,
  buildIssue,
  newestFirst,
  withComment,
  withFieldChange,
  withLabelAdded,
  withPriorityChange,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';
import { FIELD, FIELD_NAMES, testPolicy } from '../builders/test-policy';

const policy = testPolicy();
const MON_0900 = '2026-11-16T14:00:00Z';
const outage = () => buildIssue({ created: MON_0900, summary: 'Checkout outage', names: FIELD_NAMES });
const run = (issue: BuiltIssue, now: string) => evaluate(policy, issue, Date.parse(now));

describe('evaluate', () => {
  it('returns the whole state per the contract', () => {
    const state = run(outage(), '2026-11-16T15:00:00Z');
    expect(state).toMatchObject({
      policyId: 'test-vendor',
      evaluatedAt: '2026-11-16T15:00:00.000Z',
      plan: { id: 'standard', label: 'Standard', reason: 'no plan found on the issue: default plan standard' },
      priority: { id: 'P1', label: 'Critical', ruleId: 'outage-words', reason: "rule outage-words: summary contains 'outage'" },
      calendar: { id: 'ny', timeZone: 'America/New_York' },
      status: 'on track',
      nextBreachAt: '2026-11-16T18:00:00.000Z', // first response, Mon 13:00
      nextChangeAt: '2026-11-16T17:00:00.000Z', // first response at risk (75 % of 4h), Mon 12:00
    });
    expect(state.metrics.map((metric) => [metric.id, metric.status])).toEqual([
      ['firstResponse', 'running'],
      ['workaround', 'running'],
      ['resolution', 'running'],
      ['escalationAck', 'none'],
    ]);
    // JSON-serialisable: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('uses the region calendar for targets that name none', () => {
    const issue = buildIssue({
      created: '2026-11-16T09:00:00Z',
      summary: 'outage',
      names: FIELD_NAMES,
      fields: { [FIELD.region]: { value: 'UK' } },
    });
    const state = evaluate(policy, issue, Date.parse('2026-11-16T10:00:00Z'));
    expect(state.calendar).toEqual({ id: 'london', timeZone: 'Europe/London' });
    expect(state.metrics[0]).toMatchObject({ target: { duration: '4h', calendar: 'london' }, dueAt: '2026-11-16T13:00:00.000Z' });
  });

  describe('summary status', () => {
    it('breached wins over everything', () => {
      expect(run(outage(), '2026-11-16T18:00:00Z').status).toBe('breached');
    });
    it('at risk when a running metric used 75 %', () => {
      expect(run(outage(), '2026-11-16T17:00:00Z').status).toBe('at risk');
    });
    it('paused when the only running clock is paused', () => {
      const issue = withStatusChange(
        buildIssue({ created: MON_0900, summary: 'A report' }),
        '2026-11-16T15:00:00Z',
        'Open',
        'Waiting for customer',
      );
      expect(run(issue, '2026-11-16T16:00:00Z')).toMatchObject({ status: 'paused', nextBreachAt: null });
    });
    it('paused over met: a met first response and paused workaround and resolution clocks read paused', () => {
      const replied = withComment(outage(), { at: '2026-11-16T15:00:00Z', by: AGENT });
      const state = run(withStatusChange(replied, '2026-11-16T15:30:00Z', 'Open', 'Waiting for customer'), '2026-11-16T16:00:00Z');
      expect(state.metrics.map((metric) => [metric.id, metric.status])).toEqual([
        ['firstResponse', 'met'],
        ['workaround', 'paused'],
        ['resolution', 'paused'],
        ['escalationAck', 'none'],
      ]);
      expect(state.status).toBe('paused');
    });
    it('met when every clock with a target is met', () => {
      const issue = withComment(buildIssue({ created: MON_0900, summary: 'A report' }), { at: '2026-11-16T15:00:00Z', by: AGENT });
      expect(run(issue, '2026-11-16T16:00:00Z')).toMatchObject({ status: 'met', nextBreachAt: null });
    });
    it('none before anything started', () => {
      expect(run(outage(), '2026-11-16T13:00:00Z')).toMatchObject({ status: 'none', nextBreachAt: null });
    });
  });

  it('nextChangeAt is exactly when the state next changes on its own', () => {
    // Walk from creation along nextChangeAt: just before each step nothing has changed, at the step something has.
    let issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Waiting for customer', 'In Progress');
    const signature = (state: SlaState) =>
      JSON.stringify([state.status, state.escalation.level, state.metrics.map((metric) => [metric.status, metric.atRisk])]);
    let now = Date.parse('2026-11-16T16:00:00Z');
    const steps: string[] = [];
    for (let i = 0; i < 12; i++) {
      const state = evaluate(policy, issue, now);
      if (state.nextChangeAt === null) break;
      const next = Date.parse(state.nextChangeAt);
      expect(next).toBeGreaterThan(now);
      expect(signature(evaluate(policy, issue, next - 1))).toBe(signature(state));
      expect(signature(evaluate(policy, issue, next))).not.toBe(signature(state));
      steps.push(state.nextChangeAt);
      now = next;
    }
    expect(steps.slice(0, 4)).toEqual([
      '2026-11-16T18:00:00.000Z', // first response at risk (12:00 + 1h paused)
      '2026-11-16T19:00:00.000Z', // first response breached, Support Team reached
      '2026-11-16T21:45:00.000Z', // workaround at risk: 75 % of 9h = 6h45 after 09:00, +1h paused
      '2026-11-17T15:00:00.000Z', // workaround breached, Account Manager reached (Tue 10:00)
    ]);
    expect(steps.length).toBeGreaterThanOrEqual(5);
  });

  it('nextChangeAt is the next ladder step when no metric will change on its own', () => {
    // P3 with first response met and no other target: only the "*" ladder moves (follow-the-sun, 8h on 24x7).
    const issue = withComment(buildIssue({ created: MON_0900, summary: 'A report' }), { at: '2026-11-16T15:00:00Z', by: AGENT });
    const state = run(issue, '2026-11-16T16:00:00Z');
    expect(state.metrics.filter((metric) => metric.status === 'running')).toEqual([]);
    expect(state.escalation).toMatchObject({ level: 0, next: { id: 'follow-the-sun', at: '2026-11-16T22:00:00.000Z' } });
    expect(state.nextChangeAt).toBe('2026-11-16T22:00:00.000Z');
  });

  it('classifies from the fields as given, even at an earlier now (a later priority change applies from the start)', () => {
    // The issue was Medium (P3) until Tue 10:00, then Highest (P1). Evaluated at Mon 15:00, the P1 target (4h from
    // Mon 09:00) is already used up: the fields are the issue as fetched, only the clocks are cut at now.
    const issue = withPriorityChange(buildIssue({ created: MON_0900, summary: 'A report' }), '2026-11-17T15:00:00Z', 'Medium', 'Highest');
    const state = run(issue, '2026-11-16T20:00:00Z');
    expect(state.priority).toMatchObject({ id: 'P1', ruleId: 'highest' });
    expect(state.metrics[0]).toMatchObject({ id: 'firstResponse', status: 'breached', dueAt: '2026-11-16T18:00:00.000Z' });
  });

  it('nextChangeAt is null when nothing changes on its own', () => {
    const issue = withComment(buildIssue({ created: MON_0900, summary: 'A report' }), { at: '2026-11-16T15:00:00Z', by: AGENT });
    // P3: first response met, other targets none; the "*" ladder still climbs, until resolved.
    const state = run(issue, '2026-11-20T14:00:00Z');
    expect(state.escalation.level).toBe(2);
    expect(state.nextChangeAt).toBeNull();
  });

  it('is deterministic, whatever the order of the changelog', () => {
    let issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
    issue = withPriorityChange(issue, '2026-11-16T15:30:00Z', 'Medium', 'High');
    issue = withLabelAdded(issue, '2026-11-16T15:45:00Z', 'escalation-requested');
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Waiting for customer', 'In Progress');
    issue = withFieldChange(issue, '2026-11-16T16:10:00Z', { fieldId: FIELD.pendingReason, name: 'Pending reason', value: 'Customer' });
    issue = withComment(issue, { at: '2026-11-16T16:20:00Z', by: AGENT });
    const now = Date.parse('2026-11-17T16:00:00Z');
    const first = JSON.stringify(evaluate(policy, issue, now));
    expect(JSON.stringify(evaluate(policy, issue, now))).toBe(first);
    expect(JSON.stringify(evaluate(policy, newestFirst(issue), now))).toBe(first);
    expect(JSON.stringify(evaluate(policy, JSON.parse(JSON.stringify(issue)), now))).toBe(first);
  });

  it('throws an IssueParseError naming the path for a malformed issue', () => {
    const issue = outage() as unknown as { fields: { created: unknown } };
    issue.fields.created = 42;
    expect(() => evaluate(policy, issue, Date.parse(MON_0900))).toThrow(IssueParseError);
    expect(() => evaluate(policy, issue, Date.parse(MON_0900))).toThrow(/fields\.created/);
  });

  it('rejects a non-instant now', () => {
    expect(() => evaluate(policy, outage(), Number.NaN)).toThrow(RangeError);
  });
});

describe('dueInstants', () => {
  const start = Date.parse('2026-11-20T21:00:00Z'); // Fri 16:00 New York

  it('gives every metric its due instant, duration as written and calendar', () => {
    const result = dueInstants(policy, { plan: 'standard', priority: 'P1', start });
    expect(result).toEqual({
      firstResponse: { due: Date.parse('2026-11-23T16:00:00Z'), duration: '4h', calendar: 'ny' }, // Mon 11:00
      workaround: { due: Date.parse('2026-11-23T21:00:00Z'), duration: '1d', calendar: 'ny' }, // Mon 16:00
      resolution: { due: Date.parse('2026-11-27T21:00:00Z'), duration: '1w', calendar: 'ny' }, // Fri 16:00
      escalationAck: { due: Date.parse('2026-11-23T16:00:00Z'), duration: '4h', calendar: 'ny' },
    });
  });

  it('reports none for missing or none targets, and honours an explicit calendar', () => {
    const result = dueInstants(policy, { plan: 'premium', priority: 'P3', start });
    expect(result.workaround).toEqual({ due: null, duration: 'none', calendar: 'ny' });
    expect(dueInstants(policy, { plan: 'premium', priority: 'P1', start }).firstResponse).toEqual({
      due: Date.parse('2026-11-20T22:00:00Z'),
      duration: '1h',
      calendar: '24x7',
    });
    expect(dueInstants(policy, { plan: 'standard', priority: 'P3', start }).workaround).toEqual({
      due: null,
      duration: 'none',
      calendar: 'ny',
    });
  });

  it('agrees with the clocks of an unpaused issue', () => {
    const issue = buildIssue({ created: '2026-11-20T21:00:00Z', summary: 'outage' });
    const state = evaluate(policy, issue, start);
    const dues = dueInstants(policy, { plan: 'standard', priority: 'P1', start });
    for (const metric of state.metrics.filter((candidate) => candidate.dueAt !== null)) {
      expect(metric.dueAt).toBe(new Date(dues[metric.id]?.due ?? 0).toISOString());
    }
  });

  it('throws UnknownChoiceError naming the valid plans and priorities', () => {
    const attempt = (plan: string, priority: string) => {
      try {
        dueInstants(policy, { plan, priority, start });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const plan = attempt('gold', 'P1');
    expect(plan).toBeInstanceOf(UnknownChoiceError);
    expect(plan).toMatchObject({ kind: 'plan', value: 'gold', choices: ['standard', 'premium'] });
    expect((plan as Error).message).toBe("unknown plan 'gold'; choose one of: standard, premium");
    expect(attempt('standard', 'p1')).toMatchObject({
      kind: 'priority',
      choices: ['P1', 'P2', 'P3', 'P4'],
      message: expect.stringContaining("did you mean 'P1'"),
    });
  });
});

describe('evaluate invariants on random histories (property)', () => {
  type Step = { minutes: number; kind: 'wait' | 'work' | 'agent' | 'reporter' | 'internal' | 'premium' | 'highest' | 'resolve' };
  const step = fc.record({
    minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
    kind: fc.constantFrom<Step['kind']>('wait', 'work', 'agent', 'reporter', 'internal', 'premium', 'highest', 'resolve'),
  });

  function storyIssue(steps: Step[]): BuiltIssue {
    let issue = buildIssue({ created: MON_0900, summary: 'Checkout slow', priority: 'Medium', names: FIELD_NAMES });
    let t = Date.parse(MON_0900);
    let status = 'Open';
    for (const { minutes, kind } of steps) {
      t += minutes * 60_000;
      const at = new Date(t).toISOString();
      if (status === 'Resolved') break;
      if (kind === 'wait' && status !== 'Waiting for customer') {
        issue = withStatusChange(issue, at, status, 'Waiting for customer');
        status = 'Waiting for customer';
      } else if (kind === 'work' && status !== 'In Progress') {
        issue = withStatusChange(issue, at, status, 'In Progress');
        status = 'In Progress';
      } else if (kind === 'agent' || kind === 'reporter' || kind === 'internal') {
        issue = withComment(issue, { at, by: kind === 'reporter' ? 'customer-1' : AGENT, public: kind !== 'internal' });
      } else if (kind === 'premium' && !issue.fields.labels.includes('plan-premium')) {
        issue = withLabelAdded(issue, at, 'plan-premium');
      } else if (kind === 'highest') {
        issue = withPriorityChange(issue, at, 'Medium', 'Highest');
      } else if (kind === 'resolve') {
        issue = withResolution(issue, at);
        status = 'Resolved';
      }
    }
    return issue;
  }

  it('keeps its numbers consistent at every instant', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 20 * 24 * 60 }), { minLength: 2, maxLength: 5 }),
        (steps, nowOffsets) => {
          const issue = storyIssue(steps);
          const nows = [...new Set(nowOffsets)].sort((a, b) => a - b).map((minutes) => Date.parse(MON_0900) + minutes * 60_000);
          const elapsedBefore = new Map<string, number>();
          for (const now of nows) {
            const state = evaluate(policy, issue, now);
            expect(JSON.stringify(evaluate(policy, newestFirst(issue), now))).toBe(JSON.stringify(state));
            if (state.nextChangeAt !== null) expect(Date.parse(state.nextChangeAt)).toBeGreaterThan(now);
            for (const metric of state.metrics) {
              if (metric.startedAt === null) continue;
              const started = Date.parse(metric.startedAt);
              if (metric.dueAt !== null) expect(Date.parse(metric.dueAt)).toBeGreaterThanOrEqual(started);
              if (metric.targetMinutes !== null) expect(metric.remainingMinutes).toBe(metric.targetMinutes - metric.elapsedMinutes);
              if (metric.status === 'running') expect(Date.parse(metric.dueAt ?? '')).toBeGreaterThan(now);
              if (metric.status === 'paused') expect(metric.pause).not.toBeNull();
              if (metric.status === 'breached') expect(Date.parse(metric.breachedAt ?? '')).toBeLessThanOrEqual(now);
              if (metric.status === 'met') expect(Date.parse(metric.stoppedAt ?? '')).toBeLessThanOrEqual(Date.parse(metric.dueAt ?? ''));
              if (metric.atRisk) expect(metric.percentUsed).toBeGreaterThanOrEqual(75);
              // Business time used never goes down as time goes on (targets may change, elapsed may not shrink).
              expect(metric.elapsedMinutes).toBeGreaterThanOrEqual(elapsedBefore.get(metric.id) ?? 0);
              elapsedBefore.set(metric.id, metric.elapsedMinutes);
            }
            const levels = state.escalation.ladder.filter((level) => level.reached).length;
            expect(state.escalation.level).toBeGreaterThanOrEqual(levels > 0 ? 1 : 0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
