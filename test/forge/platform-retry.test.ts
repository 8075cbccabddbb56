/** Jira failures that outlived the client's retries, mapped to Forge redeliveries. */
import { JiraBadRequest, JiraRateLimited, JiraUnavailable } from '../../src/forge/jira-errors';
import { platformRetryFor, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../src/forge/platform-retry';

describe('platformRetryFor', () => {
  it('maps rate limits to their Retry-After (whole seconds, at least 1), outages to a fixed delay, others to null', () => {
    expect(platformRetryFor(new JiraRateLimited('op', 12_500))).toMatchObject({
      _retry: true,
      retryOptions: { retryAfter: 13, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED' },
    });
    expect(platformRetryFor(new JiraRateLimited('op', 10))).toMatchObject({ retryOptions: { retryAfter: 1 } });
    expect(platformRetryFor(new JiraUnavailable('op', 503, 'down'))).toMatchObject({
      retryOptions: { retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS, retryReason: 'FUNCTION_RETRY_REQUEST' },
    });
    expect(platformRetryFor(new JiraBadRequest('op', 'bad jql'))).toBeNull();
    expect(platformRetryFor(new Error('bug'))).toBeNull();
  });
});
