/**
 * The zod shape of the part of a Jira REST v3 issue the engine reads: the contract of issue JSON. `parseIssue`
 * (issue.ts) reads an issue that passes `isJiraIssue` (the same checks, stricter, with no copy) as it is and lets
 * zod parse, refuse and word the error for any other. Timestamps stay strings here.
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

// The everyday path: `isJiraIssue` checks in one pass, allocating nothing, what the schema checks, on the values
// the snapshot reads; zod (its copy of every history, item and comment) is then needed only for the rest.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullishText(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string';
}

/**
 * `named` / `account` in `fields` (loose: zod copies every key, so as JSON makes them) or `author` of a comment
 * (zod keeps only `accountId`), nullish or not: an object whose `key` is a string.
 */
function isNamedBy(value: unknown, key: 'name' | 'accountId', nullish: boolean, loose: boolean): boolean {
  if (value === null || value === undefined) return nullish;
  const record = loose ? isJsonRecord(value) : isRecord(value);
  return record && typeof (value as Record<string, unknown>)[key] === 'string';
}

function isNamed(value: unknown): boolean {
  return isNamedBy(value, 'name', false, true);
}

/**
 * An object as JSON.parse builds one, in any realm: own keys all enumerable strings, none `__proto__`, and no
 * enumerable key inherited. Its keys are then the same on the object as on zod's copy of it, which drops the
 * others (a test's structuredClone makes objects of another realm: their prototype is not this realm's, yet fine).
 */
function isJsonRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || Object.hasOwn(value, '__proto__')) return false;
  if (Reflect.ownKeys(value).length !== Object.keys(value).length) return false;
  for (const key in value) if (!Object.hasOwn(value, key)) return false;
  return true;
}

function isNames(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (!isJsonRecord(value)) return false;
  for (const key of Object.keys(value)) if (typeof value[key] !== 'string') return false;
  return true;
}

function isItem(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const toString: unknown = value.toString;
  return (
    typeof value.field === 'string' &&
    isNullishText(value.fieldId) &&
    isNullishText(value.from) &&
    isNullishText(value.fromString) &&
    isNullishText(value.to) &&
    (isNullishText(toString) || typeof toString === 'function')
  );
}

function isHistory(value: unknown): boolean {
  if (!isRecord(value) || typeof value.created !== 'string' || !Array.isArray(value.items)) return false;
  for (const item of value.items as unknown[]) if (!isItem(item)) return false;
  return true;
}

function isComment(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.created === 'string' &&
    isNamedBy(value.author, 'accountId', true, false) &&
    (value.jsdPublic === undefined || typeof value.jsdPublic === 'boolean')
  );
}

function isNullishList(value: unknown, test: (entry: unknown) => boolean): boolean {
  if (value === null || value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const entry of value as unknown[]) if (!test(entry)) return false;
  return true;
}

function isFields(fields: unknown): boolean {
  if (!isJsonRecord(fields)) return false;
  const comment = fields.comment;
  return (
    typeof fields.created === 'string' &&
    isNamed(fields.status) &&
    isNamedBy(fields.priority, 'name', true, true) &&
    isNamedBy(fields.resolution, 'name', true, true) &&
    isNullishText(fields.resolutiondate) &&
    isNullishList(fields.labels, (label) => typeof label === 'string') &&
    isNullishList(fields.components, isNamed) &&
    isNamedBy(fields.issuetype, 'name', true, true) &&
    isNamedBy(fields.reporter, 'accountId', true, true) &&
    isNullishText(fields.summary) &&
    (comment === null ||
      comment === undefined ||
      (isRecord(comment) && Array.isArray(comment.comments) && isNullishList(comment.comments, isComment)))
  );
}

/**
 * Whether `raw` passes `jiraIssueSchema` and reads the same as zod's copy of it, checked without copying it: a
 * stricter test (an object with an odd prototype or an own `__proto__` key fails it and goes to zod), never a
 * looser one. `parseIssue` reads an issue that passes as it is and asks zod about any other, so zod alone decides
 * what is malformed and says where.
 *
 * @example
 * isJiraIssue({ key: 'SUP-1', fields: { created: '2026-11-16T14:00:00.000+0000', status: { name: 'Open' } } }) //=> true
 * isJiraIssue({ key: 'SUP-1', fields: { created: 1, status: { name: 'Open' } } }) //=> false (zod: fields.created)
 */
export function isJiraIssue(raw: unknown): raw is JiraIssue {
  if (!isRecord(raw) || typeof raw.key !== 'string' || !isFields(raw.fields) || !isNames(raw.names)) return false;
  const changelog = raw.changelog;
  if (changelog === null || changelog === undefined) return true;
  return isRecord(changelog) && Array.isArray(changelog.histories) && isNullishList(changelog.histories, isHistory);
}
