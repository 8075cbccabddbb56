/**
 * Cycles measured the fast way (evaluate: timeline groups merged, past terms by field-change segments, pauses by
 * binary search, calendar-duration amounts remembered) against a straightforward reference written here: every
 * event sorted, the fold copied at each step, each past cycle classified from the issue as of its stop, its pauses
 * filtered from the whole list and measured on the calendar itself. Random issues (seeded) start near the
 * daylight-saving changes and holidays of the DST cycle policy (test/builders/cycle-policy.ts), in America/New_York.
 */
import fc from 'fast-check';
import { classify } from '../../src/engine/classify';
import type { CompletedCycle } from '../../src/engine/clocks';
import { pauseIntervals } from '../../src/engine/clocks';
import { issueAsOf } from '../../src/engine/cycle-terms';
import { parseDuration } from '../../src/engine/duration';
import { durationReached } from '../../src/engine/duration-reached';
import { evaluate } from '../../src/engine/evaluate';
import { consumedBetween, intervalsAsOf, intervalsDuring, type Interval } from '../../src/engine/intervals';
import { parseIssue, type IssueSnapshot, type TimedValue } from '../../src/engine/issue';
import {
  metricStop,
  metricTimeline,
  reopenings,
  startOccurrences,
  type ClockMark,
  type CycleSpan,
  type TimelineEvent,
} from '../../src/engine/metric-timeline';
import { selectCalendarRegion, selectPlan } from '../../src/engine/plan';
import type { Metric, MetricStop } from '../../src/engine/policy-schema';
import { targetFor } from '../../src/engine/policy-lookups';
import { includesIgnoringCase } from '../../src/engine/text-match';
import { dstCyclePolicy, SUPPORT_PLAN_FIELD } from '../builders/cycle-policy';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withFieldChange,
  withPriorityChange,
  withReopen,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';

const MINUTE = 60_000;
const policy = dstCyclePolicy();

/** Where random issues begin: just before a clock change or a holiday of the policy's New York calendar. */
const CREATED_AT = [
  '2026-03-06T14:00:00Z', // Fri 09:00 EST; Sun 03-08 springs forward at 02:00, Mon 03-09 is closed
  '2026-03-08T05:45:00Z', // Sun 00:45 EST, in the Sunday window, 75 minutes before the gap
  '2026-10-30T13:00:00Z', // Fri 09:00 EDT; Sun 11-01 falls back at 02:00, Mon 11-02 is closed
  '2026-11-01T05:15:00Z', // Sun 01:15 EDT, the first pass through the repeated hour
  '2026-11-25T14:00:00Z', // Wed 09:00 EST; Thu 11-26 (Thanksgiving) is closed
];

const ACTIONS = [
  'customerComment',
  'agentComment',
  'internalComment',
  'wait',
  'work',
  'triage',
  'priority',
  'plan',
  'resolve',
  'reopen',
] as const;
type Action = (typeof ACTIONS)[number];

interface Step {
  /** Minutes after the previous step (0: the same instant, a tie). */
  gap: number;
  action: Action;
}

const stepArbitrary = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 180 }), fc.integer({ min: 181, max: 4 * 24 * 60 })),
  action: fc.constantFrom(...ACTIONS),
});

const scenarioArbitrary = fc.record({
  created: fc.constantFrom(...CREATED_AT),
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 60, size: 'max' }),
  // Evaluated after the last step, or in the middle of the story (later steps have not happened yet).
  now: fc.oneof(
    fc.record({ afterStep: fc.constant(Infinity), minutes: fc.integer({ min: 0, max: 6 * 24 * 60 }) }),
    fc.record({ afterStep: fc.nat(60), minutes: fc.integer({ min: 0, max: 120 }) }),
  ),
});

