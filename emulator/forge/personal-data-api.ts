/**
 * Atlassian's personal data reporting API for apps, as Forge apps reach it (`privacy.reportPersonalData` in
 * @forge/api: `POST /app/report-accounts` through `requestAtlassian` as the app). An app reports the accounts it
 * stores with when it last updated each one; the answer names the accounts it must act on: `closed` (erase or
 * anonymise the personal data) or `updated` (the profile changed since `updatedAt`: refresh any copy). 200 with
 * `{accounts}` when there is something to do, 204 when nothing; at most 90 accounts a request (400 beyond, and for
 * a malformed body), as the @forge/api client splits them.
 */

/** Accounts in one report (the API's limit; @forge/api's `LIMIT`). */
export const REPORT_ACCOUNTS_LIMIT = 90;

export interface ReportedAccount {
  accountId: string;
  updatedAt: string;
}

export class PersonalDataApi {
  /** accounts Atlassian has closed (tests mark them with `close`) */
  readonly closed = new Set<string>();
  /** account → instant (epoch ms) its profile last changed */
  readonly profileUpdated = new Map<string, number>();
  /** every accepted report, oldest first */
  readonly reports: ReportedAccount[][] = [];

  /** Atlassian closes an account (its owner deleted it, or an admin did). */
  close(accountId: string): void {
    this.closed.add(accountId);
  }

  /** The account's profile changed at `at` (ISO). */
  updateProfile(accountId: string, at: string): void {
    this.profileUpdated.set(accountId, Date.parse(at));
  }

  /** Answers one `POST /app/report-accounts` body. */
  handle(bodyText: string): { status: number; body?: unknown } {
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return { status: 400, body: { message: 'The body must be JSON: {"accounts": [{"accountId": "…", "updatedAt": "…"}]}.' } };
    }
    const accounts = (body as { accounts?: unknown } | null)?.accounts;
    if (!Array.isArray(accounts) || accounts.length === 0 || accounts.length > REPORT_ACCOUNTS_LIMIT) {
      return { status: 400, body: { message: `accounts must list 1 to ${REPORT_ACCOUNTS_LIMIT} accounts.` } };
    }
    const reported: ReportedAccount[] = [];
    for (const account of accounts) {
      const { accountId, updatedAt } = (account ?? {}) as Partial<ReportedAccount>;
      if (typeof accountId !== 'string' || accountId === '' || typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt))) {
        return { status: 400, body: { message: 'Each account needs accountId and updatedAt (an ISO 8601 instant).' } };
      }
      reported.push({ accountId, updatedAt });
    }
    this.reports.push(reported);
    const answer = reported.flatMap(({ accountId, updatedAt }): Array<{ accountId: string; status: 'closed' | 'updated' }> => {
      if (this.closed.has(accountId)) return [{ accountId, status: 'closed' }];
      const changed = this.profileUpdated.get(accountId);
      return changed !== undefined && changed > Date.parse(updatedAt) ? [{ accountId, status: 'updated' }] : [];
    });
    return answer.length === 0 ? { status: 204 } : { status: 200, body: { accounts: answer } };
  }
}
