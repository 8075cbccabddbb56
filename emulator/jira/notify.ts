/**
 * `POST /rest/api/3/issue/{issueIdOrKey}/notify` (Jira's "Send notification for issue"), as the OpenAPI document
 * describes it: the issue must exist and be browsable by the caller (404), the recipients must be valid (400: an
 * unknown account or group, the assignee or reporter of an issue without one, the caller itself, or no recipient at
 * all), and a queued e-mail answers 204. Every accepted request is recorded in the site's outbox with the accounts it
 * reached (groups expanded, `restrict.permissions` BROWSE applied), so tests can assert who heard what, how often.
 *
 * Kept out of server.ts and site.ts: server.ts registers the route with one call, and the outbox and the groups
 * live here, keyed by site.
 */
import { SiteError, type JiraSite, type StoredIssue } from './site';

/** One e-mail Jira queued. */
export interface SentNotification {
  issueKey: string;
  /** the caller (the app's account id for asApp) */
  from: string;
  subject: string;
  textBody: string;
  /** the accounts the e-mail reached, each once, sorted */
  recipients: string[];
  /** the request's `to`, as sent */
  to: unknown;
  /** emulated clock instant (epoch ms) */
  at: number;
}

/** The longest subject Jira's mail queue takes (a Jira text field: 255 characters). */
export const NOTIFY_SUBJECT_MAX = 255;
/** The longest text or HTML body the emulator accepts (Jira truncates nothing; it refuses a request over 32 KB). */
export const NOTIFY_BODY_MAX = 32_767;

interface SiteNotifyState {
  outbox: SentNotification[];
  groups: Map<string, Set<string>>;
}

const states = new WeakMap<JiraSite, SiteNotifyState>();

function stateOf(site: JiraSite): SiteNotifyState {
  let state = states.get(site);
  if (!state) {
    state = { outbox: [], groups: new Map([['jira-administrators', new Set(['admin'])]]) };
    states.set(site, state);
  }
  return state;
}

/** Every e-mail the site queued, oldest first (the live list: tests may clear it with `length = 0`). */
export function notificationsOf(site: JiraSite): SentNotification[] {
  return stateOf(site).outbox;
}

/** Creates (or replaces) a Jira group of the site with these members. */
export function setGroup(site: JiraSite, name: string, members: readonly string[]): void {
  stateOf(site).groups.set(name, new Set(members));
}

/** The members of a group, or undefined when the site has no such group. */
export function groupMembers(site: JiraSite, name: string): ReadonlySet<string> | undefined {
  return stateOf(site).groups.get(name);
}

/** The names of the site's groups, sorted. */
export function groupNamesOf(site: JiraSite): string[] {
  return [...stateOf(site).groups.keys()].sort();
}

/** Sets an issue's assignee (the emulator has no assign endpoint the app needs; tests and the sandbox use this). */
export function assignIssue(site: JiraSite, key: string, accountId: string | null): void {
  const issue = site.findIssue(key);
  if (!issue) throw new SiteError(404, `Issue ${key} does not exist.`);
  issue.assignee = accountId;
}

interface NotifyBody {
  subject?: unknown;
  textBody?: unknown;
  htmlBody?: unknown;
  to?: {
    reporter?: boolean;
    assignee?: boolean;
    watchers?: boolean;
    voters?: boolean;
    users?: Array<{ accountId?: string }>;
    groups?: Array<{ name?: string; groupId?: string | null }>;
    groupIds?: string[];
  };
  restrict?: { permissions?: Array<{ key?: string; id?: string }>; groups?: Array<{ name?: string }>; groupIds?: string[] };
}

function invalid(message: string, field = 'to'): never {
  throw new SiteError(400, message, { [field]: message });
}

/**
 * Answers one notify request: records it and returns 204, or throws SiteError (400/404) as Jira answers.
 *
 * @example
 * notify(site, 'SUP-1', APP_ACCOUNT_ID, { subject: 'Escalated', textBody: '…', to: { users: [{ accountId: 'agent' }] } }, now)
 * //=> { status: 204 } and notificationsOf(site) ends with { issueKey: 'SUP-1', recipients: ['agent'], … }
 */
export function notify(site: JiraSite, issueIdOrKey: string, caller: string, body: NotifyBody, now: number): { status: 204 } {
  const issue: StoredIssue = site.visibleIssue(caller, issueIdOrKey);
  const { groups } = stateOf(site);
  const subject = typeof body.subject === 'string' ? body.subject : `${issue.key}: ${issue.summary}`;
  if (subject.length > NOTIFY_SUBJECT_MAX) invalid(`The subject is longer than ${NOTIFY_SUBJECT_MAX} characters.`, 'subject');
  for (const key of ['textBody', 'htmlBody'] as const) {
    const text = body[key];
    if (typeof text === 'string' && text.length > NOTIFY_BODY_MAX) invalid(`The ${key} is longer than ${NOTIFY_BODY_MAX} characters.`, key);
  }
  const to = body.to ?? {};
  const reached = new Set<string>();
  if (to.reporter === true) reached.add(issue.reporter);
  if (to.assignee === true) {
    if (issue.assignee === null) invalid('The recipient is invalid: the issue has no assignee.');
    reached.add(issue.assignee);
  }
  for (const user of to.users ?? []) {
    if (!user.accountId || !site.users.has(user.accountId))
      invalid(`The recipient is invalid: no user with accountId '${user.accountId ?? ''}'.`);
    reached.add(user.accountId);
  }
  for (const group of to.groups ?? []) {
    const members = group.name === undefined ? undefined : groups.get(group.name);
    if (!members) invalid(`The recipient is invalid: no group named '${group.name ?? group.groupId ?? ''}'.`);
    for (const member of members) reached.add(member);
  }
  if ((to.groupIds ?? []).length > 0) invalid('The recipient is invalid: the emulator knows groups by name only.');
  // Watchers and voters are not modelled: asking for them reaches nobody more.
  if (reached.size === 0 && to.watchers !== true && to.voters !== true) invalid('No recipients were given for the notification.');
  if (reached.has(caller) && reached.size === 1) invalid('The recipient is the same as the calling user.');
  reached.delete(caller);
  const mustBrowse = (body.restrict?.permissions ?? []).some(
    (permission) => permission.key === 'BROWSE' || permission.key === 'BROWSE_PROJECTS',
  );
  const recipients = [...reached].filter((accountId) => !mustBrowse || site.permissions.canBrowse(accountId, issue)).sort();
  stateOf(site).outbox.push({
    issueKey: issue.key,
    from: caller,
    subject,
    textBody: typeof body.textBody === 'string' ? body.textBody : '',
    recipients,
    to: body.to ?? {},
    at: now,
  });
  return { status: 204 };
}
