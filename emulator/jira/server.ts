/**
 * The Jira Cloud emulator's HTTP face: the REST v3 endpoints SLA Ladder calls, served from a JiraSite on
 * 127.0.0.1 (random port). Every request and response is checked against the OpenAPI document; every call is
 * recorded in `stats`; faults (429 + Retry-After, 5xx, latency) are injected from a seeded random source.
 *
 * Who calls: header `x-emulator-principal: app` (the Forge app, `asApp()`) or `user:<accountId>` (`asUser()` or a
 * person); `x-emulator-invocation: <id>` names the Forge invocation making the call (set by the Forge shim).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type RouteMatch } from '../router';
import { Faults } from './faults';
import { RateLimiter } from './rate-limit';
import { APP_ACCOUNT_ID, JiraSite, JqlError, SiteError, SITE_URL, type StoredIssue } from './site';
import { sharedSpecValidator, type SpecValidator } from './spec-validator';
import { addLadderRoutes } from './ladder-routes';

export interface CallRecord {
  method: string;
  /** path without the query string, e.g. `/rest/api/3/issue/SUP-1` */
  path: string;
  /** the spec path template matched, e.g. `/rest/api/3/issue/{issueIdOrKey}` (empty when no route matched) */
  operation: string;
  query: string;
  status: number;
  /** account id for user calls; null for calls made as the app */
  asUser: string | null;
  /** Forge invocation id that made the call ('' when not made by the app) */
  invocation: string;
  /** true when the response was an injected fault */
  fault: boolean;
}

export interface JiraEmulatorOptions {
  site?: JiraSite;
  /** check every request/response against the OpenAPI document (default true) */
  validateAgainstSpec?: boolean;
  /** throw (answer 500 and reject) on a spec violation instead of only recording it (default false) */
  strictSpec?: boolean;
  specValidator?: SpecValidator;
}

interface Principal {
  accountId: string;
  app: boolean;
}
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
interface RouteContext {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  principal: Principal;
}
type RouteHandler = (ctx: RouteContext) => Reply;
type Route = RouteMatch<RouteHandler>;

const PERMISSIONS: Record<string, { id: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string }> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description: 'Create and administer projects, issue types, fields, workflows and more.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', type: 'PROJECT', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', type: 'PROJECT', description: 'Ability to comment on issues.' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', type: 'PROJECT', description: 'Ability to administer a project in Jira.' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', type: 'PROJECT', description: 'Ability to transition issues.' },
};

const SEARCH_DEFAULT_MAX = 50;
/** GET /issue/{key}/comment: Jira Cloud answers at most 100 comments a page (the spec's default page). */
export const COMMENT_PAGE_LIMIT = 100;
/** GET /issue/{key}/changelog: at most 100 histories a page (the spec's default page). */
export const CHANGELOG_PAGE_LIMIT = 100;

/** Requests that change Jira (and count against the per-issue write limit); searches sent by POST do not. */
function isWrite(method: string, template: string): boolean {
  if (method === 'GET') return false;
  return !(method === 'POST' && (template === '/rest/api/3/search/jql' || template === '/rest/api/3/changelog/bulkfetch'));
}

function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

