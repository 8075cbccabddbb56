/**
 * The app fields of metrics that run more than once: the due fields and the summary status describe the current
 * cycle, and the breach counts keep what earlier cycles did. Policy: test/forge/support/cycles-policy.ts (UTC,
 * always open; P1 standard: first response 2h, resolution 8h with `repeat: reopen`, next reply 1h).
 */
import { evaluate, slaFieldValues, SLA_FIELDS } from '../../src/engine';
import { AGENT, buildIssue, REPORTER, withComment, withReopen, withResolution } from '../builders/jira-issue';
import { compiledPolicy } from '../forge/support/e2e-policy';
import { CYCLES_POLICY_YAML } from '../forge/support/cycles-policy';

const policy = compiledPolicy(CYCLES_POLICY_YAML);
const at = (iso: string) => Date.parse(iso);
// UTC throughout; 2026-03-02 is a Monday.
const p1 = () => buildIssue({ created: '2026-03-02T09:00:00Z', priority: 'Highest' });

describe('breach-count fields', () => {
  it('are numbers written with a changelog entry, one per metric with a due field', () => {
    const counts = SLA_FIELDS.filter((field) => 'breachedCyclesOf' in field);
    expect(counts.map((field) => [field.key, field.type, field.changelog, field.breachedCyclesOf])).toEqual([
      ['sla-first-response-breached-cycles', 'number', true, 'firstResponse'],
      ['sla-workaround-breached-cycles', 'number', true, 'workaround'],
      ['sla-resolution-breached-cycles', 'number', true, 'resolution'],
      ['sla-next-reply-breached-cycles', 'number', true, 'nextReply'],
    ]);
    const dueMetrics = SLA_FIELDS.flatMap((field) => ('metric' in field ? [field.metric] : []));
    expect(counts.map((field) => field.breachedCyclesOf)).toEqual(dueMetrics);
  });

  it.each([
    {
      name: 'a fresh issue: no cycle breached; a metric the policy lacks is empty, not 0',
      issue: p1(),
      now: '2026-03-02T10:00:00Z', // Mon
      values: { 'sla-first-response-breached-cycles': 0, 'sla-workaround-breached-cycles': null, 'sla-resolution-breached-cycles': 0 },
    },
    {
      name: 'a running cycle past its due counts as breached',
      issue: p1(),
      now: '2026-03-02T17:30:00Z', // Mon, 8h30 after creation
      values: {
        'sla-first-response-breached-cycles': 1,
        'sla-resolution-breached-cycles': 1,
        'sla-resolution-due': '2026-03-02T17:00:00.000Z',
      },
    },
    {
      name: 'resolved late, reopened: the due field moves to the new cycle, the count keeps the breach',
      issue: withReopen(
        withResolution(withComment(p1(), { at: '2026-03-02T10:00:00Z', by: AGENT }), '2026-03-02T18:00:00Z'),
        '2026-03-03T09:00:00Z',
      ),
      now: '2026-03-03T10:00:00Z', // Tue
      values: {
        'sla-first-response-breached-cycles': 0,
        'sla-resolution-breached-cycles': 1,
        'sla-resolution-due': '2026-03-03T17:00:00.000Z',
        'sla-status': 'on track',
      },
    },
    {
      name: 'resolved late twice: two breached cycles',
      issue: withResolution(
        withReopen(
          withResolution(withComment(p1(), { at: '2026-03-02T10:00:00Z', by: AGENT }), '2026-03-02T18:00:00Z'),
          '2026-03-03T09:00:00Z',
        ),
        '2026-03-03T18:00:00Z',
      ),
      now: '2026-03-04T09:00:00Z', // Wed
      values: { 'sla-resolution-breached-cycles': 2, 'sla-status': 'breached' },
    },
    {
      name: 'a customer comment answered late, another unanswered: the next-reply due is the open cycle, the count the late one',
      issue: withComment(
        withComment(withComment(p1(), { at: '2026-03-02T10:00:00Z', by: REPORTER }), { at: '2026-03-02T11:30:00Z', by: AGENT }),
        { at: '2026-03-02T12:00:00Z', by: REPORTER },
      ),
      now: '2026-03-02T12:10:00Z', // Mon; the first response (2h) was late too
      values: {
        'sla-next-reply-due': '2026-03-02T13:00:00.000Z',
        'sla-next-reply-breached-cycles': 1,
        'sla-first-response-breached-cycles': 1,
      },
    },
  ])('$name', ({ issue, now, values }) => {
    expect(slaFieldValues(evaluate(policy, issue, at(now)))).toMatchObject(values);
  });
});
