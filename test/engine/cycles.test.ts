/**
 * Metrics that run more than once (docs/policy.md, "Cycles"), as tables of histories on the cycle test policy:
 * America/New_York Mon–Fri 09:00–18:00 with Thanksgiving Thu 2026-11-26 closed. Instants are ISO strings in UTC
 * with the New York wall time and weekday in a comment (EDT, UTC−4, until Sun 2026-11-01 02:00; EST, UTC−5, after).
 * P1 ("outage" in the summary, or Jira priority Highest): firstResponse 1h, resolution 8h, nextReply 2h, update 2h,
 * triage 1h. P3 (default): firstResponse 4h, resolution 2d (18h), nextReply 8h, update none, triage 4h.
 */
import { evaluate, type CompletedCycle, type MetricState, type SlaState } from '../../src/engine';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withPriorityChange,
  withReopen,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';
import { cyclePolicy } from '../builders/cycle-policy';

const policy = cyclePolicy();
const WAITING = 'Waiting for customer';

function metric(state: SlaState, id: string): MetricState {
  const found = state.metrics.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

/** A step of a history: something that happens to the issue at an instant. */
type Step = (issue: BuiltIssue) => BuiltIssue;
const customer =
  (at: string): Step =>
  (issue) =>
    withComment(issue, { at, by: REPORTER });
const agent =
  (at: string, isPublic = true): Step =>
  (issue) =>
    withComment(issue, { at, by: AGENT, public: isPublic });
const resolve =
  (at: string): Step =>
  (issue) =>
    withResolution(issue, at);
const reopen =
  (at: string): Step =>
  (issue) =>
    withReopen(issue, at);
const status =
  (at: string, from: string, to: string): Step =>
  (issue) =>
    withStatusChange(issue, at, from, to);
const priority =
  (at: string, from: string, to: string): Step =>
  (issue) =>
    withPriorityChange(issue, at, from, to);

function story(created: string, summary: string, steps: readonly Step[]): BuiltIssue {
  return steps.reduce((issue, step) => step(issue), buildIssue({ created, summary }));
}

/** The parts of a cycle a table row pins. */
type CycleRow = Pick<CompletedCycle, 'startedAt' | 'stoppedAt' | 'status' | 'elapsedMinutes'> & Partial<CompletedCycle>;

interface Row {
  name: string;
  created: string;
  summary: string;
  steps: Step[];
  now: string;
  metric: string;
  /** The current cycle, as MetricState fields. */
  current: Partial<MetricState>;
  past: CycleRow[];
}

const OUTAGE = 'Checkout outage';
const QUESTION = 'How do I export invoices?';

const rows: Row[] = [
  {
    name: 'reopen after resolve: the resolution clock runs again from the reopening',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: OUTAGE,
    steps: [
      resolve('2026-11-16T16:00:00Z'), // Mon 11:00
      reopen('2026-11-16T17:00:00Z'), // Mon 12:00
    ],
    now: '2026-11-16T19:00:00Z', // Mon 14:00
    metric: 'resolution',
    current: {
      status: 'running',
      cycle: 2,
      startedAt: '2026-11-16T17:00:00.000Z',
      dueAt: '2026-11-17T16:00:00.000Z', // Tue 11:00: 6h on Monday, 2h on Tuesday
      elapsedMinutes: 120,
      breachedCycles: 0,
    },
    past: [
      {
        cycle: 1,
        startedAt: '2026-11-16T14:00:00.000Z',
        stoppedAt: '2026-11-16T16:00:00.000Z',
        dueAt: '2026-11-16T22:00:00.000Z', // Mon 17:00
        status: 'met',
        elapsedMinutes: 120,
        targetMinutes: 480,
        pausedMinutes: 0,
        priority: 'P1',
        plan: 'standard',
        reason: { started: 'issue created', stopped: 'resolved (Done)' },
      },
    ],
  },
  {
    name: 'reopen after resolve, resolved again late: two cycles, the second breached',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: OUTAGE,
    steps: [
      resolve('2026-11-16T16:00:00Z'), // Mon 11:00
      reopen('2026-11-16T17:00:00Z'), // Mon 12:00
      resolve('2026-11-17T17:00:00Z'), // Tue 12:00, an hour after the Tue 11:00 due instant
    ],
    now: '2026-11-17T20:00:00Z', // Tue 15:00
    metric: 'resolution',
    current: {
      status: 'breached',
      cycle: 2,
      dueAt: '2026-11-17T16:00:00.000Z',
      stoppedAt: '2026-11-17T17:00:00.000Z',
      elapsedMinutes: 540,
      breachedCycles: 1,
    },
    past: [{ startedAt: '2026-11-16T14:00:00.000Z', stoppedAt: '2026-11-16T16:00:00.000Z', status: 'met', elapsedMinutes: 120 }],
  },
  {
    name: 'customer replies in a burst: one open next-reply cycle, not three',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: QUESTION,
    steps: [
      customer('2026-11-16T15:00:00Z'), // Mon 10:00
      customer('2026-11-16T15:05:00Z'), // Mon 10:05
      customer('2026-11-16T15:20:00Z'), // Mon 10:20
    ],
    now: '2026-11-16T16:00:00Z', // Mon 11:00
    metric: 'nextReply',
    current: {
      status: 'running',
      cycle: 1,
      startedAt: '2026-11-16T15:00:00.000Z',
      dueAt: '2026-11-16T23:00:00.000Z', // P3 8h: Mon 18:00
      elapsedMinutes: 60,
    },
    past: [],
  },
  {
    name: 'the burst is answered once, and the next customer comment opens cycle 2',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: QUESTION,
    steps: [
      customer('2026-11-16T15:00:00Z'), // Mon 10:00
      customer('2026-11-16T15:05:00Z'), // Mon 10:05
      agent('2026-11-16T15:30:00Z', false), // Mon 10:30, an internal note: not a reply
      agent('2026-11-16T16:00:00Z'), // Mon 11:00
      customer('2026-11-16T18:00:00Z'), // Mon 13:00
    ],
    now: '2026-11-16T19:00:00Z', // Mon 14:00
    metric: 'nextReply',
    current: { status: 'running', cycle: 2, startedAt: '2026-11-16T18:00:00.000Z', elapsedMinutes: 60 },
    past: [
      {
        startedAt: '2026-11-16T15:00:00.000Z',
        stoppedAt: '2026-11-16T16:00:00.000Z',
        status: 'met',
        elapsedMinutes: 60,
        reason: { started: `public comment by the customer (${REPORTER})`, stopped: `public comment by ${AGENT}` },
      },
    ],
  },
  {
    name: 'an agent reply while paused stops the cycle; the paused time is not used',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: QUESTION,
    steps: [
      customer('2026-11-16T15:00:00Z'), // Mon 10:00
      status('2026-11-16T15:30:00Z', 'Open', WAITING), // Mon 10:30
      agent('2026-11-16T16:00:00Z'), // Mon 11:00, still waiting for the customer
      status('2026-11-16T18:00:00Z', WAITING, 'Open'), // Mon 13:00
      customer('2026-11-16T18:00:00Z'), // Mon 13:00
    ],
    now: '2026-11-16T18:30:00Z', // Mon 13:30
    metric: 'nextReply',
    current: { status: 'running', cycle: 2, startedAt: '2026-11-16T18:00:00.000Z', elapsedMinutes: 30, pause: null },
    past: [
      {
        startedAt: '2026-11-16T15:00:00.000Z',
        stoppedAt: '2026-11-16T16:00:00.000Z',
        status: 'met',
        elapsedMinutes: 30,
        pausedMinutes: 30,
      },
    ],
  },
  {
    name: 'a priority change mid-cycle recomputes the current target; the earlier cycle keeps its own',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST, P3 (resolution 2d = 18h)
    summary: QUESTION,
    steps: [
      resolve('2026-11-16T15:00:00Z'), // Mon 10:00
      reopen('2026-11-16T16:00:00Z'), // Mon 11:00
      priority('2026-11-16T17:00:00Z', 'Medium', 'Highest'), // Mon 12:00: P1 (resolution 8h)
    ],
    now: '2026-11-16T18:00:00Z', // Mon 13:00
    metric: 'resolution',
    current: {
      status: 'running',
      cycle: 2,
      startedAt: '2026-11-16T16:00:00.000Z',
      targetMinutes: 480,
      dueAt: '2026-11-17T15:00:00.000Z', // Tue 10:00: 7h on Monday from 11:00, 1h on Tuesday
      elapsedMinutes: 120,
    },
    past: [
      {
        startedAt: '2026-11-16T14:00:00.000Z',
        stoppedAt: '2026-11-16T15:00:00.000Z',
        status: 'met',
        elapsedMinutes: 60,
        targetMinutes: 1080,
        dueAt: '2026-11-17T23:00:00.000Z', // Tue 18:00: 18h from Mon 09:00
        priority: 'P3',
      },
    ],
  },
  {
    name: 'a next-reply cycle across Thanksgiving (Thu 2026-11-26 closed)',
    created: '2026-11-25T14:00:00Z', // Wed 09:00 EST
    summary: QUESTION,
    steps: [
      customer('2026-11-25T22:00:00Z'), // Wed 17:00
      agent('2026-11-27T15:00:00Z'), // Fri 10:00: 1h on Wednesday, none on Thursday, 1h on Friday
      customer('2026-11-27T16:00:00Z'), // Fri 11:00
    ],
    now: '2026-11-27T17:00:00Z', // Fri 12:00
    metric: 'nextReply',
    current: { status: 'running', cycle: 2, elapsedMinutes: 60, dueAt: '2026-11-30T15:00:00.000Z' }, // Mon 10:00: 7h Fri, 1h Mon
    past: [
      {
        startedAt: '2026-11-25T22:00:00.000Z',
        stoppedAt: '2026-11-27T15:00:00.000Z',
        status: 'met',
        elapsedMinutes: 120,
        dueAt: '2026-11-27T21:00:00.000Z', // Fri 16:00: 1h Wed + 7h Fri
      },
    ],
  },
  {
    name: 'a reopen cycle across the end of daylight saving (Sun 2026-11-01 02:00 EDT → 01:00 EST)',
    created: '2026-10-30T13:00:00Z', // Fri 09:00 EDT
    summary: OUTAGE,
    steps: [
      resolve('2026-10-30T14:00:00Z'), // Fri 10:00 EDT
      reopen('2026-10-30T20:00:00Z'), // Fri 16:00 EDT
      resolve('2026-11-02T19:00:00Z'), // Mon 14:00 EST: 2h on Friday, 5h on Monday
    ],
    now: '2026-11-02T21:00:00Z', // Mon 16:00 EST
    metric: 'resolution',
    current: {
      status: 'met',
      cycle: 2,
      startedAt: '2026-10-30T20:00:00.000Z',
      dueAt: '2026-11-02T20:00:00.000Z', // Mon 15:00 EST: 2h Friday + 6h Monday
      stoppedAt: '2026-11-02T19:00:00.000Z',
      elapsedMinutes: 420,
    },
    past: [{ startedAt: '2026-10-30T13:00:00.000Z', stoppedAt: '2026-10-30T14:00:00.000Z', status: 'met', elapsedMinutes: 60 }],
  },
  {
    name: 'periodic updates: each agent update starts the next cycle; a silent stretch breaches',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: OUTAGE,
    steps: [
      agent('2026-11-16T15:30:00Z'), // Mon 10:30
      agent('2026-11-16T17:00:00Z'), // Mon 12:00
    ],
    now: '2026-11-16T19:30:00Z', // Mon 14:30: nothing since 12:00, due 14:00
    metric: 'update',
    current: { status: 'breached', cycle: 3, startedAt: '2026-11-16T17:00:00.000Z', dueAt: '2026-11-16T19:00:00.000Z', breachedCycles: 1 },
    past: [
      { startedAt: '2026-11-16T14:00:00.000Z', stoppedAt: '2026-11-16T15:30:00.000Z', status: 'met', elapsedMinutes: 90 },
      { startedAt: '2026-11-16T15:30:00.000Z', stoppedAt: '2026-11-16T17:00:00.000Z', status: 'met', elapsedMinutes: 90 },
    ],
  },
  {
    name: 'periodic updates end at the resolution and start again at a reopening',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: OUTAGE,
    steps: [
      agent('2026-11-16T15:00:00Z'), // Mon 10:00
      resolve('2026-11-16T15:30:00Z'), // Mon 10:30
      agent('2026-11-16T16:00:00Z'), // Mon 11:00: a comment on a resolved issue starts nothing
      reopen('2026-11-16T17:00:00Z'), // Mon 12:00
    ],
    now: '2026-11-16T17:30:00Z', // Mon 12:30
    metric: 'update',
    current: { status: 'running', cycle: 3, startedAt: '2026-11-16T17:00:00.000Z', elapsedMinutes: 30 },
    past: [
      { startedAt: '2026-11-16T14:00:00.000Z', stoppedAt: '2026-11-16T15:00:00.000Z', status: 'met', elapsedMinutes: 60 },
      { startedAt: '2026-11-16T15:00:00.000Z', stoppedAt: '2026-11-16T15:30:00.000Z', status: 'met', elapsedMinutes: 30 },
    ],
  },
  {
    name: 'restart: each entry into Triage after a stop is a new triage cycle',
    created: '2026-11-16T14:00:00Z', // Mon 09:00 EST
    summary: QUESTION,
    steps: [
      status('2026-11-16T14:30:00Z', 'Open', 'Triage'), // Mon 09:30
      status('2026-11-16T15:00:00Z', 'Triage', 'In Progress'), // Mon 10:00
      status('2026-11-16T16:00:00Z', 'In Progress', 'Triage'), // Mon 11:00
    ],
    now: '2026-11-16T16:45:00Z', // Mon 11:45
    metric: 'triage',
    current: { status: 'running', cycle: 2, startedAt: '2026-11-16T16:00:00.000Z', elapsedMinutes: 45 },
    past: [{ startedAt: '2026-11-16T14:30:00.000Z', stoppedAt: '2026-11-16T15:00:00.000Z', status: 'met', elapsedMinutes: 30 }],
  },
];

describe('cycles: tables of histories', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const state = evaluate(policy, story(row.created, row.summary, row.steps), Date.parse(row.now));
    const found = metric(state, row.metric);
    expect(found).toMatchObject(row.current);
    expect(found.pastCycles).toHaveLength(row.past.length);
    row.past.forEach((cycle, index) => expect(found.pastCycles[index]).toMatchObject({ cycle: index + 1, ...cycle }));
    // The history tells every cycle's story in order: one start per cycle.
    expect(found.history.filter((entry) => entry.kind === 'started')).toHaveLength(found.cycle);
    const instants = found.history.map((entry) => Date.parse(entry.at));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });
});

