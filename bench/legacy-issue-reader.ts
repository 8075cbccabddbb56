/**
 * BASELINE FOR bench/evaluate.bench.ts ONLY: the hand-written Jira issue reader that src/engine/issue.ts used before
 * issue 12 made jira-issue-schema.ts (zod) the one parser; copied verbatim from 85e33e0^1:src/engine/issue.ts.
 */
import * as z from 'zod';
import { formatPath } from '../src/engine/policy-issues';
import { ownValue } from '../src/engine/own';
import { sameTextIgnoringCase } from '../src/engine/text-match';

/** Thrown for an issue the engine cannot read; `path` locates the bad value (e.g. `changelog.histories[3].created`). */
export class IssueParseError extends Error {
  constructor(
    message: string,
    /** Dotted path of the bad value inside the issue JSON. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'IssueParseError';
  }
}

const named = z.looseObject({ name: z.string() });
const account = z.looseObject({ accountId: z.string() });

const changelogItemSchema = z.looseObject({
  field: z.string(),
  fieldId: z.string().nullish(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  // An item without its own `toString` would otherwise be read as Object.prototype.toString.
  toString: z.preprocess((value) => (typeof value === 'function' ? undefined : value), z.string().nullish()),
});

const historySchema = z.looseObject({
  created: z.string(),
  author: account.nullish(),
  items: z.array(changelogItemSchema),
});

const commentSchema = z.looseObject({
  author: account.nullish(),
  created: z.string(),
  jsdPublic: z.boolean().optional(),
});

/**
 * The zod schema of the Jira REST v3 issue fields the engine reads. Objects are loose (`passthrough`): Jira adds
 * keys freely and custom fields (`customfield_…`) are read by id. Timestamps stay strings here; `parseIssue`
 * turns them into instants and reports the path of any that is not a timestamp.
 */
export const jiraIssueSchema = z.looseObject({
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

/** One stretch of time with a value: `from` inclusive, `to` exclusive (`Infinity` = still so). */
export interface TimedValue {
  from: number;
  to: number;
  value: string | null;
}

/** A comment reduced to what the clocks need. */
export interface IssueComment {
  at: number;
  by: string | null;
  public: boolean;
}

/** The issue as the engine sees it: instants in epoch ms, timelines sorted by time. */
export interface IssueSnapshot {
  key: string;
  created: number;
  summary: string;
  /** Plain text of the description (ADF flattened). */
  description: string;
  reporterId: string | null;
  jiraPriority: string | null;
  issueType: string | null;
  status: string;
  labels: string[];
  components: string[];
  /** Instant the issue was resolved, while it is resolved; null when unresolved. */
  resolvedAt: number | null;
  /** Resolution name over time (null = unresolved); a reopened issue goes back to null. */
  resolutionTimeline: TimedValue[];
  /** Status over time from `created`; the last entry runs to `Infinity`. */
  statusTimeline: TimedValue[];
  /** Public and internal comments, ascending by time. */
  comments: IssueComment[];
  /** Raw `fields` (custom fields are read from here). */
  fields: Record<string, unknown>;
  /** Field id → display name (`expand=names`), empty when absent. */
  names: Record<string, string>;
  /** First instant each label is present (labels on the issue at creation: `created`). */
  labelAddedAt(label: string): number | null;
  /** Value of a field (id or name) over time, as Jira's display strings; from `created`. */
  fieldTimeline(field: string): TimedValue[];
  /** Current values of a field (id or name) as strings: select `{value}`, `{name}`, arrays flattened. */
  fieldValues(field: string): string[];
}

interface ChangeEvent {
  at: number;
  field: string;
  fieldId: string | null;
  from: string | null;
  to: string | null;
  fromString: string | null;
  toString: string | null;
}

const INSTANT_HINT = 'expected a Jira timestamp such as "2026-11-20T10:15:30.000+0000"';

/** The value of the decimal digit at `i`, or a large negative number (failing every range check) if not a digit. */
function digitAt(text: string, i: number): number {
  const code = text.charCodeAt(i) - 48;
  return code >= 0 && code <= 9 ? code : -1e9;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a Jira timestamp to epoch ms; NaN when it is not one. Jira writes `2026-11-20T10:15:30.000+0000`; ISO
 * forms with `Z` or `+hh:mm` are accepted too. The common shapes are decoded by hand (several times faster than
 * Date.parse), the rest go through Date.parse.
 *
 * @example
 * parseJiraInstant('2026-11-20T10:15:30.000+0000') //=> 1795169730000
 * parseJiraInstant('2026-11-20T05:15:30.000-0500') //=> 1795169730000
 * parseJiraInstant('2026-02-30T10:15:30.000+0000') //=> NaN
 */
export function parseJiraInstant(text: string): number {
  // YYYY-MM-DDTHH:MM:SS.sss±HHMM (28 chars) or YYYY-MM-DDTHH:MM:SS.sssZ (24 chars)
  const n = text.length;
  if (
    (n === 28 || n === 24) &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46
  ) {
    const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
    const month = digitAt(text, 5) * 10 + digitAt(text, 6);
    const day = digitAt(text, 8) * 10 + digitAt(text, 9);
    const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
    const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
    const second = digitAt(text, 17) * 10 + digitAt(text, 18);
    const milli = digitAt(text, 20) * 100 + digitAt(text, 21) * 10 + digitAt(text, 22);
    let offsetMinutes = 0;
    const sign = text.charCodeAt(23);
    if (n === 28) {
      const oh = digitAt(text, 24) * 10 + digitAt(text, 25);
      const om = digitAt(text, 26) * 10 + digitAt(text, 27);
      if ((sign !== 43 && sign !== 45) || oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
    } else if (sign !== 90 /* Z */) {
      return Number.NaN;
    }
    if (
      year < 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 59 ||
      milli < 0
    ) {
      return Number.NaN;
    }
    return Date.UTC(year, month - 1, day, hour, minute, second, milli) - offsetMinutes * 60_000;
  }
  if (!ISO_INSTANT.test(text)) return Number.NaN;
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

function instantAt(text: string, path: string): number {
  const ms = parseJiraInstant(text);
  if (Number.isNaN(ms)) {
    throw new IssueParseError(`Malformed Jira issue at ${path}: ${INSTANT_HINT}, got ${JSON.stringify(text)}.`, path);
  }
  return ms;
}

/**
 * Flattens a description to text: a string as is, an Atlassian Document Format tree by its `text` nodes, with a
 * line break after each block node.
 *
 * @example
 * adfText({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Site down' }] }] }) //=> 'Site down'
 */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  const parts: string[] = [];
  collectAdfText(node, parts);
  return parts.join('').trim();
}

function collectAdfText(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const record = value as { text?: unknown; content?: unknown; type?: unknown };
  if (typeof record.text === 'string') parts.push(record.text);
  if (Array.isArray(record.content)) {
    for (const child of record.content) collectAdfText(child, parts);
    if (record.type !== 'text' && record.type !== 'doc') parts.push('\n');
  }
}

/**
 * Reads a custom field value as strings: a string or number as is, `{value}` (select), `{name}`,
 * `{requestType: {name}}` (JSM request type), `{displayName}`; arrays flattened; empty values dropped.
 *
 * @example
 * fieldValueStrings([{ name: 'Acme' }, { name: 'Globex' }]) //=> ['Acme', 'Globex']
 * fieldValueStrings({ value: 'Premium', child: { value: 'EU' } }) //=> ['Premium']
 */
export function fieldValueStrings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(fieldValueStrings);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['value', 'name', 'displayName']) {
      const inner = record[key];
      if (typeof inner === 'string' && inner.trim() !== '') return [inner];
    }
    const requestType = record.requestType;
    if (requestType && typeof requestType === 'object') return fieldValueStrings(requestType);
  }
  return [];
}

/** Whether a labels changelog string (`"a b c"`, space-separated) holds `label`. */
function hasLabel(text: string | null, label: string): boolean {
  if (!text || label === '') return false;
  let index = text.indexOf(label);
  while (index >= 0) {
    const end = index + label.length;
    if ((index === 0 || text.charCodeAt(index - 1) === 32) && (end === text.length || text.charCodeAt(end) === 32)) return true;
    index = text.indexOf(label, index + 1);
  }
  return false;
}

function emptyToNull(text: string | null | undefined): string | null {
  return text === null || text === undefined || text.trim() === '' ? null : text;
}

// ---------------------------------------------------------------------------------------------------------
// Fast structural reading. `jiraIssueSchema` is the contract; running zod on every evaluation costs more than
// the rest of `evaluate` (≈ 85 µs for 200 histories), so the reader below checks exactly what it reads and, on
// the first surprise, asks zod for the precise problem so messages stay zod's.

/** Signals a structural surprise; `parseIssue` turns it into an `IssueParseError` (zod's message when it has one). */
class Surprise {
  constructor(readonly path: string) {}
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Surprise(path);
  return value;
}

function requiredString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Surprise(path);
  return value;
}

function optionalName(value: unknown, path: string, key = 'name'): string | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) throw new Surprise(path);
  return requiredString(value[key], `${path}.${key}`);
}

