/**
 * Re-evaluates a list of issue ids in pages of 100: one search call reads a page (fields, changelog, names; more
 * calls only when Jira returns a shorter page with a next-page token) and at most two bulk writes (instants; values
 * with a changelog entry) store its changes.
 * Shared by the sweep and the queue consumer.
 */
import type { FieldIdMap } from './field-ids';
import { issueFieldsFor } from './issue-fields';
import { searchIssuesForSla, type JiraContext, type RawIssue, type SearchPage } from './jira-client';
import { recordOutcomes } from './outcomes';
import { listPoliciesInForce } from './policies-in-force';
import { policyForProject } from './policy-store';
import { memoisePolicyLookup, syncIssues, type SyncReport } from './sla-sync';

export const ISSUES_PER_PAGE = 100;

/**
 * The JQL selecting issues by id.
 *
 * @example
 * issuesByIdJql(['10001', '10002']) //=> 'id in (10001, 10002)'
 */
export function issuesByIdJql(issueIds: readonly string[]): string {
  const ids = issueIds.filter((id) => /^\d+$/.test(id));
  return `id in (${ids.join(', ')})`;
}

export interface RecomputeTotals extends Omit<SyncReport, 'failed' | 'outcomes'> {
  failed: number;
  /** outcome rows written (inserted or changed) in Forge SQL */
  outcomeWrites: number;
  readRequests: number;
  /** Ids not processed because `shouldStop` said so (to be queued by the caller). */
  remaining: string[];
}

/** Where a resumed run starts, and what to do after each page is written (e.g. store a cursor). */
export interface RecomputeResume {
  /** Index in `issueIds` of the first id still to do (a multiple of ISSUES_PER_PAGE from an earlier run). */
  startAt: number;
  /** Called after each page is written with the index of the next id to do and the totals so far. */
  afterPage: (next: number, totals: RecomputeTotals) => Promise<void>;
}

/**
 * Re-evaluates `issueIds` page by page until done or `shouldStop()` (checked before each page) is true.
 * Ids that no longer exist simply do not come back from the search. With `resume`, starts at `resume.startAt`
 * and reports each finished page, so a run killed mid-way can carry on where it stopped.
 */
export async function recomputeIssueIds(
  ctx: JiraContext,
  issueIds: readonly string[],
  fieldIds: FieldIdMap,
  now: () => number,
  shouldStop: () => boolean = () => false,
  resume?: RecomputeResume,
): Promise<RecomputeTotals> {
  const totals: RecomputeTotals = {
    evaluated: 0,
    changed: 0,
    skipped: 0,
    failed: 0,
    writeRequests: 0,
    rejected: 0,
    outcomeWrites: 0,
    readRequests: 0,
    remaining: [],
  };
  const policyFor = memoisePolicyLookup(policyForProject);
  // A page may mix projects: ask for what any policy in force reads, plus the app's own fields (never `*all`).
  let fields: string[] | null = null;
  for (let start = resume?.startAt ?? 0; start < issueIds.length; start += ISSUES_PER_PAGE) {
    if (shouldStop()) {
      totals.remaining = issueIds.slice(start);
      break;
    }
    fields ??= await issueFieldsFor(
      ctx,
      (await listPoliciesInForce()).map((active) => active.policy),
      Object.values(fieldIds),
    );
    const page = issueIds.slice(start, start + ISSUES_PER_PAGE);
    const jql = issuesByIdJql(page);
    const issues = [];
    // Jira may answer a request for many fields with fewer issues than asked for: follow the token to the end.
    let token: string | null = null;
    do {
      const found: SearchPage<RawIssue> = await searchIssuesForSla(ctx, jql, { maxResults: ISSUES_PER_PAGE, nextPageToken: token, fields });
      totals.readRequests += 1;
      issues.push(...found.issues);
      token = found.nextPageToken;
    } while (token);
    const report = await syncIssues(ctx, issues, fieldIds, now(), policyFor);
    totals.evaluated += report.evaluated;
    totals.changed += report.changed;
    totals.skipped += report.skipped;
    totals.failed += report.failed.length;
    totals.writeRequests += report.writeRequests;
    totals.rejected += report.rejected;
    totals.outcomeWrites += report.outcomes.upserts.length;
    // Ids the search no longer finds were deleted: their open outcomes are abandoned.
    const found = new Set(issues.map((issue) => issue.id));
    const gone = page.filter((id) => !found.has(id));
    if (gone.length > 0) totals.outcomeWrites += (await recordOutcomes([], gone, now())).upserts.length;
    await resume?.afterPage(Math.min(issueIds.length, start + ISSUES_PER_PAGE), totals);
  }
  return totals;
}