/** The issue the steps make, and the instant after its last step at which it is evaluated. */
function scenarioIssue(scenario: { created: string; steps: Step[]; now: { afterStep: number; minutes: number } }): {
  issue: BuiltIssue;
  now: number;
} {
  let at = Date.parse(scenario.created);
  let issue = buildIssue({
    created: scenario.created,
    summary: 'Checkout is slow',
    names: { [SUPPORT_PLAN_FIELD.fieldId]: SUPPORT_PLAN_FIELD.name },
    fields: { [SUPPORT_PLAN_FIELD.fieldId]: { value: 'Standard' } },
  });
  let priority = 'Medium';
  let plan = 'Standard';
  let resolved = false;
  let nowAt = at + scenario.now.minutes * MINUTE;
  for (const [index, step] of scenario.steps.entries()) {
    at += step.gap * MINUTE;
    if (index <= scenario.now.afterStep) nowAt = at + scenario.now.minutes * MINUTE;
    const when = new Date(at).toISOString();
    const status = issue.fields.status.name;
    switch (step.action) {
      case 'customerComment':
        issue = withComment(issue, { at: when, by: REPORTER });
        break;
      case 'agentComment':
        issue = withComment(issue, { at: when, by: AGENT });
        break;
      case 'internalComment':
        issue = withComment(issue, { at: when, by: AGENT, public: false });
        break;
      case 'wait':
        issue = withStatusChange(issue, when, status, 'Waiting for customer');
        break;
      case 'work':
        issue = withStatusChange(issue, when, status, 'In Progress');
        break;
      case 'triage':
        issue = withStatusChange(issue, when, status, 'Triage');
        break;
      case 'priority': {
        const next = priority === 'Medium' ? 'Highest' : 'Medium';
        issue = withPriorityChange(issue, when, priority, next);
        priority = next;
        break;
      }
      case 'plan': {
        plan = plan === 'Standard' ? 'Premium' : 'Standard';
        issue = withFieldChange(issue, when, { ...SUPPORT_PLAN_FIELD, value: { value: plan } });
        break;
      }
      case 'resolve':
        if (!resolved) issue = withResolution(issue, when);
        resolved = true;
        break;
      case 'reopen':
        if (resolved) issue = withReopen(issue, when);
        resolved = false;
        break;
    }
  }
  return { issue, now: nowAt };
}

// ---------------------------------------------------------------------------------------------------------------
// The reference: the rules of docs/policy.md ("Cycles") written the plain way.

function stretchMarks(
  timeline: readonly TimedValue[],
  holds: (value: string | null) => boolean,
  reason: (value: string) => string,
): ClockMark[] {
  return timeline
    .filter((entry) => entry.to > entry.from && holds(entry.value))
    .map((entry) => ({ at: entry.from, reason: reason(entry.value ?? '') }));
}

function referenceStopMarks(issue: IssueSnapshot, stop: MetricStop): ClockMark[] {
  switch (stop.on) {
    case 'publicComment':
      return issue.comments
        .filter((comment) => comment.public && (stop.by === 'anyone' || issue.reporterId === null || comment.by !== issue.reporterId))
        .map((comment) => ({ at: comment.at, reason: `public comment by ${comment.by ?? 'an unknown user'}` }));
    case 'status':
      return stretchMarks(
        issue.statusTimeline,
        (value) => includesIgnoringCase(stop.statuses, value),
        (value) => `entered status '${value}'`,
      );
    case 'field':
      return stretchMarks(
        issue.fieldTimeline(stop.field),
        (value) => value !== null,
        (value) => `field '${stop.field}' set to '${value}'`,
      );
    case 'resolution':
      return stretchMarks(
        issue.resolutionTimeline,
        (value) => value !== null,
        (value) => `resolved (${value})`,
      );
    case 'acknowledgement':
      return issue.acknowledgements.map((at) => ({ at, reason: 'acknowledged in the SLA panel' }));
  }
}

const KIND_ORDER = { start: 0, stop: 1, restart: 2 } as const;

/**
 * Every start (a `once` metric: its first) and stop up to `now`, concatenated in the policy's order and sorted
 * stably (no restarts here).
 */