describe('cycles: what stays as it was', () => {
  it('a metric that does not repeat keeps one cycle after a reopen (first response stays met)', () => {
    const issue = story('2026-11-16T14:00:00Z', OUTAGE, [
      agent('2026-11-16T14:30:00Z'), // Mon 09:30
      resolve('2026-11-16T15:00:00Z'), // Mon 10:00
      reopen('2026-11-16T16:00:00Z'), // Mon 11:00
    ]);
    const found = metric(evaluate(policy, issue, Date.parse('2026-11-16T18:00:00Z')), 'firstResponse');
    expect(found).toMatchObject({ status: 'met', cycle: 1, pastCycles: [], breachedCycles: 0, stoppedAt: '2026-11-16T14:30:00.000Z' });
  });

  it('a metric before its first start is cycle 0', () => {
    const found = metric(evaluate(policy, buildIssue({ summary: QUESTION }), Date.parse('2026-11-16T15:00:00Z')), 'nextReply');
    expect(found).toMatchObject({ status: 'none', cycle: 0, pastCycles: [], breachedCycles: 0, startedAt: null });
  });

  it('events after now have not happened: the state at an earlier instant shows the cycle of then', () => {
    const issue = story('2026-11-16T14:00:00Z', OUTAGE, [resolve('2026-11-16T16:00:00Z'), reopen('2026-11-16T17:00:00Z')]);
    const before = metric(evaluate(policy, issue, Date.parse('2026-11-16T16:30:00Z')), 'resolution'); // Mon 11:30
    expect(before).toMatchObject({ status: 'met', cycle: 1, pastCycles: [] });
  });
});

