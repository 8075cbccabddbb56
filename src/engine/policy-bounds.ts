/**
 * The bounds of a policy document, every bound inclusive (policies are hostile; several texts land in 255-character Jira
 * fields); docs/policy.md lists them and the schema checks each with a message at its line.
 */
export const POLICY_BOUNDS = {
  /** ids of priorities, plans, metrics, rules, ladder levels (calendar ids: calendar-schema.ts) */
  idLength: 64,
  /** names, labels, contacts, field ids and names, list entries, map keys and values: one Jira text field */
  textLength: 255,
  /** `description` and `source`: free text shown on the admin page */
  longTextLength: 2_000,
  /** entries of one condition list (`words`, `labels`, `statuses`, `plans`, …) */
  listEntries: 200,
  /** entries of one `map` (organizations, field values, regions) */
  mapEntries: 1_000,
  priorities: 50,
  plans: 100,
  metrics: 20,
  rules: 500,
  sources: 20,
  pauseConditions: 50,
  stops: 10,
  ladderLevels: 20,
  calendars: 50,
  /** `atPercent` of a ladder level */
  atPercent: 1_000,
} as const;
