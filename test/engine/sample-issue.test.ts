/**
 * The admin page's sample histories as Jira issues: what the engine's issue parser reads back from them (status
 * and resolution timelines, comments by whom and how public), the bounds and messages of the schema, and the
 * fixed plan and priority a replay runs under.
 */
import { parseIssue } from '../../src/engine/issue';
import {
  MAX_SAMPLE_EVENTS,
  SAMPLE_AGENT,
  SAMPLE_REPORTER,
  sampleHistorySchema,
  sampleIssue,
  withFixedChoice,
  type SampleEvent,
} from '../../src/engine/sample-issue';
import { classify } from '../../src/engine/classify';
import { selectPlan } from '../../src/engine/plan';
import { compiledPolicy, E2E_POLICY_YAML } from '../forge/support/e2e-policy';

// UTC throughout: the sample history is a list of instants; no calendar is involved in building it.
const CREATED = '2026-03-02T09:00:00Z'; // Mon

function snapshotOf(events: SampleEvent[]) {
  return parseIssue(sampleIssue(sampleHistorySchema.parse({ created: CREATED, events })));
}

describe('sampleIssue', () => {
  it('rebuilds resolve and reopen as the resolution timeline Jira would record', () => {
    const issue = snapshotOf([
      { kind: 'resolve', at: '2026-03-02T11:00:00Z' }, // Mon
      { kind: 'reopen', at: '2026-03-03T10:00:00Z' }, // Tue
      { kind: 'resolve', at: '2026-03-03T12:00:00Z' }, // Tue
    ]);
    expect(issue.resolutionTimeline.map(({ from, to, value }) => ({ from: new Date(from).toISOString(), to, value }))).toEqual([
      { from: '2026-03-02T09:00:00.000Z', to: Date.parse('2026-03-02T11:00:00Z'), value: null },
      { from: '2026-03-02T11:00:00.000Z', to: Date.parse('2026-03-03T10:00:00Z'), value: 'Done' },
      { from: '2026-03-03T10:00:00.000Z', to: Date.parse('2026-03-03T12:00:00Z'), value: null },
      { from: '2026-03-03T12:00:00.000Z', to: Infinity, value: 'Done' },
    ]);
    expect(issue.status).toBe('Resolved');
    expect(issue.resolvedAt).toBe(Date.parse('2026-03-03T12:00:00Z'));
  });

  it('replays events in time order whatever order they were typed in, same-instant ones as typed', () => {
    const typed: SampleEvent[] = [
      { kind: 'status', at: '2026-03-02T12:00:00Z', status: 'In Progress' },
      { kind: 'status', at: '2026-03-02T10:00:00Z', status: 'Waiting for customer' },
      { kind: 'status', at: '2026-03-02T10:00:00Z', status: 'Waiting for support' },
    ];
    expect(snapshotOf(typed).statusTimeline.map((entry) => [new Date(entry.from).toISOString(), entry.value])).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Open'],
      ['2026-03-02T10:00:00.000Z', 'Waiting for support'],
      ['2026-03-02T12:00:00.000Z', 'In Progress'],
    ]);
  });

  it('writes customer comments by the reporter, agent replies by someone else, internal notes as not public', () => {
    const issue = snapshotOf([
      { kind: 'agentReply', at: '2026-03-02T10:30:00Z' },
      { kind: 'customerComment', at: '2026-03-02T10:00:00Z' },
      { kind: 'internalNote', at: '2026-03-02T11:00:00Z' },
    ]);
    expect(issue.reporterId).toBe(SAMPLE_REPORTER);
    expect(issue.comments.map(({ at, by, public: isPublic }) => ({ at, by, public: isPublic }))).toEqual([
      { at: Date.parse('2026-03-02T10:00:00Z'), by: SAMPLE_REPORTER, public: true },
      { at: Date.parse('2026-03-02T10:30:00Z'), by: SAMPLE_AGENT, public: true },
      { at: Date.parse('2026-03-02T11:00:00Z'), by: SAMPLE_AGENT, public: false },
    ]);
  });

  it('ignores what the workflow would not do: resolving twice, reopening an open request, moving to the same status', () => {
    const issue = snapshotOf([
      { kind: 'reopen', at: '2026-03-02T10:00:00Z' },
      { kind: 'status', at: '2026-03-02T10:30:00Z', status: 'open' },
      { kind: 'resolve', at: '2026-03-02T11:00:00Z' },
      { kind: 'resolve', at: '2026-03-02T12:00:00Z' },
      { kind: 'reopen', at: '2026-03-02T13:00:00Z', status: 'Waiting for support' },
    ]);
    expect(issue.resolutionTimeline.map((entry) => entry.value)).toEqual([null, 'Done', null]);
    expect(issue.statusTimeline.map((entry) => entry.value)).toEqual(['Open', 'Resolved', 'Waiting for support']);
  });
});

describe('sampleHistorySchema', () => {
  it.each([
    [
      'an event before creation',
      { created: CREATED, events: [{ kind: 'resolve', at: '2026-03-02T08:59:00Z' }] },
      'events.0.at',
      'before the request was created',
    ],
    ['a creation without an instant', { created: 'Monday', events: [] }, 'created', 'ISO-8601 instant with a zone'],
    ['a blank status', { created: CREATED, events: [{ kind: 'status', at: CREATED, status: ' ' }] }, 'events.0.status', 'name the status'],
    [
      'a 61-character status',
      { created: CREATED, events: [{ kind: 'status', at: CREATED, status: 'x'.repeat(61) }] },
      'events.0.status',
      'at most 60',
    ],
    [
      `${MAX_SAMPLE_EVENTS + 1} events`,
      { created: CREATED, events: Array.from({ length: MAX_SAMPLE_EVENTS + 1 }, () => ({ kind: 'agentReply', at: CREATED })) },
      'events',
      `at most ${MAX_SAMPLE_EVENTS} events`,
    ],
    ['an unknown key', { created: CREATED, events: [{ kind: 'agentReply', at: CREATED, extra: 1 }] }, 'events.0', 'extra'],
  ])('refuses %s at its path, saying how to fix it', (_what, input, path, words) => {
    const parsed = sampleHistorySchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect({ path: issue.path.join('.'), message: issue.message }).toEqual({ path, message: expect.stringContaining(words) });
  });

  it(`accepts ${MAX_SAMPLE_EVENTS} events (the bound is inclusive) and events at the creation instant`, () => {
    const events = Array.from({ length: MAX_SAMPLE_EVENTS }, () => ({ kind: 'agentReply', at: CREATED }));
    expect(sampleHistorySchema.safeParse({ created: CREATED, events }).success).toBe(true);
  });
});

describe('withFixedChoice', () => {
  it('classifies every issue as the chosen priority and plan, whatever its fields say', () => {
    const policy = compiledPolicy(E2E_POLICY_YAML);
    const issue = snapshotOf([]);
    // The sample has no Jira priority: the policy itself would fall back to its defaults (P3, standard).
    expect([classify(policy, issue).priority, selectPlan(policy, issue).plan]).toEqual(['P3', 'standard']);
    const fixed = withFixedChoice(policy, 'premium', 'P1');
    expect([classify(fixed, issue).priority, selectPlan(fixed, issue).plan]).toEqual(['P1', 'premium']);
    expect(fixed.calendar('utc-always').timeZone).toBe('UTC');
  });
});
