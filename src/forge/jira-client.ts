/**
 * Jira REST client: one function per REST operation the app uses. Every response is validated with zod; errors
 * are the typed hierarchy of ./jira-errors. 429 honours Retry-After; 5xx and network failures are retried with
 * bounded exponential backoff and jitter, never past the invocation's budget. Callers pass a `JiraContext`
 * (which identity calls Jira, and the budget), so the same functions serve triggers (asApp) and resolvers (asUser).
 */
import api, { getAppContext, route, type APIResponse, type RequestInit, type Route } from '@forge/api';
import * as z from 'zod';
import { currentInstant, sleep as realSleep, startBudget, type Budget } from './clock';
import {
  JiraBadRequest,
  JiraError,
  JiraForbidden,
  JiraInvalidResponse,
  JiraNotFound,
  JiraRateLimited,
  JiraUnavailable,
} from './jira-errors';
import { needsUserConsent } from './user-consent';

export type JiraFetch = (path: Route, init?: RequestInit) => Promise<APIResponse>;

export interface RetryPolicy {
  /** Attempts per call, the first included (≥ 1). */
  maxAttempts: number;
  /** Backoff before retry n (1-based) is drawn from [d/2, d] with d = min(maxDelayMs, baseDelayMs · 2^(n−1)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry is only attempted when its delay plus this margin still fits in the budget. */
  safetyMarginMs: number;
  /** The longest single Retry-After (429) the client waits; Jira asking for longer fails the call at once. */
  maxRetryAfterMs: number;
  /** The most time one context (one invocation) spends waiting out 429s, all calls together. */
  rateLimitWaitBudgetMs: number;
  /**
   * Whether a request that got no answer (a network error) is sent again (default true). A request that must not
   * reach Jira twice (an e-mail: ./jira-notify) sets false: without an answer, Jira may have acted on it.
   */
  retryNetworkErrors?: boolean;
}

/**
 * Defaults sized for the 25 s of a product trigger or resolver: one 429 wait is at most 10 s and all of them
 * together at most 15 s, so an invocation that met a rate limit still ends inside its 20 s retry budget.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 40,
  maxDelayMs: 2_000,
  safetyMarginMs: 1_000,
  maxRetryAfterMs: 10_000,
  rateLimitWaitBudgetMs: 15_000,
};

export interface JiraContext {
  fetch: JiraFetch;
  budget: Budget;
  retry?: Partial<RetryPolicy>;
  /** Injected in tests; defaults to real timers and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Counts every HTTP attempt (for logs and the benchmark). */
  onAttempt?: (operation: string, status: number | null) => void;
  /** Milliseconds this context has already waited for Retry-After (kept by the client, bounded by `rateLimitWaitBudgetMs`). */
  rateLimitWaitedMs?: number;
}

/** Time kept free at the end of an invocation for writing results and returning. */
export const INVOCATION_RESERVE_MS = 2_000;

/**
 * The retry budget of this invocation: `preferredMs`, but never more than the platform says is left
 * (`getAppContext().invocationRemainingTimeInMillis()` minus a reserve). Outside a Forge invocation: `preferredMs`.
 *
 * @example
 * invocationBudgetMs(20_000) //=> 20000 with 25 s left; 8000 with 10 s left
 */
export function invocationBudgetMs(preferredMs: number): number {
  let remaining: number | null = null;
  try {
    remaining = getAppContext().invocationRemainingTimeInMillis();
  } catch {
    remaining = null;
  }
  return remaining === null || !Number.isFinite(remaining)
    ? preferredMs
    : Math.max(0, Math.min(preferredMs, remaining - INVOCATION_RESERVE_MS));
}

/** A context calling Jira as the app (triggers, sweep, consumer), with at most `budgetMs` of wall time for retries. */
export function asAppContext(budgetMs: number): JiraContext {
  return { fetch: (path, init) => api.asApp().requestJira(path, init), budget: startBudget(invocationBudgetMs(budgetMs)) };
}

/** A context calling Jira as the invoking user (resolvers): Jira applies that user's permissions. */
export function asUserContext(budgetMs: number): JiraContext {
  return { fetch: (path, init) => api.asUser().requestJira(path, init), budget: startBudget(invocationBudgetMs(budgetMs)) };
}

