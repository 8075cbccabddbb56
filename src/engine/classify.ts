/**
 * Classification: the policy's ordered rules decide an issue's priority; the first rule whose every condition
 * holds wins, else the default. The result says which rule matched and why, in words an agent can read.
 */
import type { IssueSnapshot } from './issue';
import type { ClassificationRule, Policy } from './policy-schema';
import type { TextCondition } from './policy-classification';
import { includesIgnoringCase } from './text-match';
import type { TextRegex } from './text-regex';

/** The classification of one issue. */
export interface ClassificationResult {
  /** Priority id of the policy. */
  priority: string;
  /** The rule that matched, or null for the default. */
  ruleId: string | null;
  /** Why, e.g. `rule outage-words: summary contains 'outage'`. */
  reason: string;
}

/** Default JSM field names used when the policy's `fields` gives no id. */
export const DEFAULT_FIELD_NAMES = {
  impact: 'Impact',
  urgency: 'Urgency',
  requestType: 'Request Type',
  organizations: 'Organizations',
} as const;

/** A policy as classification reads it: its rules, its fields and (compile-policy.ts) its compiled rule regexes. */
type PolicyForClassify = Pick<Policy, 'classification' | 'fields'> & { readonly textRegex?: (source: string) => TextRegex };

interface CompiledText {
  words: Array<{ word: string; pattern: RegExp }>;
  regex: TextRegex | null;
}

const compiledTexts = new WeakMap<object, CompiledText>();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compiledText(policy: Pick<PolicyForClassify, 'textRegex'>, condition: TextCondition): CompiledText {
  let compiled = compiledTexts.get(condition);
  if (!compiled) {
    compiled = {
      // Whole words (or phrases), case-insensitive: "down" matches "Site down!" but not "download".
      words: (condition.words ?? []).map((word) => ({
        word,
        pattern: new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(word.trim())}(?![\\p{L}\\p{N}_])`, 'iu'),
      })),
      regex: condition.regex === undefined ? null : ruleRegex(policy, condition.regex),
    };
    compiledTexts.set(condition, compiled);
  }
  return compiled;
}

/** A rule's regex as the compiled policy holds it (compiled once, with the regex engine the policy was compiled with). */
function ruleRegex(policy: Pick<PolicyForClassify, 'textRegex'>, source: string): TextRegex {
  if (policy.textRegex === undefined) throw new Error('classify needs a compiled policy (compilePolicy or loadPolicy) to run regex rules.');
  return policy.textRegex(source);
}

function findIgnoringCase(candidates: readonly string[], wanted: readonly string[]): string | undefined {
  return candidates.find((candidate) => includesIgnoringCase(wanted, candidate));
}

/** The custom-field id (or name) of a JSM field for this policy. */
export function jsmField(policy: Pick<Policy, 'fields'>, which: keyof typeof DEFAULT_FIELD_NAMES): string {
  return policy.fields?.[which] ?? DEFAULT_FIELD_NAMES[which];
}

/**
 * One list condition: holds when absent, or when any wanted value is among `have` (case-insensitive); pushes
 * `"<say> '<value>'"` to `why` when it matched.
 */
function listCondition(why: string[], wanted: readonly string[] | undefined, have: readonly string[], say: string): boolean {
  if (wanted === undefined) return true;
  const hit = findIgnoringCase(have, wanted);
  if (hit === undefined) return false;
  why.push(`${say} '${hit}'`);
  return true;
}

/** Why one rule matches (one phrase per condition), or null when a condition fails. */
function matchRule(policy: PolicyForClassify, rule: ClassificationRule, issue: IssueSnapshot): string[] | null {
  const when = rule.when;
  const why: string[] = [];
  const none: readonly string[] = [];
  if (!listCondition(why, when.jiraPriority, issue.jiraPriority === null ? none : [issue.jiraPriority], 'Jira priority is')) return null;
  if (!listCondition(why, when.issueType, issue.issueType === null ? none : [issue.issueType], 'issue type is')) return null;
  if (!listCondition(why, when.labels, issue.labels, 'label')) return null;
  if (!listCondition(why, when.components, issue.components, 'component')) return null;
  if (!listCondition(why, when.impact, when.impact ? issue.fieldValues(jsmField(policy, 'impact')) : none, 'impact is')) return null;
  if (!listCondition(why, when.urgency, when.urgency ? issue.fieldValues(jsmField(policy, 'urgency')) : none, 'urgency is')) return null;
  if (
    !listCondition(why, when.requestType, when.requestType ? issue.fieldValues(jsmField(policy, 'requestType')) : none, 'request type is')
  ) {
    return null;
  }
  if (when.text) {
    const places: Array<[string, string]> = [
      ['summary', issue.summary],
      ['description', issue.description],
    ];
    let found: string | null = null;
    for (const [place, content] of places) {
      const match = textRuleMatch(policy, when.text, content);
      if (match !== null) {
        found = `${place} ${match}`;
        break;
      }
    }
    if (found === null) return null;
    why.push(found);
  }
  return why;
}

/**
 * Why a text matches a text rule (`words` as whole words or phrases, ignoring case; `regex` with RE2 semantics), in
 * words; null when it does not. The one matcher of classification's `when.text` and a metric's `comment` start.
 *
 * @example
 * textRuleMatch(policy, { words: ['escalate'] }, 'Please ESCALATE this') //=> "contains 'escalate'"
 * textRuleMatch(policy, { words: ['escalate'] }, 'escalated') //=> null (not a whole word)
 */
export function textRuleMatch(policy: Pick<PolicyForClassify, 'textRegex'>, rule: TextCondition, content: string): string | null {
  if (content === '') return null;
  const text = compiledText(policy, rule);
  const word = text.words.find((candidate) => candidate.pattern.test(content));
  if (word) return `contains '${word.word}'`;
  const match = text.regex?.firstMatch(content) ?? null;
  return match === null ? null : `matches ${rule.regex ?? ''} ('${match}')`;
}

/**
 * The priority of an issue: the first rule (in policy order) whose every condition holds, else the default.
 * Within a condition's list any value matches; names compare case-insensitively; text words match whole words
 * in the summary or description.
 *
 * @example
 * classify(policy, parseIssue(issueWithSummary('Checkout outage')))
 * //=> { priority: 'P1', ruleId: 'outage-words', reason: "rule outage-words: summary contains 'outage'" }
 */
export function classify(policy: PolicyForClassify, issue: IssueSnapshot): ClassificationResult {
  for (const rule of policy.classification.rules) {
    const why = matchRule(policy, rule, issue);
    if (why !== null) {
      return { priority: rule.priority, ruleId: rule.id, reason: `rule ${rule.id}: ${why.join(' and ')}` };
    }
  }
  const fallback = policy.classification.default;
  return {
    priority: fallback,
    ruleId: null,
    reason:
      policy.classification.rules.length === 0
        ? `default priority ${fallback} (the policy has no rules)`
        : `no rule matched: default priority ${fallback}`,
  };
}
