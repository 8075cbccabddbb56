import { parseIssue, selectCalendarRegion, selectPlan } from '../../src/engine';
import { buildIssue, type IssueOptions } from '../builders/jira-issue';
import { FIELD, FIELD_NAMES, testPolicy } from '../builders/test-policy';

const policy = testPolicy();
const snapshot = (options: IssueOptions) => parseIssue(buildIssue({ names: FIELD_NAMES, ...options }));

describe('selectPlan', () => {
  it('reads the custom field by name (value → plan label, case-insensitive)', () => {
    expect(selectPlan(policy, snapshot({ fields: { [FIELD.supportPlan]: { value: 'PREMIUM' } } }))).toEqual({
      plan: 'premium',
      source: 'customField',
      reason: "field 'Support plan' is 'PREMIUM'",
    });
  });

  it('reads the custom field by id, without `names`, through a map', () => {
    const byId = {
      ...policy,
      planSelection: {
        sources: [{ from: 'customField' as const, field: FIELD.supportPlan, map: { Gold: 'premium' } }],
        default: 'standard',
      },
    };
    const issue = parseIssue(buildIssue({ fields: { [FIELD.supportPlan]: [{ value: 'Silver' }, { value: 'gold' }] } }));
    expect(selectPlan(byId, issue)).toEqual({
      plan: 'premium',
      source: 'customField',
      reason: `field '${FIELD.supportPlan}' is 'gold' (mapped to premium)`,
    });
  });

  it('maps a JSM organization to a plan', () => {
    expect(selectPlan(policy, snapshot({ fields: { [FIELD.organizations]: [{ name: 'Globex' }, { name: 'acme corp' }] } }))).toEqual({
      plan: 'premium',
      source: 'organization',
      reason: "organization 'acme corp' (mapped to premium)",
    });
  });

  it('reads a label prefix', () => {
    expect(selectPlan(policy, snapshot({ labels: ['vip', 'plan-premium'] }))).toMatchObject({
      plan: 'premium',
      source: 'labelPrefix',
      reason: "label 'plan-premium'",
    });
  });

  it('matches the label prefix case-insensitively', () => {
    expect(selectPlan(policy, snapshot({ labels: ['Plan-Premium'] }))).toMatchObject({
      plan: 'premium',
      source: 'labelPrefix',
      reason: "label 'Plan-Premium'",
    });
  });

  it('tries sources in order and skips values that name no plan', () => {
    const result = selectPlan(policy, snapshot({ fields: { [FIELD.supportPlan]: { value: 'Gold' } }, labels: ['plan-standard'] }));
    expect(result).toMatchObject({ plan: 'standard', source: 'labelPrefix' });
  });

  it('the first source wins over later ones', () => {
    const result = selectPlan(policy, snapshot({ fields: { [FIELD.supportPlan]: 'standard' }, labels: ['plan-premium'] }));
    expect(result).toMatchObject({ plan: 'standard', source: 'customField' });
  });

  it('falls back to the default', () => {
    expect(selectPlan(policy, snapshot({}))).toEqual({
      plan: 'standard',
      source: 'default',
      reason: 'no plan found on the issue: default plan standard',
    });
  });

  it('cannot resolve a field name without `names`, and says so by using the default', () => {
    const issue = parseIssue(buildIssue({ fields: { [FIELD.supportPlan]: { value: 'Premium' } } }));
    expect(selectPlan(policy, issue).source).toBe('default');
  });
});

describe('selectCalendarRegion', () => {
  it('maps the region field to a calendar', () => {
    expect(selectCalendarRegion(policy, snapshot({ fields: { [FIELD.region]: { value: 'uk' } } }))).toEqual({
      calendar: 'london',
      reason: "field 'Region' is 'uk' (calendar london)",
    });
  });

  it('takes a region value that is itself a calendar id', () => {
    expect(selectCalendarRegion(policy, snapshot({ fields: { [FIELD.region]: { value: 'London' } } }))).toEqual({
      calendar: 'london',
      reason: "field 'Region' is 'London' (calendar london)",
    });
  });

  it("also reads a map written on the region's source", () => {
    const regions = { ...policy.regions!, source: { from: 'customField' as const, field: 'Region', map: { 'United Kingdom': 'london' } } };
    expect(selectCalendarRegion({ ...policy, regions }, snapshot({ fields: { [FIELD.region]: { value: 'United Kingdom' } } }))).toEqual({
      calendar: 'london',
      reason: "field 'Region' is 'United Kingdom' (calendar london)",
    });
  });

  it('uses the region default without a region', () => {
    expect(selectCalendarRegion(policy, snapshot({}))).toMatchObject({ calendar: 'ny' });
  });

  it('uses the default calendar when the policy has no regions', () => {
    const { regions: _regions, ...withoutRegions } = policy;
    expect(selectCalendarRegion({ ...withoutRegions, defaultCalendar: 'london' }, snapshot({ fields: { [FIELD.region]: 'US' } }))).toEqual({
      calendar: 'london',
      reason: 'default calendar london',
    });
  });
});
