/**
 * Builds Jira REST v3 issue JSON for engine tests, so a test reads like a story:
 *
 *   let issue = buildIssue({ created: '2026-11-16T14:00:00Z' });          // Mon 09:00 New York
 *   issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
 *   issue = withComment(issue, { at: '2026-11-16T16:00:00Z', by: AGENT });
 *
 * Every helper returns a new issue (the input is not changed), appends a changelog history and updates the
 * current `fields` the way Jira would. Instants are written as ISO strings and stored in Jira's own format
 * (`2026-11-16T14:00:00.000+0000`).
 */

export const REPORTER = 'customer-1';
export const AGENT = 'agent-1';

export interface JiraChangelogItem {
  field: string;
  fieldId?: string;
  fieldtype?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface JiraHistory {
  id: string;
  created: string;
  author?: { accountId: string };
  items: JiraChangelogItem[];
}

export interface JiraComment {
  id: string;
  author: { accountId: string };
  created: string;
  body: unknown;
  jsdPublic?: boolean;
}

// A type alias (not an interface) so a built issue is assignable to `Record<string, unknown>`-shaped parameters.
export type BuiltIssue = {
  id: string;
  key: string;
  fields: Record<string, unknown> & {
    created: string;
    status: { name: string };
    labels: string[];
    comment: { comments: JiraComment[] };
  };
  names?: Record<string, string>;
  changelog: { histories: JiraHistory[] };
};

export interface IssueOptions {
  key?: string;
  created?: string;
  status?: string;
  priority?: string | null;
  labels?: string[];
  components?: string[];
  issueType?: string;
  summary?: string;
  description?: unknown;
  reporter?: string;
  resolution?: string | null;
  resolutionDate?: string | null;
  /** Custom fields by id, e.g. `{ customfield_10050: { value: 'Premium' } }`. */
  fields?: Record<string, unknown>;
  /** `expand=names`: field id → display name. */
  names?: Record<string, string>;
}

/** Jira's timestamp format for an ISO instant: `2026-11-16T14:00:00.000+0000`. */
export function jiraTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`builder: not an instant: ${iso}`);
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A Jira issue with sensible defaults: Open, Medium, reported by REPORTER, created Mon 2026-11-16 09:00 New York. */
export function buildIssue(options: IssueOptions = {}): BuiltIssue {
  const fields: BuiltIssue['fields'] = {
    created: jiraTime(options.created ?? '2026-11-16T14:00:00Z'),
    status: { name: options.status ?? 'Open' },
    labels: options.labels ?? [],
    comment: { comments: [] },
    summary: options.summary ?? 'Something is not right',
    description: options.description ?? null,
    issuetype: { name: options.issueType ?? 'Service Request' },
    reporter: { accountId: options.reporter ?? REPORTER },
    components: (options.components ?? []).map((name) => ({ name })),
    resolution: options.resolution ? { name: options.resolution } : null,
    resolutiondate: options.resolutionDate ? jiraTime(options.resolutionDate) : null,
    ...(options.fields ?? {}),
  };
  if (options.priority !== null) fields.priority = { name: options.priority ?? 'Medium' };
  return {
    id: '10001',
    key: options.key ?? 'SUP-1',
    fields,
    ...(options.names ? { names: options.names } : {}),
    changelog: { histories: [] },
  };
}

function clone(issue: BuiltIssue): BuiltIssue {
  return structuredClone(issue);
}

function addHistory(issue: BuiltIssue, at: string, items: JiraChangelogItem[], author = AGENT): BuiltIssue {
  const next = clone(issue);
  next.changelog.histories.push({
    id: String(next.changelog.histories.length + 1),
    created: jiraTime(at),
    author: { accountId: author },
    items,
  });
  return next;
}

/** The issue moves from one status to another at `at`, by `by` (default AGENT; the reporter: a portal transition). */
export function withStatusChange(issue: BuiltIssue, at: string, from: string, to: string, by = AGENT): BuiltIssue {
  const next = addHistory(
    issue,
    at,
    [{ field: 'status', fieldId: 'status', fieldtype: 'jira', from: '1', fromString: from, to: '2', toString: to }],
    by,
  );
  next.fields.status = { name: to };
  return next;
}