function referenceEvents(issue: IssueSnapshot, metric: Metric, now: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const add = (kind: TimelineEvent['kind'], marks: readonly ClockMark[]) => {
    for (const mark of marks) if (mark.at <= now) events.push({ kind, at: mark.at, reason: mark.reason });
  };
  const starts = startOccurrences(issue, metric.start);
  if (metric.repeat === undefined || metric.repeat === 'once') {
    if (starts[0] === undefined || starts[0].at > now) return [];
    add('start', starts.slice(0, 1));
  } else add('start', starts);
  if (metric.repeat === 'reopen') add('start', reopenings(issue));
  for (const stop of metric.stop) add('stop', referenceStopMarks(issue, stop));
  return [...events].sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

/**
 * The fold, a new list at every step: a start begins a cycle unless one is open (or a `once` metric had its one);
 * when a stop holds at that instant a repeating metric begins none, a `once` metric's cycle ends at once.
 */
function referenceCycles(issue: IssueSnapshot, metric: Metric, now: number): CycleSpan[] {
  const once = metric.repeat === undefined || metric.repeat === 'once';
  let done: CycleSpan[] = [];
  let open: ClockMark | null = null;
  for (const event of referenceEvents(issue, metric, now)) {
    if (event.kind === 'start') {
      if (open !== null || (once && done.length > 0)) continue;
      const holding = metricStop(issue, metric.stop, event.at);
      if (holding === null || holding.at !== event.at) open = { at: event.at, reason: event.reason };
      else if (once) done = [...done, { start: { at: event.at, reason: event.reason }, stop: holding }];
    } else if (open !== null) {
      done = [...done, { start: open, stop: { at: event.at, reason: event.reason } }];
      open = null;
    }
  }
  return open === null ? done : [...done, { start: open, stop: null }];
}

/** A completed cycle measured on the terms the issue had at its stop, with no memo and no shortcut. */
function referenceCompletedCycle(issue: IssueSnapshot, metric: Metric, span: CycleSpan, index: number): CompletedCycle {
  const stop = span.stop as ClockMark;
  const view = issueAsOf(issue, stop.at);
  const priority = classify(policy, view).priority;
  const plan = selectPlan(policy, view).plan;
  const region = selectCalendarRegion(policy, view).calendar;
  const target = targetFor(policy, plan, priority, metric.id, region);
  const calendar = policy.calendar(target?.calendar ?? region);
  const allPauses = pauseIntervals(issue, metric.pause === 'inherit' ? policy.pause : metric.pause);
  const pauses = intervalsAsOf(allPauses, stop.at, true).filter((pause) => pause.to > span.start.at);
  const elapsed = consumedBetween(calendar, span.start.at, stop.at, pauses);
  const paused = calendar.businessTimeBetween(span.start.at, stop.at) - elapsed;
  const duration = target === null ? null : parseDuration(target.duration);
  const reach = duration === null || duration.kind === 'none' ? null : durationReached(calendar, span.start.at, duration, pauses);
  const due = reach === null ? null : (reach.point.at ?? stop.at);
  return {
    cycle: index + 1,
    startedAt: new Date(span.start.at).toISOString(),
    stoppedAt: new Date(stop.at).toISOString(),
    dueAt: due === null ? null : new Date(due).toISOString(),
    targetMinutes: reach === null ? null : Math.round(reach.amountMs / MINUTE),
    elapsedMinutes: Math.floor(elapsed / MINUTE),
    pausedMinutes: Math.floor(Math.max(0, paused) / MINUTE),
    status: due !== null && stop.at > due ? 'breached' : 'met',
    priority,
    plan,
    reason: { started: span.start.reason, stopped: stop.reason },
  };
}

/** Every metric's cycles, terms and measures as evaluate gives them, against the reference; what was compared. */
function expectSameAsReference(raw: BuiltIssue, now: number): CompletedCycle[] {
  const issue = parseIssue(raw);
  const state = evaluate(policy, raw, now);
  const compared: CompletedCycle[] = [];
  for (const metric of policy.metrics) {
    const spans = referenceCycles(issue, metric, now);
    const measured = state.metrics.find((candidate) => candidate.id === metric.id);
    expect(metricTimeline(issue, metric, now)).toEqual(referenceEvents(issue, metric, now));
    expect(measured?.cycle).toBe(spans.length);
    const current = spans[spans.length - 1];
    expect(measured?.startedAt ?? null).toBe(current ? new Date(current.start.at).toISOString() : null);
    expect(measured?.stoppedAt ?? null).toBe(current?.stop ? new Date(current.stop.at).toISOString() : null);
    expect(measured?.pastCycles).toEqual(spans.slice(0, -1).map((span, index) => referenceCompletedCycle(issue, metric, span, index)));
    compared.push(...(measured?.pastCycles ?? []));
  }
  return compared;
}

describe('cycles: the fast path equals the reference (random issues near DST changes and holidays, America/New_York)', () => {
  it('has the same cycles, in the same order, with the same terms and measures for every past cycle', () => {
    // What the random issues covered, so that a generator gone dull fails the test instead of passing it.
    const seen = { pastCycles: 0, terms: new Set<string>(), breached: 0, paused: 0 };
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { issue, now } = scenarioIssue(scenario);
        for (const cycle of expectSameAsReference(issue, now)) {
          seen.pastCycles += 1;
          seen.terms.add(`${cycle.plan} ${cycle.priority}`);
          if (cycle.status === 'breached') seen.breached += 1;
          if (cycle.pausedMinutes > 0) seen.paused += 1;
        }
      }),
      { seed: 20261202, numRuns: 300 },
    );
    expect(seen.pastCycles).toBeGreaterThan(300);
    expect([...seen.terms].sort()).toEqual(['premium P1', 'premium P3', 'standard P1', 'standard P3']);
    expect(seen.breached).toBeGreaterThan(50);
    expect(seen.paused).toBeGreaterThan(50);
  });

  // Stops that fire together: the policy's first stop is the one a cycle reports (firstResponse: a reply, then resolution).
  const together: Array<[string, Step[]]> = [
    [
      'a reply and the resolution at one instant',
      [
        { gap: 30, action: 'agentComment' },
        { gap: 0, action: 'resolve' },
      ],
    ],
    [
      'the resolution and a reply at one instant',
      [
        { gap: 30, action: 'resolve' },
        { gap: 0, action: 'agentComment' },
      ],
    ],
    [
      'triage, then work and resolution at one instant',
      [
        { gap: 30, action: 'triage' },
        { gap: 60, action: 'work' },
        { gap: 0, action: 'resolve' },
      ],
    ],
    [
      'a customer comment answered as the issue is resolved and reopened',
      [
        { gap: 10, action: 'customerComment' },
        { gap: 50, action: 'agentComment' },
        { gap: 0, action: 'resolve' },
        { gap: 0, action: 'reopen' },
        { gap: 5, action: 'customerComment' },
      ],
    ],
  ];
  it.each(together)('%s (created Fri 2026-03-06 09:00 EST)', (_, steps) => {
    const { issue, now } = scenarioIssue({ created: '2026-03-06T14:00:00Z', steps, now: { afterStep: Infinity, minutes: 60 } });
    expectSameAsReference(issue, now);
  });

  it('gives the same answers on a second evaluation, when the calendar-duration amounts are remembered', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { issue: raw, now } = scenarioIssue(scenario);
        expect(evaluate(policy, raw, now)).toEqual(evaluate(dstCyclePolicy(), raw, now));
      }),
      { seed: 14, numRuns: 100 },
    );
  });
});

describe('intervalsDuring: the pauses of one cycle', () => {
  const intervalsArbitrary = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 8 })
    .map((parts) => {
      // Sorted, disjoint, not touching (as pauseIntervals merges them); the last may still be open.
      const out: Interval[] = [];
      let cursor = 0;
      parts.forEach(([gap, length, open], index) => {
        const from = cursor + gap + 1;
        const to = open && index === parts.length - 1 ? Infinity : from + length + 1;
        out.push({ from, to, reason: `pause ${index}` });
        cursor = to;
      });
      return out;
    });

  it('equals intervalsAsOf(…, until, close) without those ending at or before the cycle start', () => {
    // Zero-length cycles (until = from) are weighted in: a stopped one closes the pauses it meets at that instant.
    const lengthArbitrary = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }));
    fc.assert(
      fc.property(intervalsArbitrary, fc.integer({ min: 0, max: 300 }), lengthArbitrary, fc.boolean(), (list, from, length, close) => {
        const until = from + length;
        expect(intervalsDuring(list, from, until, close)).toEqual(intervalsAsOf(list, until, close).filter((pause) => pause.to > from));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
