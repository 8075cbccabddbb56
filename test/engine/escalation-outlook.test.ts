/**
 * Why the ladder's next level has no instant: a request nobody made, a paused clock, a metric met first.
 * Stories on the byteztech preset (Mon–Fri 09:00–18:00 New York = 14:00Z–23:00Z in November; level 1 at 100 %
 * of first response, levels 2 and 3 at 100 % / 200 % of the escalation acknowledgment, which starts when the
 * label `escalation-requested` is added) and on the test policy (levels after a business duration).
 */
import { evaluate, loadPreset } from '../../src/engine';
import { ladderWaitWords } from '../../src/engine/sla-words';
import { AGENT, buildIssue, withComment, withLabelAdded, withStatusChange } from '../builders/jira-issue';
import { FIELD_NAMES, testPolicy } from '../builders/test-policy';

const byteztech = loadPreset('byteztech');
const MON_0900 = '2026-11-16T14:00:00Z';
const outage = () => buildIssue({ created: MON_0900, summary: 'Checkout outage, system down' });

describe('escalationOutlook', () => {
  it('says level 2 waits for an escalation request when first response was met and nobody asked', () => {
    const issue = withComment(outage(), { at: '2026-11-16T15:00:00Z', by: AGENT });
    const state = evaluate(byteztech, issue, Date.parse('2026-11-17T15:00:00Z'));
    expect(state.escalation.level).toBe(0);
    expect(state.escalation.ladder.some((step) => step.reached)).toBe(false);
    expect(state.escalationOutlook.nextLevel).toBe(2);
    expect(ladderWaitWords(state.escalationOutlook.next)).toBe('Level 2 waits for an escalation request: label `escalation-requested`');
    expect(ladderWaitWords(state.escalationOutlook.levels[0]!.wait)).toBe('Level 1 is not reached: First response was met first');
  });

  it('schedules level 2 once the request is made, and no level that depends on it is reached before', () => {
    let issue = withComment(outage(), { at: '2026-11-16T15:00:00Z', by: AGENT });
    const before = evaluate(byteztech, issue, Date.parse('2026-11-16T16:00:00Z'));
    expect(before.escalation.ladder.slice(1).every((step) => !step.reached && step.at === null)).toBe(true);
    issue = withLabelAdded(issue, '2026-11-16T16:00:00Z', 'escalation-requested');
    const after = evaluate(byteztech, issue, Date.parse('2026-11-16T17:00:00Z'));
    expect(after.escalationOutlook).toMatchObject({ nextLevel: 2, next: { kind: 'scheduled' } });
    expect(after.escalation.ladder[1]?.at).not.toBeNull();
  });

  it('says the next level waits while its metric is paused, naming the status', () => {
    let issue = withLabelAdded(outage(), '2026-11-16T15:00:00Z', 'escalation-requested');
    issue = withComment(issue, { at: '2026-11-16T15:30:00Z', by: AGENT, public: false });
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Open', 'Waiting for customer');
    const state = evaluate(byteztech, issue, Date.parse('2026-11-16T17:00:00Z'));
    expect(state.escalationOutlook.next).toMatchObject({
      kind: 'paused',
      level: 1,
      reason: "status 'Waiting for customer'",
      since: '2026-11-16T16:00:00.000Z',
    });
  });

  it('says an after-duration level waits while the ladder clock is paused', () => {
    const policy = testPolicy();
    let issue = buildIssue({ created: MON_0900, summary: 'Checkout outage', names: FIELD_NAMES });
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
    const state = evaluate(policy, issue, Date.parse('2026-11-16T20:00:00Z'));
    expect(state.escalation.next?.at).toBeNull();
    expect(state.escalationOutlook.next).toMatchObject({ kind: 'paused', level: 1, reason: "status 'Waiting for customer'" });
  });

  it('describes what reaches each level', () => {
    const state = evaluate(byteztech, outage(), Date.parse('2026-11-16T15:00:00Z'));
    expect(state.escalationOutlook.levels.map((level) => [level.trigger, level.request])).toEqual([
      ['at 100% of First response', null],
      ['at 100% of Escalation acknowledgment', 'label `escalation-requested`'],
      ['at 200% of Escalation acknowledgment', 'label `escalation-requested`'],
    ]);
    expect(state.escalationOutlook.next).toEqual({ kind: 'scheduled' });
  });

  it('is at the top once every level is reached', () => {
    const policy = testPolicy();
    const issue = buildIssue({ created: MON_0900, summary: 'Checkout outage', names: FIELD_NAMES });
    expect(evaluate(policy, issue, Date.parse('2026-11-23T14:00:00Z')).escalationOutlook).toMatchObject({
      nextLevel: null,
      next: { kind: 'top' },
    });
  });
});
