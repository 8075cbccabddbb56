import { classify } from '../../src/engine/classify';
import { compilePolicy, ruleRegexSources } from '../../src/engine/compile-policy';
import { parseIssue } from '../../src/engine/issue';
import { policySchema, type Policy } from '../../src/engine/policy-schema';
import { compileTextRegex, type TextRegex } from '../../src/engine/text-regex';
import { buildIssue } from '../builders/jira-issue';
import { FIELD_NAMES, testPolicy } from '../builders/test-policy';
import { minimalPolicy } from './policy-fixture';

/** The test policy as validated data (what the Forge runtime stores as JSON), without its compiled lookups. */
function testPolicyData(): Policy {
  return policySchema.parse(JSON.parse(JSON.stringify(testPolicy())));
}

describe('compilePolicy: rule regexes come from the compiler the caller passes', () => {
  it('lists the distinct regex patterns of the rules, and none for a policy of words only', () => {
    expect(ruleRegexSources(testPolicyData())).toEqual(['(?i)cannot log ?in']);
    expect(ruleRegexSources(policySchema.parse(minimalPolicy()))).toEqual([]);
  });

  it('compiles each pattern once, with the given compiler, and classification uses it', () => {
    const compiled: string[] = [];
    const counting = (source: string): TextRegex => {
      compiled.push(source);
      return compileTextRegex(source);
    };
    const policy = compilePolicy(testPolicyData(), undefined, counting);
    expect(compiled).toEqual(['(?i)cannot log ?in']);
    const issue = parseIssue(buildIssue({ names: FIELD_NAMES, summary: 'I CANNOT LOGIN since Monday' }));
    expect(classify(policy, issue)).toMatchObject({ ruleId: 'login-trouble', reason: expect.stringContaining("('CANNOT LOGIN')") });
    expect(compiled).toHaveLength(1);
  });

  it('needs no regex compiler for a policy without regex rules', () => {
    const policy = compilePolicy(policySchema.parse(minimalPolicy()));
    expect(policy.calendar('office').timeZone).toBe('Europe/London');
  });

  it('refuses to compile a policy with regex rules without a compiler, saying what to pass', () => {
    expect(() => compilePolicy(testPolicyData())).toThrow(/has regex rules: compile it with a regex compiler/);
  });

  it('refuses a pattern that is not one of the rules', () => {
    const policy = compilePolicy(testPolicyData(), undefined, compileTextRegex);
    expect(() => policy.textRegex('other')).toThrow('"other" is not a rule regex of policy');
  });

  it('classify refuses a regex rule of a policy that was never compiled', () => {
    const issue = parseIssue(buildIssue({ names: FIELD_NAMES, summary: 'cannot login' }));
    expect(() => classify(testPolicyData(), issue)).toThrow(/needs a compiled policy/);
  });
});
