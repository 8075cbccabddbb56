/**
 * Suggestions for misspelt names: the nearest of the valid names, and the message for an unknown key. Shared by
 * the policy and calendar schemas and by the lookups that refuse an unknown plan, priority or calendar.
 */

/** Levenshtein distance between two strings (case-sensitive). */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `word` (case-insensitive edit distance), or undefined when none is close enough
 * (distance at most 2, or a third of the word's length for longer words; a case-only difference always counts).
 *
 * @example
 * nearestName('defaultCalender', ['calendars', 'defaultCalendar']) //=> 'defaultCalendar'
 * nearestName('zzz', ['plans'])                                    //=> undefined
 */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a hostile 100,000-character key costs nothing here.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * The message for one unknown key: names it, suggests the nearest valid key and lists the valid keys.
 *
 * @example
 * unknownKeyMessage('lable', ['id', 'label']) //=> 'Unknown key "lable"; did you mean "label"? Valid keys here: id, label.'
 */
export function unknownKeyMessage(key: string, validKeys: readonly string[]): string {
  const near = nearestName(key, validKeys);
  return `Unknown key "${key}"${near !== undefined ? `; did you mean "${near}"?` : '; remove it.'} Valid keys here: ${validKeys.join(', ')}.`;
}

/** Unknown keys of one object that get a "did you mean" (inclusive); the rest are named only, which is cheap. */
export const MAX_SUGGESTED_KEYS = 100;

/**
 * One `unknownKeyMessage` line per key, in order; keys after the first MAX_SUGGESTED_KEYS are named without a
 * suggestion, so an object with 20,000 unknown keys costs no more than one with a hundred.
 *
 * @example
 * unknownKeysMessage(['lable'], ['id', 'label']) //=> 'Unknown key "lable"; did you mean "label"? Valid keys here: id, label.'
 */
export function unknownKeysMessage(keys: readonly string[], validKeys: readonly string[]): string {
  return keys
    .map((key, index) => (index < MAX_SUGGESTED_KEYS ? unknownKeyMessage(key, validKeys) : `Unknown key "${key}"; remove it.`))
    .join('\n');
}
