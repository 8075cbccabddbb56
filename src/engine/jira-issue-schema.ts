/**
 * The zod shape of the part of a Jira REST v3 issue the engine reads: the one parser of issue JSON, which
 * `parseIssue` (issue.ts) runs before it builds the snapshot. Timestamps stay strings here.
 */
import * as z from 'zod';

// Objects Jira repeats per history, item and comment are plain (unknown keys dropped): copying every unknown key
// of hundreds of them made validation cost several times the rest of `evaluate` (bench/evaluate.bench.ts).
// `fields` and the objects in it keep every key: custom fields are read by id, any field by name.
const named = z.looseObject({ name: z.string() });
const account = z.looseObject({ accountId: z.string() });
const author = z.object({ accountId: z.string() });
// One instance for every optional text: fewer schema objects for the JIT to specialise against.
const text = z.string().nullish();

const changelogItemSchema = z.object({
  field: z.string(),
  fieldId: text,
  from: text,
  fromString: text,
  to: text,
  // zod reads `item.toString`, so an item without its own reads Object.prototype.toString (of whichever realm): a
  // function counts as absent (the snapshot reads strings only). A check, not z.preprocess, which doubled the parse time.
  toString: z.custom<string | null | undefined>(
    (value) => value === null || value === undefined || typeof value === 'string' || typeof value === 'function',
    { error: 'Invalid input: expected string or null' },
  ),
});

const historySchema = z.object({
  /** Jira's history id (digits, growing); anything else counts as no id (issue-timeline.ts). */
  id: z.unknown().optional(),
  created: z.string(),
  // Who made the change: a `portalAction` start is a status change by the reporter (customers work in the portal).
  // Not parsed here (a nested object per history costs): issue.ts reads `author.accountId` of status changes only.
  author: z.unknown().optional(),
  items: z.array(changelogItemSchema),
});

const commentSchema = z.object({
  author: author.nullish(),
  created: z.string(),
  jsdPublic: z.boolean().optional(),
  // Read only by a metric's `comment` start (its text rule); kept as given and flattened when asked.
  body: z.unknown().optional(),
});

/**
 * The zod schema of the Jira REST v3 issue fields the engine reads. `fields` is loose: Jira adds keys freely
 * and custom fields (`customfield_…`) are read by id. Timestamps stay strings; `parseIssue` turns them into
 * instants and reports the path of any that is not a timestamp.
 *
 * @example
 * jiraIssueSchema.safeParse({ key: 'SUP-1', fields: { created: '2026-11-16T14:00:00.000+0000', status: { name: 'Open' } } }).success //=> true
 */
export const jiraIssueSchema = z.object({
  key: z.string(),
  fields: z.looseObject({
    created: z.string(),
    priority: named.nullish(),
    status: named,
    resolution: named.nullish(),
    resolutiondate: z.string().nullish(),
    labels: z.array(z.string()).nullish(),
    components: z.array(named).nullish(),
    issuetype: named.nullish(),
    reporter: account.nullish(),
    summary: z.string().nullish(),
    description: z.unknown().optional(),
    comment: z.looseObject({ comments: z.array(commentSchema) }).nullish(),
  }),
  names: z.record(z.string(), z.string()).nullish(),
  changelog: z.looseObject({ histories: z.array(historySchema) }).nullish(),
});

/** A Jira issue as returned by REST v3 (the part the engine reads). */
export type JiraIssue = z.infer<typeof jiraIssueSchema>;