// ------------------------------------------------------------------------------------------------------------
// Transport with retries

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from now; null when absent or
 * unreadable.
 *
 * @example
 * parseRetryAfter('3', 0) //=> 3000
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The delay before retry `attempt` (1-based): exponential, capped, with jitter in [d/2, d]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

async function errorText(response: APIResponse): Promise<string> {
  try {
    return (await response.text()).slice(0, 500);
  } catch {
    return '';
  }
}

/** Sends one request with the retry policy of `ctx`; answers a 2xx response or throws a typed Jira error. */
export async function send(ctx: JiraContext, operation: string, path: Route, init: RequestInit): Promise<APIResponse> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...ctx.retry };
  const random = ctx.random ?? Math.random;
  const pause = ctx.sleep ?? realSleep;
  let lastError: JiraError = new JiraUnavailable(operation, null, 'no attempt made');
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    let delay: number;
    let response: APIResponse | null = null;
    try {
      response = await ctx.fetch(path, init);
    } catch (error) {
      if (needsUserConsent(error)) throw error; // only the user can lift it: see ./user-consent
      ctx.onAttempt?.(operation, null);
      lastError = new JiraUnavailable(operation, null, `network error: ${error instanceof Error ? error.message : String(error)}`);
      if (policy.retryNetworkErrors === false) throw lastError;
    }
    if (response !== null) {
      const status = response.status;
      ctx.onAttempt?.(operation, status);
      if (status >= 200 && status < 300) return response;
      if (status === 404) throw new JiraNotFound(operation, (await errorText(response)) || undefined);
      if (status === 401 || status === 403) throw new JiraForbidden(operation, status, (await errorText(response)) || 'permission denied');
      if (status === 429) {
        const retryAfterMs =
          parseRetryAfter(response.headers.get('retry-after'), currentInstant()) ?? backoffDelay(attempt, policy, random);
        lastError = new JiraRateLimited(operation, retryAfterMs);
        // Never an unbounded sleep: a long Retry-After, or one past this invocation's share of waiting, ends the call.
        const waited = ctx.rateLimitWaitedMs ?? 0;
        if (retryAfterMs > policy.maxRetryAfterMs || waited + retryAfterMs > policy.rateLimitWaitBudgetMs) throw lastError;
        delay = retryAfterMs;
        if (attempt < policy.maxAttempts && delay + policy.safetyMarginMs <= ctx.budget.remainingMs())
          ctx.rateLimitWaitedMs = waited + retryAfterMs;
      } else if (status >= 500) {
        lastError = new JiraUnavailable(operation, status, `HTTP ${status}`);
        delay = backoffDelay(attempt, policy, random);
      } else {
        throw new JiraBadRequest(operation, `HTTP ${status}: ${await errorText(response)}`);
      }
    } else {
      delay = backoffDelay(attempt, policy, random);
    }
    if (attempt === policy.maxAttempts || delay + policy.safetyMarginMs > ctx.budget.remainingMs()) throw lastError;
    await pause(delay);
  }
  throw lastError;
}

/** Reads a JSON body and checks it against `schema`; an unexpected body is a JiraInvalidResponse. */
export async function readJson<S extends z.ZodType>(operation: string, response: APIResponse, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new JiraInvalidResponse(operation, `body is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new JiraInvalidResponse(operation, `unexpected body at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

// ------------------------------------------------------------------------------------------------------------
// Response schemas (the subset the app reads; Jira adds properties freely)

export const rawIssueSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    fields: z.record(z.string(), z.unknown()),
    changelog: z
      .object({ histories: z.array(z.unknown()).optional(), total: z.number().optional(), maxResults: z.number().optional() })
      .passthrough()
      .optional(),
    names: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();
export type RawIssue = z.infer<typeof rawIssueSchema>;

const searchResultSchema = z
  .object({
    issues: z.array(rawIssueSchema).default([]),
    nextPageToken: z.string().nullish(),
    isLast: z.boolean().optional(),
    names: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

const idOnlySearchSchema = z
  .object({
    issues: z.array(z.object({ id: z.string() }).passthrough()).default([]),
    nextPageToken: z.string().nullish(),
    isLast: z.boolean().optional(),
  })
  .passthrough();

export const fieldSchema = z
  .object({
    id: z.string(),
    key: z.string().optional(),
    name: z.string(),
    custom: z.boolean().optional(),
    schema: z
      .object({ type: z.string().optional(), custom: z.string().optional(), customId: z.number().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type JiraField = z.infer<typeof fieldSchema>;

const permissionsSchema = z
  .object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean().optional() }).passthrough()) })
  .passthrough();

const projectPageSchema = z
  .object({
    values: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() }).passthrough()).default([]),
    isLast: z.boolean().optional(),
    startAt: z.number().optional(),
    total: z.number().optional(),
  })
  .passthrough();

