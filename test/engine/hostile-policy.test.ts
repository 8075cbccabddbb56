/**
 * A policy cannot hurt the app: every text, list and number has a bound checked with a message at its line, and
 * names users choose (plans, priorities, metrics, organizations, regions, label prefixes, map keys) are data, so
 * `constructor`, `toString`, `hasOwnProperty` work like any name and `__proto__` is refused clearly.
 */
import {
  evaluate,
  loadPolicy,
  parseIssue,
  selectCalendarRegion,
  selectPlan,
  type CompiledPolicy,
  type PolicyProblem,
} from '../../src/engine';
import { holidaysFromLibrary } from '../../src/engine/holiday-library';
import { POLICY_BOUNDS } from '../../src/engine/policy-bounds';
import { MAX_DURATION } from '../../src/engine/duration';
import { buildIssue } from '../builders/jira-issue';
import { MINIMAL_POLICY_YAML, lineOf } from './policy-fixture';

function problemsOf(text: string): PolicyProblem[] {
  // With the library, as a save validates: it also checks that a holiday country and region exist.
  const result = loadPolicy(text, { holidays: holidaysFromLibrary() });
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

function compiled(text: string): CompiledPolicy {
  const result = loadPolicy(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.policy;
}

const long = (length: number): string => 'x'.repeat(length);
const yamlList = (count: number): string => `[${Array.from({ length: count }, (_, i) => `v${i}`).join(', ')}]`;

describe('bounds, each reported at its line', () => {
  const cases: Array<{ name: string; edit: (yaml: string) => string; line: string; path: RegExp; says: string }> = [
    {
      name: `a priority label over ${POLICY_BOUNDS.textLength} characters`,
      edit: (y) => y.replace('{ id: P1, label: Critical }', `{ id: P1, label: ${long(POLICY_BOUNDS.textLength + 1)} }`),
      line: '{ id: P1, label: xxx',
      path: /^priorities\[0\]\.label$/,
      says: `at most ${POLICY_BOUNDS.textLength}`,
    },
    {
      name: `a plan id over ${POLICY_BOUNDS.idLength} characters`,
      edit: (y) => y.replace('{ id: premium, label: Premium }', `{ id: ${long(POLICY_BOUNDS.idLength + 1)}, label: Premium }`),
      line: 'label: Premium }',
      path: /^plans\[1\]\.id$/,
      says: `at most ${POLICY_BOUNDS.idLength}`,
    },
    {
      name: `a condition list of ${POLICY_BOUNDS.listEntries + 1} entries`,
      edit: (y) => y.replace('{ jiraPriority: [Highest] }', `{ jiraPriority: ${yamlList(POLICY_BOUNDS.listEntries + 1)} }`),
      line: 'jiraPriority: [v0',
      path: /jiraPriority$/,
      says: `at most ${POLICY_BOUNDS.listEntries}`,
    },
    {
      name: `atPercent over ${POLICY_BOUNDS.atPercent}`,
      edit: (y) => y.replace('atPercent: 100,', `atPercent: ${POLICY_BOUNDS.atPercent + 1},`),
      line: 'atPercent: 1001',
      path: /^escalation\.P1\[1\]\.atPercent$/,
      says: `at most ${POLICY_BOUNDS.atPercent}`,
    },
    {
      name: 'a target longer than a year',
      edit: (y) => y.replace('P2: { firstResponse: 8h }', `P2: { firstResponse: ${MAX_DURATION.hours + 1}h }`),
      line: `firstResponse: ${MAX_DURATION.hours + 1}h`,
      path: /^targets\.standard\.P2\.firstResponse$/,
      says: 'longest duration a policy may hold',
    },
    {
      name: 'a ladder step longer than a year',
      edit: (y) => y.replace('after: 4h }', `after: ${MAX_DURATION.weeks + 1}w }`),
      line: `after: ${MAX_DURATION.weeks + 1}w`,
      path: /^escalation\.P1\[0\]\.after$/,
      says: 'longest duration a policy may hold',
    },
    {
      name: `a description over ${POLICY_BOUNDS.longTextLength} characters`,
      edit: (y) =>
        y.replace('  - id: firstResponse\n', `  - id: firstResponse\n    description: ${long(POLICY_BOUNDS.longTextLength + 1)}\n`),
      line: 'description: xxx',
      path: /^metrics\[0\]\.description$/,
      says: `at most ${POLICY_BOUNDS.longTextLength}`,
    },
    {
      name: `a map key over ${POLICY_BOUNDS.textLength} characters`,
      edit: (y) =>
        y.replace(
          '{ from: labelPrefix, prefix: "plan-" }',
          `{ from: organization, map: { ${long(POLICY_BOUNDS.textLength + 1)}: premium } }`,
        ),
      line: '{ from: organization, map:',
      path: /^planSelection\.sources\[0\]\.map\.x+$/,
      says: `at most ${POLICY_BOUNDS.textLength}`,
    },
  ];

  it.each(cases)('$name', ({ edit, line, path, says }) => {
    const text = edit(MINIMAL_POLICY_YAML);
    expect(text).not.toBe(MINIMAL_POLICY_YAML);
    const problem = problemsOf(text).find((candidate) => path.test(candidate.path));
    expect(problem?.message).toContain(says);
    expect(problem?.line).toBe(lineOf(text, line));
  });

  it('a value exactly at its bound is accepted', () => {
    const text = MINIMAL_POLICY_YAML.replace('{ id: P1, label: Critical }', `{ id: P1, label: ${long(POLICY_BOUNDS.textLength)} }`)
      .replace('atPercent: 100,', `atPercent: ${POLICY_BOUNDS.atPercent},`)
      .replace('P2: { firstResponse: 8h }', `P2: { firstResponse: ${MAX_DURATION.hours}h }`);
    expect(loadPolicy(text).ok).toBe(true);
  });
});

describe('names users control are data, never object keys', () => {
  // Plans, priorities and a metric named after Object.prototype members; maps keyed by them.
  const PROTOTYPE_NAMED = MINIMAL_POLICY_YAML.replace(/\bstandard\b/g, 'constructor')
    .replace(/\bpremium\b/g, 'toString')
    .replace(/\bP1\b/g, 'hasOwnProperty')
    .replace(/\bP2\b/g, 'valueOf')
    .replace(
      '    - { from: labelPrefix, prefix: "plan-" }\n',
      '    - { from: organization, map: { constructor: toString, "Acme Corp": toString } }\n    - { from: labelPrefix, prefix: "toString-" }\n',
    );

  it('a policy naming plans constructor and toString, priorities hasOwnProperty and valueOf, is valid', () => {
    const policy = compiled(PROTOTYPE_NAMED);
    expect(policy.plans.map((plan) => plan.id)).toEqual(['constructor', 'toString']);
    expect(policy.priorities.map((priority) => priority.id)).toEqual(['hasOwnProperty', 'valueOf']);
  });

  it.each([
    { name: 'an organization named constructor, mapped', organizations: ['constructor'], labels: [], plan: 'toString' },
    { name: 'an organization named toString, not mapped, is a plan label', organizations: ['toString'], labels: [], plan: 'toString' },
    { name: 'an organization named hasOwnProperty, in no map', organizations: ['hasOwnProperty'], labels: [], plan: 'constructor' },
    { name: 'an organization named __proto__, in no map', organizations: ['__proto__'], labels: [], plan: 'constructor' },
    { name: 'a label toString-valueOf names no plan', organizations: [], labels: ['toString-valueOf'], plan: 'constructor' },
    { name: 'a label toString-constructor names the plan', organizations: [], labels: ['toString-constructor'], plan: 'constructor' },
  ])('$name → plan $plan', ({ organizations, labels, plan }) => {
    const policy = compiled(PROTOTYPE_NAMED);
    const raw = buildIssue({
      labels,
      names: { customfield_10002: 'Organizations' },
      fields: { customfield_10002: organizations.map((name) => ({ name })) },
    });
    expect(selectPlan(policy, parseIssue(raw)).plan).toBe(plan);
    const state = evaluate(policy, raw, Date.parse('2026-11-17T12:00:00Z'));
    expect(state.plan.id).toBe(plan);
    expect(state.priority.id).toBe('valueOf');
  });

  it('a region value named toString or constructor is looked up in the map, not on Object.prototype', () => {
    const withRegions = `${MINIMAL_POLICY_YAML}regions:\n  source: { from: customField, field: Region }\n  map: { toString: office }\n  default: 24x7\n`;
    const policy = compiled(withRegions);
    const region = (value: string) =>
      selectCalendarRegion(policy, parseIssue(buildIssue({ names: { customfield_1: 'Region' }, fields: { customfield_1: { value } } })))
        .calendar;
    expect(region('toString')).toBe('office');
    expect(region('constructor')).toBe('24x7');
    expect(region('hasOwnProperty')).toBe('24x7');
  });

  it.each([
    { holidays: 'country: constructor', says: '"constructor" is not a date-holidays country' },
    { holidays: 'country: GB, state: toString', says: 'toString' },
  ])('holidays $holidays is refused, not found on Object.prototype', ({ holidays, says }) => {
    const text = MINIMAL_POLICY_YAML.replace(
      '      mon-fri: ["09:00-17:00"]\n',
      `      mon-fri: ["09:00-17:00"]\n    holidays: { ${holidays} }\n`,
    );
    expect(text).not.toBe(MINIMAL_POLICY_YAML);
    const problem = problemsOf(text).find((candidate) => candidate.path.startsWith('calendars[0].holidays'));
    expect(problem?.message).toContain(says);
  });

  it('a policy field named constructor reads the issue field of that name only', () => {
    const policy = compiled(
      MINIMAL_POLICY_YAML.replace(
        'planSelection:\n  sources:\n',
        'planSelection:\n  sources:\n    - { from: customField, field: constructor }\n',
      ),
    );
    expect(selectPlan(policy, parseIssue(buildIssue({}))).plan).toBe('standard');
    const named = buildIssue({ names: { customfield_9: 'constructor' }, fields: { customfield_9: { value: 'Premium' } } });
    expect(selectPlan(policy, parseIssue(named)).plan).toBe('premium');
  });

  it.each([
    {
      where: 'a map key',
      edit: (y: string) => y.replace('{ from: labelPrefix, prefix: "plan-" }', '{ from: organization, map: { __proto__: premium } }'),
      path: /map\.__proto__$/,
    },
    {
      where: 'a ladder key',
      edit: (y: string) => y.replace('escalation:\n  P1:', 'escalation:\n  __proto__: []\n  P1:'),
      path: /^escalation\.__proto__$/,
    },
    {
      where: 'a targets key',
      edit: (y: string) => y.replace('targets:\n  standard:', 'targets:\n  __proto__: {}\n  standard:'),
      path: /^targets\.__proto__$/,
    },
  ])('__proto__ as $where is refused at its line', ({ edit, path }) => {
    const text = edit(MINIMAL_POLICY_YAML);
    const problem = problemsOf(text).find((candidate) => path.test(candidate.path));
    expect(problem?.message).toContain('"__proto__" cannot be used');
    expect(problem?.line).toBe(lineOf(text, '__proto__'));
  });

  it('__proto__ is refused in JSON too', () => {
    const json = JSON.stringify(loadPolicyObject());
    const withProto = `{"__proto__": {"x": 1}, ${json.slice(1)}`;
    const problems = problemsOf(withProto);
    expect(problems).toEqual([
      expect.objectContaining({ path: '__proto__', line: 1, message: expect.stringContaining('"__proto__" cannot be used') }),
    ]);
  });
});

function loadPolicyObject(): Record<string, unknown> {
  const policy = compiled(MINIMAL_POLICY_YAML) as unknown as Record<string, unknown>;
  const { calendar: _calendar, ...rest } = policy;
  return rest;
}
