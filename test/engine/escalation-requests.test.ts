/**
 * Time to acknowledge: an escalation request (a request type, a customer's comment matching the text rule, a
 * customer's portal transition, a label) starts a cycle and an acknowledgement recorded in the SLA panel, handed
 * to `evaluate` as input, stops it. Also: a warning share other than 75 % is the next check at its instant.
 * Calendar Mon–Fri 09:00–18:00 America/New_York (EST, UTC−5, in November); issues created Mon 2026-11-16 09:00 EST.
 */
import { evaluate, ladderNotices, loadPolicy, parseIssue, type MetricState } from '../../src/engine';
import { ackPolicy, ackPolicyYaml, REQUEST_TYPE_FIELD } from '../builders/ack-policy';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withFieldChange,
  withLabelAdded,
  withLabelRemoved,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';

const policy = ackPolicy();
const CREATED = '2026-11-16T14:00:00Z'; // Mon 09:00 EST

function metric(issue: BuiltIssue, id: string, now: string, acknowledgedAt: string[] = []): MetricState {
  const found = evaluate(policy, issue, Date.parse(now), { acknowledgedAt }).metrics.find((one) => one.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

function requestTypeIssue(type: string): BuiltIssue {
  return buildIssue({
    created: CREATED,
    fields: { [REQUEST_TYPE_FIELD.fieldId]: { requestType: { name: type } } },
    names: { [REQUEST_TYPE_FIELD.fieldId]: REQUEST_TYPE_FIELD.name },
  });
}

describe('escalation requests start time to acknowledge', () => {
  const base = buildIssue({ created: CREATED });
  // Each row: the issue, the metric, and when its (first) cycle started; null = no request.
  const cases: Array<{ name: string; issue: BuiltIssue; metric: string; startedAt: string | null }> = [
    {
      name: "a customer's public comment with the word",
      issue: withComment(base, { at: '2026-11-16T15:00:00Z', by: REPORTER, text: 'Please ESCALATE this ticket' }), // Mon 10:00 EST
      metric: 'byComment',
      startedAt: '2026-11-16T15:00:00.000Z',
    },
    {
      name: "a customer's public comment matching the regex",
      issue: withComment(base, { at: '2026-11-16T15:00:00Z', by: REPORTER, text: 'I need to speak to your manager' }),
      metric: 'byComment',
      startedAt: '2026-11-16T15:00:00.000Z',
    },
    {
      name: 'a word inside a longer word is no request',
      issue: withComment(base, { at: '2026-11-16T15:00:00Z', by: REPORTER, text: 'This was escalated last week' }),
      metric: 'byComment',
      startedAt: null,
    },
    {
      name: "an agent's comment is no customer request",
      issue: withComment(base, { at: '2026-11-16T15:00:00Z', by: AGENT, text: 'I will escalate this' }),
      metric: 'byComment',
      startedAt: null,
    },
    {
      name: "a customer's internal-only comment is no request",
      issue: withComment(base, { at: '2026-11-16T15:00:00Z', by: REPORTER, public: false, text: 'escalate' }),
      metric: 'byComment',
      startedAt: null,
    },
    {
      name: 'an issue raised with the escalation request type',
      issue: requestTypeIssue('Escalate a request'),
      metric: 'byType',
      startedAt: '2026-11-16T14:00:00.000Z',
    },
    {
      name: 'the request type changed to the escalation one',
      issue: withFieldChange(requestTypeIssue('Get IT help'), '2026-11-16T16:00:00Z', {
        ...REQUEST_TYPE_FIELD,
        value: { requestType: { name: 'Escalate a request' } },
        text: 'Escalate a request',
      }), // Mon 11:00 EST
      metric: 'byType',
      startedAt: '2026-11-16T16:00:00.000Z',
    },
    {
      name: 'another request type',
      issue: requestTypeIssue('Get IT help'),
      metric: 'byType',
      startedAt: null,
    },
    {
      name: 'the customer moved it to Escalated (a portal transition)',
      issue: withStatusChange(base, '2026-11-16T15:00:00Z', 'Open', 'Escalated', REPORTER),
      metric: 'byPortal',
      startedAt: '2026-11-16T15:00:00.000Z',
    },
    {
      name: 'an agent moved it to Escalated (no portal action)',
      issue: withStatusChange(base, '2026-11-16T15:00:00Z', 'Open', 'Escalated', AGENT),
      metric: 'byPortal',
      startedAt: null,
    },
  ];
  it.each(cases)('$name', ({ issue, metric: id, startedAt }) => {
    const state = metric(issue, id, '2026-11-16T17:00:00Z'); // Mon 12:00 EST
    expect(state.startedAt).toBe(startedAt);
    expect(state.status).toBe(startedAt === null ? 'none' : 'running');
  });
});

describe('an acknowledgement stops the cycle', () => {
  // Comment Mon 10:00 EST: due 14:00 EST (19:00Z).
  const requested = withComment(buildIssue({ created: CREATED }), { at: '2026-11-16T15:00:00Z', by: REPORTER, text: 'please escalate' });

  it('runs until acknowledged, then is met at the acknowledgement', () => {
    expect(metric(requested, 'byComment', '2026-11-16T16:00:00Z')).toMatchObject({ status: 'running', dueAt: '2026-11-16T19:00:00.000Z' });
    const acknowledged = metric(requested, 'byComment', '2026-11-16T17:00:00Z', ['2026-11-16T16:30:00Z']); // Mon 11:30 EST
    expect(acknowledged).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T16:30:00.000Z', elapsedMinutes: 90, cycle: 1 });
    expect(acknowledged.history.at(-1)).toMatchObject({ kind: 'met', reason: 'acknowledged in the SLA panel' });
  });

  it('is breached when the acknowledgement comes after the due instant', () => {
    const late = metric(requested, 'byComment', '2026-11-16T21:00:00Z', ['2026-11-16T20:00:00Z']); // Mon 15:00 EST
    expect(late).toMatchObject({ status: 'breached', stoppedAt: '2026-11-16T20:00:00.000Z', breachedAt: '2026-11-16T19:00:00.000Z' });
  });

  it('ignores an acknowledgement after now (not yet happened) and one before the request', () => {
    expect(metric(requested, 'byComment', '2026-11-16T16:00:00Z', ['2026-11-16T16:30:00Z']).status).toBe('running');
    expect(metric(requested, 'byComment', '2026-11-16T16:00:00Z', ['2026-11-16T14:30:00Z']).status).toBe('running');
  });

  it('reads duplicated acknowledgements (double clicks, retries) as one', () => {
    const once = evaluate(policy, requested, Date.parse('2026-11-16T17:00:00Z'), { acknowledgedAt: ['2026-11-16T16:30:00Z'] });
    const twice = evaluate(policy, requested, Date.parse('2026-11-16T17:00:00Z'), {
      acknowledgedAt: ['2026-11-16T16:30:00.000Z', '2026-11-16T16:30:00Z', '2026-11-16T16:30:00Z'],
    });
    expect(twice).toEqual(once);
  });

  it('gives one cycle per request (repeat: restart)', () => {
    let issue = withLabelAdded(buildIssue({ created: CREATED }), '2026-11-16T15:00:00Z', 'escalation-requested'); // Mon 10:00 EST
    issue = withLabelRemoved(issue, '2026-11-16T17:00:00Z', 'escalation-requested');
    issue = withLabelAdded(issue, '2026-11-16T18:00:00Z', 'escalation-requested'); // Mon 13:00 EST: due 17:00 EST
    const first = '2026-11-16T16:00:00Z'; // Mon 11:00 EST
    const unanswered = metric(issue, 'byLabel', '2026-11-16T23:00:00Z', [first]);
    expect(unanswered).toMatchObject({
      status: 'breached',
      cycle: 2,
      startedAt: '2026-11-16T18:00:00.000Z',
      dueAt: '2026-11-16T22:00:00.000Z',
    });
    expect(unanswered.pastCycles).toMatchObject([{ cycle: 1, status: 'met', stoppedAt: '2026-11-16T16:00:00.000Z', elapsedMinutes: 60 }]);
    const answered = metric(issue, 'byLabel', '2026-11-16T23:00:00Z', [first, '2026-11-16T20:00:00Z']); // Mon 15:00 EST
    expect(answered).toMatchObject({ status: 'met', cycle: 2, elapsedMinutes: 120, breachedCycles: 0 });
  });

  it('a resolution still stops an unacknowledged request', () => {
    const resolved = withResolution(requested, '2026-11-16T17:00:00Z');
    expect(metric(resolved, 'byComment', '2026-11-16T18:00:00Z')).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T17:00:00.000Z' });
  });

  it('parseIssue alone has no acknowledgements (they are the app’s records, not Jira’s)', () => {
    expect(parseIssue(requested).acknowledgements).toEqual([]);
  });
});

describe('validation', () => {
  function errors(yaml: string) {
    const result = loadPolicy(yaml, { format: 'yaml' });
    return result.ok ? [] : result.errors;
  }

  it('refuses an acknowledgement stop without a directory, at its line', () => {
    const yaml = ackPolicyYaml()
      .replace(/\ndirectory:[\s\S]*$/, '\n')
      .replace(/\nescalation:[\s\S]*?(?=\n\S|$)/, '');
    const found = errors(yaml).filter((error) => error.message.includes('acknowledgement stop needs a directory'));
    expect(found.map((error) => error.path)).toEqual([
      'metrics[0].stop[0]',
      'metrics[1].stop[0]',
      'metrics[2].stop[0]',
      'metrics[3].stop[0]',
    ]);
    const line = yaml.split('\n').findIndex((text) => text.includes('stop: [{ on: acknowledgement }')) + 1;
    expect(found[0]?.line).toBe(line);
  });

  it('refuses a comment start with no words nor regex, and a regex RE2 cannot run', () => {
    const empty = errors(ackPolicyYaml().replace('text: { words: [escalate], regex: "(?i)speak to (a|your) manager" }', 'text: {}'));
    expect(empty.map((error) => [error.path, error.message])).toEqual([
      ['metrics[1].start.text', 'metrics[1].start.text: needs words or regex: add e.g. words: [escalate] or regex: "(?i)please escalate".'],
    ]);
    const lookahead = errors(ackPolicyYaml().replace('"(?i)speak to (a|your) manager"', '"(?=escalate)"'));
    expect(lookahead.map((error) => error.path)).toEqual(['metrics[1].start.text.regex']);
  });

  it('names the start kinds when one is misspelt', () => {
    const found = errors(ackPolicyYaml().replace('on: portalAction', 'on: portalActions'));
    expect(found[0]?.message).toMatch(/portalAction/);
  });
});

describe('a warning share other than 75 % is the next check at its instant', () => {
  // Label added Mon 10:00 EST; 4h target; at risk (75 %, 180 minutes) at 13:00 EST = 18:00Z.
  const issue = withLabelAdded(buildIssue({ created: CREATED }), '2026-11-16T15:00:00Z', 'escalation-requested');
  const warnAt = (percent: number) =>
    ackPolicy({ warn: `  warnBeforeBreach: { atPercent: ${percent}, notify: assignee, metrics: [byLabel] }` });
  const cases = [
    { percent: 60, now: '2026-11-16T15:30:00Z', next: '2026-11-16T17:24:00.000Z' }, // 144 minutes: Mon 12:24 EST
    { percent: 33, now: '2026-11-16T15:30:00Z', next: '2026-11-16T16:20:00.000Z' }, // 79.2 → 80 whole minutes: Mon 11:20 EST
    { percent: 90, now: '2026-11-16T15:30:00Z', next: '2026-11-16T18:00:00.000Z' }, // at risk first; 216 minutes at 13:36 EST later
    { percent: 90, now: '2026-11-16T18:00:00Z', next: '2026-11-16T18:36:00.000Z' }, // Mon 13:36 EST
    { percent: 60, now: '2026-11-16T17:30:00Z', next: '2026-11-16T18:00:00.000Z' }, // already past the warning
  ];
  it.each(cases)('warn at $percent %, evaluated $now: next check $next', ({ percent, now, next }) => {
    expect(evaluate(warnAt(percent), issue, Date.parse(now)).nextChangeAt).toBe(next);
  });

  it('without a warning the next check is the at-risk instant', () => {
    expect(evaluate(policy, issue, Date.parse('2026-11-16T15:30:00Z')).nextChangeAt).toBe('2026-11-16T18:00:00.000Z');
  });

  it('the notice is due exactly at that instant, not a minute before', () => {
    const warned = warnAt(33);
    const notices = (now: string) => {
      const state = evaluate(warned, issue, Date.parse(now));
      return ladderNotices({ policy: warned, snapshot: parseIssue(issue), state, levelField: null }).map((notice) => notice.claim);
    };
    expect(notices('2026-11-16T16:19:59Z')).toEqual([]);
    expect(notices('2026-11-16T16:20:00Z')).toEqual(['warn:byLabel']);
  });
});
