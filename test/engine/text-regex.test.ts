/**
 * Rule regexes run with RE2 semantics: linear time on any pattern, `(?i)` kept, and the constructs RE2 cannot run
 * refused with a message that names them.
 */
import { classify, loadPolicy, parseIssue } from '../../src/engine';
import { compileTextRegex, MAX_TEXT_REGEX_LENGTH, TextRegexError } from '../../src/engine/text-regex';
import { buildIssue } from '../builders/jira-issue';
import { TEST_POLICY_YAML } from '../builders/test-policy';

/** A catastrophic pattern for a backtracking engine, and a text on which it would backtrack for ever. */
const CATASTROPHIC = '(\\w+\\s?)+$';
const HOSTILE_TEXT = `${'word '.repeat(20_000)}!`;

describe('compileTextRegex', () => {
  it.each([
    { pattern: '(?i)cannot log ?in', text: 'I CANNOT LOGIN', match: 'CANNOT LOGIN' },
    { pattern: 'cannot log ?in', text: 'I CANNOT LOGIN', match: null },
    { pattern: 'err(or)? \\d{3}', text: 'got error 503 today', match: 'error 503' },
    { pattern: '\\p{L}+é', text: '→ café', match: 'café' },
    { pattern: CATASTROPHIC, text: HOSTILE_TEXT, match: null },
    { pattern: CATASTROPHIC, text: 'ends in words', match: 'ends in words' },
  ])('$pattern finds $match', ({ pattern, text, match }) => {
    expect(compileTextRegex(pattern).firstMatch(text)).toBe(match);
  });

  it.each([
    { pattern: '(?<=a)b', says: 'lookahead and lookbehind' },
    { pattern: 'a(?!b)', says: 'lookahead and lookbehind' },
    { pattern: '(a)\\1', says: 'backreferences' },
    { pattern: '(?>ab)', says: 'atomic groups' },
    { pattern: 'a++', says: 'possessive quantifiers' },
    { pattern: 'down(', says: 'not a valid RE2 regular expression' },
    { pattern: 'x'.repeat(MAX_TEXT_REGEX_LENGTH + 1), says: `at most ${MAX_TEXT_REGEX_LENGTH}` },
  ])('refuses $says', ({ pattern, says }) => {
    expect(() => compileTextRegex(pattern)).toThrow(TextRegexError);
    expect(() => compileTextRegex(pattern)).toThrow(says);
  });
});

describe('a catastrophic pattern in a policy', () => {
  const yaml = TEST_POLICY_YAML.replace('regex: "(?i)cannot log ?in"', `regex: "${CATASTROPHIC.replace(/\\/g, '\\\\')}"`);

  it('is accepted and classifies a long hostile summary and description without hanging', () => {
    const loaded = loadPolicy(yaml);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const issue = parseIssue(buildIssue({ summary: 'x!', description: HOSTILE_TEXT }));
    expect(classify(loaded.policy, issue).ruleId).not.toBe('login-trouble');
  });

  it('a lookbehind is refused at validation at its line', () => {
    const refused = loadPolicy(TEST_POLICY_YAML.replace('regex: "(?i)cannot log ?in"', 'regex: "(?<=a)b"'));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const problem = refused.errors.find((error) => error.path.endsWith('text.regex'));
    expect(problem?.message).toMatch(/RE2 semantics.*lookbehind/);
    expect(problem?.line).toBeGreaterThan(0);
  });
});
