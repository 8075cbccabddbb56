import { classify, parseIssue } from '../../src/engine';
import { buildIssue, type IssueOptions } from '../builders/jira-issue';
import { FIELD, FIELD_NAMES, testPolicy } from '../builders/test-policy';

const policy = testPolicy();
const classifyIssue = (options: IssueOptions) => classify(policy, parseIssue(buildIssue({ names: FIELD_NAMES, ...options })));

describe('classify', () => {
  it('says which rule matched and why (summary words, whole words, case-insensitive)', () => {
    expect(classifyIssue({ summary: 'Checkout OUTAGE since noon' })).toEqual({
      priority: 'P1',
      ruleId: 'outage-words',
      reason: "rule outage-words: summary contains 'outage'",
    });
  });

  it('does not match a word inside another word', () => {
    expect(classifyIssue({ summary: 'Download link broken' }).ruleId).toBeNull();
    expect(classifyIssue({ summary: 'Slowdown after the update' }).ruleId).toBeNull();
  });

  it('looks in the ADF description too', () => {
    const result = classifyIssue({
      summary: 'Help',
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The portal is down for everyone' }] }],
      },
    });
    expect(result).toMatchObject({ priority: 'P1', reason: "rule outage-words: description contains 'down'" });
  });

  it('takes the first matching rule in policy order', () => {
    // Matches both outage-words (P1) and questions (P4): the earlier rule wins.
    const result = classifyIssue({
      summary: 'Is the API down?',
      fields: { [FIELD.requestType]: { requestType: { name: 'Ask a question' } } },
    });
    expect(result.ruleId).toBe('outage-words');
  });

  it('matches a Jira priority name case-insensitively', () => {
    expect(classifyIssue({ priority: 'highest' })).toMatchObject({
      priority: 'P1',
      ruleId: 'highest',
      reason: "rule highest: Jira priority is 'highest'",
    });
  });

  it('needs every condition of a rule: impact and urgency', () => {
    const impact = { [FIELD.impact]: { value: 'Extensive / Widespread' } };
    expect(classifyIssue({ fields: impact }).ruleId).toBeNull();
    expect(classifyIssue({ fields: { ...impact, [FIELD.urgency]: { value: 'Critical' } } })).toEqual({
      priority: 'P2',
      ruleId: 'wide-impact',
      reason: "rule wide-impact: impact is 'Extensive / Widespread' and urgency is 'Critical'",
    });
  });

  it('reads JSM fields by the ids in policy.fields, with or without `names`', () => {
    const fields = { [FIELD.impact]: { value: 'Extensive / Widespread' }, [FIELD.urgency]: { value: 'High' } };
    expect(classify(policy, parseIssue(buildIssue({ fields }))).ruleId).toBe('wide-impact');
    // Another field that happens to be called "Impact" does not count: the policy names the id.
    const decoy = { ...FIELD_NAMES, [FIELD.impact]: 'Old impact', customfield_19999: 'Impact' };
    const result = classify(
      policy,
      parseIssue(
        buildIssue({
          names: decoy,
          fields: { ...fields, [FIELD.impact]: { value: 'Minor' }, customfield_19999: { value: 'Extensive / Widespread' } },
        }),
      ),
    );
    expect(result.ruleId).toBeNull();
  });

  it('reads JSM fields by their Jira names when the policy gives no ids', () => {
    const { fields: _ids, ...byName } = policy;
    const names = { customfield_20001: 'Impact', customfield_20002: 'Urgency', customfield_20003: 'Request Type' };
    const issue = parseIssue(
      buildIssue({
        names,
        fields: {
          customfield_20001: { value: 'Extensive / Widespread' },
          customfield_20002: { value: 'Critical' },
          customfield_20003: { requestType: { name: 'Ask a question' } },
        },
      }),
    );
    expect(classify(byName, issue)).toMatchObject({ priority: 'P2', ruleId: 'wide-impact' });
    const question = parseIssue(buildIssue({ names, fields: { customfield_20003: { requestType: { name: 'Ask a question' } } } }));
    expect(classify(byName, question)).toMatchObject({ priority: 'P4', ruleId: 'questions' });
  });

  it('matches components and issue type together', () => {
    expect(classifyIssue({ components: ['API'], issueType: 'Bug' })).toMatchObject({ priority: 'P2', ruleId: 'api-bug' });
    expect(classifyIssue({ components: ['API'], issueType: 'Service Request' }).ruleId).toBeNull();
  });

  it('applies a (?i) regex to the text', () => {
    expect(classifyIssue({ summary: 'I CANNOT LOGIN since the update' })).toMatchObject({
      priority: 'P2',
      ruleId: 'login-trouble',
      reason: "rule login-trouble: summary matches (?i)cannot log ?in ('CANNOT LOGIN')",
    });
  });

  it('reads the JSM request type and labels', () => {
    expect(classifyIssue({ fields: { [FIELD.requestType]: { requestType: { name: 'Ask a question' } } } })).toMatchObject({
      priority: 'P4',
      ruleId: 'questions',
    });
    expect(classifyIssue({ labels: ['ui', 'typo'] })).toMatchObject({
      priority: 'P4',
      ruleId: 'cosmetic-label',
      reason: "rule cosmetic-label: label 'typo'",
    });
  });

  it('falls back to the default with a reason', () => {
    expect(classifyIssue({ summary: 'Please add a report' })).toEqual({
      priority: 'P3',
      ruleId: null,
      reason: 'no rule matched: default priority P3',
    });
  });
});
