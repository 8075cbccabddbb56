/**
 * Errors of the Jira REST client. Every error has a stable `code` (logged, and mapped to resolver errors and
 * Forge retries); `retryable` says whether the same call may succeed later.
 */
export type JiraErrorCode =
  'JIRA_NOT_FOUND' | 'JIRA_FORBIDDEN' | 'JIRA_BAD_REQUEST' | 'JIRA_RATE_LIMITED' | 'JIRA_UNAVAILABLE' | 'JIRA_INVALID_RESPONSE';

export class JiraError extends Error {
  readonly code: JiraErrorCode;
  readonly operation: string;
  readonly status: number | null;
  readonly retryable: boolean;
  constructor(code: JiraErrorCode, operation: string, status: number | null, message: string, retryable: boolean) {
    super(`${operation}: ${message}`);
    this.name = new.target.name;
    this.code = code;
    this.operation = operation;
    this.status = status;
    this.retryable = retryable;
  }
}

/** 404: the issue (or field) does not exist, or the caller may not browse it (Jira answers 404 for both). */
export class JiraNotFound extends JiraError {
  constructor(operation: string, message = 'not found or not visible to the caller') {
    super('JIRA_NOT_FOUND', operation, 404, message, false);
  }
}

/** 401/403: the app or user lacks the permission or scope. */
export class JiraForbidden extends JiraError {
  constructor(operation: string, status: number, message = 'permission denied') {
    super('JIRA_FORBIDDEN', operation, status, message, false);
  }
}

/** 400: Jira rejected the request itself (a bug on our side or an unsupported JQL). */
export class JiraBadRequest extends JiraError {
  constructor(operation: string, message: string) {
    super('JIRA_BAD_REQUEST', operation, 400, message, false);
  }
}

/** 429 that did not clear within the invocation's budget; `retryAfterMs` is Jira's Retry-After. */
export class JiraRateLimited extends JiraError {
  readonly retryAfterMs: number;
  constructor(operation: string, retryAfterMs: number) {
    super('JIRA_RATE_LIMITED', operation, 429, `rate limited, retry after ${retryAfterMs} ms`, true);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx or a network failure that persisted after the bounded retries. */
export class JiraUnavailable extends JiraError {
  constructor(operation: string, status: number | null, message: string) {
    super('JIRA_UNAVAILABLE', operation, status, message, true);
  }
}

/** A 2xx response whose body does not have the shape the client expects. */
export class JiraInvalidResponse extends JiraError {
  constructor(operation: string, message: string) {
    super('JIRA_INVALID_RESPONSE', operation, null, message, false);
  }
}

export function isJiraError(error: unknown): error is JiraError {
  return error instanceof JiraError;
}
