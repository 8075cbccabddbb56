/**
 * A large hostile document stays cheap to validate: the problems listed are capped (the last entry says how many
 * more there are), each is located at its line, and duplicate keys are still found (the check is linear now).
 */
import { loadPolicy, MAX_REPORTED_PROBLEMS, type PolicyProblem } from '../../src/engine/load-policy';
import { MINIMAL_POLICY_YAML, lineOf } from './policy-fixture';

function errorsOf(text: string): PolicyProblem[] {
  const result = loadPolicy(text);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

const withUnknownKeys = (count: number): string =>
  `${MINIMAL_POLICY_YAML}\n${Array.from({ length: count }, (_, i) => `unknownKey${i}: ${i}`).join('\n')}\n`;

describe('validating a policy with many problems', () => {
  it.each([3, MAX_REPORTED_PROBLEMS, MAX_REPORTED_PROBLEMS + 1, 20_000])('%i unknown keys', (count) => {
    const text = withUnknownKeys(count);
    const errors = errorsOf(text);
    const listed = errors.filter((error) => error.path !== '');
    expect(listed).toHaveLength(Math.min(count, MAX_REPORTED_PROBLEMS));
    for (const error of listed.slice(0, 3)) {
      expect(error.message).toContain(`Unknown key "${error.path}"`);
      expect(error.line).toBe(lineOf(text, `${error.path}:`));
    }
    const summary = errors.filter((error) => error.path === '');
    if (count > MAX_REPORTED_PROBLEMS) {
      expect(summary).toHaveLength(1);
      expect(summary[0]?.message).toContain(`${count - MAX_REPORTED_PROBLEMS} more problems are not listed`);
      expect(summary[0]?.message).toContain(`of ${count}`);
    } else {
      expect(summary).toEqual([]);
    }
  });

  it('finds a key written twice in a nested map, at its second line', () => {
    const text = MINIMAL_POLICY_YAML + '\nfields:\n  impact: a\n  impact: b\n';
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/Map keys must be unique \("impact" is written twice/);
    expect(errors[0]?.line).toBe(text.split('\n').length - 1);
  });
});
