/**
 * The Jira REST client against a scripted fake fetch: retries with backoff on 5xx and network errors, Retry-After
 * on 429, typed errors with stable codes, zod validation of responses, and the budget bound on retries.
 */
import type { APIResponse, Route } from '@forge/api';
import { startBudget } from '../../src/forge/clock';
import {
  backoffDelay,
  completeChangelog,
  completeComments,
  DEFAULT_RETRY_POLICY,
  dueIssuesJql,
  getFields,
  getIssueForSla,
  getMyPermissions,
  INVOCATION_RESERVE_MS,
  invocationBudgetMs,
  listProjects,
  parseRetryAfter,
  searchDueIssues,
  writeAppFieldValues,
  type JiraContext,
} from '../../src/forge/jira-client';
import {
  JiraBadRequest,
  JiraForbidden,
  JiraInvalidResponse,
  JiraNotFound,
  JiraRateLimited,
  JiraUnavailable,
} from '../../src/forge/jira-errors';

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function response(status: number, body: unknown, headers: Record<string, string> = {}): APIResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: { get: (name: string) => lower[name.toLowerCase()] ?? null } as APIResponse['headers'],
    json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
    text: async () => (typeof body === 'string' ? body : JSON.stringify(body ?? '')),
    arrayBuffer: async () => new ArrayBuffer(0),
  };
}