// ------------------------------------------------------------------------------------------------------------
// Operations

/**
 * The fallback field list when no policy says what it reads: every field. Callers normally pass the policy's own
 * list (`src/forge/issue-fields.ts`), so a read costs the same on a site of 30 or 2,000 fields.
 */
export const ISSUE_FIELDS = '*all';
export const ISSUE_EXPAND = 'changelog,names';

/**
 * GET /rest/api/3/issue/{key}?fields=<fields>&expand=changelog,names — one call per issue, plus GET …/changelog and
 * GET …/comment pages only when the issue has more histories or comments than Jira embeds (`completeIssue`).
 */
export async function getIssueForSla(
  ctx: JiraContext,
  issueIdOrKey: string,
  fields: readonly string[] = [ISSUE_FIELDS],
): Promise<RawIssue> {
  const operation = 'getIssueForSla';
  const query = new URLSearchParams({ fields: fields.join(','), expand: ISSUE_EXPAND });
  const response = await send(ctx, operation, route`/rest/api/3/issue/${issueIdOrKey}?${query}`, { method: 'GET', headers: JSON_HEADERS });
  return completeIssue(ctx, await readJson(operation, response, rawIssueSchema));
}

export interface SearchPage<T> {
  issues: T[];
  nextPageToken: string | null;
}

export interface SearchOptions {
  nextPageToken?: string | null;
  maxResults?: number;
  /** Fields to read (default every field, `*all`). */
  fields?: readonly string[];
}

/** POST /rest/api/3/search/jql, one page of `jql` asking for `fields` (and `expand`), validated with `schema`. */
async function searchPage<T extends { isLast?: boolean; nextPageToken?: string | null }>(
  ctx: JiraContext,
  operation: string,
  schema: z.ZodType<T>,
  request: { jql: string; fields: string[]; expand?: string; maxResults: number; nextPageToken?: string | null },
): Promise<{ page: T; nextPageToken: string | null }> {
  const { nextPageToken, ...rest } = request;
  const body = { ...rest, ...(nextPageToken ? { nextPageToken } : {}) };
  const response = await send(ctx, operation, route`/rest/api/3/search/jql`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  });
  const page = await readJson(operation, response, schema);
  return { page, nextPageToken: page.isLast === true ? null : (page.nextPageToken ?? null) };
}

/**
 * POST /rest/api/3/search/jql returning issues with `options.fields`, changelog and names, one page (≤ `maxResults`,
 * Jira caps it at 100 when fields are requested). Search embeds only the newest 40 histories and 20 comments of an
 * issue; `completeIssue` reads the missing older ones, so each issue is as complete as `getIssueForSla`'s.
 */
export async function searchIssuesForSla(ctx: JiraContext, jql: string, options: SearchOptions = {}): Promise<SearchPage<RawIssue>> {
  const { page, nextPageToken } = await searchPage(ctx, 'searchIssuesForSla', searchResultSchema, {
    jql,
    fields: [...(options.fields ?? [ISSUE_FIELDS])],
    expand: ISSUE_EXPAND,
    maxResults: options.maxResults ?? 100,
    nextPageToken: options.nextPageToken,
  });
  const issues: RawIssue[] = [];
  for (const issue of page.issues)
    issues.push(await completeIssue(ctx, issue.names || !page.names ? issue : { ...issue, names: page.names }));
  return { issues, nextPageToken };
}

