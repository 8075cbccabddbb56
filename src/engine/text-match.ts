/**
 * The one rule for comparing user-written names with Jira's values: equal when their lower-case forms are equal
 * (`toLowerCase`, not locale-aware); whitespace counts, callers that ignore it trim first and say why.
 */

/**
 * Whether two texts are the same ignoring case.
 *
 * @example
 * sameTextIgnoringCase('In Progress', 'in progress') //=> true
 * sameTextIgnoringCase('Done', ' Done') //=> false (whitespace counts)
 */
export function sameTextIgnoringCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether `list` holds `value` ignoring case; `null` (an empty Jira field) is in no list.
 *
 * @example
 * includesIgnoringCase(['Waiting for customer', 'Pending'], 'PENDING') //=> true
 * includesIgnoringCase(['Pending'], null) //=> false
 */
export function includesIgnoringCase(list: readonly string[], value: string | null): boolean {
  if (value === null) return false;
  // Lower the value once: a status list is tried against every entry of a long timeline.
  const lower = value.toLowerCase();
  for (const item of list) if (item === value || item.toLowerCase() === lower) return true;
  return false;
}