function scripted(script: Scripted[], budgetMs = 60_000) {
  const requests: Array<{ path: string; method: string; body: unknown }> = [];
  const sleeps: number[] = [];
  const ctx: JiraContext = {
    budget: startBudget(budgetMs),
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    fetch: async (path: Route, init) => {
      requests.push({ path: path.value, method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const next = script.shift();
      if (next === undefined) throw new Error('fake fetch: script exhausted');
      if (next instanceof Error) throw next;
      return response(next.status, next.body, next.headers);
    },
  };
  return { ctx, requests, sleeps };
}

const issue = { id: '10001', key: 'SUP-1', fields: { summary: 'x', project: { key: 'SUP' } }, names: { summary: 'Summary' } };

describe('getIssueForSla', () => {
  it('reads fields, changelog and names in one request', async () => {
    const { ctx, requests } = scripted([{ status: 200, body: issue }]);
    await expect(getIssueForSla(ctx, 'SUP-1')).resolves.toMatchObject({ key: 'SUP-1' });
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.path, 'https://x');
    expect(url.pathname).toBe('/rest/api/3/issue/SUP-1');
    expect(url.searchParams.get('fields')).toBe('*all');
    expect(url.searchParams.get('expand')).toBe('changelog,names');
  });

  it('retries 5xx and network errors with growing, jittered, capped delays, then succeeds', async () => {
    const { ctx, requests, sleeps } = scripted([
      { status: 503 },
      new Error('socket hang up'),
      { status: 502 },
      { status: 200, body: issue },
    ]);
    await expect(getIssueForSla(ctx, 'SUP-1')).resolves.toMatchObject({ id: '10001' });
    expect(requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
    expect(sleeps[2]!).toBeGreaterThan(sleeps[1]!);
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('gives up after maxAttempts with JiraUnavailable (retryable, stable code)', async () => {
    const { ctx, requests } = scripted(Array.from({ length: 10 }, () => ({ status: 500 })));
    const error = await getIssueForSla(ctx, 'SUP-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraUnavailable);
    expect(error).toMatchObject({ code: 'JIRA_UNAVAILABLE', retryable: true, status: 500 });
    expect(requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('waits exactly Retry-After on 429 and then succeeds', async () => {
    const { ctx, sleeps } = scripted([
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 200, body: issue },
    ]);
    await getIssueForSla(ctx, 'SUP-1');
    expect(sleeps).toEqual([2000]);
  });

  it('does not sleep past the budget: a long Retry-After surfaces as JiraRateLimited with retryAfterMs', async () => {
    const { ctx, requests, sleeps } = scripted([{ status: 429, headers: { 'Retry-After': '120' } }], 10_000);
    const error = await getIssueForSla(ctx, 'SUP-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraRateLimited);
    expect((error as JiraRateLimited).retryAfterMs).toBe(120_000);
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('maps 404, 403 and 400 to typed errors without retrying', async () => {
    for (const [status, type, code] of [
      [404, JiraNotFound, 'JIRA_NOT_FOUND'],
      [403, JiraForbidden, 'JIRA_FORBIDDEN'],
      [401, JiraForbidden, 'JIRA_FORBIDDEN'],
      [400, JiraBadRequest, 'JIRA_BAD_REQUEST'],
    ] as const) {
      const { ctx, requests } = scripted([
        { status, body: { errorMessages: ['no'] } },
        { status: 200, body: issue },
      ]);
      const error = await getIssueForSla(ctx, 'SUP-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ code, retryable: false });
      expect(requests).toHaveLength(1);
    }
  });

  it('rejects a 200 whose body is not an issue with JiraInvalidResponse naming the path', async () => {
    const { ctx } = scripted([{ status: 200, body: { key: 'SUP-1', fields: {} } }]);
    const error = await getIssueForSla(ctx, 'SUP-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraInvalidResponse);
    expect((error as Error).message).toContain('id');
  });
});

describe('other operations', () => {
  it('searchDueIssues posts the due JQL and follows nextPageToken until the last page', async () => {
    const { ctx, requests } = scripted([
      { status: 200, body: { issues: [{ id: '1' }, { id: '2' }], nextPageToken: 'p2' } },
      { status: 200, body: { issues: [{ id: '3' }], isLast: true } },
    ]);
    await expect(searchDueIssues(ctx, 'customfield_10042')).resolves.toEqual(['1', '2', '3']);
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/rest/api/3/search/jql'],
      ['POST', '/rest/api/3/search/jql'],
    ]);
    expect(requests[0]!.body).toMatchObject({ jql: dueIssuesJql('customfield_10042'), fields: ['id'] });
    expect(requests[1]!.body).toMatchObject({ nextPageToken: 'p2' });
    expect(dueIssuesJql('customfield_10042')).toBe('cf[10042] <= now() AND resolution IS EMPTY ORDER BY cf[10042] ASC');
  });

  it('getMyPermissions answers per requested key, false when absent', async () => {
    const { ctx, requests } = scripted([
      { status: 200, body: { permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: true } } } },
    ]);
    await expect(getMyPermissions(ctx, ['ADMINISTER', 'BROWSE_PROJECTS'])).resolves.toEqual({ ADMINISTER: true, BROWSE_PROJECTS: false });
    expect(new URL(requests[0]!.path, 'https://x').searchParams.get('permissions')).toBe('ADMINISTER,BROWSE_PROJECTS');
  });

  it('writeAppFieldValues sends nothing for no updates and splits very large sets', async () => {
    const none = scripted([]);
    await expect(writeAppFieldValues(none.ctx, [])).resolves.toBe(0);
    expect(none.requests).toHaveLength(0);
    const updates = Array.from({ length: 250 }, (_, i) => ({ customField: 'customfield_1', issueIds: [i], value: `v${i}` }));
    const many = scripted([{ status: 204 }, { status: 204 }]);
    await expect(writeAppFieldValues(many.ctx, updates)).resolves.toBe(2);
    expect(many.requests[0]!.path).toBe('/rest/api/3/app/field/value?generateChangelog=false');
    expect((many.requests[0]!.body as { updates: unknown[] }).updates).toHaveLength(200);
    expect((many.requests[1]!.body as { updates: unknown[] }).updates).toHaveLength(50);
    const logged = scripted([{ status: 204 }]);
    await expect(writeAppFieldValues(logged.ctx, updates.slice(0, 1), { generateChangelog: true })).resolves.toBe(1);
    expect(logged.requests[0]!.path).toBe('/rest/api/3/app/field/value?generateChangelog=true');
  });

  it("writeAppFieldValues surfaces a refused request with Jira's error collection in the message (400 and 404)", async () => {
    const updates = [{ customField: 'customfield_1', issueIds: [1], value: 'x' }];
    const refused = scripted([
      { status: 400, body: { errorMessages: ['Issue 1 does not exist or you do not have permission to see it.'], errors: {} } },
      { status: 404, body: { errorMessages: ['The custom field customfield_1 was not found.'], errors: {} } },
    ]);
    const bad = await writeAppFieldValues(refused.ctx, updates).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(JiraBadRequest);
    expect((bad as Error).message).toMatch(/Issue 1 does not exist/);
    const gone = await writeAppFieldValues(refused.ctx, updates).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(JiraNotFound);
    expect((gone as Error).message).toMatch(/customfield_1 was not found/);
    expect(refused.requests).toHaveLength(2);
  });

  it('getFields and listProjects validate and page', async () => {
    const { ctx } = scripted([
      { status: 200, body: [{ id: 'summary', name: 'Summary' }] },
      { status: 200, body: { values: [{ id: '1', key: 'A', name: 'Alpha' }], isLast: false, startAt: 0 } },
      { status: 200, body: { values: [{ id: '2', key: 'B', name: 'Beta' }], isLast: true, startAt: 1 } },
    ]);
    await expect(getFields(ctx)).resolves.toEqual([{ id: 'summary', name: 'Summary' }]);
    await expect(listProjects(ctx)).resolves.toEqual([
      { id: '1', key: 'A', name: 'Alpha' },
      { id: '2', key: 'B', name: 'Beta' },
    ]);
  });
});

describe('retry arithmetic', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('backoff doubles up to the cap with jitter within [d/2, d]', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});

describe('completeChangelog', () => {
  it('costs nothing when the embedded changelog is complete', async () => {
    const { ctx, requests } = scripted([]);
    const complete = { ...issue, changelog: { histories: [{ id: '1' }], total: 1, maxResults: 100 } };
    await expect(completeChangelog(ctx, complete)).resolves.toBe(complete);
    expect(requests).toHaveLength(0);
  });

  it('reads only the missing oldest histories of a truncated changelog, never the embedded ones again', async () => {
    const { ctx, requests } = scripted([
      { status: 200, body: { values: [{ id: 'h1' }, { id: 'h2' }], startAt: 0, total: 3, isLast: false } },
    ]);
    const truncated = { ...issue, changelog: { histories: [{ id: 'h3' }], total: 3, maxResults: 1 } };
    const full = await completeChangelog(ctx, truncated);
    expect(full.changelog?.histories).toEqual([{ id: 'h1' }, { id: 'h2' }, { id: 'h3' }]);
    expect(full.changelog?.total).toBe(3);
    const url = new URL(requests[0]!.path, 'https://x');
    expect(requests).toHaveLength(1);
    expect(url.pathname).toBe('/rest/api/3/issue/10001/changelog');
    expect([url.searchParams.get('startAt'), url.searchParams.get('maxResults')]).toEqual(['0', '2']);
  });

  it.each([
    {
      total: 250,
      embedded: 40,
      pages: [
        ['0', '100'],
        ['100', '100'],
        ['200', '10'],
      ],
    },
    {
      total: 141,
      embedded: 40,
      pages: [
        ['0', '100'],
        ['100', '1'],
      ],
    },
    { total: 100, embedded: 100, pages: [] },
  ])('pages $total histories with $embedded embedded in ranges of at most 100', async ({ total, embedded, pages }) => {
    const all = Array.from({ length: total }, (_, i) => ({ id: `h${i}` }));
    const script: Scripted[] = pages.map(([startAt, max]) => ({
      status: 200,
      body: { values: all.slice(Number(startAt), Number(startAt) + Number(max)), startAt: Number(startAt), total, isLast: false },
    }));
    const { ctx, requests } = scripted(script);
    const newestFirst = all.slice(total - embedded).reverse();
    const full = await completeChangelog(ctx, { ...issue, changelog: { histories: newestFirst, total, maxResults: 40 } });
    expect(
      requests.map((r) => {
        const u = new URL(r.path, 'https://x');
        return [u.searchParams.get('startAt'), u.searchParams.get('maxResults')];
      }),
    ).toEqual(pages);
    expect(new Set((full.changelog?.histories as Array<{ id: string }>).map((h) => h.id))).toEqual(new Set(all.map((h) => h.id)));
  });
});

describe('completeComments', () => {
  const withComments = (comments: unknown[], total: number) => ({
    ...issue,
    fields: { ...issue.fields, comment: { comments, total, maxResults: 20, startAt: total - comments.length } },
  });

  it('costs nothing when every comment is embedded', async () => {
    const { ctx, requests } = scripted([]);
    const complete = withComments([{ id: 'c1' }], 1);
    await expect(completeComments(ctx, complete)).resolves.toBe(complete);
    expect(requests).toHaveLength(0);
  });

  it('reads only the missing oldest comments, oldest first, and keeps them before the embedded newest', async () => {
    const { ctx, requests } = scripted([
      { status: 200, body: { comments: [{ id: 'c1' }, { id: 'c2' }], startAt: 0, maxResults: 2, total: 4 } },
    ]);
    const full = await completeComments(ctx, withComments([{ id: 'c3' }, { id: 'c4' }], 4));
    expect((full.fields.comment as { comments: unknown[] }).comments).toEqual([{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }, { id: 'c4' }]);
    const url = new URL(requests[0]!.path, 'https://x');
    expect(url.pathname).toBe('/rest/api/3/issue/10001/comment');
    expect([url.searchParams.get('startAt'), url.searchParams.get('maxResults'), url.searchParams.get('orderBy')]).toEqual([
      '0',
      '2',
      'created',
    ]);
  });

  it('reads every comment afresh when one was deleted between the two reads', async () => {
    const { ctx, requests } = scripted([
      { status: 200, body: { comments: [{ id: 'c2' }, { id: 'c3' }], startAt: 0, maxResults: 2, total: 3 } },
      { status: 200, body: { comments: [{ id: 'c2' }, { id: 'c3' }, { id: 'c4' }], startAt: 0, maxResults: 100, total: 3 } },
    ]);
    const full = await completeComments(ctx, withComments([{ id: 'c3' }, { id: 'c4' }], 4));
    expect((full.fields.comment as { comments: unknown[] }).comments).toEqual([{ id: 'c2' }, { id: 'c3' }, { id: 'c4' }]);
    expect(requests).toHaveLength(2);
  });
});

describe('rate limits (429 with Retry-After)', () => {
  const limited = (seconds: number): Scripted => ({ status: 429, headers: { 'Retry-After': String(seconds) } });

  it.each([
    { name: 'waits out short Retry-Afters and succeeds', script: [limited(2), limited(3)], waits: [2_000, 3_000], ok: true },
    { name: 'fails at once when Jira asks for more than the longest single wait', script: [limited(11)], waits: [], ok: false },
    { name: 'fails once the waits would pass the invocation wait budget', script: [limited(8), limited(8)], waits: [8_000], ok: false },
  ])('$name', async ({ script, waits, ok }) => {
    const { ctx, sleeps } = scripted([...script, { status: 200, body: issue }]);
    const read = getIssueForSla(ctx, 'SUP-1');
    if (ok) await expect(read).resolves.toMatchObject({ key: 'SUP-1' });
    else await expect(read).rejects.toBeInstanceOf(JiraRateLimited);
    expect(sleeps).toEqual(waits);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.rateLimitWaitBudgetMs);
  });

  it('shares the wait budget between the calls of one invocation', async () => {
    const { ctx, sleeps } = scripted([limited(9), { status: 200, body: issue }, limited(9), { status: 200, body: issue }]);
    await expect(getIssueForSla(ctx, 'SUP-1')).resolves.toMatchObject({ key: 'SUP-1' });
    const second = getIssueForSla(ctx, 'SUP-1');
    await expect(second).rejects.toMatchObject({ code: 'JIRA_RATE_LIMITED', retryAfterMs: 9_000 });
    expect(sleeps).toEqual([9_000]);
  });
});

describe('invocationBudgetMs', () => {
  const runtime = globalThis as unknown as { __forge_runtime__?: unknown };
  afterEach(() => {
    delete runtime.__forge_runtime__;
  });

  it('is the preferred budget outside a Forge invocation', () => {
    expect(invocationBudgetMs(20_000)).toBe(20_000);
  });

  it('never exceeds what the platform says is left, minus the reserve', () => {
    runtime.__forge_runtime__ = {
      appContext: {
        appId: 'a',
        environmentId: 'e',
        installationId: 'i',
        invocationId: 'x',
        moduleKey: 'm',
        appVersion: '1',
        environmentType: 'DEVELOPMENT',
      },
      lambdaContext: { getRemainingTimeInMillis: () => 10_000 },
    };
    expect(invocationBudgetMs(20_000)).toBe(10_000 - INVOCATION_RESERVE_MS);
    expect(invocationBudgetMs(5_000)).toBe(5_000);
  });
});
