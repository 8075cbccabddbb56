/** The resolver error boundary: each error a resolver can throw, and the code and message the UI gets for it. */
import { NeedsAuthenticationError } from '@forge/api';
import { InternalServerError, RateLimitError } from '@forge/events';
import { ForgeKvsAPIError } from '@forge/kvs';
import {
  JiraBadRequest,
  JiraForbidden,
  JiraInvalidResponse,
  JiraNotFound,
  JiraRateLimited,
  JiraUnavailable,
} from '../../src/forge/jira-errors';
import { resolverErrorOf } from '../../src/forge/resolver-errors';

const kvsRefusal = (status: number, code: string) =>
  new ForgeKvsAPIError(
    { status, statusText: '', traceId: 't', httpMethod: 'POST', httpPath: '/api/v1/get', responseBodyLength: 0 } as never,
    { code, message: 'refused' } as never,
  );

const busy = 'Forge storage or queues are busy for this site (a per-minute quota). Try again in a minute.';

describe('resolverErrorOf', () => {
  it.each([
    ['JiraNotFound', new JiraNotFound('getIssueForSla'), 'NOT_FOUND', 'Not found, or you do not have permission to see it.'],
    ['JiraForbidden', new JiraForbidden('listProjects', 403), 'FORBIDDEN', 'Jira refused the request: permission denied.'],
    [
      'JiraBadRequest',
      new JiraBadRequest('search', 'bad jql'),
      'JIRA_ERROR',
      'Jira request failed (JIRA_BAD_REQUEST). Try again in a moment.',
    ],
    [
      'JiraRateLimited',
      new JiraRateLimited('search', 1_000),
      'JIRA_ERROR',
      'Jira request failed (JIRA_RATE_LIMITED). Try again in a moment.',
    ],
    [
      'JiraUnavailable',
      new JiraUnavailable('search', 503, 'down'),
      'JIRA_ERROR',
      'Jira request failed (JIRA_UNAVAILABLE). Try again in a moment.',
    ],
    [
      'JiraInvalidResponse',
      new JiraInvalidResponse('search', 'no issues'),
      'JIRA_ERROR',
      'Jira request failed (JIRA_INVALID_RESPONSE). Try again in a moment.',
    ],
    ['RateLimitError (queue push quota)', new RateLimitError('Too many requests.'), 'JIRA_ERROR', busy],
    ['InternalServerError (queue)', new InternalServerError('down', 500, 'x'), 'JIRA_ERROR', busy],
    ['ForgeKvsAPIError 429', kvsRefusal(429, 'RATE_LIMIT_EXCEEDED'), 'JIRA_ERROR', busy],
    ['ForgeKvsAPIError 503', kvsRefusal(503, 'SERVICE_UNAVAILABLE'), 'JIRA_ERROR', busy],
  ])('%s → %s', (_name, error, code, message) => {
    expect(resolverErrorOf(error)).toEqual({ ok: false, code, message });
  });

  it.each([
    ['NeedsAuthenticationError (the platform shows the consent prompt)', new NeedsAuthenticationError('Authentication Required', 'k')],
    ['a bug (TypeError)', new TypeError('x is undefined')],
    ['ForgeKvsAPIError 400 (a request the store refuses: a bug)', kvsRefusal(400, 'BAD_REQUEST')],
    ['a thrown string', 'oops'],
  ])('lets %s escape (null)', (_name, error) => {
    expect(resolverErrorOf(error)).toBeNull();
  });
});
