/**
 * A validated policy made ready to evaluate: its calendars built once and its rule regexes compiled. Kept apart from
 * the YAML loader (load-policy.ts) so the code that evaluates a policy stored already validated (the Forge runtime)
 * loads neither the YAML parser nor, unless the policy has regex rules, the regex engine.
 */
import { BusinessCalendar, buildValidatedCalendar, calendar24x7 } from './calendar';
import type { PolicyHolidays } from './holidays';
import type { Policy } from './policy-schema';
import { CALENDAR_24X7 } from './sla-rules';
import { nearestName } from './suggest';
import type { TextRegex } from './text-regex';

/**
 * An unknown plan, priority or calendar was asked of a policy; `choices` lists the valid ids.
 *
 * @example
 * new UnknownChoiceError('plan', 'gold', ['standard', 'premium']).message
 * //=> "unknown plan 'gold'; choose one of: standard, premium"
 */
export class UnknownChoiceError extends Error {
  constructor(
    readonly kind: 'plan' | 'priority' | 'calendar',
    readonly value: string,
    readonly choices: readonly string[],
  ) {
    const near = nearestName(value, choices);
    super(`unknown ${kind} '${value}'${near !== undefined ? ` (did you mean '${near}'?)` : ''}; choose one of: ${choices.join(', ')}`);
    this.name = 'UnknownChoiceError';
  }
}

/** A validated policy with its calendars built once (their interval tables are built lazily, per year). */
export type CompiledPolicy = Policy & {
  /**
   * The built calendar with this id (`24x7` included).
   * @throws {UnknownChoiceError} naming the known ids when the id is unknown.
   */
  readonly calendar: (id: string) => BusinessCalendar;
  /**
   * The compiled regex of a classification rule (`when.text.regex`), by its pattern text.
   * @throws {Error} for a pattern that is not one of the policy's rule patterns.
   */
  readonly textRegex: (source: string) => TextRegex;
};

/** Compiles one rule pattern with RE2 semantics (text-regex.ts `compileTextRegex`, passed in by the caller). */
export type TextRegexCompiler = (source: string) => TextRegex;

/**
 * The distinct regex patterns of a policy's classification rules and `comment` metric starts, in policy order
 * (empty when none has one).
 *
 * @example
 * ruleRegexSources(byteztech) //=> [] (its rules match words)
 * ruleRegexSources(policyWithRule('(?i)cannot log ?in')) //=> ['(?i)cannot log ?in']
 */
export function ruleRegexSources(policy: Pick<Policy, 'classification' | 'metrics'>): string[] {
  const sources = new Set<string>();
  for (const rule of policy.classification.rules) {
    const regex = rule.when.text?.regex;
    if (regex !== undefined) sources.add(regex);
  }
  for (const metric of policy.metrics) {
    if (metric.start.on === 'comment' && metric.start.text.regex !== undefined) sources.add(metric.start.text.regex);
  }
  return [...sources];
}

/**
 * Builds the calendars of a validated policy once, compiles its rule regexes with `textRegex` and adds the
 * `calendar(id)` and `textRegex(source)` lookups. A country's holidays come from `holidays` (stored tables, or the
 * library through holiday-library.ts). `textRegex` is needed only when a rule has a regex.
 *
 * @throws {Error} when a rule has a regex and no `textRegex` compiler is given (a programming error, not a user's).
 * @example
 * compilePolicy(policy).calendar('24x7').timeZone //=> 'UTC'
 * compilePolicy(policyWithRegexRule, undefined, compileTextRegex).textRegex('(?i)login').firstMatch('LOGIN') //=> 'LOGIN'
 */
export function compilePolicy(policy: Policy, holidays?: PolicyHolidays, textRegex?: TextRegexCompiler): CompiledPolicy {
  const calendars = new Map<string, BusinessCalendar>([[CALENDAR_24X7, calendar24x7]]);
  for (const spec of policy.calendars) calendars.set(spec.id, buildValidatedCalendar(spec, holidays));
  const calendar = (id: string): BusinessCalendar => {
    const found = calendars.get(id);
    if (found !== undefined) return found;
    throw new UnknownChoiceError('calendar', id, [...calendars.keys()]);
  };
  const sources = ruleRegexSources(policy);
  if (sources.length > 0 && textRegex === undefined) {
    throw new Error(`policy ${policy.id} has regex rules: compile it with a regex compiler (text-regex.ts compileTextRegex).`);
  }
  const regexes = new Map(sources.map((source) => [source, textRegex!(source)]));
  const regexOf = (source: string): TextRegex => {
    const found = regexes.get(source);
    if (found !== undefined) return found;
    throw new Error(`"${source}" is not a rule regex of policy ${policy.id}.`);
  };
  return { ...policy, calendar, textRegex: regexOf };
}
