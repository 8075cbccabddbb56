/**
 * Turns a Jira failure that outlived the client's own retries into Forge's InvocationError, so the platform
 * redelivers the event later (triggers and queue consumers). Non-retryable errors yield null.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { isJiraError, JiraRateLimited } from './jira-errors';

/** Seconds before a redelivery after Jira was unavailable (5xx or network) through every in-invocation retry. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

/**
 * The InvocationError to return for `error`, or null when retrying cannot help.
 *
 * @example
 * platformRetryFor(new JiraRateLimited('getIssueForSla', 12_500))?.retryOptions.retryAfter //=> 13
 */
export function platformRetryFor(error: unknown): InvocationError | null {
  if (!isJiraError(error) || !error.retryable) return null;
  if (error instanceof JiraRateLimited) {
    return new InvocationError({
      retryAfter: Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
      retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
    });
  }
  return new InvocationError({ retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
}
