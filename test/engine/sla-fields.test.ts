import {
  changedFieldValues,
  evaluate,
  fieldText,
  MAX_FIELD_TEXT_LENGTH,
  SLA_FIELDS,
  slaFieldValues,
  type SlaFieldValues,
} from '../../src/engine';
import { buildIssue, withStatusChange } from '../builders/jira-issue';
import { FIELD_NAMES, testPolicy } from '../builders/test-policy';

const policy = testPolicy();
const outage = () => buildIssue({ created: '2026-11-16T14:00:00Z', summary: 'Checkout outage', names: FIELD_NAMES });

describe('SLA_FIELDS', () => {
  it('lists the contract keys with their types', () => {
    expect(SLA_FIELDS.map((field) => [field.key, field.type])).toEqual([
      ['sla-first-response-due', 'datetime'],
      ['sla-workaround-due', 'datetime'],
      ['sla-resolution-due', 'datetime'],
      ['sla-priority', 'string'],
      ['sla-plan', 'string'],
      ['sla-status', 'string'],
      ['sla-escalation-level', 'number'],
      ['sla-escalation-level-name', 'string'],
      ['sla-next-breach', 'datetime'],
      ['sla-next-check', 'datetime'],
      ['sla-entitlement', 'string'],
    ]);
    expect(SLA_FIELDS.filter((field) => 'metric' in field).map((field) => [field.key, field.metric])).toEqual([
      ['sla-first-response-due', 'firstResponse'],
      ['sla-workaround-due', 'workaround'],
      ['sla-resolution-due', 'resolution'],
    ]);
  });
});

describe('SLA_FIELDS changelog choice', () => {
  it('writes a changelog entry for the rare, meaningful values and none for instants', () => {
    for (const field of SLA_FIELDS)
      expect({ key: field.key, changelog: field.changelog }).toEqual({ key: field.key, changelog: field.type !== 'datetime' });
    expect(SLA_FIELDS.filter((field) => field.changelog).map((field) => field.key)).toEqual(
      expect.arrayContaining(['sla-status', 'sla-escalation-level', 'sla-escalation-level-name']),
    );
  });
});

describe('fieldText', () => {
  const cases: Array<{ name: string; text: string; length: number; ellipsis: boolean }> = [
    { name: 'short text', text: 'P1', length: 2, ellipsis: false },
    { name: 'exactly the limit', text: 'a'.repeat(MAX_FIELD_TEXT_LENGTH), length: MAX_FIELD_TEXT_LENGTH, ellipsis: false },
    { name: 'one over the limit', text: 'a'.repeat(MAX_FIELD_TEXT_LENGTH + 1), length: MAX_FIELD_TEXT_LENGTH, ellipsis: true },
    { name: 'far over the limit', text: 'b'.repeat(10_000), length: MAX_FIELD_TEXT_LENGTH, ellipsis: true },
    // 253 ASCII characters then emoji (2 code units each): the cut would fall inside the pair at 254.
    {
      name: 'a surrogate pair across the cut',
      text: `${'c'.repeat(253)}${'😀'.repeat(5)}`,
      length: MAX_FIELD_TEXT_LENGTH - 1,
      ellipsis: true,
    },
  ];
  it.each(cases)('$name', ({ text, length, ellipsis }) => {
    const fitted = fieldText(text);
    expect(fitted.length).toBe(length);
    expect(fitted.length).toBeLessThanOrEqual(MAX_FIELD_TEXT_LENGTH);
    expect(fitted.endsWith('…')).toBe(ellipsis);
    expect(text.startsWith(ellipsis ? fitted.slice(0, -1) : fitted)).toBe(true);
    // No lone surrogate: the text survives a UTF-8 round trip unchanged.
    expect(Buffer.from(fitted, 'utf8').toString('utf8')).toBe(fitted);
  });
});