/** A string, null or absent: what Jira sends for an optional text. */
function stringOrAbsent(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string';
}

function optionalArray(value: unknown, path: string): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Surprise(path);
  return value;
}

/** A history's place in time: its instant, then `seq` for histories that share the instant. */
interface StampedHistory {
  at: number;
  index: number;
  /** Jira's history id without leading zeros (digits only), or null when absent or not numeric. */
  id: string | null;
  seq: number;
}

function compareAt(a: StampedHistory, b: StampedHistory): number {
  return a.at - b.at || a.seq - b.seq;
}

/** Jira history ids are decimal strings that grow with every change; longer means later, then by digits. */
function compareHistoryIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Longer ids are not Jira's: such a history counts as one without an id. */
const HISTORY_ID_MAX_DIGITS = 30;

function numericHistoryId(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || text.length === 0 || text.length > HISTORY_ID_MAX_DIGITS) return null;
  let zeros = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
    if (code === 48 && zeros === i && i < text.length - 1) zeros += 1;
  }
  return zeros === 0 ? text : text.slice(zeros);
}

/**
 * Orders histories as Jira made them: by instant, and histories sharing an instant by Jira's history id (numeric,
 * growing), since list order is newest first from `expand=changelog` and oldest first from `/changelog`. Without
 * numeric ids on every history, ties follow the list's direction (a list whose last history is older than its
 * first is read newest first).
 */
