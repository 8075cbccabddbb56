/**
 * The two Jira writes of an escalation notice: the e-mail (`POST /rest/api/3/issue/{issueIdOrKey}/notify`) and the
 * internal comment that records it (`POST …/comment` with JSM's `sd.public.comment` property `{internal: true}`, so
 * customers never see it). Neither is sent again after a network error (Jira may have acted on it); 429 and 5xx
 * answers, which Jira did not act on, are retried as every call is (./jira-client).
 */
import { route } from '@forge/api';
import { JSON_HEADERS, send, type JiraContext } from './jira-client';

/** The recipients of an e-mail: accounts and groups by name (Jira's NotificationRecipients). */
export interface NotifyRecipients {
  accountIds: readonly string[];
  groups: readonly string[];
}

function once(ctx: JiraContext): JiraContext {
  return { ...ctx, retry: { ...ctx.retry, retryNetworkErrors: false } };
}

/**
 * E-mails `to` about an issue; only people who may browse the issue receive it (`restrict: BROWSE`).
 *
 * @example
 * await notifyIssue(ctx, '10001', { subject: 'SUP-1 escalated', textBody: '…', to: { accountIds: ['5b10…'], groups: [] } }) // 204
 */
export async function notifyIssue(
  ctx: JiraContext,
  issueIdOrKey: string,
  message: { subject: string; textBody: string; to: NotifyRecipients },
): Promise<void> {
  const body = {
    subject: message.subject,
    textBody: message.textBody,
    to: {
      users: message.to.accountIds.map((accountId) => ({ accountId })),
      groups: message.to.groups.map((name) => ({ name })),
      reporter: false,
      assignee: false,
      watchers: false,
      voters: false,
    },
    restrict: { permissions: [{ key: 'BROWSE' }] },
  };
  await send(once(ctx), 'notifyIssue', route`/rest/api/3/issue/${issueIdOrKey}/notify`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  });
}

/** A plain-text paragraph list as an Atlassian Document (one paragraph a line). */
export function adfParagraphs(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({ type: 'paragraph', content: line === '' ? [] : [{ type: 'text', text: line }] })),
  };
}

/**
 * Adds an internal (agents-only) comment to an issue.
 *
 * @example
 * await addInternalComment(ctx, '10001', 'SLA Ladder: level 2 reached…') // 201, jsdPublic false
 */
export async function addInternalComment(ctx: JiraContext, issueIdOrKey: string, text: string): Promise<void> {
  await send(once(ctx), 'addInternalComment', route`/rest/api/3/issue/${issueIdOrKey}/comment`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ body: adfParagraphs(text), properties: [{ key: 'sd.public.comment', value: { internal: true } }] }),
  });
}
