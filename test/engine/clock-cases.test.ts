/**
 * Clock cases that once disagreed with docs/policy.md (issue 9 §2), each as `sla evaluate` would see it: a built
 * issue, a policy, an instant. Instants are ISO strings in UTC with the local time of the calendar's zone and the
 * weekday in a comment. BytezTech and the week-rule policy below count on America/New_York (UTC−5 in November);
 * Batoi on 06:00–16:00 UTC every day.
 */
import { escalationInstants, evaluate, loadPolicy, type CompiledPolicy, type MetricState, type SlaState } from '../../src/engine';
import { loadPreset } from '../../src/engine/presets';
import { buildIssue, newestFirst, withReopen, withResolution, withStatusChange, type BuiltIssue } from '../builders/jira-issue';
import { WEEK_RULE_YAML } from '../builders/week-rule-policy';

const WAITING = 'Waiting for customer';
const byteztech = loadPreset('byteztech');
const batoi = loadPreset('batoi-enterprise');

function metric(state: SlaState, id = 'firstResponse'): MetricState {
  const found = state.metrics.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

function withoutHistoryIds(issue: BuiltIssue): BuiltIssue {
  const next = structuredClone(issue);
  for (const history of next.changelog.histories) Reflect.deleteProperty(history, 'id');
  return next;
}

/** Every order a Jira endpoint (or an export) may list the same histories in. */
function listOrders(issue: BuiltIssue): Array<[string, BuiltIssue]> {
  return [
    ['oldest first', issue],
    ['newest first', newestFirst(issue)],
    ['newest first, no history ids', newestFirst(withoutHistoryIds(issue))],
  ];
}

describe('changelog entries sharing an instant are applied in the order Jira made them', () => {
  // BytezTech P1 (4h, Mon–Fri 09:00–18:00 New York), created Mon 2026-11-16 09:00 EST (14:00Z).
  let issue = buildIssue({ created: '2026-11-16T14:00:00Z', priority: 'Highest' });
  issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', WAITING); // Mon 10:00
  issue = withStatusChange(issue, '2026-11-16T15:00:00Z', WAITING, 'Open'); // Mon 10:00, the same instant
  // A third history later on, so that a list without ids shows its direction.
  issue = withStatusChange(issue, '2026-11-16T15:30:00Z', 'Open', 'In Progress'); // Mon 10:30

  it.each(listOrders(issue))('%s: running at Mon 11:00 with 2h used, due Mon 13:00', (_order, raw) => {
    const state = evaluate(byteztech, raw, Date.parse('2026-11-16T16:00:00Z')); // Mon 11:00 EST
    expect(state.priority.id).toBe('P1');
    expect(metric(state)).toMatchObject({
      status: 'running',
      elapsedMinutes: 120,
      dueAt: '2026-11-16T18:00:00.000Z', // Mon 13:00 EST
      pause: null,
      history: [{ kind: 'started', at: '2026-11-16T14:00:00.000Z', reason: 'issue created' }],
    });
  });
});

describe('resolving and reopening at the same instant changes nothing', () => {
  // BytezTech P1 created Mon 2026-11-16 09:00 EST (14:00Z); resolved and reopened at Mon 10:00 (15:00Z).
  let issue = buildIssue({ created: '2026-11-16T14:00:00Z', priority: 'Highest' });
  issue = withResolution(issue, '2026-11-16T15:00:00Z');
  issue = withReopen(issue, '2026-11-16T15:00:00Z');
  issue = withStatusChange(issue, '2026-11-16T15:30:00Z', 'Open', 'In Progress'); // Mon 10:30

  it.each(listOrders(issue))('%s: the open issue is on track, never met', (_order, raw) => {
    const state = evaluate(byteztech, raw, Date.parse('2026-11-16T16:00:00Z')); // Mon 11:00 EST
    expect(state.status).toBe('on track');
    expect(metric(state)).toMatchObject({ status: 'running', stoppedAt: null, elapsedMinutes: 120, dueAt: '2026-11-16T18:00:00.000Z' });
    expect(metric(state).history.map((entry) => entry.kind)).toEqual(['started']);
  });
});

describe('Batoi P4 ladder (1w, 2w, 1mo) from Sunday 20:00 UTC reaches each level at the next opening', () => {
  // Created Sun 2026-11-15 20:00Z, after the 16:00 close: the clock starts at Mon 16 Nov 06:00.
  const created = '2026-11-15T20:00:00Z';
  const expected = [
    ['support-team', '2026-11-23T06:00:00.000Z'], // 1w: Mon 23 Nov 06:00, not Sun 22 Nov 16:00
    ['account-manager', '2026-11-30T06:00:00.000Z'], // 2w: Mon 30 Nov 06:00
    ['executive', '2026-12-16T06:00:00.000Z'], // 1mo: Wed 16 Dec 06:00
  ];
  const issue = buildIssue({ created, priority: 'Lowest' });

  it('what-if (sla due) ladder', () => {
    const ladder = escalationInstants(batoi, { plan: 'enterprise', priority: 'P4', start: Date.parse(created) });
    expect(ladder.map((level) => [level.id, level.at === null ? null : new Date(level.at).toISOString()])).toEqual(expected);
  });

  it.each<[string, number, string, string | null]>([
    ['Sun 22 Nov 16:00 (the close before the date)', 0, '2026-11-22T16:00:00Z', null],
    ['Mon 23 Nov 05:59', 0, '2026-11-23T05:59:00Z', null],
    ['Mon 23 Nov 06:00', 1, '2026-11-23T06:00:00Z', '2026-11-23T06:00:00.000Z'],
    ['Mon 30 Nov 06:00', 2, '2026-11-30T06:00:00Z', '2026-11-30T06:00:00.000Z'],
    ['Wed 16 Dec 06:00', 3, '2026-12-16T06:00:00Z', '2026-12-16T06:00:00.000Z'],
  ])('evaluated at %s: level %i', (_when, level, now, since) => {
    const state = evaluate(batoi, issue, Date.parse(now));
    expect(state.priority.id).toBe('P4');
    expect(state.escalation.level).toBe(level);
    expect(state.escalation.since).toBe(since);
    expect(state.escalation.ladder.map((step) => [step.id, step.at])).toEqual(expected);
  });
});

function weekRulePolicy(): CompiledPolicy {
  const result = loadPolicy(WEEK_RULE_YAML);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.policy;
}

describe('a 1w or 1mo target and ladder level end at an opening, with or without pauses', () => {
  const policy = weekRulePolicy();
  // Created Wed 2026-11-18 08:00 EST (13:00Z), before the opening: both clocks start at Wed 09:00.
  const created = '2026-11-18T13:00:00Z';
  const pauses: Record<string, Array<[string, string]>> = {
    'no pause': [],
    'a pause on the weekend (no business time)': [['2026-11-21T15:00:00Z', '2026-11-21T17:00:00Z']], // Sat 10:00–12:00
    'a pause of 2 business hours': [['2026-11-23T15:00:00Z', '2026-11-23T17:00:00Z']], // Mon 10:00–12:00
  };
  it.each<[string, 'weekly' | 'monthly', string, string]>([
    // 1w: Wed 18 Nov 09:00 + 7 days = Wed 25 Nov 09:00, an opening (not the Tue 24 Nov 18:00 close before it).
    ['1w', 'weekly', 'no pause', '2026-11-25T14:00:00.000Z'],
    ['1w', 'weekly', 'a pause on the weekend (no business time)', '2026-11-25T14:00:00.000Z'],
    ['1w', 'weekly', 'a pause of 2 business hours', '2026-11-25T16:00:00.000Z'], // Wed 11:00
    // 1mo: Wed 18 Nov 09:00 + 1 month = Fri 18 Dec 09:00 EST, an opening (not the Thu 17 Dec 18:00 close).
    ['1mo', 'monthly', 'no pause', '2026-12-18T14:00:00.000Z'],
    ['1mo', 'monthly', 'a pause on the weekend (no business time)', '2026-12-18T14:00:00.000Z'],
    ['1mo', 'monthly', 'a pause of 2 business hours', '2026-12-18T16:00:00.000Z'], // Fri 11:00
  ])('%s (%s) with %s: due and level at %s', (_duration, priority, pause, expected) => {
    let issue = buildIssue({ created, labels: priority === 'monthly' ? ['monthly'] : [] });
    for (const [from, to] of pauses[pause] ?? []) {
      issue = withStatusChange(issue, from, 'Open', WAITING);
      issue = withStatusChange(issue, to, WAITING, 'Open');
    }
    const before = evaluate(policy, issue, Date.parse(expected) - 60_000);
    expect(before.priority.id).toBe(priority);
    expect(metric(before, 'resolution')).toMatchObject({ status: 'running', dueAt: expected });
    expect(before.escalation).toMatchObject({ level: 0, next: { id: 'manager', at: expected } });
    expect(before.nextChangeAt).toBe(expected);

    const at = evaluate(policy, issue, Date.parse(expected));
    expect(metric(at, 'resolution')).toMatchObject({ status: 'breached', breachedAt: expected });
    expect(at.escalation).toMatchObject({ level: 1, since: expected });
  });

  it('a target and a level of the same length agree while paused over the date, too', () => {
    // Waiting for customer from Tue 24 Nov 17:00 EST to Thu 26 Nov 10:00 EST: 1h + 9h + 1h = 11h paused, and the
    // clock had 1h left at the pause (the 1w ends Wed 25 Nov 09:00). Resumed Thu 10:00 + 1h = Thu 11:00.
    let issue = buildIssue({ created });
    issue = withStatusChange(issue, '2026-11-24T22:00:00Z', 'Open', WAITING); // Tue 17:00
    issue = withStatusChange(issue, '2026-11-26T15:00:00Z', WAITING, 'Open'); // Thu 10:00
    const paused = evaluate(policy, issue, Date.parse('2026-11-25T20:00:00Z')); // Wed 15:00, still waiting
    expect(metric(paused, 'resolution')).toMatchObject({ status: 'paused', dueAt: null, remainingMinutes: 60 });
    expect(paused.escalation.next).toMatchObject({ id: 'manager', at: null });
    const resumed = evaluate(policy, issue, Date.parse('2026-11-26T15:30:00Z')); // Thu 10:30
    expect(metric(resumed, 'resolution').dueAt).toBe('2026-11-26T16:00:00.000Z'); // Thu 11:00
    expect(resumed.escalation.next?.at).toBe('2026-11-26T16:00:00.000Z');
  });
});
