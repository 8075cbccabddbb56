/**
 * Turns a failure that outlived the invocation's own retries into Forge's InvocationError, so the platform
 * redelivers the event later (triggers and queue consumers): Jira rate limits and outages, and refusals by Forge's
 * own storage and queue quotas (per-installation, per-minute: worth trying again a minute later). Errors that
 * retrying cannot cure yield null.
 */
import { InvocationError, InvocationErrorCode, InternalServerError, RateLimitError } from '@forge/events';
import { ForgeKvsAPIError } from '@forge/kvs';
import { SqlUnavailable } from './forge-sql';
import { isJiraError, JiraRateLimited } from './jira-errors';

/** Seconds before a redelivery after Jira was unavailable (5xx or network) through every in-invocation retry. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;
/** Seconds before a redelivery after a Forge storage or queue quota refused a request (the quotas are per minute). */
export const PLATFORM_QUOTA_RETRY_AFTER_SECONDS = 60;

/**
 * Which Forge platform refusal `error` is, or null: `quota` for KVS 429 RATE_LIMIT_EXCEEDED and the queue's
 * RateLimitError, `unavailable` for KVS 5xx and the queue's InternalServerError.
 *
 * @example
 * platformRefusal(new RateLimitError('Too many requests.')) //=> 'quota'
 * platformRefusal(new Error('bug')) //=> null
 */
export function platformRefusal(error: unknown): 'quota' | 'unavailable' | null {
  if (error instanceof RateLimitError) return 'quota';
  if (error instanceof InternalServerError) return 'unavailable';
  if (error instanceof SqlUnavailable) return error.status === 429 ? 'quota' : 'unavailable';
  if (error instanceof ForgeKvsAPIError) {
    const status = error.responseDetails.status;
    if (status === 429 || error.code === 'RATE_LIMIT_EXCEEDED') return 'quota';
    if (status >= 500) return 'unavailable';
  }
  return null;
}

/**
 * The InvocationError to return for `error`, or null when retrying cannot help.
 *
 * @example
 * platformRetryFor(new JiraRateLimited('getIssueForSla', 12_500))?.retryOptions.retryAfter //=> 13
 */
export function platformRetryFor(error: unknown): InvocationError | null {
  const refusal = platformRefusal(error);
  if (refusal !== null) {
    return new InvocationError({
      retryAfter: refusal === 'quota' ? PLATFORM_QUOTA_RETRY_AFTER_SECONDS : UNAVAILABLE_RETRY_AFTER_SECONDS,
      retryReason: refusal === 'quota' ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  }
  if (!isJiraError(error) || !error.retryable) return null;
  if (error instanceof JiraRateLimited) {
    return new InvocationError({
      retryAfter: Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
      retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
    });
  }
  return new InvocationError({ retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
}
