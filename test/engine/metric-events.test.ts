/**
 * Every start and stop event kind of a metric, as stories on the built-in `24x7` calendar (so elapsed time is
 * plain wall-clock time). Issues are created Mon 2026-11-16 14:00Z.
 *
 * Metrics of the policy below:
 * - `triage`: starts on entering "In Progress", stops on entering "Waiting for support" or "Resolved";
 * - `assessment`: starts when the "Assessment" field becomes non-empty, stops on a public comment by anyone;
 * - `reply`: starts at creation, stops on a public comment by someone other than the reporter.
 */
import { evaluate, loadPolicy, type MetricState } from '../../src/engine';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withFieldChange,
  withReopen,
  withResolution,
  withStatusChange,
} from '../builders/jira-issue';

const POLICY = `
id: events
name: Start and stop events
defaultCalendar: 24x7
priorities: [{ id: P1, label: Critical }]
classification: { default: P1 }
plans: [{ id: standard, label: Standard }]
planSelection: { default: standard }
metrics:
  - id: triage
    label: Triage
    start: { on: status, statuses: ["In Progress"] }
    stop: [{ on: status, statuses: ["Waiting for support", "Resolved"] }]
  - id: assessment
    label: Assessment
    start: { on: field, field: Assessment }
    stop: [{ on: publicComment, by: anyone }]
  - id: reply
    label: Reply
    start: { on: created }
    stop: [{ on: publicComment, by: notReporter }]
targets:
  standard:
    P1: { triage: 1h, assessment: 1h, reply: 1h }
`;

const loaded = loadPolicy(POLICY, { format: 'yaml' });
if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const policy = loaded.policy;

const CREATED = '2026-11-16T14:00:00Z';
const ASSESSMENT = { fieldId: 'customfield_10090', name: 'Assessment' };
const names = { [ASSESSMENT.fieldId]: ASSESSMENT.name };

function metric(issue: unknown, id: string, now: string): MetricState {
  const found = evaluate(policy, issue, Date.parse(now)).metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

describe('start events', () => {
  it('status: not started until the issue enters one of the statuses, then started at that instant', () => {
    const open = buildIssue({ created: CREATED, names });
    expect(metric(open, 'triage', '2026-11-16T16:00:00Z')).toMatchObject({
      status: 'none',
      startedAt: null,
      dueAt: null,
      target: { duration: '1h', calendar: '24x7' },
    });
    const started = withStatusChange(open, '2026-11-16T15:00:00Z', 'Open', 'In Progress');
    const state = metric(started, 'triage', '2026-11-16T15:30:00Z');
    expect(state).toMatchObject({
      status: 'running',
      startedAt: '2026-11-16T15:00:00.000Z',
      dueAt: '2026-11-16T16:00:00.000Z',
      elapsedMinutes: 30,
    });
    expect(state.history[0]).toEqual({ kind: 'started', at: '2026-11-16T15:00:00.000Z', reason: "entered status 'In Progress'" });
  });

  it('status: an issue created in the status starts at creation', () => {
    const issue = buildIssue({ created: CREATED, status: 'In Progress', names });
    expect(metric(issue, 'triage', '2026-11-16T14:10:00Z')).toMatchObject({ status: 'running', startedAt: '2026-11-16T14:00:00.000Z' });
  });

  it('field: starts when the field becomes non-empty, with its value in the reason', () => {
    const open = buildIssue({ created: CREATED, names });
    expect(metric(open, 'assessment', '2026-11-16T16:00:00Z')).toMatchObject({ status: 'none', startedAt: null });
    const set = withFieldChange(open, '2026-11-16T14:20:00Z', { ...ASSESSMENT, value: 'Severe' });
    const state = metric(set, 'assessment', '2026-11-16T14:50:00Z');
    expect(state).toMatchObject({ status: 'running', startedAt: '2026-11-16T14:20:00.000Z', dueAt: '2026-11-16T15:20:00.000Z' });
    expect(state.history[0]?.reason).toBe("field 'Assessment' set to 'Severe'");
  });
});

describe('stop events', () => {
  const inProgress = withStatusChange(buildIssue({ created: CREATED, names }), '2026-11-16T15:00:00Z', 'Open', 'In Progress');

  it('status: entering a stop status meets the target; another status does not stop it', () => {
    const waitingCustomer = withStatusChange(inProgress, '2026-11-16T15:20:00Z', 'In Progress', 'Waiting for customer');
    expect(metric(waitingCustomer, 'triage', '2026-11-16T15:40:00Z')).toMatchObject({ status: 'running', stoppedAt: null });

    const waitingSupport = withStatusChange(inProgress, '2026-11-16T15:40:00Z', 'In Progress', 'Waiting for support');
    const state = metric(waitingSupport, 'triage', '2026-11-16T18:00:00Z');
    expect(state).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T15:40:00.000Z', elapsedMinutes: 40 });
    expect(state.history.at(-1)).toEqual({ kind: 'met', at: '2026-11-16T15:40:00.000Z', reason: "entered status 'Waiting for support'" });
  });

  it('status: entering a stop status after the due instant is a breach', () => {
    const late = withResolution(inProgress, '2026-11-16T16:30:00Z', 'In Progress');
    expect(metric(late, 'triage', '2026-11-16T18:00:00Z')).toMatchObject({
      status: 'breached',
      stoppedAt: '2026-11-16T16:30:00.000Z',
      breachedAt: '2026-11-16T16:00:00.000Z',
    });
  });

  it('a stopped metric stays stopped when the issue leaves the stop status', () => {
    const resolved = withResolution(inProgress, '2026-11-16T15:30:00Z', 'In Progress');
    const reopened = withReopen(resolved, '2026-11-16T15:45:00Z', 'In Progress');
    expect(metric(reopened, 'triage', '2026-11-16T18:00:00Z')).toMatchObject({
      status: 'met',
      stoppedAt: '2026-11-16T15:30:00.000Z',
      elapsedMinutes: 30,
    });
  });

  it('publicComment by anyone: the reporter stops it; by notReporter: only someone else does', () => {
    let issue = withFieldChange(buildIssue({ created: CREATED, names }), '2026-11-16T14:00:00Z', { ...ASSESSMENT, value: 'Minor' });
    issue = withComment(issue, { at: '2026-11-16T14:10:00Z', by: REPORTER });
    expect(metric(issue, 'assessment', '2026-11-16T15:00:00Z')).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T14:10:00.000Z' });
    expect(metric(issue, 'reply', '2026-11-16T14:30:00Z')).toMatchObject({ status: 'running', stoppedAt: null });

    const internal = withComment(issue, { at: '2026-11-16T14:20:00Z', by: AGENT, public: false });
    expect(metric(internal, 'reply', '2026-11-16T14:30:00Z')).toMatchObject({ status: 'running' });
    const replied = withComment(internal, { at: '2026-11-16T14:25:00Z', by: AGENT });
    expect(metric(replied, 'reply', '2026-11-16T14:30:00Z')).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T14:25:00.000Z' });
  });
});