function orderHistories(stamped: StampedHistory[]): void {
  const ids = stamped.every((history) => history.id !== null);
  const newestFirst = stamped.length > 1 && (stamped[0] as StampedHistory).at > (stamped[stamped.length - 1] as StampedHistory).at;
  if (ids) {
    let rising = true;
    let falling = true;
    for (let h = 1; h < stamped.length; h++) {
      const order = compareHistoryIds((stamped[h - 1] as StampedHistory).id as string, (stamped[h] as StampedHistory).id as string);
      if (order > 0) rising = false;
      if (order < 0) falling = false;
    }
    if (rising || falling) {
      for (const history of stamped) history.seq = rising ? history.index : -history.index;
    } else {
      const byId = [...stamped].sort((a, b) => compareHistoryIds(a.id as string, b.id as string));
      byId.forEach((history, rank) => (history.seq = rank));
    }
  } else {
    for (const history of stamped) history.seq = newestFirst ? -history.index : history.index;
  }
  for (let h = 1; h < stamped.length; h++) {
    if (compareAt(stamped[h - 1] as StampedHistory, stamped[h] as StampedHistory) > 0) {
      stamped.sort(compareAt);
      return;
    }
  }
}

function compareCommentAt(a: IssueComment, b: IssueComment): number {
  return a.at - b.at;
}

function isStatusEvent(event: ChangeEvent): boolean {
  return event.fieldId === 'status' || event.field === 'status';
}

/** The snapshot: eager timelines for status and resolution, lazy ones for labels and custom fields. */
class ParsedIssue implements IssueSnapshot {
  key = '';
  created = 0;
  summary = '';
  description = '';
  reporterId: string | null = null;
  jiraPriority: string | null = null;
  issueType: string | null = null;
  status = '';
  labels: string[] = [];
  components: string[] = [];
  resolvedAt: number | null = null;
  resolutionTimeline: TimedValue[] = [];
  statusTimeline: TimedValue[] = [];
  comments: IssueComment[] = [];
  fields: Record<string, unknown> = {};
  names: Record<string, string> = {};
  /** Every changelog item, ascending by time. */
  events: ChangeEvent[] = [];
  private labelTimes: Map<string, number> | null = null;
  private nameToId: Map<string, string> | null = null;
  private readonly timelines = new Map<string, TimedValue[]>();

