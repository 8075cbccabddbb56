/**
 * Classification regexes (`when.text.regex`) run by re2js, linear in the text whatever the pattern; constructs RE2 cannot
 * run in linear time (backreferences, lookaround, possessive/atomic groups) are refused at validation, naming the construct.
 */
import { RE2JS, RE2JSException } from 're2js';

/** The longest pattern a policy may hold (inclusive), in characters. */
export const MAX_TEXT_REGEX_LENGTH = 500;

/** A compiled rule regex: `firstMatch` is the first matched text, or null. */
export interface TextRegex {
  readonly source: string;
  firstMatch(text: string): string | null;
}

/** A pattern that RE2 refuses; `message` says why and how to fix it. */
export class TextRegexError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
    this.name = 'TextRegexError';
  }
}

/** Constructs of JavaScript/PCRE patterns that RE2 does not run, with what to write instead. */
const REFUSED: ReadonlyArray<{ test: RegExp; what: string; instead: string }> = [
  {
    test: /\(\?<?[=!]/,
    what: 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…))',
    instead: 'match the surrounding text itself, or use \\b for a word boundary',
  },
  { test: /\\[1-9]|\\k</, what: 'backreferences (\\1, \\k<name>)', instead: 'write the repeated text out' },
  { test: /\(\?>/, what: 'atomic groups ((?>…))', instead: 'use a plain group (…)' },
  { test: /[*+?}]\+/, what: 'possessive quantifiers (*+, ++, ?+)', instead: 'use the plain quantifier' },
];

/**
 * Compiles a rule pattern with RE2 semantics; a leading `(?i)` (RE2's own flag syntax) makes it case-insensitive.
 *
 * @throws {TextRegexError} for a pattern longer than MAX_TEXT_REGEX_LENGTH, a construct RE2 refuses, or bad syntax.
 * @example
 * compileTextRegex('(?i)cannot log ?in').firstMatch('User CANNOT LOGIN') //=> 'CANNOT LOGIN'
 * compileTextRegex('(\\w+\\s?)+$').firstMatch('a'.repeat(50_000) + '!') //=> null (in linear time)
 */
export function compileTextRegex(source: string): TextRegex {
  if (source.length > MAX_TEXT_REGEX_LENGTH) {
    throw new TextRegexError(
      source,
      `the pattern is ${source.length} characters long; at most ${MAX_TEXT_REGEX_LENGTH} are allowed: shorten it, or split it over several rules.`,
    );
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    const refused = REFUSED.find((construct) => construct.test.test(source));
    if (refused) {
      throw new TextRegexError(source, `patterns run with RE2 semantics (linear time), which has no ${refused.what}: ${refused.instead}.`);
    }
    const reason = error instanceof RE2JSException ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new TextRegexError(
      source,
      `it is not a valid RE2 regular expression (${reason}): fix it; a leading (?i) makes it case-insensitive.`,
    );
  }
  return {
    source,
    firstMatch(text: string): string | null {
      // test() runs RE2's DFA, many times faster than the submatch search; most texts do not match at all.
      if (!compiled.test(text)) return null;
      const matcher = compiled.matcher(text);
      return matcher.find() ? (matcher.group() ?? '') : null;
    },
  };
}
