/**
 * Jira's text search, the JQL `~` / `!~` operators, as Atlassian documents it ("Search syntax for text fields"):
 * the query is terms and phrases; terms joined without an operator must all occur (AND), in any order; a phrase in
 * escaped quotes (`summary ~ "\"full screen\""`) must occur as consecutive words; a trailing `*` matches any word
 * starting with the term; case never matters; English stop words ("not", "the", …) are left out of the query, as
 * Jira's Lucene analyser drops them.
 *
 * Not emulated, and refused rather than guessed: boolean operators (`OR`, `NOT`, `+`, `-`), a leading wildcard,
 * `?`, fuzzy `~n`. Not emulated and not refusable: stemming (Jira finds "plans" for "plan"), so a query that
 * matches here matches on Jira too, never the other way round. The app's recipes search whole words of the
 * values it writes itself (docs/automation.md).
 */

/** Lucene's English stop words (StandardAnalyzer's default set), which Jira's text index drops. */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not', 'of',
  'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
]); // prettier-ignore

/** A text's words: runs of letters and digits, lower-cased, stop words removed. */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !STOP_WORDS.has(word));
}

interface Clause {
  /** consecutive words; the last may be a prefix */
  words: string[];
  prefix: boolean;
}

function matchesAt(words: readonly string[], at: number, clause: Clause): boolean {
  for (let k = 0; k < clause.words.length; k++) {
    const word = words[at + k];
    const wanted = clause.words[k] as string;
    if (word === undefined) return false;
    const last = k === clause.words.length - 1;
    if (last && clause.prefix ? !word.startsWith(wanted) : word !== wanted) return false;
  }
  return true;
}

/**
 * Compiles a `~` query to a predicate over a field's text, or answers why Jira would refuse it (a message).
 *
 * @example
 * const search = compileTextSearch('over plan');
 * typeof search !== 'string' && search('credit 6 of 5: over plan') //=> true
 * typeof search !== 'string' && search('over day limit') //=> false ("plan" is not a word of it)
 */
export function compileTextSearch(query: string): ((text: string) => boolean) | string {
  const clauses: Clause[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (let found = pattern.exec(query); found !== null; found = pattern.exec(query)) {
    const phrase = found[1];
    const term = found[2];
    if (term !== undefined) {
      if (/^(OR|NOT|&&|\|\|)$/.test(term) || /^[+\-!]/.test(term))
        return `The emulator's text search does not support the boolean operator in '${query}' (terms are joined by AND).`;
      if (term === 'AND') continue;
      if (term.startsWith('*') || term.includes('?') || /~\d*$/.test(term))
        return `The text query '${query}' uses a wildcard the emulator does not support: only a trailing '*' is.`;
    }
    const source = phrase ?? (term as string);
    const prefix = phrase === undefined && source.endsWith('*');
    const words = wordsOf(prefix ? source.slice(0, -1) : source);
    if (words.length > 0) clauses.push({ words, prefix });
  }
  if (clauses.length === 0) return `The text query '${query}' has no word to search for (stop words such as 'not' are ignored).`;
  return (text) => {
    const words = wordsOf(text);
    return clauses.every((clause) => words.some((_, at) => matchesAt(words, at, clause)));
  };
}
