/**
 * The in-memory Jira Service Management site behind the emulator: users, projects, statuses, priorities, fields,
 * issues with changelog and comments. Every change records a changelog history the way Jira does and emits an
 * `avi:jira:*` product event (Forge payload shape) that the Forge shim delivers to the app's triggers.
 *
 * Instants come from `Date.now()`, which the sandbox fakes, so the site and the app share one clock.
 */
import { compileJql, JqlError, type CompiledJql, type JqlContext } from './jql';

export const APP_ACCOUNT_ID = '712020:sla-ladder-app';
export const SITE_URL = 'https://sla-ladder-emulator.atlassian.net';
export const CLOUD_ID = 'a1b2c3d4-0000-4000-8000-0000000e0001';

export type UserRole = 'admin' | 'agent' | 'customer' | 'outsider' | 'app';
/** `timeZone`: the user's profile zone (what `GET /myself` and the Forge UI context report); default UTC. */
export interface SiteUser {
  accountId: string;
  displayName: string;
  role: UserRole;
  emailAddress: string;
  timeZone?: string;
}

/** Who performs an action; `app` marks writes made by the Forge app (its events carry `causedByApp`). */
export interface Actor {
  accountId: string;
  app: boolean;
}

export interface StatusDef {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}
export interface SiteProject {
  id: string;
  key: string;
  name: string;
  projectTypeKey: string;
  nextNumber: number;
}

export type FieldKind = 'system' | 'select' | 'organizations' | 'requestType' | 'text' | 'app';
export type AppFieldType = 'datetime' | 'string' | 'number';
export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  kind: FieldKind;
  schema: Record<string, unknown>;
  appType?: AppFieldType;
  moduleKey?: string;
  /** select options (created on first use) */
  options?: Map<string, string>;
}

export interface StoredComment {
  id: string;
  author: string;
  body: unknown;
  created: number;
  updated: number;
  jsdPublic: boolean;
}
export interface ChangeItem {
  field: string;
  fieldtype: string;
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}
export interface StoredHistory {
  id: string;
  author: string;
  created: number;
  items: ChangeItem[];
}

export interface StoredIssue {
  id: number;
  key: string;
  projectId: string;
  summary: string;
  description: unknown;
  issueTypeId: string;
  statusId: string;
  priorityId: string;
  labels: string[];
  reporter: string;
  creator: string;
  assignee: string | null;
  created: number;
  updated: number;
  statusCategoryChanged: number;
  resolution: { id: string; name: string } | null;
  resolutionDate: number | null;
  /** custom field id → REST value */
  custom: Map<string, unknown>;
  comments: StoredComment[];
  histories: StoredHistory[];
}

/** A product event waiting for delivery to the app's triggers. */
export interface SiteEvent {
  seq: number;
  eventType: string;
  payload: Record<string, unknown>;
  /** true when the change was made by the app itself (ignored by triggers with `filter.ignoreSelf`) */
  causedByApp: boolean;
}

export interface CreateIssueInput {
  projectKey: string;
  summary: string;
  description?: string | unknown;
  priority?: string;
  labels?: string[];
  issueType?: string;
  /** field id or name → value (select: option text; Organizations: names; Request Type: name) */
  fields?: Record<string, unknown>;
  /** reporter account id (default: the acting user) */
  reporter?: string;
}

export interface AppFieldModule {
  key: string;
  name: string;
  type: AppFieldType;
  description?: string;
}

export class SiteError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS_CATEGORY = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
} as const;

const DEFAULT_STATUSES: StatusDef[] = [
  { id: '1', name: 'Open', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Waiting for customer', category: 'indeterminate' },
  { id: '10002', name: 'Waiting for support', category: 'indeterminate' },
  { id: '5', name: 'Resolved', category: 'done' },
  { id: '6', name: 'Closed', category: 'done' },
];
const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];
const ISSUE_TYPES = [
  { id: '10100', name: 'Service request' },
  { id: '10101', name: 'Incident' },
  { id: '10102', name: 'Problem' },
  { id: '10103', name: 'Task' },
];
const RESOLUTIONS = [
  { id: '10000', name: 'Done' },
  { id: '10001', name: "Won't Do" },
  { id: '10002', name: 'Duplicate' },
  { id: '10003', name: 'Cannot Reproduce' },
];

/** How many histories `expand=changelog` of GET /issue/{key} returns (the newest), as Jira Cloud does. */
export const CHANGELOG_EXPAND_LIMIT = 100;
/**
 * Search (`POST /rest/api/3/search/jql`) embeds fewer per issue: the newest 40 histories (`expand=changelog`) and the
 * newest 20 comments (`fields.comment`), Atlassian's documented limits of the enhanced search.
 */
export const SEARCH_CHANGELOG_EXPAND_LIMIT = 40;
export const SEARCH_COMMENT_EMBED_LIMIT = 20;
/** Comments embedded by GET /issue/{key} (`fields.comment`): the newest 100 (not published; assumed = one comment page). */
export const ISSUE_COMMENT_EMBED_LIMIT = 100;

/**
 * Which read embeds the issue: `issue` = GET /issue/{key}, `search` = search/jql, `full` = everything (for tests
 * that compare the app's completed read with the whole issue; no Jira endpoint answers this way).
 */
export type EmbedKind = 'issue' | 'search' | 'full';

const formattedInstants = new Map<number, string>();
/** Jira's REST datetime format: `2026-11-22T02:50:00.000+0000` (memoised: the same instants are served over and over). */
export function jiraDateTime(ms: number): string {
  let text = formattedInstants.get(ms);
  if (text === undefined) {
    if (formattedInstants.size > 200_000) formattedInstants.clear();
    text = new Date(ms).toISOString().replace('Z', '+0000');
    formattedInstants.set(ms, text);
  }
  return text;
}

/** A plain-text string as an Atlassian Document Format document. */
export function adf(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })),
  };
}

