/**
 * The incident report of one issue (src/engine/incident-report.ts): every entry in time order with its business
 * time since the previous entry and since creation, on the incident policy's New York calendar (Mon–Fri
 * 09:00–17:00, Thanksgiving Thu 2026-11-26 closed). Expected minutes are counted by hand in the comments.
 */
import { evaluate } from '../../src/engine/evaluate';
import { incidentReport, type IncidentAuditRecord, type IncidentEntryKind } from '../../src/engine/incident-report';
import {
  AGENT,
  buildIssue,
  withComment,
  withFieldChange,
  withPriorityChange,
  withReopen,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';
import { incidentPolicy, incidentSelectionPolicy } from '../builders/incident-policy';
import { FIELD, FIELD_NAMES } from '../builders/test-policy';

const policy = incidentPolicy();

/** [instant, kind, metric, since previous, since created, used, paused] */
type Row = [string, IncidentEntryKind, string | null, number, number, number | null, number | null];

function report(issue: BuiltIssue, nowIso: string, audit: IncidentAuditRecord[] = [], withPolicy = policy) {
  const now = Date.parse(nowIso);
  return incidentReport({ policy: withPolicy, issue, state: evaluate(withPolicy, issue, now), audit, now });
}

function rows(issue: BuiltIssue, nowIso: string, audit: IncidentAuditRecord[] = [], withPolicy = policy): Row[] {
  return report(issue, nowIso, audit, withPolicy).entries.map((e) => [
    e.at,
    e.kind,
    e.metricId,
    e.sincePreviousMinutes,
    e.sinceCreatedMinutes,
    e.usedMinutes,
    e.pausedMinutes,
  ]);
}

// A pause across Thanksgiving: created Wed 2026-11-25 09:00 EST, answered 09:30, waiting for the customer from
// 10:00 over the holiday until Fri 10:00, resolved Fri 12:00. Wed 8h + Thu 0 + Fri 3h = 660 business minutes, of
// which Wed 10:00–17:00 and Fri 09:00–10:00 = 480 paused.
function thanksgivingIssue(): BuiltIssue {
  let issue = buildIssue({ created: '2026-11-25T14:00:00Z', summary: 'VPN drops every hour' }); // Wed 09:00
  issue = withComment(issue, { at: '2026-11-25T14:30:00Z', by: AGENT }); // Wed 09:30
  issue = withStatusChange(issue, '2026-11-25T15:00:00Z', 'Open', 'Waiting for customer'); // Wed 10:00
  issue = withStatusChange(issue, '2026-11-27T15:00:00Z', 'Waiting for customer', 'In Progress'); // Fri 10:00
  return withResolution(issue, '2026-11-27T17:00:00Z'); // Fri 12:00
}

// A pause across the end of summer time: a Highest issue created Fri 2026-10-30 16:00 EDT (20:00Z), waiting for
// the customer Fri 16:30 EDT – Mon 2026-11-02 10:00 EST (15:00Z), answered Mon 11:00 EST. The 1h first response
// uses Fri 16:00–16:30 and Mon 10:00–10:30: due Mon 15:30Z, stopped late at 16:00Z; the 2h ladder level is
// reached Mon 11:30 EST (16:30Z).
function dstIssue(): BuiltIssue {
  let issue = buildIssue({ created: '2026-10-30T20:00:00Z', priority: 'Highest', summary: 'Checkout down' }); // Fri 16:00 EDT
  issue = withStatusChange(issue, '2026-10-30T20:30:00Z', 'Open', 'Waiting for customer'); // Fri 16:30 EDT
  issue = withStatusChange(issue, '2026-11-02T15:00:00Z', 'Waiting for customer', 'In Progress'); // Mon 10:00 EST
  return withComment(issue, { at: '2026-11-02T16:00:00Z', by: AGENT }); // Mon 11:00 EST
}

const DST_AUDIT: IncidentAuditRecord[] = [
  {
    type: 'notice',
    kind: 'escalation',
    channel: 'email',
    status: 'sent',
    level: 1,
    levelLabel: 'Support Team',
    metricId: null,
    claimedAt: '2026-11-02T16:31:00.000Z',
    sentAt: '2026-11-02T16:31:00.000Z',
    recipients: [
      { kind: 'user', accountId: AGENT },
      { kind: 'group', name: 'support' },
    ],
    note: null,
  },
  { type: 'ack', level: 1, levelId: 'support-team', levelLabel: 'Support Team', accountId: AGENT, at: '2026-11-02T16:45:00.000Z' },
  // written by a later clock than the report's: not yet part of it
  { type: 'ack', level: 2, levelId: 'account-manager', levelLabel: null, accountId: AGENT, at: '2026-11-03T16:00:00.000Z' },
];

describe('incidentReport entries (America/New_York)', () => {
  test.each<[string, () => BuiltIssue, string, IncidentAuditRecord[], Row[]]>([
    [
      'a pause across Thanksgiving',
      thanksgivingIssue,
      '2026-11-30T15:00:00Z', // Mon 10:00
      [],
      [
        ['2026-11-25T14:00:00.000Z', 'created', null, 0, 0, null, null], // Wed 09:00
        ['2026-11-25T14:00:00.000Z', 'cycleStarted', 'firstResponse', 0, 0, null, null],
        ['2026-11-25T14:00:00.000Z', 'cycleStarted', 'resolution', 0, 0, null, null],
        ['2026-11-25T14:30:00.000Z', 'cycleMet', 'firstResponse', 30, 30, 30, 0], // Wed 09:30
        ['2026-11-25T15:00:00.000Z', 'status', null, 30, 60, null, null], // Wed 10:00
        ['2026-11-25T15:00:00.000Z', 'pauseBegan', null, 0, 60, null, null],
        ['2026-11-27T15:00:00.000Z', 'status', null, 480, 540, null, null], // Fri 10:00: Wed 7h + Thu 0 + Fri 1h
        ['2026-11-27T15:00:00.000Z', 'pauseEnded', null, 0, 540, null, null],
        ['2026-11-27T17:00:00.000Z', 'status', null, 120, 660, null, null], // Fri 12:00
        ['2026-11-27T17:00:00.000Z', 'resolved', null, 0, 660, null, null],
        ['2026-11-27T17:00:00.000Z', 'cycleMet', 'resolution', 0, 660, 180, 480],
      ],
    ],
    [
      'a pause across the end of summer time, with a notice and an acknowledgement',
      dstIssue,
      '2026-11-02T18:00:00Z', // Mon 13:00 EST
      DST_AUDIT,
      [
        ['2026-10-30T20:00:00.000Z', 'created', null, 0, 0, null, null], // Fri 16:00 EDT
        ['2026-10-30T20:00:00.000Z', 'cycleStarted', 'firstResponse', 0, 0, null, null],
        ['2026-10-30T20:00:00.000Z', 'cycleStarted', 'resolution', 0, 0, null, null],
        ['2026-10-30T20:30:00.000Z', 'status', null, 30, 30, null, null], // Fri 16:30 EDT
        ['2026-10-30T20:30:00.000Z', 'pauseBegan', null, 0, 30, null, null],
        ['2026-11-02T15:00:00.000Z', 'status', null, 90, 120, null, null], // Mon 10:00 EST: Fri 30m + Mon 60m
        ['2026-11-02T15:00:00.000Z', 'pauseEnded', null, 0, 120, null, null],
        ['2026-11-02T15:30:00.000Z', 'breached', 'firstResponse', 30, 150, 60, 90], // Mon 10:30 EST
        ['2026-11-02T16:00:00.000Z', 'cycleStopped', 'firstResponse', 30, 180, 90, 90], // Mon 11:00 EST
        ['2026-11-02T16:30:00.000Z', 'escalated', null, 30, 210, null, null], // Mon 11:30 EST
        ['2026-11-02T16:31:00.000Z', 'notified', null, 1, 211, null, null],
        ['2026-11-02T16:45:00.000Z', 'acknowledged', null, 14, 225, null, null],
      ],
    ],
  ])('%s', (_name, build, now, audit, expected) => {
    expect(rows(build(), now, audit)).toEqual(expected);
  });
});

describe('incidentReport totals, people and words', () => {
  test('the Thanksgiving issue: 660 business minutes from creation to resolution, 480 of them paused, both metrics met', () => {
    const answer = report(thanksgivingIssue(), '2026-11-30T15:00:00Z');
    expect(answer.totals).toMatchObject({ met: 2, breached: 0, totalBusinessMinutes: 660, pausedBusinessMinutes: 480 });
    expect(answer.resolvedAt).toBe('2026-11-27T17:00:00.000Z');
    expect(answer.endAt).toBe('2026-11-27T17:00:00.000Z');
    expect(answer.calendar).toEqual({ id: 'ny', timeZone: 'America/New_York' });
  });

  test('the summer-time issue, open at Mon 13:00 EST: 300 business minutes (Fri 1h + Mon 4h), 90 paused, one breach', () => {
    const answer = report(dstIssue(), '2026-11-02T18:00:00Z', DST_AUDIT);
    expect(answer.resolvedAt).toBeNull();
    expect(answer.endAt).toBe('2026-11-02T18:00:00.000Z');
    expect(answer.totals).toMatchObject({
      met: 0,
      breached: 1,
      totalBusinessMinutes: 300,
      pausedBusinessMinutes: 90,
      highestEscalationLevel: 1,
      notifications: 1,
      acknowledgements: 1,
    });
    expect(answer.totals.metrics.map((m) => [m.id, m.cycles, m.met, m.breached, m.open])).toEqual([
      ['firstResponse', 1, 0, 1, 0],
      ['resolution', 1, 0, 0, 1],
    ]);
  });

  test('status changes name who made them (the history author), notices whom they reached, acknowledgements who gave them', () => {
    const entries = report(dstIssue(), '2026-11-02T18:00:00Z', DST_AUDIT).entries;
    expect(entries.find((e) => e.kind === 'status')).toMatchObject({ actor: AGENT, text: 'Status Open → Waiting for customer' });
    expect(entries.find((e) => e.kind === 'notified')?.people).toEqual([AGENT, 'group:support']);
    expect(entries.find((e) => e.kind === 'acknowledged')?.actor).toBe(AGENT);
    expect(entries.find((e) => e.kind === 'created')?.actor).toBe('customer-1'); // no creator field: the reporter
  });

  test('a priority change that changes the SLA priority gives a priority entry and a classification entry at its instant', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' }); // Mon 09:00 EST, Medium → P3
    issue = withPriorityChange(issue, '2026-11-16T16:00:00Z', 'Medium', 'Highest'); // Mon 11:00 EST → P1
    const entries = report(issue, '2026-11-16T17:00:00Z').entries.filter((e) => e.kind === 'priority' || e.kind === 'classification');
    expect(entries.map((e) => [e.at, e.kind, e.sinceCreatedMinutes])).toEqual([
      ['2026-11-16T16:00:00.000Z', 'priority', 120],
      ['2026-11-16T16:00:00.000Z', 'classification', 120],
    ]);
    expect(entries[1]?.text).toMatch(/^SLA priority P3 → P1 \(rule highest/);
  });

  test('a reopened issue: resolved, reopened and its resolution counted to now again', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' }); // Mon 09:00 EST
    issue = withResolution(issue, '2026-11-16T15:00:00Z'); // Mon 10:00
    issue = withReopen(issue, '2026-11-16T16:00:00Z'); // Mon 11:00
    const answer = report(issue, '2026-11-16T17:00:00Z'); // Mon 12:00
    expect(
      answer.entries.filter((e) => e.kind === 'resolved' || e.kind === 'reopened').map((e) => [e.kind, e.sinceCreatedMinutes]),
    ).toEqual([
      ['resolved', 60],
      ['reopened', 120],
    ]);
    expect(answer.resolvedAt).toBeNull();
    expect(answer.totals.totalBusinessMinutes).toBe(180);
  });
});