  resolveFieldId(field: string): string {
    if (Object.prototype.hasOwnProperty.call(this.fields, field)) return field;
    if (this.nameToId === null) {
      this.nameToId = new Map();
      for (const id of Object.keys(this.names)) this.nameToId.set((this.names[id] ?? '').toLowerCase(), id);
    }
    return this.nameToId.get(field.toLowerCase()) ?? field;
  }

  labelAddedAt(label: string): number | null {
    if (this.labelTimes === null) this.labelTimes = new Map();
    const known = this.labelTimes.get(label);
    if (known !== undefined) return known;
    let at: number | null = null;
    let seenEvent = false;
    for (const event of this.events) {
      if (event.fieldId !== 'labels' && event.field !== 'labels') continue;
      if (!seenEvent && hasLabel(event.fromString, label)) {
        at = this.created; // on the issue before its first label change
        break;
      }
      seenEvent = true;
      if (hasLabel(event.toString, label) && !hasLabel(event.fromString, label)) {
        at = event.at;
        break;
      }
    }
    if (!seenEvent && at === null && this.labels.includes(label)) at = this.created;
    if (at !== null) this.labelTimes.set(label, at);
    return at;
  }

  fieldValues(field: string): string[] {
    return fieldValueStrings(ownValue(this.fields, this.resolveFieldId(field)));
  }

  fieldTimeline(field: string): TimedValue[] {
    const cached = this.timelines.get(field);
    if (cached) return cached;
    const id = this.resolveFieldId(field);
    const name = ownValue(this.names, id);
    const matching = this.events.filter(
      (event) =>
        event.fieldId === id ||
        event.field === id ||
        sameTextIgnoringCase(event.field, field) ||
        (name !== undefined && sameTextIgnoringCase(event.field, name)),
    );
    // A field the issue does not carry (not requested, or named without `names`) has no current value to trust.
    const known = Object.hasOwn(this.fields, id);
    const current = fieldValueStrings(ownValue(this.fields, id));
    const timeline = buildTimeline(this.created, matching, current.length > 0 ? current.join(', ') : null, false, known);
    this.timelines.set(field, timeline);
    return timeline;
  }
}

/**
 * Validates a raw Jira REST v3 issue and builds its snapshot. Changelog histories are sorted by `created`
 * (endpoints return them newest or oldest first), histories at the same instant by Jira's history id; where the
 * last change of a status, resolution or field disagrees with the issue's current field, the field wins. Custom fields
 * are resolved lazily, by id or through `names`, when the policy asks for them.
 *
 * @throws {IssueParseError} naming the path of the first malformed value.
 * @example
 * parseIssue({ key: 'SUP-1', fields: { created: '2026-11-16T14:00:00.000+0000', status: { name: 'Open' } } })
 *   .statusTimeline //=> [{ from: 1795356000000, to: Infinity, value: 'Open' }]
 */
export function parseIssue(raw: unknown): IssueSnapshot {
  try {
    return readIssue(raw);
  } catch (error) {
    if (!(error instanceof Surprise)) throw error;
    const parsed = jiraIssueSchema.safeParse(raw);
    const first = parsed.success ? undefined : parsed.error.issues[0];
    const path = first ? formatPath(first.path) || '(issue)' : error.path;
    throw new IssueParseError(`Malformed Jira issue at ${path}: ${first?.message ?? 'unexpected value'}.`, path);
  }
}

