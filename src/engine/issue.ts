/**
 * Builds the engine's `IssueSnapshot` from issue JSON parsed by jira-issue-schema.ts: instants in epoch ms, timelines of
 * status, resolution, labels and fields, comments in time order; later code never reads raw JSON.
 */
import { formatPath } from './policy-issues';
import { ownValue } from './own';
import { isJiraIssue, jiraIssueSchema, type JiraIssue } from './jira-issue-schema';
import { parseJiraInstant } from './jira-instant';
import { buildTimeline, numericHistoryId, orderHistories, type ChangeEvent, type StampedHistory, type TimedValue } from './issue-timeline';

export { isJiraIssue, jiraIssueSchema, type JiraIssue } from './jira-issue-schema';
export { parseJiraInstant } from './jira-instant';
export type { TimedValue } from './issue-timeline';

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

/** A comment reduced to what the clocks need. */
export interface IssueComment {
  at: number;
  by: string | null;
  public: boolean;
  /** The comment's body as Jira gave it (ADF or text); `commentText` flattens it. Absent when not fetched. */
  body?: unknown;
}

/** A status change and who made it (the changelog history's author; null when Jira gives none). */
export interface StatusChange {
  at: number;
  to: string | null;
  by: string | null;
}

/**
 * The plain text of a comment (ADF flattened); '' without a body.
 * @example commentText({ at: 0, by: null, public: true, body: 'Please escalate' }) //=> 'Please escalate'
 */
export function commentText(comment: IssueComment): string {
  return comment.body === undefined || comment.body === null ? '' : adfText(comment.body);
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
  /** Status changes with their authors, ascending by time (a `portalAction` start reads who moved the issue). */
  statusChanges: StatusChange[];
  /**
   * Instants (epoch ms, ascending) at which someone acknowledged an escalation on the issue in the SLA panel: not
   * Jira data but the app's own records, handed to `evaluate` by the adapter (empty from `parseIssue`).
   */
  acknowledgements: number[];
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

const INSTANT_HINT = 'expected a Jira timestamp such as "2026-11-20T10:15:30.000+0000"';

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

/** The account id of a changelog history's `author` (`{accountId}`), or null when absent or malformed. */
function authorId(author: unknown): string | null {
  if (author === null || typeof author !== 'object') return null;
  const id = (author as { accountId?: unknown }).accountId;
  return typeof id === 'string' ? id : null;
}

function compareCommentAt(a: IssueComment, b: IssueComment): number {
  return a.at - b.at;
}

function isStatusEvent(event: ChangeEvent): boolean {
  return event.fieldId === 'status' || event.field === 'status';
}

/** Positions in the snapshot's `events` by a field's id and by its name lower-cased, each ascending. */
interface EventIndex {
  byFieldId: Map<string, number[]>;
  byField: Map<string, number[]>;
  byLowerName: Map<string, number[]>;
}

function samePositions(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function indexEvents(events: readonly ChangeEvent[]): EventIndex {
  const index: EventIndex = { byFieldId: new Map(), byField: new Map(), byLowerName: new Map() };
  const add = (map: Map<string, number[]>, key: string, at: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [at]);
    else list.push(at);
  };
  events.forEach((event, at) => {
    if (event.fieldId !== null) add(index.byFieldId, event.fieldId, at);
    add(index.byField, event.field, at);
  });
  // Lower-cased once per distinct name, not per event; names differing only in case share a list.
  for (const [field, positions] of index.byField) {
    const lower = field.toLowerCase();
    const list = index.byLowerName.get(lower);
    if (list === undefined) index.byLowerName.set(lower, positions);
    else
      index.byLowerName.set(
        lower,
        [...list, ...positions].sort((a, b) => a - b),
      );
  }
  return index;
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
  statusChanges: StatusChange[] = [];
  acknowledgements: number[] = [];
  fields: Record<string, unknown> = {};
  names: Record<string, string> = {};
  /** Every changelog item, ascending by time. */
  events: ChangeEvent[] = [];
  private labelTimes: Map<string, number> | null = null;
  private eventIndex: EventIndex | null = null;
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

  /**
   * The events of a field, in time order: those whose `fieldId` is `id` or whose `field` is `id`, or is `field` or
   * `name` ignoring case (the rule of `sameTextIgnoringCase`, text-match.ts). Answered from an index of the events
   * by id, by name and by lower-case name, built on first use: classifying past cycles asks for a dozen fields, and
   * scanning every event for each cost more than the rest of the evaluation.
   */
  private eventsOf(id: string, field: string, name: string | undefined): ChangeEvent[] {
    const index = (this.eventIndex ??= indexEvents(this.events));
    const lists = [index.byFieldId.get(id), index.byField.get(id), index.byLowerName.get(field.toLowerCase())];
    if (name !== undefined) lists.push(index.byLowerName.get(name.toLowerCase()));
    // Usually the lists found are one list several times (a field's events carry its id and its name): no merging then.
    const found: number[][] = [];
    for (const list of lists)
      if (list !== undefined && list.length > 0 && !found.some((other) => samePositions(other, list))) found.push(list);
    const positions = found.length === 1 ? (found[0] as number[]) : [...new Set(found.flat())].sort((a, b) => a - b);
    return positions.map((at) => this.events[at] as ChangeEvent);
  }

  fieldValues(field: string): string[] {
    return fieldValueStrings(ownValue(this.fields, this.resolveFieldId(field)));
  }

  fieldTimeline(field: string): TimedValue[] {
    const cached = this.timelines.get(field);
    if (cached) return cached;
    const id = this.resolveFieldId(field);
    const name = ownValue(this.names, id);
    const matching = this.eventsOf(id, field, name);
    // A field the issue does not carry (not requested, or named without `names`) has no current value to trust.
    const known = Object.hasOwn(this.fields, id);
    const current = fieldValueStrings(ownValue(this.fields, id));
    const timeline = buildTimeline(this.created, matching, current.length > 0 ? current.join(', ') : null, false, known);
    this.timelines.set(field, timeline);
    return timeline;
  }
}

/**
 * Validates a raw Jira REST v3 issue against `jiraIssueSchema` and builds its snapshot: an issue that passes the
 * copy-free check `isJiraIssue` is read as it is, any other is parsed by zod, which reports what is malformed (the
 * check is stricter than the schema, never looser, so zod alone decides what is refused). Changelog histories are
 * sorted by `created` (endpoints return them newest or oldest first), histories at the same instant by Jira's
 * history id; where the last change of a status, resolution or field disagrees with the issue's current field,
 * the field wins. Custom fields are resolved lazily, by id or through `names`, when the policy asks for them.
 *
 * @throws {IssueParseError} naming the path of the first malformed value.
 * @example
 * parseIssue({ key: 'SUP-1', fields: { created: '2026-11-16T14:00:00.000+0000', status: { name: 'Open' } } })
 *   .statusTimeline //=> [{ from: 1795356000000, to: Infinity, value: 'Open' }]
 */
export function parseIssue(raw: unknown): IssueSnapshot {
  if (isJiraIssue(raw)) return snapshotOf(raw);
  const parsed = jiraIssueSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const path = (first && formatPath(first.path)) || '(issue)';
    throw new IssueParseError(`Malformed Jira issue at ${path}: ${first?.message ?? 'unexpected value'}.`, path);
  }
  return snapshotOf(parsed.data);
}