function listParam(v: string | null | undefined): string[] | undefined {
  if (v === null || v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export class JiraEmulator {
  readonly site: JiraSite;
  readonly faults = new Faults();
  /** Jira's points quota and per-issue write limit, metered only while `faults.settings.rateLimit` is set. */
  readonly rateLimiter = new RateLimiter(() => this.faults.settings.rateLimit);
  readonly calls: CallRecord[] = [];
  readonly specViolations: string[] = [];
  baseUrl = '';
  private server: Server | undefined;
  private readonly validator: SpecValidator | undefined;
  private readonly strict: boolean;
  private readonly routes: Router<RouteHandler>;

  constructor(options: JiraEmulatorOptions = {}) {
    this.site = options.site ?? new JiraSite();
    this.validator = options.validateAgainstSpec === false ? undefined : (options.specValidator ?? sharedSpecValidator());
    this.strict = options.strictSpec ?? false;
    this.routes = this.buildRoutes();
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      void this.onRequest(req, res);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Records a spec violation (and throws when strict). */
  private violation(problems: string[]): void {
    if (problems.length === 0) return;
    this.specViolations.push(...problems);
    if (this.strict) throw new Error(`Jira emulator spec violation: ${problems.join('; ')}`);
  }

  // ------------------------------------------------------------------------------------------------ dispatch

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // Browser pages of the sandbox may call the emulator from another origin: answer CORS preflights.
    res.setHeader('access-control-allow-origin', '*');
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
        'access-control-allow-headers': 'content-type, x-emulator-principal, x-emulator-invocation',
        'access-control-expose-headers': 'retry-after',
      });
      res.end();
      return;
    }
    let raw = '';
    try {
      raw = await readBody(req);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const reply = await this.dispatch({
      method,
      url: req.url ?? '/',
      body: raw,
      principal: String(req.headers['x-emulator-principal'] ?? ''),
      invocation: String(req.headers['x-emulator-invocation'] ?? ''),
    });
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  /**
   * Serves one request (the HTTP listener and the Forge shim's in-process transport both come through here):
   * fault injection, authentication, routing, spec validation of request and response, and the call record.
   */
  async dispatch(request: {
    method: string;
    url: string;
    body: string;
    principal: string;
    invocation: string;
  }): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL(request.url, 'http://emulator');
    const method = request.method.toUpperCase();
    const principalHeader = request.principal;
    const principal: Principal | null =
      principalHeader === 'app'
        ? { accountId: APP_ACCOUNT_ID, app: true }
        : principalHeader.startsWith('user:')
          ? { accountId: principalHeader.slice(5), app: false }
          : null;
    const record: CallRecord = {
      method,
      path: url.pathname,
      operation: '',
      query: url.search,
      status: 0,
      asUser: principal && !principal.app ? principal.accountId : null,
      invocation: request.invocation,
      fault: false,
    };
    let reply: Reply;
    const route: Route | undefined = this.routes.match(method, url.pathname);
    const params = route?.params ?? [];
    try {
      const raw = request.body;
      const fault = this.faults.nextRequestFault();
      if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (!route) {
        reply = { status: 404, body: { errorMessages: [`No emulated endpoint for ${method} ${url.pathname}`], errors: {} } };
      } else if (fault.status !== null) {
        record.fault = true;
        reply =
          fault.status === 429
            ? {
                status: 429,
                body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
                headers: { 'retry-after': String(fault.retryAfter ?? 1) },
              }
            : { status: fault.status, body: { errorMessages: ['Injected server error.'], errors: {} } };
      } else if (!principal || !this.site.users.has(principal.accountId)) {
        reply = {
          status: 401,
          body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} },
        };
      } else {
        record.operation = route.template;
        let body: unknown;
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw);
          } catch {
            body = Symbol.for('invalid-json');
          }
        }
        if (typeof body === 'symbol') {
          reply = { status: 400, body: { errorMessages: ['Unexpected character in the request body: not valid JSON.'], errors: {} } };
        } else {
          if (this.validator) {
            this.violation(this.validator.validateQuery(method, route.template, url.searchParams));
            this.violation(this.validator.validateRequest(method, route.template, body));
          }
          const write = isWrite(method, route.template);
          const refusal = this.rateLimiter.admit(Date.now(), write ? this.writtenIssueIds(route.template, params, body) : []);
          if (refusal) {
            record.fault = true;
            reply = {
              status: 429,
              body: { errorMessages: [`Rate limit exceeded (${refusal.reason}).`], errors: {} },
              headers: { 'retry-after': String(refusal.retryAfterSeconds) },
            };
          } else {
            reply = this.run(route, { params, query: url.searchParams, body, principal });
            if (reply.status < 400) this.rateLimiter.charge(Date.now(), write, reply.body);
          }
        }
      }
      if (this.validator && route && !record.fault && reply.status !== 401) {
        this.violation(this.validator.validateResponse(method, route.template, reply.status, reply.body));
      }
    } catch (error) {
      reply = { status: 500, body: { errorMessages: [error instanceof Error ? error.message : String(error)], errors: {} } };
    }
    record.status = reply.status;
    this.calls.push(record);
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    return {
      status: reply.status,
      headers: {
        ...(text ? { 'content-type': 'application/json;charset=UTF-8' } : {}),
        'x-arequestid': String(this.calls.length),
        ...reply.headers,
      },
      body: text,
    };
  }

  /** The issues a write touches, for the per-issue write limit. */
  private writtenIssueIds(template: string, params: string[], body: unknown): number[] {
    if (template.startsWith('/rest/api/3/app/field/')) {
      const updates = (body as { updates?: Array<{ issueIds?: unknown }> } | undefined)?.updates ?? [];
      return updates.flatMap((u) => (Array.isArray(u.issueIds) ? u.issueIds.filter((id): id is number => typeof id === 'number') : []));
    }
    const issue = template.includes('{issueIdOrKey}') && params[0] ? this.site.findIssue(params[0]) : undefined;
    return issue ? [issue.id] : [];
  }

  private run(route: Route, ctx: RouteContext): Reply {
    try {
      return route.handler(ctx);
    } catch (error) {
      if (error instanceof SiteError) return { status: error.status, body: { errorMessages: [error.message], errors: error.errors } };
      if (error instanceof JqlError) return { status: 400, body: { errorMessages: [error.message], errors: {} } };
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------------ routes

  private buildRoutes(): Router<RouteHandler> {
    const site = this.site;
    const routes = new Router<RouteHandler>();
    const add = (method: string, template: string, handle: RouteHandler): void => {
      routes.add(method, template, handle);
    };
    const actor = (p: Principal) => ({ accountId: p.accountId, app: p.app });
    const transitionId = (statusId: string): string => String(11 + site.statuses.findIndex((s) => s.id === statusId) * 10);
    const issueParam = (ctx: RouteContext): StoredIssue => site.visibleIssue(ctx.principal.accountId, ctx.params[0]!);

    add('GET', '/rest/api/3/myself', ({ principal }) => ({
      status: 200,
      body: {
        ...site.rest.restUser(principal.accountId),
        emailAddress: site.users.get(principal.accountId)?.emailAddress,
        locale: 'en_US',
        groups: { size: 0, items: [] },
        applicationRoles: { size: 0, items: [] },
      },
    }));

    add('GET', '/rest/api/3/field', () => ({ status: 200, body: [...site.fields.values()].map((f) => site.restField(f)) }));

    add('GET', '/rest/api/3/project/search', ({ query, principal }) => {
      const startAt = Number(query.get('startAt') ?? 0);
      const maxResults = Math.min(Number(query.get('maxResults') ?? 50), 100);
      const keys = new Set(
        query
          .getAll('keys')
          .flatMap((k) => k.split(','))
          .map((k) => k.toUpperCase()),
      );
      const all = [...site.projects.values()].filter(
        (p) => site.permissions.canBrowseProject(principal.accountId, p) && (keys.size === 0 || keys.has(p.key)),
      );
      const values = all.slice(startAt, startAt + maxResults).map((p) => site.rest.restProject(p));
      return {
        status: 200,
        body: {
          self: `${SITE_URL}/rest/api/3/project/search`,
          maxResults,
          startAt,
          total: all.length,
          isLast: startAt + maxResults >= all.length,
          values,
        },
      };
    });

    add('GET', '/rest/api/3/mypermissions', ({ query, principal }) => {
      const keys = listParam(query.get('permissions'));
      if (!keys || keys.length === 0)
        return { status: 400, body: { errorMessages: ['The permissions query parameter is required.'], errors: {} } };
      const unknown = keys.filter((k) => !PERMISSIONS[k]);
      if (unknown.length) return { status: 400, body: { errorMessages: [`Invalid permission key(s): ${unknown.join(', ')}`], errors: {} } };
      const issueKey = query.get('issueKey') ?? query.get('issueId');
      const projectKey = query.get('projectKey') ?? query.get('projectId');
      let browse: boolean;
      if (issueKey) {
        browse = site.permissions.canBrowse(principal.accountId, site.visibleIssue(principal.accountId, issueKey));
      } else if (projectKey) {
        const project = site.projectByKeyOrId(projectKey);
        if (!project || !site.permissions.canBrowseProject(principal.accountId, project)) {
          return { status: 404, body: { errorMessages: ['No project could be found with key or id ' + projectKey + '.'], errors: {} } };
        }
        browse = true;
      } else {
        browse = [...site.projects.values()].some((p) => site.permissions.canBrowseProject(principal.accountId, p));
      }
      const admin = site.permissions.isAdmin(principal.accountId);
      const agentLike = browse && site.users.get(principal.accountId)?.role !== 'customer';
      const permissions: Record<string, unknown> = {};
      for (const k of keys) {
        const def = PERMISSIONS[k]!;
        const have =
          k === 'ADMINISTER' || k === 'ADMINISTER_PROJECTS'
            ? admin
            : k === 'BROWSE_PROJECTS' || k === 'ADD_COMMENTS' || k === 'CREATE_ISSUES'
              ? browse
              : agentLike;
        permissions[k] = { id: def.id, key: k, name: def.name, type: def.type, description: def.description, havePermission: have };
      }
      return { status: 200, body: { permissions } };
    });

    add('GET', '/rest/api/3/issue/{issueIdOrKey}', (ctx) => {
      const issue = issueParam(ctx);
      return {
        status: 200,
        body: site.restIssue(issue, { fields: listParam(ctx.query.get('fields')), expand: listParam(ctx.query.get('expand')) }),
      };
    });

    add('PUT', '/rest/api/3/issue/{issueIdOrKey}', (ctx) => {
      const issue = issueParam(ctx);
      const body = (ctx.body ?? {}) as { fields?: Record<string, unknown>; update?: Record<string, unknown> };
      if (!ctx.principal.app && site.users.get(ctx.principal.accountId)?.role === 'customer') {
        return { status: 403, body: { errorMessages: ['You do not have permission to edit issues in this project.'], errors: {} } };
      }
      site.editFields(actor(ctx.principal), issue.key, body.fields ?? {}, body.update ?? {});
      return { status: 204 };
    });

    add('POST', '/rest/api/3/issue', (ctx) => {
      const body = (ctx.body ?? {}) as { fields?: Record<string, unknown> };
      const f = { ...(body.fields ?? {}) };
      const project = f.project as { key?: string; id?: string } | undefined;
      const p = project && site.projectByKeyOrId(project.key ?? project.id ?? '');
      if (!p || !site.permissions.canBrowseProject(ctx.principal.accountId, p)) {
        return { status: 400, body: { errorMessages: [], errors: { project: 'valid project is required' } } };
      }
      const priority = f.priority as { name?: string; id?: string } | undefined;
      const issuetype = f.issuetype as { name?: string; id?: string } | undefined;
      const reporter = f.reporter as { accountId?: string; id?: string } | undefined;
      const custom: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(f)) if (k.startsWith('customfield_')) custom[k] = v;
      const issue = site.createIssue(actor(ctx.principal), {
        projectKey: p.key,
        summary: String(f.summary ?? ''),
        description: f.description ?? undefined,
        ...(priority ? { priority: priority.name ?? priority.id ?? '' } : {}),
        ...(issuetype ? { issueType: issuetype.name ?? issuetype.id ?? '' } : {}),
        ...(Array.isArray(f.labels) ? { labels: f.labels as string[] } : {}),
        ...(reporter ? { reporter: reporter.accountId ?? reporter.id ?? ctx.principal.accountId } : {}),
        fields: custom,
      });
      return { status: 201, body: { id: String(issue.id), key: issue.key, self: `${SITE_URL}/rest/api/3/issue/${issue.id}` } };
    });

    add('GET', '/rest/api/3/issue/{issueIdOrKey}/comment', (ctx) => {
      const issue = issueParam(ctx);
      const startAt = Math.max(0, Number(ctx.query.get('startAt') ?? 0) || 0);
      // Jira Cloud pages comments by 100 at most (the spec's default), whatever maxResults asks for.
      const maxResults = Math.max(
        1,
        Math.min(Number(ctx.query.get('maxResults') ?? COMMENT_PAGE_LIMIT) || COMMENT_PAGE_LIMIT, COMMENT_PAGE_LIMIT),
      );
      let list = issue.comments.slice();
      if (ctx.query.get('orderBy') === '-created') list = list.reverse();
      const comments = list.slice(startAt, startAt + maxResults).map((c) => site.rest.restComment(c));
      return { status: 200, body: { startAt, maxResults, total: issue.comments.length, comments } };
    });

    add('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', (ctx) => {
      const issue = issueParam(ctx);
      const body = (ctx.body ?? {}) as { body?: unknown; properties?: Array<{ key?: string; value?: { internal?: boolean } }> };
      if (!body.body) return { status: 400, body: { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } } };
      // JSM's platform-API way to add an internal note: the `sd.public.comment` property.
      const internal = (body.properties ?? []).some((p) => p.key === 'sd.public.comment' && p.value?.internal === true);
      const c = site.comment(actor(ctx.principal), issue.key, body.body, { public: !internal });
      return { status: 201, body: site.rest.restComment(c) };
    });

    // Send notification for issue and the user lookups of the escalation directory (./ladder-routes).
    addLadderRoutes(add, site);

    add('GET', '/rest/api/3/issue/{issueIdOrKey}/changelog', (ctx) => {
      const issue = issueParam(ctx);
      const startAt = Math.max(0, Number(ctx.query.get('startAt') ?? 0) || 0);
      const maxResults = Math.max(
        1,
        Math.min(Number(ctx.query.get('maxResults') ?? CHANGELOG_PAGE_LIMIT) || CHANGELOG_PAGE_LIMIT, CHANGELOG_PAGE_LIMIT),
      );
      const values = issue.histories.slice(startAt, startAt + maxResults).map((h) => site.rest.restHistory(h));
      const isLast = startAt + maxResults >= issue.histories.length;
      return {
        status: 200,
        body: {
          self: `${SITE_URL}/rest/api/3/issue/${issue.key}/changelog?startAt=${startAt}&maxResults=${maxResults}`,
          ...(isLast
            ? {}
            : { nextPage: `${SITE_URL}/rest/api/3/issue/${issue.key}/changelog?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
          maxResults,
          startAt,
          total: issue.histories.length,
          isLast,
          values,
        },
      };
    });

    add('GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', (ctx) => {
      const issue = issueParam(ctx);
      const transitions = site.statuses
        .filter((s) => s.id !== issue.statusId)
        .map((s) => ({
          id: transitionId(s.id),
          name: s.name,
          to: site.rest.restStatus(s),
          hasScreen: false,
          isGlobal: true,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        }));
      return { status: 200, body: { transitions } };
    });

    add('POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', (ctx) => {
      const issue = issueParam(ctx);
      const body = (ctx.body ?? {}) as { transition?: { id?: string }; fields?: { resolution?: { name?: string; id?: string } } };
      const target = site.statuses.find((s) => transitionId(s.id) === body.transition?.id);
      if (!target || target.id === issue.statusId) {
        return {
          status: 400,
          body: { errorMessages: [`Transition id '${body.transition?.id}' is not valid for this issue.`], errors: {} },
        };
      }
      const res = body.fields?.resolution;
      site.transition(
        actor(ctx.principal),
        issue.key,
        target.name,
        res ? (res.name ?? site.directory.resolutionByName(res.id ?? '')?.name) : undefined,
      );
      return { status: 204 };
    });

    const search = (
      ctx: RouteContext,
      input: { jql?: string; nextPageToken?: string; maxResults?: number; fields?: string[]; expand?: string[] },
    ): Reply => {
      const jql = input.jql ?? '';
      const q = site.compileJql(jql);
      // The enhanced search refuses queries without any search clause (empty, or only ORDER BY).
      if (!q.bounded)
        return {
          status: 400,
          body: {
            errorMessages: ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.'],
            errors: {},
          },
        };
      // A project the caller cannot see does not exist for them: Jira rejects the query rather than returning nothing.
      const unseen = q.projectRefs.filter((ref) => {
        const p = site.projectByKeyOrId(ref);
        return !p || !site.permissions.canSeeProject(ctx.principal.accountId, p);
      });
      if (unseen.length > 0) {
        return {
          status: 400,
          body: { errorMessages: unseen.map((ref) => `The value '${ref}' does not exist for the field 'project'.`), errors: {} },
        };
      }
      const onlyIds = !input.fields || input.fields.every((f) => f === 'id' || f === 'key');
      const fullLimit = Math.max(1, Math.min(100, Math.floor(this.faults.settings.fullFieldsPageLimit ?? 100)));
      const maxResults = Math.max(1, Math.min(input.maxResults ?? SEARCH_DEFAULT_MAX, onlyIds ? 5000 : fullLimit));
      const queryHash = fnv(jql);
      let after: { k: Array<string | number | null>; id: number } | null = null;
      if (input.nextPageToken) {
        try {
          const decoded = JSON.parse(Buffer.from(input.nextPageToken, 'base64url').toString('utf8')) as {
            h: string;
            k: Array<string | number | null>;
            id: number;
          };
          if (decoded.h !== queryHash) throw new Error('token of another query');
          after = { k: decoded.k, id: decoded.id };
        } catch {
          return { status: 400, body: { errorMessages: ['The provided next page token is invalid or expired.'], errors: {} } };
        }
      }
      // Keyset pagination: the next page starts after the last returned sort key, so issues whose fields change
      // between pages (the sweep writes the very field it searches on) are neither skipped nor repeated in order.
      // Bounded top-k selection instead of sorting every hit: O(n log k) per page over 10,000 issues.
      type Hit = { issue: StoredIssue; k: Array<string | number | null> };
      const cmp = (a: Hit, b: Hit): number => q.compareKeys(a.k, a.issue.id, b.k, b.issue.id);
      const page: Hit[] = [];
      let total = 0;
      for (const issue of site.searcher.candidatesFor(q)) {
        if (!q.matches(issue) || !site.permissions.canBrowse(ctx.principal.accountId, issue)) continue;
        const k = q.sortKey(issue);
        if (after && q.compareKeys(k, issue.id, after.k, after.id) <= 0) continue;
        total++;
        const hit = { issue, k };
        if (page.length === maxResults && cmp(hit, page[page.length - 1]!) >= 0) continue;
        let lo = 0;
        let hi = page.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cmp(page[mid]!, hit) < 0) lo = mid + 1;
          else hi = mid;
        }
        page.splice(lo, 0, hit);
        if (page.length > maxResults) page.pop();
      }
      const isLast = total <= maxResults;
      const fields = input.fields ?? ['id'];
      const issues = page.map(({ issue }) => site.restIssue(issue, { fields, expand: input.expand ?? [], embed: 'search' }));
      const last = page[page.length - 1];
      const body: Record<string, unknown> = { issues, isLast };
      if (!isLast && last)
        body.nextPageToken = Buffer.from(JSON.stringify({ h: queryHash, k: last.k, id: last.issue.id })).toString('base64url');
      return { status: 200, body };
    };

    add('GET', '/rest/api/3/search/jql', (ctx) =>
      search(ctx, {
        jql: ctx.query.get('jql') ?? '',
        ...(ctx.query.get('nextPageToken') ? { nextPageToken: ctx.query.get('nextPageToken')! } : {}),
        ...(ctx.query.get('maxResults') ? { maxResults: Number(ctx.query.get('maxResults')) } : {}),
        ...(ctx.query.getAll('fields').length ? { fields: ctx.query.getAll('fields').flatMap((f) => f.split(',')) } : {}),
        ...(ctx.query.get('expand') ? { expand: listParam(ctx.query.get('expand'))! } : {}),
      }),
    );

    add('POST', '/rest/api/3/search/jql', (ctx) => {
      const b = (ctx.body ?? {}) as { jql?: string; nextPageToken?: string; maxResults?: number; fields?: string[]; expand?: string };
      return search(ctx, {
        ...(b.jql !== undefined ? { jql: b.jql } : {}),
        ...(b.nextPageToken ? { nextPageToken: b.nextPageToken } : {}),
        ...(b.maxResults !== undefined ? { maxResults: b.maxResults } : {}),
        ...(b.fields ? { fields: b.fields } : {}),
        ...(b.expand ? { expand: listParam(b.expand)! } : {}),
      });
    });

    const requireApp = (ctx: RouteContext): Reply | null =>
      ctx.principal.app
        ? null
        : { status: 403, body: { errorMessages: ['Only the app that owns a field can update its value.'], errors: {} } };

    add('POST', '/rest/api/3/app/field/value', (ctx) => {
      const denied = requireApp(ctx);
      if (denied) return denied;
      const body = (ctx.body ?? {}) as { updates?: Array<{ customField: string; issueIds: number[]; value: unknown }> };
      site.writeAppFieldValues(
        (body.updates ?? []).map((u) => ({ fieldIdOrKey: u.customField, issueIds: u.issueIds, value: u.value })),
        ctx.query.get('generateChangelog') !== 'false',
      );
      return { status: 204 };
    });

    add('PUT', '/rest/api/3/app/field/{fieldIdOrKey}/value', (ctx) => {
      const denied = requireApp(ctx);
      if (denied) return denied;
      const body = (ctx.body ?? {}) as { updates?: Array<{ issueIds: number[]; value: unknown }> };
      site.writeAppFieldValues(
        (body.updates ?? []).map((u) => ({ fieldIdOrKey: ctx.params[0]!, issueIds: u.issueIds, value: u.value })),
        ctx.query.get('generateChangelog') !== 'false',
      );
      return { status: 204 };
    });

    return routes;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts a Jira emulator on 127.0.0.1 with a random port. */
export async function startJiraEmulator(options: JiraEmulatorOptions = {}): Promise<JiraEmulator> {
  const emulator = new JiraEmulator(options);
  await emulator.listen();
  return emulator;
}
