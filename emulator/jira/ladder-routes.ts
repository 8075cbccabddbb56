/**
 * The Jira endpoints the escalation directory uses, registered on the emulator with one call from server.ts:
 * `POST /issue/{key}/notify` (./notify), and the user endpoints the panel and the admin page read through the
 * product API: `GET /user/bulk` (names and avatars of a rung), `GET /user/search` (the admin page's picker) and
 * `GET /user/groups` (is the caller in a rung's group). Shapes, defaults and caps as Jira's OpenAPI document gives them.
 */
import { groupMembers, groupNamesOf, notify } from './notify';
import { SITE_URL, type JiraSite } from './site';

interface LadderRouteContext {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  principal: { accountId: string; app: boolean };
}
type Add = (method: string, template: string, handle: (ctx: LadderRouteContext) => { status: number; body?: unknown }) => void;

/** GET /user/bulk: `maxResults` default 10 (the spec's), at most this many (Jira caps pages of users at 200). */
export const USER_BULK_MAX = 200;
/** GET /user/search: `maxResults` default 50, at most 1,000 (Jira's documented cap). */
export const USER_SEARCH_MAX = 1_000;

function boundedInt(value: string | null, fallback: number, max: number): number {
  const parsed = Number(value ?? fallback);
  return Math.max(0, Math.min(Number.isFinite(parsed) ? Math.floor(parsed) : fallback, max));
}

/** Whether the caller may browse users and groups (Jira's global permission): agents, admins and the app. */
function canBrowseUsers(site: JiraSite, principal: LadderRouteContext['principal']): boolean {
  if (principal.app) return true;
  const role = site.users.get(principal.accountId)?.role;
  return role === 'admin' || role === 'agent';
}

/** Registers the notify and user routes on the emulator. */
export function addLadderRoutes(add: Add, site: JiraSite): void {
  add('POST', '/rest/api/3/issue/{issueIdOrKey}/notify', (ctx) =>
    notify(site, ctx.params[0]!, ctx.principal.accountId, (ctx.body ?? {}) as Parameters<typeof notify>[3], Date.now()),
  );

  add('GET', '/rest/api/3/user/bulk', ({ query, principal }) => {
    const ids = query.getAll('accountId');
    if (ids.length === 0) return { status: 400, body: { errorMessages: ['At least one accountId is required.'], errors: {} } };
    const startAt = boundedInt(query.get('startAt'), 0, Number.MAX_SAFE_INTEGER);
    const maxResults = boundedInt(query.get('maxResults'), 10, USER_BULK_MAX);
    // Without the permission Jira answers the page with no users rather than refusing.
    const known = canBrowseUsers(site, principal) ? ids.filter((id) => site.users.has(id)) : [];
    const values = known.slice(startAt, startAt + maxResults).map((id) => site.rest.restUser(id));
    const isLast = startAt + maxResults >= known.length;
    return {
      status: 200,
      body: {
        self: `${SITE_URL}/rest/api/3/user/bulk?startAt=${startAt}&maxResults=${maxResults}`,
        ...(isLast ? {} : { nextPage: `${SITE_URL}/rest/api/3/user/bulk?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
        startAt,
        maxResults,
        total: known.length,
        isLast,
        values,
      },
    };
  });

  add('GET', '/rest/api/3/user/search', ({ query, principal }) => {
    const text = (query.get('query') ?? '').trim().toLowerCase();
    const accountId = query.get('accountId');
    if (!text && !accountId) return { status: 400, body: { errorMessages: ['The query or accountId parameter is required.'], errors: {} } };
    const startAt = boundedInt(query.get('startAt'), 0, Number.MAX_SAFE_INTEGER);
    const maxResults = boundedInt(query.get('maxResults'), 50, USER_SEARCH_MAX);
    if (!canBrowseUsers(site, principal)) return { status: 200, body: [] };
    const found = [...site.users.values()].filter(
      (user) =>
        user.role !== 'app' &&
        (accountId
          ? user.accountId === accountId
          : user.displayName
              .toLowerCase()
              .split(/\s+/)
              .some((word) => word.startsWith(text)) ||
            user.displayName.toLowerCase().startsWith(text) ||
            user.emailAddress.toLowerCase().startsWith(text)),
    );
    return { status: 200, body: found.slice(startAt, startAt + maxResults).map((user) => site.rest.restUser(user.accountId)) };
  });

  add('GET', '/rest/api/3/user/groups', ({ query }) => {
    const accountId = query.get('accountId') ?? '';
    if (!site.users.has(accountId))
      return { status: 404, body: { errorMessages: [`The user with account ID '${accountId}' does not exist.`], errors: {} } };
    const names = groupNamesOf(site).filter((name) => groupMembers(site, name)?.has(accountId));
    return {
      status: 200,
      body: names.map((name) => ({ name, groupId: `group-${name}`, self: `${SITE_URL}/rest/api/3/group?groupId=group-${name}` })),
    };
  });
}