describe('cycles: escalation and the next change follow the current cycle', () => {
  it('nextChangeAt is the current next-reply cycle at risk (75 % of 2h = Mon 14:30), not the first cycle', () => {
    const issue = story('2026-11-16T14:00:00Z', OUTAGE, [
      customer('2026-11-16T15:00:00Z'), // Mon 10:00
      agent('2026-11-16T15:30:00Z'), // Mon 10:30
      customer('2026-11-16T18:00:00Z'), // Mon 13:00
      // Resolution (8h) and update (2h) keep running: update's last cycle began at 10:30, at risk at 12:00, due 12:30.
    ]);
    const state = evaluate(policy, issue, Date.parse('2026-11-16T18:10:00Z')); // Mon 13:10
    expect(metric(state, 'nextReply')).toMatchObject({ cycle: 2, status: 'running', dueAt: '2026-11-16T20:00:00.000Z' });
    expect(state.nextChangeAt).toBe('2026-11-16T19:30:00.000Z'); // Mon 14:30 EST
    // The ladder's atPercent level watches the current cycle: 100 % of next reply is its due instant, Mon 15:00.
    expect(state.escalation.ladder.find((step) => step.id === 'reply-late')).toMatchObject({
      at: '2026-11-16T20:00:00.000Z',
      reached: false,
    });
  });
});