/** The plain text of an ADF document (or a string). */
export function adfText(doc: unknown): string {
  if (typeof doc === 'string') return doc;
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) {
      n.content.forEach(walk);
      if (n.type === 'paragraph') parts.push('\n');
    }
  };
  walk(doc);
  return parts.join('').replace(/\n$/, '');
}

export interface JiraSiteOptions {
  appId?: string;
  environmentId?: string;
  /** jira:customField modules of the manifest, registered as app-owned fields */
  appFields?: AppFieldModule[];
  /** the number of the first app field (`customfield_<n>`, default 10100): sites number their fields differently */
  firstAppFieldNumber?: number;
}

export class JiraSite {
  readonly appId: string;
  readonly environmentId: string;
  readonly users = new Map<string, SiteUser>();
  readonly projects = new Map<string, SiteProject>();
  readonly statuses: StatusDef[] = [...DEFAULT_STATUSES];
  readonly fields = new Map<string, FieldDef>();
  private readonly fieldsByName = new Map<string, FieldDef>();
  private readonly appFieldsByModule = new Map<string, FieldDef>();
  private readonly issuesByKey = new Map<string, StoredIssue>();
  private readonly issuesById = new Map<number, StoredIssue>();
  /** issues in creation order (ids ascending) */
  readonly issueList: StoredIssue[] = [];
  private nextIssueId = 10000;
  private nextCommentId = 10000;
  private nextHistoryId = 10000;
  private nextCustomFieldId = 10100;
  private nextOptionId = 10500;
  private eventSeq = 0;
  private readonly pending: SiteEvent[] = [];
  private readonly eventListeners: Array<(e: SiteEvent) => void> = [];
  private readonly jqlCache = new Map<string, CompiledJql>();