function readIssue(raw: unknown): ParsedIssue {
  if (!isObject(raw)) throw new Surprise('(issue)');
  const issue = new ParsedIssue();
  issue.key = requiredString(raw.key, 'key');
  const fields = raw.fields;
  if (!isObject(fields)) throw new Surprise('fields');
  issue.fields = fields;
  issue.created = instantAt(requiredString(fields.created, 'fields.created'), 'fields.created');
  issue.status = optionalName(fields.status, 'fields.status') ?? '';
  if (fields.status === null || fields.status === undefined) throw new Surprise('fields.status');
  issue.jiraPriority = optionalName(fields.priority, 'fields.priority');
  issue.issueType = optionalName(fields.issuetype, 'fields.issuetype');
  issue.reporterId = optionalName(fields.reporter, 'fields.reporter', 'accountId');
  issue.summary = optionalString(fields.summary, 'fields.summary') ?? '';
  issue.description = fields.description === undefined || fields.description === null ? '' : adfText(fields.description);
  const labels = optionalArray(fields.labels, 'fields.labels');
  for (let i = 0; i < labels.length; i++) requiredString(labels[i], `fields.labels[${i}]`);
  issue.labels = labels as string[];
  const components = optionalArray(fields.components, 'fields.components');
  issue.components = [];
  for (let i = 0; i < components.length; i++) {
    issue.components.push(optionalName(components[i], `fields.components[${i}]`) ?? '');
    if (components[i] === null || components[i] === undefined) throw new Surprise(`fields.components[${i}]`);
  }
  const resolutionName = optionalName(fields.resolution, 'fields.resolution');
  const resolutionDate = optionalString(fields.resolutiondate, 'fields.resolutiondate');

  const names = raw.names;
  if (names !== null && names !== undefined) {
    if (!isObject(names)) throw new Surprise('names');
    for (const id of Object.keys(names)) requiredString(names[id], `names.${id}`);
    issue.names = names as Record<string, string>;
  }

  // Changelog: read, stamp, sort once.
  let histories: unknown[] = [];
  const changelog = raw.changelog;
  if (changelog !== null && changelog !== undefined) {
    if (!isObject(changelog)) throw new Surprise('changelog');
    histories = optionalArray(changelog.histories, 'changelog.histories');
    if (changelog.histories === null || changelog.histories === undefined) throw new Surprise('changelog.histories');
  }
  const stamped: StampedHistory[] = [];
  for (let h = 0; h < histories.length; h++) {
    const history = histories[h];
    if (!isObject(history)) throw new Surprise(`changelog.histories[${h}]`);
    const created = history.created;
    if (typeof created !== 'string') throw new Surprise(`changelog.histories[${h}].created`);
    const at = parseJiraInstant(created);
    if (Number.isNaN(at)) instantAt(created, `changelog.histories[${h}].created`);
    const author = history.author;
    if (author !== null && author !== undefined && (!isObject(author) || typeof author.accountId !== 'string')) {
      throw new Surprise(`changelog.histories[${h}].author`);
    }
    stamped.push({ at, index: h, id: numericHistoryId(history.id), seq: h });
  }
  orderHistories(stamped);
  const events: ChangeEvent[] = [];
  const statusEvents: ChangeEvent[] = [];
  const resolutionEvents: ChangeEvent[] = [];
  for (const { at, index } of stamped) {
    const items = (histories[index] as Record<string, unknown>).items;
    if (!Array.isArray(items)) throw new Surprise(`changelog.histories[${index}].items`);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const field = isObject(item) ? item.field : undefined;
      if (!isObject(item) || typeof field !== 'string') throw new Surprise(`changelog.histories[${index}].items[${i}]`);
      const fieldId = item.fieldId;
      const from = item.from;
      const to = item.to;
      const fromString = item.fromString;
      // An item without its own toString would otherwise read Object.prototype.toString.
      const toString: unknown = Object.prototype.hasOwnProperty.call(item, 'toString') ? item.toString : undefined;
      if (
        !stringOrAbsent(fieldId) ||
        !stringOrAbsent(from) ||
        !stringOrAbsent(to) ||
        !stringOrAbsent(fromString) ||
        !stringOrAbsent(toString)
      ) {
        throw new Surprise(`changelog.histories[${index}].items[${i}]`);
      }
      const event: ChangeEvent = {
        at,
        field,
        fieldId: (fieldId as string | null | undefined) ?? null,
        from: (from as string | null | undefined) ?? null,
        to: (to as string | null | undefined) ?? null,
        fromString: (fromString as string | null | undefined) ?? null,
        toString: (toString as string | null | undefined) ?? null,
      };
      events.push(event);
      if (isStatusEvent(event)) statusEvents.push(event);
      else if (event.fieldId === 'resolution' || event.field === 'resolution') resolutionEvents.push(event);
    }
  }
  issue.events = events;
  issue.statusTimeline = buildTimeline(issue.created, statusEvents, issue.status, true);

  if (resolutionName !== null) {
    const last = resolutionEvents[resolutionEvents.length - 1];
    let resolvedAt: number;
    if (resolutionDate !== null) resolvedAt = instantAt(resolutionDate, 'fields.resolutiondate');
    else resolvedAt = last && (last.to || last.toString) ? last.at : issue.created;
    if (!last || last.at < resolvedAt) {
      // The changelog misses the latest resolution (trimmed, or never fetched): resolutiondate is when it was set.
      resolutionEvents.push({
        at: resolvedAt,
        field: 'resolution',
        fieldId: 'resolution',
        from: null,
        to: resolutionName,
        fromString: null,
        toString: resolutionName,
      });
    }
    issue.resolvedAt = resolvedAt;
  }
  issue.resolutionTimeline = buildTimeline(issue.created, resolutionEvents, resolutionName, false);

  const comment = fields.comment;
  if (comment !== null && comment !== undefined) {
    if (!isObject(comment)) throw new Surprise('fields.comment');
    const list = comment.comments;
    if (!Array.isArray(list)) throw new Surprise('fields.comment.comments');
    let ordered = true;
    for (let c = 0; c < list.length; c++) {
      const entry = list[c];
      if (!isObject(entry) || typeof entry.created !== 'string') throw new Surprise(`fields.comment.comments[${c}]`);
      let at = parseJiraInstant(entry.created);
      if (Number.isNaN(at)) at = instantAt(entry.created, `fields.comment.comments[${c}].created`);
      const jsdPublic = entry.jsdPublic;
      const author = entry.author;
      if (
        (jsdPublic !== undefined && typeof jsdPublic !== 'boolean') ||
        (author !== null && author !== undefined && (!isObject(author) || typeof author.accountId !== 'string'))
      ) {
        throw new Surprise(`fields.comment.comments[${c}]`);
      }
      if (c > 0 && at < (issue.comments[c - 1]?.at ?? at)) ordered = false;
      issue.comments.push({ at, by: isObject(author) ? (author.accountId as string) : null, public: jsdPublic !== false });
    }
    if (!ordered) issue.comments.sort(compareCommentAt);
  }
  return issue;
}