describe('slaFieldValues', () => {
  it('never produces a string value longer than Jira accepts, whatever the policy names', () => {
    const state = evaluate(policy, outage(), Date.parse('2026-11-16T18:30:00Z'));
    const long = (prefix: string) => `${prefix}${'x'.repeat(400)}`;
    const hostile = {
      ...state,
      priority: { ...state.priority, id: long('P') },
      plan: { ...state.plan, id: long('plan') },
      escalation: { ...state.escalation, label: long('Executive sponsor') },
    };
    const values = slaFieldValues(hostile, long('over plan, '));
    for (const field of SLA_FIELDS.filter((candidate) => candidate.type === 'string')) {
      const value = values[field.key];
      expect({ key: field.key, fits: typeof value === 'string' && value.length <= MAX_FIELD_TEXT_LENGTH }).toEqual({
        key: field.key,
        fits: true,
      });
    }
    expect(values['sla-escalation-level-name']).toBe(fieldText(long('Executive sponsor')));
    expect(String(values['sla-escalation-level-name']).startsWith('Executive sponsor')).toBe(true);
  });

  it('reads every field from the state', () => {
    const state = evaluate(policy, outage(), Date.parse('2026-11-16T18:30:00Z')); // Mon 13:30: first response breached
    expect(slaFieldValues(state)).toEqual({
      'sla-first-response-due': '2026-11-16T18:00:00.000Z',
      'sla-workaround-due': '2026-11-16T23:00:00.000Z',
      'sla-resolution-due': '2026-11-23T14:00:00.000Z',
      'sla-priority': 'P1',
      'sla-plan': 'standard',
      'sla-status': 'breached',
      'sla-escalation-level': 1,
      'sla-escalation-level-name': 'Support Team',
      'sla-next-breach': '2026-11-16T23:00:00.000Z',
      'sla-next-check': state.nextChangeAt,
      'sla-entitlement': null,
    });
    expect(slaFieldValues(state, 'over plan')['sla-entitlement']).toBe('over plan');
  });

  it('clears due dates while paused and names level 0 "None"', () => {
    const issue = withStatusChange(outage(), '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
    const values = slaFieldValues(evaluate(policy, issue, Date.parse('2026-11-16T16:00:00Z')));
    expect(values).toMatchObject({
      'sla-first-response-due': null,
      'sla-status': 'paused',
      'sla-escalation-level': 0,
      'sla-escalation-level-name': 'None',
      'sla-next-breach': null,
      'sla-next-check': null,
    });
  });
});

describe('changedFieldValues', () => {
  const next: SlaFieldValues = {
    'sla-first-response-due': '2026-11-16T18:00:00.000Z',
    'sla-workaround-due': null,
    'sla-resolution-due': '2026-11-23T14:00:00.000Z',
    'sla-priority': 'P1',
    'sla-plan': 'standard',
    'sla-status': 'on track',
    'sla-escalation-level': 1,
    'sla-escalation-level-name': 'Support Team',
    'sla-next-breach': '2026-11-16T18:00:00.000Z',
    'sla-next-check': '2026-11-16T17:00:00.000Z',
    'sla-entitlement': 'within plan',
  };

  it('returns nothing when Jira already holds the values (datetimes compared as instants)', () => {
    const previous = {
      ...next,
      'sla-first-response-due': '2026-11-16T18:00:00.000+0000',
      'sla-resolution-due': '2026-11-23T09:00:00.000-0500',
      'sla-escalation-level': '1',
      'sla-workaround-due': undefined,
    };
    expect(changedFieldValues(previous, next)).toEqual({});
  });

  it('returns only the keys whose value differs', () => {
    const previous = {
      ...next,
      'sla-status': 'at risk',
      'sla-next-check': '2026-11-16T17:00:01.000Z',
      'sla-workaround-due': '2026-11-16T23:00:00.000+0000',
    };
    expect(changedFieldValues(previous, next)).toEqual({
      'sla-status': 'on track',
      'sla-next-check': '2026-11-16T17:00:00.000Z',
      'sla-workaround-due': null,
    });
  });

  it('compares datetimes to the second, as Jira stores them', () => {
    // Jira answers 17:00:00.000+0000 for a due instant written as 17:00:00.456Z: that is no change to write again.
    const withMilliseconds = { ...next, 'sla-next-check': '2026-11-16T17:00:00.456Z' };
    expect(changedFieldValues({ ...next, 'sla-next-check': '2026-11-16T17:00:00.000+0000' }, withMilliseconds)).toEqual({});
  });

  it('treats an empty previous value as unset', () => {
    expect(changedFieldValues({ ...next, 'sla-workaround-due': '' }, next)).toEqual({});
  });

  it('treats an unknown previous value as unset', () => {
    expect(changedFieldValues({}, next)).toEqual(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== null)));
  });
});
