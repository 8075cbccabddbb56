import { compilePolicy, loadPolicy, type PolicyProblem } from '../../src/engine/load-policy';
import { policySchema } from '../../src/engine/policy-schema';
import { MINIMAL_POLICY_YAML, lineOf, minimalPolicy } from './policy-fixture';

function errorsOf(text: string, format?: 'yaml' | 'json'): PolicyProblem[] {
  const result = loadPolicy(text, format === undefined ? {} : { format });
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.errors;
}

function errorAt(errors: PolicyProblem[], path: string): PolicyProblem {
  const found = errors.find((error) => error.path === path);
  if (found === undefined) throw new Error(`no problem at ${path}; got ${errors.map((error) => error.path).join(', ')}`);
  return found;
}

describe('loadPolicy: valid documents', () => {
  it('loads YAML and compiles every calendar, 24x7 included', () => {
    const result = loadPolicy(MINIMAL_POLICY_YAML);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.id).toBe('mini');
    expect(result.policy.calendar('office').timeZone).toBe('Europe/London');
    expect(result.policy.calendar('24x7').id).toBe('24x7');
    // Built once: the same instance on every lookup.
    expect(result.policy.calendar('office')).toBe(result.policy.calendar('office'));
  });

  it('names the known calendars when asked for an unknown one', () => {
    const result = loadPolicy(MINIMAL_POLICY_YAML);
    if (!result.ok) throw new Error('expected ok');
    expect(() => result.policy.calendar('ofice')).toThrow("unknown calendar 'ofice' (did you mean 'office'?); choose one of: 24x7, office");
  });

  it('loads JSON, detected from a leading "{" or given explicitly', () => {
    const json = JSON.stringify(minimalPolicy(), null, 2);
    const detected = loadPolicy(json);
    const explicit = loadPolicy(json, { format: 'json' });
    expect(detected.ok && explicit.ok).toBe(true);
    if (!detected.ok) return;
    expect(detected.policy.targets).toEqual(policySchema.parse(minimalPolicy()).targets);
  });

  it('compilePolicy gives the same lookups for a parsed policy', () => {
    const compiled = compilePolicy(policySchema.parse(minimalPolicy()));
    expect(compiled.calendar('office').timeZone).toBe('Europe/London');
    expect(compiled.defaultCalendar).toBe('office');
  });
});

