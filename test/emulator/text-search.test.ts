/**
 * The emulator's `~`: Jira's word search ("Search syntax for text fields"), not a substring test, so a recipe that
 * matches in the emulator matches on a site.
 */
import { compileTextSearch } from '../../emulator/jira/text-search';

function search(query: string, text: string): boolean {
  const compiled = compileTextSearch(query);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled(text);
}

describe('compileTextSearch', () => {
  it.each([
    // query, text, matches
    ['over plan', 'over plan', true],
    ['over plan', 'over plan, over day limit', true],
    ['over plan', 'within plan, over day limit', true], // both words occur: Jira's AND of terms, in any order
    ['"over plan"', 'within plan, over day limit', false], // a phrase needs them consecutive
    ['"over plan"', 'credit 6 of 5: Over Plan', true], // case never matters
    ['over plan', 'over day limit', false],
    ['plan', 'planned', false], // whole words, not substrings
    ['plan*', 'planned', true], // a trailing * is a prefix
    ['not registered', 'not registered', true], // "not" is a stop word: the query is "registered"
    ['not registered', 'registered', true],
    ['Issue 1*', 'Issue 12', true],
    ['Issue 1*', 'Issue 21', false],
    ['e-mail', 'send an e-mail now', true], // punctuation splits words, as the index does
    ['Zürich', 'Büro Zürich', true], // letters of any script are word characters
  ])('%j in %j → %s', (query, text, matches) => {
    expect(search(query, text)).toBe(matches);
  });

  it.each([
    ['', 'has no word'],
    ['the', 'has no word'],
    ['Issue OR Bug', 'boolean operator'],
    ['-Bug', 'boolean operator'],
    ['*ssue', 'wildcard'],
    ['te?t', 'wildcard'],
  ])('refuses %j with a message (%s)', (query, words) => {
    expect(compileTextSearch(query)).toEqual(expect.stringContaining(words));
  });
});
