/**
 * The emulated site's data model: users, projects, statuses, fields, stored issues and events, the reference tables
 * every site starts with, and `SiteError` (a refusal with Jira's HTTP status). No behaviour: the jobs live beside it.
 */
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
  /**
   * The name of the customer transition into this status, when the service project's workflow shows one in the
   * portal (JSM "customer transitions", e.g. *Escalate*); absent: customers cannot move a request here.
   */
  portalTransition?: string;
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

export const STATUS_CATEGORY = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
} as const;

export const DEFAULT_STATUSES: StatusDef[] = [
  { id: '1', name: 'Open', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Waiting for customer', category: 'indeterminate' },
  { id: '10002', name: 'Waiting for support', category: 'indeterminate' },
  { id: '5', name: 'Resolved', category: 'done' },
  { id: '6', name: 'Closed', category: 'done' },
];
export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];
export const ISSUE_TYPES = [
  { id: '10100', name: 'Service request' },
  { id: '10101', name: 'Incident' },
  { id: '10102', name: 'Problem' },
  { id: '10103', name: 'Task' },
];
export const RESOLUTIONS = [
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