/** Someone comments at `at`; public unless `public: false` (an internal note). */
export function withComment(issue: BuiltIssue, comment: { at: string; by: string; public?: boolean; text?: string }): BuiltIssue {
  const next = clone(issue);
  const entry: JiraComment = {
    id: String(next.fields.comment.comments.length + 1),
    author: { accountId: comment.by },
    created: jiraTime(comment.at),
    body: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: comment.text ?? 'Looking into it' }] }],
    },
  };
  if (comment.public !== undefined) entry.jsdPublic = comment.public;
  next.fields.comment.comments.push(entry);
  return next;
}

/** The Jira priority changes at `at`. */
export function withPriorityChange(issue: BuiltIssue, at: string, from: string, to: string): BuiltIssue {
  const next = addHistory(issue, at, [
    { field: 'priority', fieldId: 'priority', fieldtype: 'jira', from: '3', fromString: from, to: '1', toString: to },
  ]);
  next.fields.priority = { name: to };
  return next;
}

/** A label is added at `at`. */
export function withLabelAdded(issue: BuiltIssue, at: string, label: string): BuiltIssue {
  const before = issue.fields.labels;
  const after = [...before, label];
  const next = addHistory(issue, at, [
    {
      field: 'labels',
      fieldId: 'labels',
      fieldtype: 'jira',
      from: null,
      fromString: before.join(' '),
      to: null,
      toString: after.join(' '),
    },
  ]);
  next.fields.labels = after;
  return next;
}

/** A label is removed at `at`. */
export function withLabelRemoved(issue: BuiltIssue, at: string, label: string): BuiltIssue {
  const before = issue.fields.labels;
  const after = before.filter((existing) => existing !== label);
  const next = addHistory(issue, at, [
    {
      field: 'labels',
      fieldId: 'labels',
      fieldtype: 'jira',
      from: null,
      fromString: before.join(' '),
      to: null,
      toString: after.join(' '),
    },
  ]);
  next.fields.labels = after;
  return next;
}

/**
 * A custom field changes at `at`. `value` is the new raw REST value (e.g. `{ value: 'Customer' }`, a string, or
 * null to clear); `text` its display string in the changelog (default: derived from `value`).
 */
export function withFieldChange(
  issue: BuiltIssue,
  at: string,
  change: { fieldId: string; name: string; value: unknown; text?: string | null },
): BuiltIssue {
  const display = (value: unknown): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(display).join(', ');
    const record = value as { value?: string; name?: string };
    return record.value ?? record.name ?? JSON.stringify(value);
  };
  const fromText = display(issue.fields[change.fieldId]);
  const toText = change.text === undefined ? display(change.value) : change.text;
  const next = addHistory(issue, at, [
    { field: change.name, fieldId: change.fieldId, fieldtype: 'custom', from: null, fromString: fromText, to: null, toString: toText },
  ]);
  next.fields[change.fieldId] = change.value;
  return next;
}

/** The issue is resolved at `at` (status Resolved, resolution set). */
export function withResolution(issue: BuiltIssue, at: string, fromStatus?: string, resolution = 'Done'): BuiltIssue {
  const from = fromStatus ?? issue.fields.status.name;
  const next = addHistory(issue, at, [
    { field: 'resolution', fieldId: 'resolution', fieldtype: 'jira', from: null, fromString: null, to: '10000', toString: resolution },
    { field: 'status', fieldId: 'status', fieldtype: 'jira', from: '1', fromString: from, to: '5', toString: 'Resolved' },
  ]);
  next.fields.status = { name: 'Resolved' };
  next.fields.resolution = { name: resolution };
  next.fields.resolutiondate = jiraTime(at);
  return next;
}

/** The issue is reopened at `at` (resolution cleared, back to a status). */
export function withReopen(issue: BuiltIssue, at: string, toStatus = 'Open'): BuiltIssue {
  const resolution = (issue.fields.resolution as { name?: string } | null)?.name ?? 'Done';
  const next = addHistory(issue, at, [
    { field: 'resolution', fieldId: 'resolution', fieldtype: 'jira', from: '10000', fromString: resolution, to: null, toString: null },
    { field: 'status', fieldId: 'status', fieldtype: 'jira', from: '5', fromString: issue.fields.status.name, to: '1', toString: toStatus },
  ]);
  next.fields.status = { name: toStatus };
  next.fields.resolution = null;
  next.fields.resolutiondate = null;
  return next;
}

/** Histories newest first, as some Jira endpoints return them. */
export function newestFirst(issue: BuiltIssue): BuiltIssue {
  const next = clone(issue);
  next.changelog.histories.reverse();
  return next;
}