/** POST /rest/api/3/search/jql asking for ids only (up to 5000 a page): the cheap first pass of the sweep. */
export async function searchIssueIds(ctx: JiraContext, jql: string, options: SearchOptions = {}): Promise<SearchPage<string>> {
  const { page, nextPageToken } = await searchPage(ctx, 'searchIssueIds', idOnlySearchSchema, {
    jql,
    fields: ['id'],
    maxResults: options.maxResults ?? 5000,
    nextPageToken: options.nextPageToken,
  });
  return { issues: page.issues.map((issue) => issue.id), nextPageToken };
}

/**
 * The JQL of issues due for re-evaluation: unresolved, and `SLA next check` (by field id) at or before now.
 *
 * @example
 * dueIssuesJql('customfield_10042') //=> 'cf[10042] <= now() AND resolution IS EMPTY ORDER BY cf[10042] ASC'
 */
export function dueIssuesJql(nextCheckFieldId: string): string {
  const cf = `cf[${nextCheckFieldId.replace(/^customfield_/, '')}]`;
  return `${cf} <= now() AND resolution IS EMPTY ORDER BY ${cf} ASC`;
}

/** All ids of issues due for re-evaluation (`dueIssuesJql`), following nextPageToken. */
export async function searchDueIssues(ctx: JiraContext, nextCheckFieldId: string): Promise<string[]> {
  return collectIssueIds(ctx, dueIssuesJql(nextCheckFieldId));
}

/** Every id matching `jql`, following nextPageToken. */
export async function collectIssueIds(ctx: JiraContext, jql: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const page: SearchPage<string> = await searchIssueIds(ctx, jql, { nextPageToken: token });
    ids.push(...page.issues);
    token = page.nextPageToken;
  } while (token);
  return ids;
}

const changelogPageSchema = z
  .object({
    values: z.array(z.unknown()).default([]),
    startAt: z.number().optional(),
    total: z.number().optional(),
    isLast: z.boolean().optional(),
  })
  .passthrough();

/** The most histories GET /issue/{key}/changelog answers per page (Jira caps `maxResults` at 100). */
export const CHANGELOG_PAGE_SIZE = 100;
/** The most comments GET /issue/{key}/comment answers per page (Jira caps `maxResults` at 100). */
export const COMMENT_PAGE_SIZE = 100;

/** GET /rest/api/3/issue/{key}/changelog, one page (oldest first, ≤ 100 histories from index `startAt`). */
export async function getChangelogPage(
  ctx: JiraContext,
  issueIdOrKey: string,
  startAt: number,
  maxResults: number = CHANGELOG_PAGE_SIZE,
): Promise<{ histories: unknown[]; total: number | null; isLast: boolean }> {
  const operation = 'getChangelogPage';
  const query = new URLSearchParams({
    startAt: String(startAt),
    maxResults: String(Math.min(CHANGELOG_PAGE_SIZE, Math.max(1, maxResults))),
  });
  const response = await send(ctx, operation, route`/rest/api/3/issue/${issueIdOrKey}/changelog?${query}`, {
    method: 'GET',
    headers: JSON_HEADERS,
  });
  const page = await readJson(operation, response, changelogPageSchema);
  const total = page.total ?? null;
  return { histories: page.values, total, isLast: page.isLast ?? (total === null || startAt + page.values.length >= total) };
}

const commentPageSchema = z
  .object({
    comments: z.array(z.unknown()).default([]),
    startAt: z.number().optional(),
    maxResults: z.number().optional(),
    total: z.number().optional(),
  })
  .passthrough();

/** GET /rest/api/3/issue/{key}/comment?orderBy=created, one page (oldest first, ≤ 100 comments from index `startAt`). */
export async function getCommentPage(
  ctx: JiraContext,
  issueIdOrKey: string,
  startAt: number,
  maxResults: number = COMMENT_PAGE_SIZE,
): Promise<{ comments: unknown[]; total: number | null }> {
  const operation = 'getCommentPage';
  const query = new URLSearchParams({
    startAt: String(startAt),
    maxResults: String(Math.min(COMMENT_PAGE_SIZE, Math.max(1, maxResults))),
    orderBy: 'created',
  });
  const response = await send(ctx, operation, route`/rest/api/3/issue/${issueIdOrKey}/comment?${query}`, {
    method: 'GET',
    headers: JSON_HEADERS,
  });
  const page = await readJson(operation, response, commentPageSchema);
  return { comments: page.comments, total: page.total ?? null };
}

