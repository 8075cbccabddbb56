/**
 * The resolver error boundary: the one mapping from an error thrown inside a resolver to the stable code and
 * message the UI shows. Every resolver runs inside it (resolverOf in resolvers.ts).
 */
import type { ResolverError } from '../contracts/resolvers';
import { isJiraError, JiraForbidden, JiraNotFound } from './jira-errors';
import { platformRefusal } from './platform-retry';
import { needsUserConsent } from './user-consent';

/** A resolver error with `code` and `message` (and `problems` when given). */
export function resolverFailure(code: ResolverError['code'], message: string, problems?: ResolverError['problems']): ResolverError {
  return { ok: false, code, message, ...(problems ? { problems } : {}) };
}

/**
 * The answer for an error a resolver threw, or null when the error must escape to the platform: Forge's consent
 * refusal (the platform then shows the user Jira's "Allow access" prompt, see user-consent.ts) and anything
 * unexpected (a bug: Forge logs it, and the UI's bridge call fails, which static/shared/api.ts shows as JIRA_ERROR).
 *
 * @example
 * resolverErrorOf(new JiraNotFound('getIssueForSla'))
 * //=> { ok: false, code: 'NOT_FOUND', message: 'Not found, or you do not have permission to see it.' }
 * resolverErrorOf(new TypeError('x is undefined')) //=> null
 */
export function resolverErrorOf(error: unknown): ResolverError | null {
  if (needsUserConsent(error)) return null;
  if (error instanceof JiraNotFound) return resolverFailure('NOT_FOUND', 'Not found, or you do not have permission to see it.');
  if (error instanceof JiraForbidden) return resolverFailure('FORBIDDEN', 'Jira refused the request: permission denied.');
  if (isJiraError(error)) return resolverFailure('JIRA_ERROR', `Jira request failed (${error.code}). Try again in a moment.`);
  if (platformRefusal(error) !== null)
    return resolverFailure('JIRA_ERROR', 'Forge storage or queues are busy for this site (a per-minute quota). Try again in a minute.');
  return null;
}
