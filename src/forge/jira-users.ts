/**
 * Jira's user endpoints for the escalation directory (scope `read:jira-user`): names and avatars of a rung
 * (`GET /rest/api/3/user/bulk`), the admin page's picker (`GET /rest/api/3/user/search`) and a person's groups
 * (`GET /rest/api/3/user/groups`). Responses are validated with zod; only what the app shows is kept.
 */
import { route } from '@forge/api';
import * as z from 'zod';
import type { PersonDto } from '../contracts/ladder-resolvers';
import { JSON_HEADERS, readJson, send, type JiraContext } from './jira-client';

const userSchema = z
  .object({
    accountId: z.string(),
    displayName: z.string().optional(),
    avatarUrls: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

const userPageSchema = z.object({ values: z.array(userSchema).default([]), isLast: z.boolean().optional() }).passthrough();

/** GET /user/bulk answers at most this many users a page; a rung has at most 2 × 50 people. */
const BULK_PAGE = 200;

function toPerson(user: z.infer<typeof userSchema>): PersonDto {
  return { accountId: user.accountId, displayName: user.displayName ?? user.accountId, avatarUrl: user.avatarUrls?.['48x48'] ?? null };
}

/**
 * The people behind `accountIds`, in the order given; an account Jira does not return (deleted, or hidden from the
 * caller) keeps its id as its name and no avatar.
 *
 * @example
 * await usersByAccountId(ctx, ['5b10ac8d82e05b22cc7d4ef5']) //=> [{ accountId: '5b10…', displayName: 'Ada Lovelace', avatarUrl: 'https://…' }]
 */
export async function usersByAccountId(ctx: JiraContext, accountIds: readonly string[]): Promise<PersonDto[]> {
  const found = await knownUsers(ctx, accountIds);
  return accountIds.map((accountId) => found.get(accountId) ?? { accountId, displayName: accountId, avatarUrl: null });
}

/**
 * The accounts among `accountIds` that Jira knows (and shows the caller), by account id: what tells a registered
 * person picked from the search from an id Jira has never heard of.
 * @example (await knownUsers(ctx, ['agent', 'nobody'])).has('nobody') //=> false
 */
export async function knownUsers(ctx: JiraContext, accountIds: readonly string[]): Promise<Map<string, PersonDto>> {
  const unique = [...new Set(accountIds)];
  const found = new Map<string, PersonDto>();
  for (let start = 0; start < unique.length; start += BULK_PAGE) {
    const query = new URLSearchParams({ maxResults: String(BULK_PAGE) });
    for (const accountId of unique.slice(start, start + BULK_PAGE)) query.append('accountId', accountId);
    const response = await send(ctx, 'usersByAccountId', route`/rest/api/3/user/bulk?${query}`, { method: 'GET', headers: JSON_HEADERS });
    for (const user of (await readJson('usersByAccountId', response, userPageSchema)).values) found.set(user.accountId, toPerson(user));
  }
  return found;
}

/** Up to 20 people matching `text` (name or e-mail prefix), for the admin page's picker. */
export async function searchJiraUsers(ctx: JiraContext, text: string): Promise<PersonDto[]> {
  const query = new URLSearchParams({ query: text, maxResults: '20' });
  const response = await send(ctx, 'searchJiraUsers', route`/rest/api/3/user/search?${query}`, { method: 'GET', headers: JSON_HEADERS });
  return (await readJson('searchJiraUsers', response, z.array(userSchema))).map(toPerson);
}

/** The names of the groups `accountId` belongs to. */
export async function groupsOfUser(ctx: JiraContext, accountId: string): Promise<string[]> {
  const query = new URLSearchParams({ accountId });
  const response = await send(ctx, 'groupsOfUser', route`/rest/api/3/user/groups?${query}`, { method: 'GET', headers: JSON_HEADERS });
  return (await readJson('groupsOfUser', response, z.array(z.object({ name: z.string().optional() }).passthrough()))).flatMap((group) =>
    group.name ? [group.name] : [],
  );
}
