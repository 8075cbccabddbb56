/**
 * Jira Cloud's rate limits for apps (enforced since March 2026), modelled simply: a points quota per clock hour and
 * a per-issue write limit. Both answer 429 with `Retry-After` (whole seconds). Off unless a test turns it on
 * through `faults.set({ rateLimit: {...} })`, so other tests and benchmarks are not metered.
 *
 * The numbers are the emulator's choice; Atlassian publishes the model, not every number:
 * - points: each request costs 1 point plus 1 per object it returns (issues of a search, histories of a changelog
 *   page, comments of a comment page, fields of GET /field); writes cost the base point only. The quota
 *   (default 65,000 points) is counted per UTC clock hour, and a request that finds it spent waits for the next
 *   hour (`Retry-After` = seconds to the hour).
 * - per-issue writes: at most `issueWrites` (default 10) writes touching one issue in any `issueWriteWindowSeconds`
 *   (default 10) seconds; a bulk field write counts once for each issue it names. `Retry-After` = seconds until the
 *   oldest write of the window leaves it.
 * Time is `Date.now()`, the sandbox's fake clock.
 */

export interface RateLimitSettings {
  /** points an installation may spend per clock hour (default 65,000) */
  pointsPerHour?: number;
  /** writes touching one issue allowed within the window (default 10) */
  issueWrites?: number;
  /** length of the per-issue write window in seconds (default 10) */
  issueWriteWindowSeconds?: number;
}

export const DEFAULT_POINTS_PER_HOUR = 65_000;
export const DEFAULT_ISSUE_WRITES = 10;
export const DEFAULT_ISSUE_WRITE_WINDOW_SECONDS = 10;
const HOUR_MS = 3_600_000;

/** A refusal: seconds to wait (≥ 1) and which limit refused. */
export interface RateLimitRefusal {
  retryAfterSeconds: number;
  reason: 'points' | 'issue-writes';
}

/**
 * The objects a response body carries, for its point cost: issues, histories, comments, changelog values, fields.
 *
 * @example
 * objectsIn({ issues: [{}, {}] }) //=> 2
 */
export function objectsIn(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (!body || typeof body !== 'object') return 0;
  const b = body as Record<string, unknown>;
  for (const key of ['issues', 'values', 'comments', 'issueChangeLogs']) {
    const list = b[key];
    if (Array.isArray(list)) return list.length;
  }
  return b.id !== undefined ? 1 : 0;
}

export class RateLimiter {
  private hourStart = -1;
  private spent = 0;
  private readonly writes = new Map<number, number[]>();

  constructor(private readonly settings: () => RateLimitSettings | undefined) {}

  reset(): void {
    this.hourStart = -1;
    this.spent = 0;
    this.writes.clear();
  }

  /** Before serving: refuse when the hour's quota is spent or a written issue is over its write limit. */
  admit(now: number, writtenIssueIds: readonly number[]): RateLimitRefusal | null {
    const s = this.settings();
    if (!s) return null;
    this.roll(now);
    const quota = s.pointsPerHour ?? DEFAULT_POINTS_PER_HOUR;
    if (this.spent >= quota)
      return { retryAfterSeconds: Math.max(1, Math.ceil((this.hourStart + HOUR_MS - now) / 1000)), reason: 'points' };
    if (writtenIssueIds.length === 0) return null;
    const limit = s.issueWrites ?? DEFAULT_ISSUE_WRITES;
    const windowMs = (s.issueWriteWindowSeconds ?? DEFAULT_ISSUE_WRITE_WINDOW_SECONDS) * 1000;
    let waitMs = 0;
    for (const id of new Set(writtenIssueIds)) {
      const recent = (this.writes.get(id) ?? []).filter((at) => at > now - windowMs);
      this.writes.set(id, recent);
      if (recent.length >= limit) waitMs = Math.max(waitMs, recent[0]! + windowMs - now);
    }
    if (waitMs > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), reason: 'issue-writes' };
    for (const id of new Set(writtenIssueIds)) this.writes.get(id)!.push(now);
    return null;
  }

  /** After serving: charge 1 point, plus 1 per returned object for reads. */
  charge(now: number, write: boolean, body: unknown): void {
    if (!this.settings()) return;
    this.roll(now);
    this.spent += 1 + (write ? 0 : objectsIn(body));
  }

  /** Points spent in the current hour. */
  pointsSpent(): number {
    return this.spent;
  }

  private roll(now: number): void {
    const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
    if (hour !== this.hourStart) {
      this.hourStart = hour;
      this.spent = 0;
    }
  }
}