  constructor(options: JiraSiteOptions = {}) {
    this.appId = options.appId ?? '00000000-0000-4000-8000-00000000a11d';
    this.environmentId = options.environmentId ?? '00000000-0000-4000-8000-0000000e0e1d';
    if (options.firstAppFieldNumber !== undefined) this.nextCustomFieldId = options.firstAppFieldNumber;
    this.addUser({ accountId: 'admin', displayName: 'Ada Admin', role: 'admin' });
    this.addUser({ accountId: 'agent', displayName: 'Alex Agent', role: 'agent' });
    this.addUser({ accountId: 'customer', displayName: 'Casey Customer', role: 'customer' });
    this.addUser({ accountId: 'outsider', displayName: 'Olive Outsider', role: 'outsider' });
    this.addUser({ accountId: APP_ACCOUNT_ID, displayName: 'SLA Ladder', role: 'app' });
    this.addProject({ key: 'SUP', name: 'Customer Support' });
    this.addProject({ key: 'OPS', name: 'Operations Desk' });
    for (const f of [
      'summary',
      'description',
      'issuetype',
      'project',
      'status',
      'priority',
      'labels',
      'components',
      'reporter',
      'creator',
      'assignee',
      'created',
      'updated',
      'resolution',
      'resolutiondate',
      'comment',
      'statuscategorychangedate',
    ]) {
      this.registerField({
        id: f,
        name:
          f === 'issuetype'
            ? 'Issue Type'
            : f === 'statuscategorychangedate'
              ? 'Status Category Changed'
              : f === 'resolutiondate'
                ? 'Resolved'
                : f[0]!.toUpperCase() + f.slice(1),
        custom: false,
        kind: 'system',
        schema: { type: systemType(f), system: f },
      });
    }
    this.registerField({
      id: 'customfield_10002',
      name: 'Organizations',
      custom: true,
      kind: 'organizations',
      schema: {
        type: 'array',
        items: 'sd-customerorganization',
        custom: 'com.atlassian.servicedesk:sd-customer-organizations',
        customId: 10002,
      },
    });
    this.registerField({
      id: 'customfield_10004',
      name: 'Impact',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10004),
    });
    this.registerField({
      id: 'customfield_10005',
      name: 'Urgency',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10005),
    });
    this.registerField({
      id: 'customfield_10010',
      name: 'Request Type',
      custom: true,
      kind: 'requestType',
      schema: { type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin', customId: 10010 },
    });
    this.registerField({
      id: 'customfield_10050',
      name: 'Support plan',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10050),
    });
    this.registerField({
      id: 'customfield_10060',
      name: 'Region',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10060),
    });
    this.registerField({
      id: 'customfield_10070',
      name: 'Pending reason',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10070),
    });
    this.registerField({
      id: 'customfield_10080',
      name: 'Workaround',
      custom: true,
      kind: 'text',
      schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 10080 },
    });
    for (const m of options.appFields ?? []) this.registerAppField(m);
  }

  // ---------------------------------------------------------------------------------------------- set-up

  addUser(u: { accountId: string; displayName: string; role: UserRole; emailAddress?: string; timeZone?: string }): SiteUser {
    const user: SiteUser = { ...u, emailAddress: u.emailAddress ?? `${u.accountId.replace(/[^a-z0-9]/gi, '')}@example.com` };
    this.users.set(u.accountId, user);
    return user;
  }

  addProject(p: { key: string; name: string }): SiteProject {
    const project: SiteProject = {
      id: String(10000 + this.projects.size),
      key: p.key,
      name: p.name,
      projectTypeKey: 'service_desk',
      nextNumber: 1,
    };
    this.projects.set(p.key, project);
    return project;
  }

  private registerField(f: FieldDef): FieldDef {
    this.fields.set(f.id, f);
    this.fieldsByName.set(f.name.toLowerCase(), f);
    return f;
  }

  /** Registers an app-owned field for a manifest `jira:customField` module (id `customfield_<n>`). */
  registerAppField(m: AppFieldModule): FieldDef {
    const existing = this.appFieldsByModule.get(m.key);
    if (existing) return existing;
    const customId = this.nextCustomFieldId++;
    const f = this.registerField({
      id: `customfield_${customId}`,
      name: m.name,
      custom: true,
      kind: 'app',
      appType: m.type,
      moduleKey: m.key,
      schema: { type: m.type, custom: `ari:cloud:ecosystem::extension/${this.appId}/${this.environmentId}/static/${m.key}`, customId },
    });
    this.appFieldsByModule.set(m.key, f);
    return f;
  }

  /**
   * Adds a plain text custom field (e.g. to give the site the 2,000 fields of a large instance); returns its id.
   *
   * @example
   * site.addTextField('Legacy code 17') //=> 'customfield_10113'
   */
  addTextField(name: string): string {
    const customId = this.nextCustomFieldId++;
    const id = `customfield_${customId}`;
    this.registerField({
      id,
      name,
      custom: true,
      kind: 'text',
      schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId },
    });
    return id;
  }

  appField(moduleKey: string): FieldDef | undefined {
    return this.appFieldsByModule.get(moduleKey);
  }

  /** A field by id (`customfield_10050`), `cf[10050]` or name (case-insensitive). */
  field(idOrName: string): FieldDef | undefined {
    const cf = /^cf\[(\d+)\]$/i.exec(idOrName);
    if (cf) return this.fields.get(`customfield_${cf[1]}`);
    return this.fields.get(idOrName) ?? this.fieldsByName.get(idOrName.toLowerCase());
  }

  user(accountId: string): SiteUser {
    const u = this.users.get(accountId);
    if (!u) throw new SiteError(404, `User ${accountId} does not exist.`);
    return u;
  }

  // ---------------------------------------------------------------------------------------------- lookups

  issueCount(): number {
    return this.issueList.length;
  }

  findIssue(keyOrId: string): StoredIssue | undefined {
    return /^\d+$/.test(keyOrId) ? this.issuesById.get(Number(keyOrId)) : this.issuesByKey.get(keyOrId.toUpperCase());
  }

  issueById(id: number): StoredIssue | undefined {
    return this.issuesById.get(id);
  }

  status(idOrName: string): StatusDef | undefined {
    const lower = idOrName.toLowerCase();
    return this.statuses.find((s) => s.id === idOrName || s.name.toLowerCase() === lower);
  }

  priority(idOrName: string): { id: string; name: string } | undefined {
    const lower = idOrName.toLowerCase();
    return PRIORITIES.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  issueType(idOrName: string): { id: string; name: string } | undefined {
    const lower = idOrName.toLowerCase();
    return ISSUE_TYPES.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  resolutionByName(idOrName: string): { id: string; name: string } | undefined {
    const lower = idOrName.toLowerCase();
    return RESOLUTIONS.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  projectByKeyOrId(keyOrId: string): SiteProject | undefined {
    const direct = this.projects.get(keyOrId.toUpperCase());
    if (direct) return direct;
    for (const p of this.projects.values()) if (p.id === keyOrId) return p;
    return undefined;
  }

  projectById(id: string): SiteProject {
    for (const p of this.projects.values()) if (p.id === id) return p;
    throw new SiteError(404, `No project with id ${id}`);
  }

  // ---------------------------------------------------------------------------------------------- permissions

  canBrowseProject(accountId: string, _project: SiteProject): boolean {
    const role = this.users.get(accountId)?.role;
    return role === 'admin' || role === 'agent' || role === 'app';
  }

  /** Whether a project exists for the user at all (in JQL): agents, admins, the app, and customers (portal access). */
  canSeeProject(accountId: string, project: SiteProject): boolean {
    return this.canBrowseProject(accountId, project) || this.users.get(accountId)?.role === 'customer';
  }

  /** Agents and admins browse every issue; a customer only the requests they reported; an outsider nothing. */
  canBrowse(accountId: string, issue: StoredIssue): boolean {
    const role = this.users.get(accountId)?.role;
    if (role === 'admin' || role === 'agent' || role === 'app') return true;
    return role === 'customer' && issue.reporter === accountId;
  }

  isAdmin(accountId: string): boolean {
    return this.users.get(accountId)?.role === 'admin';
  }

  /** The issue when `accountId` may browse it; otherwise 404, as Jira answers for issues you cannot see. */
  visibleIssue(accountId: string, keyOrId: string): StoredIssue {
    const issue = this.findIssue(keyOrId);
    if (!issue || !this.canBrowse(accountId, issue)) {
      throw new SiteError(404, 'Issue does not exist or you do not have permission to see it.');
    }
    return issue;
  }

  // ---------------------------------------------------------------------------------------------- events

  onEvent(listener: (e: SiteEvent) => void): () => void {
    this.eventListeners.push(listener);
    return () => {
      const i = this.eventListeners.indexOf(listener);
      if (i >= 0) this.eventListeners.splice(i, 1);
    };
  }

  /** Removes and returns the events not yet delivered, oldest first. */
  takePendingEvents(): SiteEvent[] {
    return this.pending.splice(0, this.pending.length);
  }

  pendingEventCount(): number {
    return this.pending.length;
  }

  private emit(eventType: string, issue: StoredIssue, actor: Actor, extra: Record<string, unknown> = {}): void {
    const payload: Record<string, unknown> = {
      eventType,
      issue: this.eventIssue(issue),
      atlassianId: actor.accountId,
      associatedUsers: [{ accountId: actor.accountId }],
      ...extra,
    };
    const event: SiteEvent = { seq: ++this.eventSeq, eventType, payload, causedByApp: actor.app };
    this.pending.push(event);
    for (const l of this.eventListeners) l(event);
  }

  /** The issue as Forge product events carry it: standard fields only, never custom fields. */
  private eventIssue(issue: StoredIssue): Record<string, unknown> {
    const f = this.standardFields(issue);
    return {
      id: String(issue.id),
      key: issue.key,
      fields: {
        summary: f.summary,
        issuetype: f.issuetype,
        creator: { accountId: issue.creator },
        created: f.created,
        project: f.project,
        reporter: { accountId: issue.reporter },
        assignee: issue.assignee ? { accountId: issue.assignee } : null,
        updated: f.updated,
        status: f.status,
        priority: f.priority,
        labels: f.labels,
        resolution: f.resolution,
        resolutiondate: f.resolutiondate,
      },
    };
  }

  // ---------------------------------------------------------------------------------------------- actions (as users)

  private actor(as: string | Actor): Actor {
    if (typeof as !== 'string') return as;
    this.user(as);
    return { accountId: as, app: false };
  }

  createIssue(as: string | Actor, input: CreateIssueInput): StoredIssue {
    const actor = this.actor(as);
    const project = this.projects.get(input.projectKey.toUpperCase());
    if (!project) throw new SiteError(400, `Project ${input.projectKey} does not exist.`, { project: 'valid project is required' });
    if (!input.summary) throw new SiteError(400, 'Summary is required.', { summary: 'You must specify a summary of the issue.' });
    const priority = this.priority(input.priority ?? 'Medium');
    if (!priority) throw new SiteError(400, `Priority ${input.priority} does not exist.`, { priority: 'invalid priority' });
    const issueType = this.issueType(input.issueType ?? 'Service request');
    if (!issueType) throw new SiteError(400, `Issue type ${input.issueType} does not exist.`, { issuetype: 'invalid issue type' });
    const now = Date.now();
    const id = this.nextIssueId++;
    const issue: StoredIssue = {
      id,
      key: `${project.key}-${project.nextNumber++}`,
      projectId: project.id,
      summary: input.summary,
      description:
        input.description === undefined ? null : typeof input.description === 'string' ? adf(input.description) : input.description,
      issueTypeId: issueType.id,
      statusId: this.statuses[0]!.id,
      priorityId: priority.id,
      labels: [...(input.labels ?? [])],
      reporter: input.reporter ?? actor.accountId,
      creator: actor.accountId,
      assignee: null,
      created: now,
      updated: now,
      statusCategoryChanged: now,
      resolution: null,
      resolutionDate: null,
      custom: new Map(),
      comments: [],
      histories: [],
    };
    for (const [k, v] of Object.entries(input.fields ?? {})) {
      const f = this.field(k);
      if (!f || !f.custom) throw new SiteError(400, `Field ${k} does not exist or cannot be set.`, { [k]: 'unknown field' });
      if (f.kind === 'app') throw new SiteError(400, `Field ${f.name} is read-only.`, { [f.id]: 'read-only field' });
      const value = this.toRestValue(f, v);
      if (value !== null) issue.custom.set(f.id, value);
    }
    this.issuesByKey.set(issue.key, issue);
    this.issuesById.set(id, issue);
    this.issueList.push(issue);
    this.emit('avi:jira:created:issue', issue, actor);
    return issue;
  }

  comment(as: string | Actor, key: string, body: string | unknown, opts: { public?: boolean } = {}): StoredComment {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const now = Date.now();
    const comment: StoredComment = {
      id: String(this.nextCommentId++),
      author: actor.accountId,
      body: typeof body === 'string' ? adf(body) : body,
      created: now,
      updated: now,
      jsdPublic: opts.public ?? true,
    };
    issue.comments.push(comment);
    issue.updated = now;
    this.emit('avi:jira:commented:issue', issue, actor, { comment: this.restComment(comment) });
    return comment;
  }

  transition(as: string | Actor, key: string, statusName: string, resolutionName?: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const to = this.status(statusName);
    if (!to) throw new SiteError(400, `Status ${statusName} does not exist.`);
    const from = this.status(issue.statusId)!;
    if (from.id === to.id) return;
    const items: ChangeItem[] = [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name },
    ];
    const now = Date.now();
    issue.statusId = to.id;
    if (from.category !== to.category) issue.statusCategoryChanged = now;
    if (to.category === 'done' && !issue.resolution) {
      const res = this.resolutionByName(resolutionName ?? 'Done');
      if (!res) throw new SiteError(400, `Resolution ${resolutionName} does not exist.`);
      issue.resolution = res;
      issue.resolutionDate = now;
      items.push({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: null,
        fromString: null,
        to: res.id,
        toString: res.name,
      });
    } else if (to.category !== 'done' && issue.resolution) {
      items.push({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: issue.resolution.id,
        fromString: issue.resolution.name,
        to: null,
        toString: null,
      });
      issue.resolution = null;
      issue.resolutionDate = null;
    }
    this.recordUpdate(issue, actor, items);
  }

  resolve(as: string | Actor, key: string, resolution = 'Done'): void {
    this.transition(as, key, 'Resolved', resolution);
  }

  setPriority(as: string | Actor, key: string, name: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const to = this.priority(name);
    if (!to) throw new SiteError(400, `Priority ${name} does not exist.`, { priority: 'invalid priority' });
    const from = this.priority(issue.priorityId)!;
    if (from.id === to.id) return;
    issue.priorityId = to.id;
    this.recordUpdate(issue, actor, [
      { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: from.id, fromString: from.name, to: to.id, toString: to.name },
    ]);
  }

  setLabels(as: string | Actor, key: string, labels: string[]): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const before = issue.labels.join(' ');
    const next = [...new Set(labels)];
    if (before === next.join(' ')) return;
    issue.labels = next;
    this.recordUpdate(issue, actor, [
      {
        field: 'labels',
        fieldtype: 'jira',
        fieldId: 'labels',
        from: null,
        fromString: before || null,
        to: null,
        toString: next.join(' ') || null,
      },
    ]);
  }

  setSummary(as: string | Actor, key: string, summary: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    if (issue.summary === summary) return;
    const before = issue.summary;
    issue.summary = summary;
    this.recordUpdate(issue, actor, [
      { field: 'summary', fieldtype: 'jira', fieldId: 'summary', from: null, fromString: before, to: null, toString: summary },
    ]);
  }

  /** Sets a (non app-owned) custom field by id or name; `null` clears it. Select values are option texts. */
  setField(as: string | Actor, key: string, fieldIdOrName: string, value: unknown): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const f = this.field(fieldIdOrName);
    if (!f || !f.custom)
      throw new SiteError(400, `Field ${fieldIdOrName} does not exist or cannot be set.`, { [fieldIdOrName]: 'unknown field' });
    if (f.kind === 'app') throw new SiteError(400, `Field ${f.name} is read-only.`, { [f.id]: 'read-only field' });
    const item = this.applyCustom(issue, f, this.toRestValue(f, value));
    if (item) this.recordUpdate(issue, actor, [item]);
  }

  /** Edits several fields at once (REST `PUT /issue/{key}`), recording one history. */
  editFields(actor: Actor, key: string, fields: Record<string, unknown>, update: Record<string, unknown> = {}): void {
    const issue = this.requireIssue(actor, key);
    const items: ChangeItem[] = [];
    for (const [k, raw] of Object.entries(fields)) {
      if (k === 'priority') {
        const ref = raw as { id?: string; name?: string } | null;
        const to = ref && this.priority(ref.id ?? ref.name ?? '');
        if (!to) throw new SiteError(400, 'The priority selected is invalid.', { priority: 'The priority selected is invalid.' });
        const from = this.priority(issue.priorityId)!;
        if (from.id !== to.id) {
          issue.priorityId = to.id;
          items.push({
            field: 'priority',
            fieldtype: 'jira',
            fieldId: 'priority',
            from: from.id,
            fromString: from.name,
            to: to.id,
            toString: to.name,
          });
        }
      } else if (k === 'labels') {
        if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string' || /\s/.test(l)))
          throw new SiteError(400, 'Labels must be strings without spaces.', { labels: 'invalid labels' });
        items.push(...this.labelItems(issue, [...new Set(raw as string[])]));
      } else if (k === 'summary') {
        if (typeof raw !== 'string' || !raw)
          throw new SiteError(400, 'Summary is required.', { summary: 'You must specify a summary of the issue.' });
        if (raw !== issue.summary) {
          items.push({
            field: 'summary',
            fieldtype: 'jira',
            fieldId: 'summary',
            from: null,
            fromString: issue.summary,
            to: null,
            toString: raw,
          });
          issue.summary = raw;
        }
      } else if (k === 'description') {
        issue.description = raw;
        items.push({
          field: 'description',
          fieldtype: 'jira',
          fieldId: 'description',
          from: null,
          fromString: null,
          to: null,
          toString: adfText(raw),
        });
      } else {
        const f = this.fields.get(k);
        if (!f || !f.custom)
          throw new SiteError(400, `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`, {
            [k]: `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`,
          });
        if (f.kind === 'app') throw new SiteError(400, `Field '${f.name}' is read-only.`, { [k]: 'read-only field' });
        const item = this.applyCustom(issue, f, this.toRestValue(f, raw));
        if (item) items.push(item);
      }
    }
    const labelOps = update.labels;
    if (Array.isArray(labelOps)) {
      const next = new Set(issue.labels);
      for (const op of labelOps as Array<{ add?: string; remove?: string; set?: string[] }>) {
        if (op.add) next.add(op.add);
        if (op.remove) next.delete(op.remove);
        if (op.set) {
          next.clear();
          op.set.forEach((l) => next.add(l));
        }
      }
      items.push(...this.labelItems(issue, [...next]));
    }
    if (items.length) this.recordUpdate(issue, actor, items);
  }

  private labelItems(issue: StoredIssue, next: string[]): ChangeItem[] {
    const before = issue.labels.join(' ');
    if (before === next.join(' ')) return [];
    issue.labels = next;
    return [
      {
        field: 'labels',
        fieldtype: 'jira',
        fieldId: 'labels',
        from: null,
        fromString: before || null,
        to: null,
        toString: next.join(' ') || null,
      },
    ];
  }

  private requireIssue(actor: Actor, key: string): StoredIssue {
    return this.visibleIssue(actor.accountId, key);
  }

  private recordUpdate(issue: StoredIssue, actor: Actor, items: ChangeItem[]): void {
    const now = Date.now();
    issue.updated = now;
    issue.histories.push({ id: String(this.nextHistoryId++), author: actor.accountId, created: now, items });
    this.emit('avi:jira:updated:issue', issue, actor, {
      changelog: { id: issue.histories[issue.histories.length - 1]!.id, items: items.map(stripNulls) },
    });
  }

  // ---------------------------------------------------------------------------------------------- custom values

  private optionFor(f: FieldDef, value: string): { self: string; value: string; id: string } {
    const options = f.options!;
    let id = options.get(value);
    if (!id) {
      id = String(this.nextOptionId++);
      options.set(value, id);
    }
    return { self: `${SITE_URL}/rest/api/3/customFieldOption/${id}`, value, id };
  }

  /** Accepts friendly values (option text, organization names, request type name) or REST shapes. */
  private toRestValue(f: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null;
    switch (f.kind) {
      case 'select': {
        const text = typeof value === 'string' ? value : (value as { value?: string }).value;
        if (typeof text !== 'string') throw new SiteError(400, `Field ${f.name} expects an option value.`, { [f.id]: 'invalid option' });
        return this.optionFor(f, text);
      }
      case 'organizations': {
        const list = Array.isArray(value) ? value : [value];
        if (list.length === 0) return null;
        return list.map((o) => {
          const name = typeof o === 'string' ? o : ((o as { name?: string }).name ?? '');
          return { id: String(1 + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 0)), name };
        });
      }
      case 'requestType': {
        const name = typeof value === 'string' ? value : ((value as { requestType?: { name?: string } }).requestType?.name ?? '');
        return {
          requestType: { id: String(10 + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 0)), name },
          currentStatus: { status: 'Open' },
        };
      }
      case 'text':
        if (typeof value !== 'string') throw new SiteError(400, `Field ${f.name} expects text.`, { [f.id]: 'invalid value' });
        return value;
      default:
        return value;
    }
  }

  private displayString(f: FieldDef, value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (f.kind === 'select') return (value as { value: string }).value;
    if (f.kind === 'organizations') return (value as Array<{ name: string }>).map((o) => o.name).join(', ');
    if (f.kind === 'requestType') return (value as { requestType: { name: string } }).requestType.name;
    return String(value);
  }

  private applyCustom(issue: StoredIssue, f: FieldDef, value: unknown): ChangeItem | null {
    const before = issue.custom.get(f.id) ?? null;
    if (JSON.stringify(before) === JSON.stringify(value)) return null;
    if (value === null) issue.custom.delete(f.id);
    else issue.custom.set(f.id, value);
    const id = (v: unknown): string | null => (f.kind === 'select' && v ? (v as { id: string }).id : null);
    return {
      field: f.name,
      fieldtype: 'custom',
      fieldId: f.id,
      from: id(before),
      fromString: this.displayString(f, before),
      to: id(value),
      toString: this.displayString(f, value),
    };
  }

  /**
   * Writes app-owned field values (REST `POST /app/field/value`): only fields of the calling app, values checked
   * against the field type; datetimes are stored without milliseconds, like Jira. Each issue gets one history
   * (when `generateChangelog`) and one `avi:jira:updated:issue` event caused by the app.
   *
   * All or nothing, as the operation's contract reads (one 204, 400, 403 or 404 for the whole request, no
   * per-update result): every update is checked before any is applied, and the first problem refuses the request
   * with Jira's error collection. 404 when a field does not exist (deleted, or an id from another site); 403 when
   * the field is not the app's; 400 for anything else in the body: a value of the wrong type, a string over 255
   * characters, an issue id that does not exist (deleted meanwhile), or a field and issue named twice.
   */
  writeAppFieldValues(updates: Array<{ fieldIdOrKey: string; issueIds: number[]; value: unknown }>, generateChangelog = true): void {
    const resolved = updates.map((u) => {
      const f = this.fields.get(u.fieldIdOrKey) ?? this.appFieldByKey(u.fieldIdOrKey);
      if (!f) throw new SiteError(404, `The custom field ${u.fieldIdOrKey} was not found.`);
      if (f.kind !== 'app') throw new SiteError(403, `The app is not the owner of field ${u.fieldIdOrKey}.`);
      return { f, issueIds: u.issueIds, value: this.appValue(f, u.value) };
    });
    const perIssue = new Map<number, Array<{ f: FieldDef; value: unknown }>>();
    for (const r of resolved) {
      for (const id of r.issueIds) {
        if (!this.issuesById.has(id)) throw new SiteError(400, `Issue ${id} does not exist or you do not have permission to see it.`);
        let list = perIssue.get(id);
        if (!list) perIssue.set(id, (list = []));
        if (list.some((c) => c.f === r.f))
          throw new SiteError(
            400,
            `Field ${r.f.id} is updated more than once for issue ${id}: combinations of custom field and issue must be unique within the request.`,
          );
        list.push({ f: r.f, value: r.value });
      }
    }
    const actor: Actor = { accountId: APP_ACCOUNT_ID, app: true };
    for (const [id, changes] of perIssue) {
      const issue = this.issuesById.get(id)!;
      const items: ChangeItem[] = [];
      for (const { f, value } of changes) {
        const before = issue.custom.get(f.id) ?? null;
        if (before === value) continue;
        if (value === null) issue.custom.delete(f.id);
        else issue.custom.set(f.id, value);
        items.push({
          field: f.name,
          fieldtype: 'custom',
          fieldId: f.id,
          from: null,
          fromString: before === null ? null : String(before),
          to: null,
          toString: value === null ? null : String(value),
        });
      }
      if (items.length === 0) continue;
      if (generateChangelog) this.recordUpdate(issue, actor, items);
      else {
        issue.updated = Date.now();
        this.emit('avi:jira:updated:issue', issue, actor);
      }
    }
  }

  private appFieldByKey(key: string): FieldDef | undefined {
    // Forge accepts the field key `<appId>__<envId>__<moduleKey>` as well as the id; the module key alone is a convenience.
    const moduleKey = key.includes('__') ? key.split('__').pop()! : key;
    return this.appFieldsByModule.get(moduleKey);
  }

  private appValue(f: FieldDef, value: unknown): unknown {
    if (value === null) return null;
    switch (f.appType) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new SiteError(400, `Field ${f.id} (number) requires a number, got ${JSON.stringify(value)}.`);
        return value;
      case 'string':
        if (typeof value !== 'string') throw new SiteError(400, `Field ${f.id} (string) requires a string, got ${JSON.stringify(value)}.`);
        if (value.length > 255) throw new SiteError(400, `Field ${f.id} (string) accepts at most 255 characters, got ${value.length}.`);
        return value;
      case 'datetime': {
        const ms =
          typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value)
            ? Date.parse(value)
            : NaN;
        if (Number.isNaN(ms))
          throw new SiteError(400, `Field ${f.id} (datetime) requires an ISO date-time string, got ${JSON.stringify(value)}.`);
        return jiraDateTime(Math.floor(ms / 1000) * 1000);
      }
      default:
        return value;
    }
  }

  /**
   * Deletes an issue (REST `DELETE /issue/{key}` by someone with the permission): it disappears from reads and
   * searches, later writes naming it are refused, and `avi:jira:deleted:issue` is emitted.
   */
  deleteIssue(as: string | Actor, key: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    this.issuesByKey.delete(issue.key);
    this.issuesById.delete(issue.id);
    this.issueList.splice(this.issueList.indexOf(issue), 1);
    this.emit('avi:jira:deleted:issue', issue, actor);
  }

  /**
   * Moves a custom field to the trash (an admin in *Settings → Issues → Custom fields*, or `DELETE /field/{id}`):
   * it leaves /field, JQL and issue reads, and writes naming its id are answered 404.
   */
  deleteField(fieldId: string): void {
    const f = this.fields.get(fieldId);
    if (!f || !f.custom) throw new SiteError(404, `The custom field ${fieldId} was not found.`);
    this.fields.delete(f.id);
    if (this.fieldsByName.get(f.name.toLowerCase()) === f) this.fieldsByName.delete(f.name.toLowerCase());
    if (f.moduleKey && this.appFieldsByModule.get(f.moduleKey) === f) this.appFieldsByModule.delete(f.moduleKey);
    for (const issue of this.issueList) issue.custom.delete(f.id);
    this.jqlCache.clear();
  }

  /** Seeds an app field value directly (no history, no event), e.g. to prepare 10,000 issues for a sweep benchmark. */
  seedAppFieldValue(key: string, moduleKey: string, value: unknown): void {
    const f = this.appFieldsByModule.get(moduleKey);
    const issue = this.findIssue(key);
    if (!f || !issue) throw new SiteError(404, `Unknown field module ${moduleKey} or issue ${key}`);
    const v = this.appValue(f, value);
    if (v === null) issue.custom.delete(f.id);
    else issue.custom.set(f.id, v);
  }

  /** The stored value of an app-owned field (REST shape: datetime as Jira string), or null. */
  appFieldValue(key: string, moduleKey: string): unknown {
    const f = this.appFieldsByModule.get(moduleKey);
    const issue = this.findIssue(key);
    if (!f) throw new SiteError(404, `No app field for module ${moduleKey}`);
    if (!issue) throw new SiteError(404, `Issue ${key} does not exist.`);
    return issue.custom.get(f.id) ?? null;
  }

  // ---------------------------------------------------------------------------------------------- REST shapes

  restUser(accountId: string | null): Record<string, unknown> | null {
    if (!accountId) return null;
    const u = this.users.get(accountId);
    const displayName = u?.displayName ?? accountId;
    return {
      self: `${SITE_URL}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
      accountId,
      displayName,
      active: true,
      timeZone: u?.timeZone ?? 'UTC',
      accountType: u?.role === 'app' ? 'app' : u?.role === 'customer' ? 'customer' : 'atlassian',
      avatarUrls: avatar(accountId),
    };
  }

  restComment(c: StoredComment): Record<string, unknown> {
    return {
      self: `${SITE_URL}/rest/api/3/issue/comment/${c.id}`,
      id: c.id,
      author: this.restUser(c.author),
      body: c.body,
      updateAuthor: this.restUser(c.author),
      created: jiraDateTime(c.created),
      updated: jiraDateTime(c.updated),
      jsdPublic: c.jsdPublic,
    };
  }

  restHistory(h: StoredHistory): Record<string, unknown> {
    return { id: h.id, author: this.restUser(h.author), created: jiraDateTime(h.created), items: h.items.map(stripNulls) };
  }

  restStatus(s: StatusDef): Record<string, unknown> {
    const c = STATUS_CATEGORY[s.category];
    return {
      self: `${SITE_URL}/rest/api/3/status/${s.id}`,
      description: '',
      iconUrl: `${SITE_URL}/images/icons/statuses/generic.png`,
      name: s.name,
      id: s.id,
      statusCategory: { self: `${SITE_URL}/rest/api/3/statuscategory/${c.id}`, id: c.id, key: c.key, colorName: c.colorName, name: c.name },
    };
  }

  restProject(p: SiteProject): Record<string, unknown> {
    return {
      self: `${SITE_URL}/rest/api/3/project/${p.id}`,
      id: p.id,
      key: p.key,
      name: p.name,
      projectTypeKey: p.projectTypeKey,
      simplified: false,
      avatarUrls: avatar(p.key),
    };
  }

  statusCategoryOf(issue: StoredIssue): StatusDef['category'] {
    return this.status(issue.statusId)!.category;
  }

  standardFields(issue: StoredIssue): Record<string, unknown> {
    const priority = this.priority(issue.priorityId)!;
    const type = this.issueType(issue.issueTypeId)!;
    return {
      summary: issue.summary,
      description: issue.description,
      issuetype: {
        self: `${SITE_URL}/rest/api/3/issuetype/${type.id}`,
        id: type.id,
        name: type.name,
        description: '',
        iconUrl: `${SITE_URL}/images/icons/issuetypes/generic.png`,
        subtask: false,
        hierarchyLevel: 0,
      },
      project: this.restProject(this.projectById(issue.projectId)),
      status: this.restStatus(this.status(issue.statusId)!),
      priority: {
        self: `${SITE_URL}/rest/api/3/priority/${priority.id}`,
        id: priority.id,
        name: priority.name,
        iconUrl: `${SITE_URL}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
      },
      labels: [...issue.labels],
      components: [],
      reporter: this.restUser(issue.reporter),
      creator: this.restUser(issue.creator),
      assignee: this.restUser(issue.assignee),
      created: jiraDateTime(issue.created),
      updated: jiraDateTime(issue.updated),
      statuscategorychangedate: jiraDateTime(issue.statusCategoryChanged),
      resolution: issue.resolution
        ? {
            self: `${SITE_URL}/rest/api/3/resolution/${issue.resolution.id}`,
            id: issue.resolution.id,
            name: issue.resolution.name,
            description: '',
          }
        : null,
      resolutiondate: issue.resolutionDate === null ? null : jiraDateTime(issue.resolutionDate),
    };
  }

  /**
   * An issue as REST v3 returns it. `fields`: ids, `*all`/`*navigable`, `-id` exclusions (default `*all`);
   * `expand`: `names`, `changelog` (the newest 100 histories, newest first, as Jira's expand returns them).
   */
  restIssue(issue: StoredIssue, opts: { fields?: string[]; expand?: string[]; embed?: EmbedKind } = {}): Record<string, unknown> {
    const wanted = resolveFieldSelection(opts.fields ?? ['*all']);
    const embed = opts.embed ?? 'issue';
    const fields: Record<string, unknown> = {};
    const include = (id: string): boolean => (wanted.all ? !wanted.excluded.has(id) : wanted.ids.has(id));
    if (wanted.all || [...wanted.ids].some((id) => !id.startsWith('customfield_') && id !== 'comment')) {
      for (const [k, v] of Object.entries(this.standardFields(issue))) if (include(k)) fields[k] = v;
    }
    if (include('comment')) {
      // The newest comments only, in ascending order; `total` says how many exist (the rest: GET …/comment).
      const limit = embed === 'search' ? SEARCH_COMMENT_EMBED_LIMIT : embed === 'issue' ? ISSUE_COMMENT_EMBED_LIMIT : Infinity;
      const total = issue.comments.length;
      const newest = total > limit ? issue.comments.slice(total - limit) : issue.comments;
      fields.comment = {
        self: `${SITE_URL}/rest/api/3/issue/${issue.id}/comment`,
        maxResults: Number.isFinite(limit) ? limit : total,
        total,
        startAt: total - newest.length,
        comments: newest.map((c) => this.restComment(c)),
      };
    }
    // Only the requested custom fields are visited: a narrow field list costs the same on a site of 2,000 fields.
    const customIds = wanted.all
      ? [...this.fields.values()].filter((f) => f.custom).map((f) => f.id)
      : [...wanted.ids].filter((id) => this.fields.get(id)?.custom);
    for (const id of customIds) {
      if (include(id)) fields[id] = issue.custom.get(id) ?? null;
    }
    const expand = new Set(opts.expand ?? []);
    const out: Record<string, unknown> = {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: String(issue.id),
      self: `${SITE_URL}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
    };
    if (Object.keys(fields).length > 0 || opts.fields === undefined) out.fields = fields;
    if (expand.has('names')) {
      const names: Record<string, string> = {};
      for (const k of Object.keys(fields)) names[k] = this.fields.get(k)?.name ?? k;
      out.names = names;
    }
    if (expand.has('changelog')) {
      // Like Jira Cloud: the newest histories only (100 by GET issue, 40 by search), newest first; older ones need
      // GET /issue/{key}/changelog.
      const limit =
        embed === 'search' ? SEARCH_CHANGELOG_EXPAND_LIMIT : embed === 'issue' ? CHANGELOG_EXPAND_LIMIT : issue.histories.length;
      const newest = issue.histories
        .slice(Math.max(0, issue.histories.length - limit))
        .reverse()
        .map((h) => this.restHistory(h));
      out.changelog = { startAt: 0, maxResults: limit, total: issue.histories.length, histories: newest };
    }
    return out;
  }

  /** Raw REST v3 JSON of an issue with every field (app field values included) and `names`. */
  getIssue(key: string): Record<string, unknown> {
    const issue = this.findIssue(key);
    if (!issue) throw new SiteError(404, `Issue ${key} does not exist.`);
    return this.restIssue(issue, { expand: ['names'] });
  }

  restField(f: FieldDef): Record<string, unknown> {
    const clauseNames = f.custom ? [`cf[${f.id.slice('customfield_'.length)}]`, f.name] : [f.id];
    const out: Record<string, unknown> = {
      id: f.id,
      key: f.id,
      name: f.name,
      custom: f.custom,
      orderable: f.kind !== 'app',
      navigable: true,
      searchable: true,
      clauseNames,
      schema: f.schema,
    };
    return out;
  }

  // ---------------------------------------------------------------------------------------------- search

  /** Compiles (and caches, unless it reads the clock) a JQL query of the supported subset; throws JqlError otherwise. */
  compileJql(jql: string): CompiledJql {
    let compiled = this.jqlCache.get(jql);
    if (!compiled) {
      compiled = compileJql(jql, this.jqlContext());
      // `now()` and relative dates are read from the clock when the query is compiled: never reuse those.
      if (compiled.dynamic) return compiled;
      if (this.jqlCache.size > 500) this.jqlCache.clear();
      this.jqlCache.set(jql, compiled);
    }
    return compiled;
  }

  private jqlContext(): JqlContext {
    return {
      field: (name) => this.field(name),
      status: (name) => this.status(name),
      statusCategoryOf: (issue) => this.statusCategoryOf(issue),
      project: (keyOrId) => this.projectByKeyOrId(keyOrId),
      priority: (name) => this.priority(name),
      issueType: (name) => this.issueType(name),
    };
  }

  /** The issues a compiled query has to test: its pinned ids/keys when it has them, else every issue. */
  candidatesFor(q: CompiledJql): Iterable<StoredIssue> {
    if (!q.candidates) return this.issueList;
    const found = new Map<number, StoredIssue>();
    for (const id of q.candidates.ids) {
      const i = this.issuesById.get(id);
      if (i) found.set(i.id, i);
    }
    for (const key of q.candidates.keys) {
      const i = this.issuesByKey.get(key);
      if (i) found.set(i.id, i);
    }
    return found.values();
  }

  /** Issues matching `jql` visible to `accountId`, in the query's order. */
  search(accountId: string, jql: string): StoredIssue[] {
    const q = this.compileJql(jql);
    const out: StoredIssue[] = [];
    for (const issue of this.candidatesFor(q)) if (q.matches(issue) && this.canBrowse(accountId, issue)) out.push(issue);
    return out.sort(q.compare);
  }
}

export { JqlError };

function stripNulls(item: ChangeItem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) if (v !== null) out[k] = v as string;
  return out;
}

function avatar(seed: string): Record<string, string> {
  const url = `${SITE_URL}/avatar/${encodeURIComponent(seed)}`;
  return { '16x16': url, '24x24': url, '32x32': url, '48x48': url };
}

function selectSchema(customId: number): Record<string, unknown> {
  return { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId };
}

function systemType(id: string): string {
  switch (id) {
    case 'labels':
    case 'components':
      return 'array';
    case 'created':
    case 'updated':
    case 'resolutiondate':
    case 'statuscategorychangedate':
      return 'datetime';
    case 'reporter':
    case 'creator':
    case 'assignee':
      return 'user';
    case 'comment':
      return 'comments-page';
    case 'summary':
    case 'description':
      return 'string';
    default:
      return id;
  }
}

interface FieldSelection {
  all: boolean;
  ids: Set<string>;
  excluded: Set<string>;
}
function resolveFieldSelection(list: string[]): FieldSelection {
  const sel: FieldSelection = { all: false, ids: new Set(), excluded: new Set() };
  for (const raw of list.flatMap((s) => s.split(','))) {
    const item = raw.trim();
    if (!item) continue;
    if (item === '*all' || item === '*navigable') sel.all = true;
    else if (item.startsWith('-')) sel.excluded.add(item.slice(1));
    else sel.ids.add(item);
  }
  return sel;
}
