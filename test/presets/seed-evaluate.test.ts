/**
 * The presets end to end: Jira REST v3 issues (fields, names, changelog, comments) evaluated against each preset,
 * checking that plan, region, classification, pauses and custom metric starts written in the YAML take effect.
 * Due instants are worked out by hand in the comments.
 */
import { evaluate } from '../../src/engine/evaluate';
import { loadPreset } from '../../src/engine/presets';
import { buildIssue, withLabelAdded, withStatusChange } from '../builders/jira-issue';

const at = (iso: string): number => Date.parse(iso);

function metric(state: ReturnType<typeof evaluate>, id: string) {
  const found = state.metrics.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no metric ${id}`);
  return found;
}

describe('essensys: plan and region fields choose the targets and the calendar', () => {
  it('an Enterprise US PST Low issue from Friday 09:00 PST is due at the 17:00 Friday close', () => {
    // Region "US PST" -> calendar us-pst; "Support plan" = Enterprise Edition (a plan label) -> enterprise;
    // Jira priority Low -> rule jira-low -> P4; enterprise P4 firstResponse 8h. Fri 2026-11-20 09:00 PST
    // (17:00Z) + 8h = 17:00 PST, exactly the Friday close -> 2026-11-21T01:00Z.
    const state = evaluate(
      loadPreset('essensys'),
      buildIssue({
        created: '2026-11-20T17:00:00.000Z',
        priority: 'Low',
        names: { customfield_10060: 'Region', customfield_10050: 'Support plan' },
        fields: { customfield_10060: { value: 'US PST' }, customfield_10050: { value: 'Enterprise Edition' } },
      }),
      at('2026-11-20T18:00:00Z'),
    );
    expect(state.plan.id).toBe('enterprise');
    expect(state.calendar.id).toBe('us-pst');
    expect(state.priority).toMatchObject({ id: 'P4', ruleId: 'jira-low' });
    expect(metric(state, 'firstResponse').dueAt).toBe('2026-11-21T01:00:00.000Z');
  });

  it('without a region the UK/EU calendar applies', () => {
    // Other plan (default), P4 24h on uk-eu from Mon 2026-11-16 09:00 GMT: the day is open to 24:00 (15h), then
    // Tue 00:00 + 9h = Tue 09:00 GMT.
    const state = evaluate(
      loadPreset('essensys'),
      buildIssue({ created: '2026-11-16T09:00:00.000Z', priority: 'Low' }),
      at('2026-11-16T10:00:00Z'),
    );
    expect(state.plan.id).toBe('other');
    expect(state.calendar.id).toBe('uk-eu');
    expect(metric(state, 'firstResponse').dueAt).toBe('2026-11-17T09:00:00.000Z');
  });
});

describe('byteztech: wording, plan label and the escalation-requested label', () => {
  it('"site is down" on a premium issue is P1 with a 1h 24/7 first response', () => {
    // Label plan-premium -> premium; summary word "down" -> rule words-critical -> P1; premium P1 = 1h on 24x7:
    // Sat 2026-11-21 10:00Z + 1h = 11:00Z.
    const state = evaluate(
      loadPreset('byteztech'),
      buildIssue({ created: '2026-11-21T10:00:00.000Z', summary: 'Our site is down', labels: ['plan-premium'] }),
      at('2026-11-21T10:10:00Z'),
    );
    expect(state.plan.id).toBe('premium');
    expect(state.priority).toMatchObject({ id: 'P1', ruleId: 'words-critical' });
    expect(metric(state, 'firstResponse').dueAt).toBe('2026-11-21T11:00:00.000Z');
    // The 24x7 target keeps its own zone, so the panel does not print its due instant in the office's zone.
    expect(metric(state, 'firstResponse').target).toEqual({ duration: '1h', calendar: '24x7', timeZone: 'UTC', dayLengthMinutes: 1440 });
    expect(metric(state, 'escalationAck').target).toEqual({
      duration: '4h',
      calendar: 'us-business',
      timeZone: 'America/New_York',
      dayLengthMinutes: 540,
    });
    expect(state.calendar.timeZone).toBe('America/New_York');
  });

  it('escalationAck starts when the escalation-requested label is added and allows 4 business hours', () => {
    // Created Mon 2026-11-16 09:00 EST; label added Mon 15:00 EST (20:00Z): 3h on Monday to 18:00, Tue 09:00 + 1h =
    // 10:00 EST = 15:00Z.
    const state = evaluate(
      loadPreset('byteztech'),
      withLabelAdded(buildIssue({ created: '2026-11-16T14:00:00.000Z' }), '2026-11-16T20:00:00.000Z', 'escalation-requested'),
      at('2026-11-16T21:00:00Z'),
    );
    const ack = metric(state, 'escalationAck');
    expect(ack.startedAt).toBe('2026-11-16T20:00:00.000Z');
    expect(ack.dueAt).toBe('2026-11-17T15:00:00.000Z');
  });
});

describe('b2bee: waiting for the customer pauses the clock', () => {
  it('a significant standard issue paused for one working hour is due one working hour later', () => {
    // Jira High -> rule jira-high -> significant; standard = 2h on 08:00-20:00 w.d. (Zagreb, CET).
    // Created Mon 2026-11-23 09:00 CET (08:00Z); Waiting for customer 09:30-10:30 CET; 2h of open time:
    // 09:00-09:30 (30m) + 10:30-12:00 (1h 30m) -> due 12:00 CET = 11:00Z.
    const state = evaluate(
      loadPreset('b2bee'),
      withStatusChange(
        withStatusChange(
          buildIssue({
            created: '2026-11-23T08:00:00.000Z',
            priority: 'High',
            fields: { customfield_10050: 'Standard' },
            names: { customfield_10050: 'Support plan' },
          }),
          '2026-11-23T08:30:00.000Z',
          'Open',
          'Waiting for customer',
        ),
        '2026-11-23T09:30:00.000Z',
        'Waiting for customer',
        'Open',
      ),
      at('2026-11-23T10:00:00Z'),
    );
    expect(state.plan.id).toBe('standard');
    expect(state.priority.id).toBe('significant');
    expect(metric(state, 'firstResponse').dueAt).toBe('2026-11-23T11:00:00.000Z');
  });
});