/**
 * Rebuilds a value's history: the value before the first change holds from `created`, and `current` (the issue's
 * field as it is now) from the last change on. Display strings are used (`fromString`/`toString`, falling back
 * to the raw ids for custom fields); `raw` keeps empty strings as they are.
 */
function buildTimeline(
  created: number,
  changes: readonly ChangeEvent[],
  current: string | null,
  raw: boolean,
  currentKnown = true,
): TimedValue[] {
  if (changes.length === 0) return [{ from: created, to: Infinity, value: current }];
  const timeline: TimedValue[] = [];
  const first = changes[0] as ChangeEvent;
  let value = raw ? first.fromString : emptyToNull(first.fromString ?? first.from);
  let from = created;
  for (const change of changes) {
    const at = change.at > created ? change.at : created;
    // Several changes at one instant leave no zero-length stretch: only the last value holds.
    if (at > from) {
      pushStretch(timeline, from, at, value);
      from = at;
    }
    value = raw ? change.toString : emptyToNull(change.toString ?? change.to);
  }
  // The issue's current fields are the truth where the changelog's last value disagrees (a change missing from
  // the changelog, a renamed status): the current value holds from the last change on. Field display strings
  // need not match the REST value, so a field is corrected only when one side is empty and the other is not.
  if (currentKnown && (raw ? value !== current : (value === null) !== (current === null))) value = current;
  pushStretch(timeline, from, Infinity, value);
  return timeline;
}

/** Appends a stretch, or lengthens the last one when the value did not really change (Open → Open). */
function pushStretch(timeline: TimedValue[], from: number, to: number, value: string | null): void {
  const last = timeline[timeline.length - 1];
  if (last !== undefined && last.value === value) last.to = to;
  else timeline.push({ from, to, value });
}