describe('incidentReport with metric pause lists, plans and regions (America/New_York)', () => {
  const selectionPolicy = incidentSelectionPolicy();

  // Created Mon 2026-11-16 09:00 EST; waiting for the customer 10:00–11:00 (the policy's pause, which first response
  // repeats and resolution includes), pending the vendor 12:00–13:00 (resolution's own pause only); report at 13:30.
  function vendorIssue(): BuiltIssue {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' }); // Mon 09:00
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer'); // Mon 10:00
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Waiting for customer', 'In Progress'); // Mon 11:00
    issue = withStatusChange(issue, '2026-11-16T17:00:00Z', 'In Progress', 'Pending vendor'); // Mon 12:00
    return withStatusChange(issue, '2026-11-16T18:00:00Z', 'Pending vendor', 'In Progress'); // Mon 13:00
  }

  test('a metric pause the policy does not have gets its own entries; one equal to the policy pause does not', () => {
    expect(rows(vendorIssue(), '2026-11-16T18:30:00Z', [], selectionPolicy)).toEqual<Row[]>([
      ['2026-11-16T14:00:00.000Z', 'created', null, 0, 0, null, null], // Mon 09:00
      ['2026-11-16T14:00:00.000Z', 'cycleStarted', 'firstResponse', 0, 0, null, null],
      ['2026-11-16T14:00:00.000Z', 'cycleStarted', 'resolution', 0, 0, null, null],
      ['2026-11-16T15:00:00.000Z', 'status', null, 60, 60, null, null], // Mon 10:00
      ['2026-11-16T15:00:00.000Z', 'pauseBegan', null, 0, 60, null, null], // the policy's, once
      ['2026-11-16T16:00:00.000Z', 'status', null, 60, 120, null, null], // Mon 11:00
      ['2026-11-16T16:00:00.000Z', 'pauseEnded', null, 0, 120, null, null],
      ['2026-11-16T17:00:00.000Z', 'status', null, 60, 180, null, null], // Mon 12:00
      ['2026-11-16T17:00:00.000Z', 'pauseBegan', 'resolution', 0, 180, null, null],
      ['2026-11-16T18:00:00.000Z', 'status', null, 60, 240, null, null], // Mon 13:00
      ['2026-11-16T18:00:00.000Z', 'pauseEnded', 'resolution', 0, 240, null, null],
    ]);
    const texts = report(vendorIssue(), '2026-11-16T18:30:00Z', [], selectionPolicy)
      .entries.filter((e) => e.metricId === 'resolution' && e.kind !== 'cycleStarted')
      .map((e) => e.text);
    expect(texts).toEqual([
      "Paused (metric Resolution: status 'Pending vendor')",
      "Resumed (metric Resolution: status 'Pending vendor' ended)",
    ]);
  });

  test('a metric pause still running at the report end has a begin entry and no end entry', () => {
    const issue = withStatusChange(buildIssue({ created: '2026-11-16T14:00:00Z' }), '2026-11-16T17:00:00Z', 'Open', 'Pending vendor'); // Mon 12:00
    const entries = report(issue, '2026-11-16T18:30:00Z', [], selectionPolicy).entries.filter((e) => e.kind.startsWith('pause'));
    expect(entries.map((e) => [e.at, e.kind, e.metricId])).toEqual([['2026-11-16T17:00:00.000Z', 'pauseBegan', 'resolution']]);
  });

  test('plan and region changes become entries at their instant with who made them; other field changes do not', () => {
    let issue = buildIssue({
      created: '2026-11-16T14:00:00Z', // Mon 09:00 EST: standard (field), ny (US)
      names: FIELD_NAMES,
      fields: { [FIELD.supportPlan]: { value: 'Standard' }, [FIELD.region]: { value: 'US' } },
    });
    issue = withFieldChange(issue, '2026-11-16T15:00:00Z', {
      fieldId: FIELD.pendingReason,
      name: 'Pending reason',
      value: { value: 'Customer' },
    }); // Mon 10:00
    issue = withFieldChange(issue, '2026-11-16T16:00:00Z', {
      fieldId: FIELD.supportPlan,
      name: 'Support plan',
      value: { value: 'Premium' },
    }); // Mon 11:00
    issue = withFieldChange(issue, '2026-11-16T17:00:00Z', { fieldId: FIELD.region, name: 'Region', value: { value: 'Germany' } }); // Mon 12:00
    issue = withFieldChange(issue, '2026-11-16T18:00:00Z', {
      fieldId: FIELD.supportPlan,
      name: 'Support plan',
      value: { value: 'Premium' },
    }); // Mon 13:00, same plan
    const entries = report(issue, '2026-11-16T19:00:00Z', [], selectionPolicy).entries.filter(
      (e) => e.kind === 'plan' || e.kind === 'region',
    );
    expect(entries.map((e) => [e.at, e.kind, e.text, e.actor])).toEqual([
      ['2026-11-16T16:00:00.000Z', 'plan', "Plan standard → premium: field 'Support plan' is 'Premium'", AGENT],
      ['2026-11-16T17:00:00.000Z', 'region', "Region calendar ny → de: field 'Region' is 'Germany' (calendar de)", AGENT],
    ]);
  });
});