function snapshotOf(raw: JiraIssue): ParsedIssue {
  const issue = new ParsedIssue();
  const fields = raw.fields;
  issue.key = raw.key;
  issue.fields = fields;
  issue.created = instantAt(fields.created, 'fields.created');
  issue.status = fields.status.name;
  issue.jiraPriority = fields.priority?.name ?? null;
  issue.issueType = fields.issuetype?.name ?? null;
  issue.reporterId = fields.reporter?.accountId ?? null;
  issue.summary = fields.summary ?? '';
  issue.description = fields.description === undefined || fields.description === null ? '' : adfText(fields.description);
  issue.labels = fields.labels ?? [];
  issue.components = (fields.components ?? []).map((component) => component.name);
  const resolutionName = fields.resolution?.name ?? null;
  const resolutionDate = fields.resolutiondate ?? null;
  issue.names = raw.names ?? {};

  // Changelog: stamp, sort once.
  const histories = raw.changelog?.histories ?? [];
  const stamped: StampedHistory[] = histories.map((history, h) => ({
    at: instantAt(history.created, `changelog.histories[${h}].created`),
    index: h,
    id: numericHistoryId(history.id),
    seq: h,
  }));
  orderHistories(stamped);
  const events: ChangeEvent[] = [];
  const statusEvents: ChangeEvent[] = [];
  const resolutionEvents: ChangeEvent[] = [];
  for (const { at, index } of stamped) {
    const history = histories[index] as (typeof histories)[number];
    for (const item of history.items) {
      const event: ChangeEvent = {
        at,
        field: item.field,
        fieldId: item.fieldId ?? null,
        from: item.from ?? null,
        to: item.to ?? null,
        fromString: item.fromString ?? null,
        // The schema lets an inherited Object.prototype.toString through (an item without its own): not a value.
        toString: typeof item.toString === 'string' ? item.toString : null,
      };
      events.push(event);
      if (isStatusEvent(event)) {
        statusEvents.push(event);
        issue.statusChanges.push({ at, to: event.toString, by: authorId(history.author) });
      } else if (event.fieldId === 'resolution' || event.field === 'resolution') resolutionEvents.push(event);
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

  const comments = fields.comment?.comments ?? [];
  let ordered = true;
  comments.forEach((entry, c) => {
    const at = instantAt(entry.created, `fields.comment.comments[${c}].created`);
    if (c > 0 && at < (issue.comments[c - 1]?.at ?? at)) ordered = false;
    const comment: IssueComment = { at, by: entry.author?.accountId ?? null, public: entry.jsdPublic !== false };
    if (entry.body !== undefined) comment.body = entry.body;
    issue.comments.push(comment);
  });
  if (!ordered) issue.comments.sort(compareCommentAt);
  return issue;
}