/** The id of a history or comment (for merging what was embedded with what was paged), or null. */
function entryId(entry: unknown): string | null {
  return entry && typeof entry === 'object' && 'id' in entry && typeof entry.id === 'string' ? entry.id : null;
}

/** `older` then `newer`, each entry once (by id): pages and embeds may overlap when the issue changed in between. */
function mergeById(older: unknown[], newer: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const entry of [...older, ...newer]) {
    const id = entryId(entry);
    if (id !== null) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    out.push(entry);
  }
  return out;
}

/**
 * The issue with its whole changelog. Jira embeds only the newest histories (100 by GET issue, 40 by search;
 * `changelog.total` says how many exist); the clocks need every status change since creation, so the missing
 * oldest ones — indexes 0 … total − embedded − 1 of the oldest-first /changelog — are read, and nothing embedded is
 * read again. Costs no call when nothing is missing; ⌈missing / 100⌉ calls otherwise.
 *
 * @example
 * // 250 histories, 40 embedded: reads startAt 0 (100), 100 (100), 200 (10)
 */
export async function completeChangelog(ctx: JiraContext, issue: RawIssue): Promise<RawIssue> {
  const changelog = issue.changelog;
  const embedded = changelog?.histories ?? [];
  if (!changelog || changelog.total === undefined || embedded.length >= changelog.total) return issue;
  const missing = changelog.total - embedded.length;
  const older: unknown[] = [];
  while (older.length < missing) {
    const page = await getChangelogPage(ctx, issue.id, older.length, missing - older.length);
    older.push(...page.histories.slice(0, missing - older.length));
    if (page.histories.length === 0 || page.isLast) break;
  }
  const histories = mergeById(older, embedded);
  return { ...issue, changelog: { ...changelog, startAt: 0, maxResults: histories.length, total: histories.length, histories } };
}

const embeddedCommentsSchema = z.object({ comments: z.array(z.unknown()).default([]), total: z.number().optional() }).passthrough();

/**
 * The issue with every comment in `fields.comment`. Jira embeds only the newest comments (20 by search); the
 * first-response clock needs the oldest, so the missing ones — indexes 0 … total − embedded − 1 of the
 * created-ordered /comment — are read, never the embedded ones. When comments were deleted meanwhile (the total
 * Jira reports moved), every comment is read afresh. No call when nothing is missing.
 */
export async function completeComments(ctx: JiraContext, issue: RawIssue): Promise<RawIssue> {
  const parsed = embeddedCommentsSchema.safeParse(issue.fields.comment);
  if (!parsed.success || parsed.data.total === undefined) return issue;
  const embedded = parsed.data.comments;
  const total = parsed.data.total;
  if (embedded.length >= total) return issue;
  const missing = total - embedded.length;
  let older: unknown[] = [];
  let shifted = false;
  while (older.length < missing) {
    const page = await getCommentPage(ctx, issue.id, older.length, missing - older.length);
    if (page.total !== null && page.total !== total) {
      shifted = true;
      break;
    }
    older.push(...page.comments.slice(0, missing - older.length));
    if (page.comments.length === 0) break;
  }
  let comments: unknown[];
  if (shifted) {
    older = [];
    for (let startAt = 0; ;) {
      const page = await getCommentPage(ctx, issue.id, startAt);
      older.push(...page.comments);
      startAt += page.comments.length;
      if (page.comments.length === 0 || page.total === null || startAt >= page.total) break;
    }
    comments = older;
  } else {
    comments = mergeById(older, embedded);
  }
  const comment = {
    ...(issue.fields.comment as Record<string, unknown>),
    startAt: 0,
    maxResults: comments.length,
    total: comments.length,
    comments,
  };
  return { ...issue, fields: { ...issue.fields, comment } };
}