describe('loadPolicy: problems with line and column', () => {
  it('locates a bad target duration at the line of its key', () => {
    const text = MINIMAL_POLICY_YAML.replace(
      'firstResponse: { duration: 1h, calendar: 24x7 }',
      'firstResponse: { duration: 1h, calendar: 24x8 }',
    );
    const error = errorAt(errorsOf(text), 'targets.premium.P1.firstResponse.calendar');
    const line = lineOf(text, 'calendar: 24x8');
    expect(error.line).toBe(line);
    expect(error.column).toBe((text.split('\n')[line - 1] ?? '').indexOf('calendar: 24x8') + 1);
    expect(error.message).toContain('"24x8" is not a calendar id; did you mean "24x7"?');
  });

  it('locates an unknown key at the key itself', () => {
    const text = MINIMAL_POLICY_YAML.replace('    label: Resolution\n', '    label: Resolution\n    stpo: []\n');
    const error = errorAt(errorsOf(text), 'metrics[1].stpo');
    expect(error.line).toBe(lineOf(text, 'stpo: []'));
    expect(error.column).toBe(5);
    expect(error.message).toBe(
      'metrics[1].stpo: Unknown key "stpo"; did you mean "stop"? Valid keys here: id, label, description, start, stop, pause, repeat.',
    );
  });

  it('reports every problem of the document at once, each at its own line', () => {
    const text = MINIMAL_POLICY_YAML.replace('default: P2', 'default: P5').replace(
      'P2: { firstResponse: 8h }',
      'P2: { firstResponse: 8 hours }',
    );
    const errors = errorsOf(text);
    expect(errorAt(errors, 'classification.default').line).toBe(lineOf(text, 'default: P5'));
    expect(errorAt(errors, 'targets.standard.P2.firstResponse').line).toBe(lineOf(text, '8 hours'));
  });

  it('locates a calendar problem (checked by the calendar schema) at its window', () => {
    const text = MINIMAL_POLICY_YAML.replace('mon-fri: ["09:00-17:00"]', 'mon-fri: ["09:00-17:00", "9-12"]');
    const error = errorAt(errorsOf(text), 'calendars[0].week.mon-fri[1]');
    expect(error.line).toBe(lineOf(text, '"9-12"'));
    expect(error.column).toBe((text.split('\n')[(error.line ?? 1) - 1] ?? '').indexOf('"9-12"') + 1);
    expect(error.message).toContain('"9-12" is not a window');
  });

  it('points a missing key at its parent', () => {
    const text = MINIMAL_POLICY_YAML.replace(
      '    start: { on: created }\n    stop: [{ on: resolution }]\n',
      '    stop: [{ on: resolution }]\n',
    );
    const error = errorAt(errorsOf(text), 'metrics[1].start');
    expect(error.line).toBe(lineOf(text, '- id: resolution'));
    expect(error.message).toContain('metrics[1].start: required: add one');
  });

  it('says what it found for a value of the wrong type, not that the key is missing', () => {
    const text = MINIMAL_POLICY_YAML.replace('    timeZone: Europe/London\n', '    timeZone: Europe/London\n    dayLength: 9\n');
    const error = errorAt(errorsOf(text), 'calendars[0].dayLength');
    expect(error.message).toBe('calendars[0].dayLength: expected a string here but found the number 9: write a string instead.');
    expect(error.line).toBe(lineOf(text, 'dayLength: 9'));
  });

  it('points a missing top-level key at the start of the document', () => {
    const text = `# my policy\n${MINIMAL_POLICY_YAML.replace(/^defaultCalendar: .*\n/m, '')}`;
    const error = errorAt(errorsOf(text), 'defaultCalendar');
    expect({ line: error.line, column: error.column }).toEqual({ line: 2, column: 1 });
  });

  it('reports YAML syntax errors with their position', () => {
    const text = 'id: x\nname: [unclosed\ndefaultCalendar: office\n';
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.path).toBe('');
    expect(errors[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports one broken line once, its position said once', () => {
    const errors = errorsOf('id: x\nname: y\npriorities: [a, b\ncalendars: []\nplans: [\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^YAML syntax error at line 4, column 1: [^:]*\. Fix the YAML there\./);
    expect(errors[0]?.message.match(/at line/g)).toHaveLength(1);
  });

  it('reports a duplicate key as a YAML error at its line', () => {
    const text = MINIMAL_POLICY_YAML.replace('name: Mini policy\n', 'name: Mini policy\nname: Again\n');
    const errors = errorsOf(text);
    expect(errors[0]?.message).toContain('YAML syntax error');
    expect(errors[0]?.line).toBe(3);
  });

  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "id": "x",\n  "name": "y",\n}\n';
    const errors = errorsOf(text, 'json');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(4);
    expect(errors[0]?.column).toBe(1);
    expect(errors[0]?.message).toMatch(/^JSON syntax error at line 4, column 1: /);
  });

  it('locates schema problems in JSON documents too', () => {
    const policy = minimalPolicy();
    policy.defaultCalendar = 'nowhere';
    const text = JSON.stringify(policy, null, 2);
    const error = errorAt(errorsOf(text), 'defaultCalendar');
    expect(error.line).toBe(lineOf(text, '"defaultCalendar"'));
  });

  it('rejects an empty document and a document that is not a map', () => {
    expect(errorsOf('')[0]?.message).toContain('The policy is empty');
    expect(errorsOf('# only a comment\n')[0]?.message).toContain('The policy is empty');
    expect(errorsOf('- a\n- b\n')[0]?.message).toContain('(root): The policy must be an object');
  });
});