/** The issue with its whole changelog and every comment (`completeChangelog`, `completeComments`). */
export async function completeIssue(ctx: JiraContext, issue: RawIssue): Promise<RawIssue> {
  return completeComments(ctx, await completeChangelog(ctx, issue));
}

/** GET /rest/api/3/field — every field of the site (used to find the ids of the app's own fields). */
export async function getFields(ctx: JiraContext): Promise<JiraField[]> {
  const operation = 'getFields';
  const response = await send(ctx, operation, route`/rest/api/3/field`, { method: 'GET', headers: JSON_HEADERS });
  return readJson(operation, response, z.array(fieldSchema));
}

/**
 * GET /rest/api/3/mypermissions: which of `permissions` the caller holds (globally, or in a project / issue).
 *
 * @example
 * await getMyPermissions(userCtx, ['ADMINISTER']) //=> { ADMINISTER: false }
 */
export async function getMyPermissions(
  ctx: JiraContext,
  permissions: string[],
  where: { projectKey?: string; issueKey?: string } = {},
): Promise<Record<string, boolean>> {
  const operation = 'getMyPermissions';
  const query = new URLSearchParams({ permissions: permissions.join(',') });
  if (where.projectKey) query.set('projectKey', where.projectKey);
  if (where.issueKey) query.set('issueKey', where.issueKey);
  const response = await send(ctx, operation, route`/rest/api/3/mypermissions?${query}`, { method: 'GET', headers: JSON_HEADERS });
  const body = await readJson(operation, response, permissionsSchema);
  return Object.fromEntries(permissions.map((key) => [key, body.permissions[key]?.havePermission === true]));
}

export interface AppFieldUpdate {
  customField: string;
  issueIds: number[];
  value: string | number | null;
}

/** Jira accepts many updates per request; larger sets are split so one request stays a reasonable size. */
export const MAX_UPDATES_PER_REQUEST = 200;

export interface AppFieldWriteOptions {
  /**
   * Whether Jira records the change in each issue's history (default false). It is a flag of the whole request:
   * values that must fire automation's "Field value changed" trigger go in a request of their own.
   */
  generateChangelog?: boolean;
}

/**
 * POST /rest/api/3/app/field/value?generateChangelog=…: writes app-owned field values for many issues at once.
 * Returns the number of requests made (0 when `updates` is empty). Jira applies a request all or nothing: one bad
 * update refuses it with 400 (`JiraBadRequest`) or, for a field that does not exist, 404 (`JiraNotFound`); the
 * error's message carries Jira's error collection. `writeFieldChanges` (./field-writes) isolates such an update.
 */
export async function writeAppFieldValues(
  ctx: JiraContext,
  updates: AppFieldUpdate[],
  options: AppFieldWriteOptions = {},
): Promise<number> {
  const operation = 'writeAppFieldValues';
  let requests = 0;
  for (let start = 0; start < updates.length; start += MAX_UPDATES_PER_REQUEST) {
    const chunk = updates.slice(start, start + MAX_UPDATES_PER_REQUEST);
    const query = new URLSearchParams({ generateChangelog: options.generateChangelog === true ? 'true' : 'false' });
    await send(ctx, operation, route`/rest/api/3/app/field/value?${query}`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ updates: chunk }),
    });
    requests += 1;
  }
  return requests;
}

/** GET /rest/api/3/project/search, every page: the projects the caller can see. */
export async function listProjects(ctx: JiraContext): Promise<Array<{ id: string; key: string; name: string }>> {
  const operation = 'listProjects';
  const projects: Array<{ id: string; key: string; name: string }> = [];
  for (let startAt = 0; ;) {
    const query = new URLSearchParams({ startAt: String(startAt), maxResults: '50' });
    const response = await send(ctx, operation, route`/rest/api/3/project/search?${query}`, { method: 'GET', headers: JSON_HEADERS });
    const page = await readJson(operation, response, projectPageSchema);
    projects.push(...page.values.map(({ id, key, name }) => ({ id, key, name })));
    if (page.isLast !== false || page.values.length === 0) return projects;
    startAt += page.values.length;
  }
}
