/**
 * Product trigger for `avi:jira:created:issue`, `avi:jira:updated:issue` and `avi:jira:commented:issue`: read the issue once (the
 * fields its project's policy needs, changelog, names), evaluate it with that policy, write only the changed app
 * fields in one bulk request. At most 2 Jira calls per event (plus GET /field on the very first run of a site, then
 * cached, and GET /changelog or /comment pages for the older entries of an issue with more than Jira embeds).
 * The event is only a hint of which issue to look at: duplicated, late or reordered events converge.
 */
import * as z from 'zod';
import { currentInstant } from './clock';
import { resolveFieldIds } from './field-ids';
import { asAppContext, getIssueForSla, type JiraContext } from './jira-client';
import { JiraNotFound, JiraRateLimited } from './jira-errors';
import { issueFieldsFor } from './issue-fields';
import { recordOutcomes } from './outcomes';
import { listPoliciesInForce } from './policies-in-force';
import { platformRetryFor } from './platform-retry';
import { policyForProject, type ActivePolicy } from './policy-store';
import { projectKeyOf, SLA_FIELD_KEYS, syncIssues, type SyncReport } from './sla-sync';
import type { InvocationError } from '@forge/events';

/** Wall time a trigger invocation allows itself for retries (Forge's default function timeout is 25 s). */
export const TRIGGER_BUDGET_MS = 20_000;

export const issueEventSchema = z
  .object({
    eventType: z.string().optional(),
    issue: z
      .object({
        id: z.string(),
        key: z.string().optional(),
        // The project as the event saw it: tells which policy, hence which fields, to read before reading.
        fields: z
          .object({ project: z.object({ key: z.string() }).passthrough().nullish() })
          .passthrough()
          .nullish(),
      })
      .passthrough(),
  })
  .passthrough();

export type IssueEventOutcome =
  | { kind: 'synced'; issueKey: string; report: SyncReport }
  | { kind: 'ignored'; reason: string }
  /** Jira rate-limited the app past this invocation's wait budget: the sweep repairs the issue (updated since its last run). */
  | { kind: 'deferred'; reason: string };

/** The fields to read for `policies`, or for every policy in force when the project is not known yet. */
async function fieldsToRead(ctx: JiraContext, active: ActivePolicy | null | undefined, appFieldIds: readonly string[]): Promise<string[]> {
  const policies = active ? [active.policy] : (await listPoliciesInForce()).map((one) => one.policy);
  return issueFieldsFor(ctx, policies, appFieldIds);
}

/**
 * Re-evaluates one issue and writes what changed, reading only the fields its policy needs (`projectKey`, from the
 * event, names the policy before the read). Throws Jira errors (the handler maps them to retries).
 */
export async function syncIssueById(ctx: JiraContext, issueId: string, projectKey: string | null = null): Promise<IssueEventOutcome> {
  const fieldIds = await resolveFieldIds(ctx, SLA_FIELD_KEYS);
  const appFieldIds = Object.values(fieldIds);
  const expected = projectKey ? await policyForProject(projectKey) : undefined;
  let issue;
  try {
    issue = await getIssueForSla(ctx, issueId, await fieldsToRead(ctx, expected, appFieldIds));
    const active = await policyForProject(projectKeyOf(issue));
    if (!active) {
      await recordOutcomes([], [issue.id], currentInstant());
      return { kind: 'ignored', reason: `no SLA policy applies to ${issue.key}` };
    }
    // Moved to a project with another policy since the event: read again with that policy's fields.
    if (expected && active.policy !== expected.policy)
      issue = await getIssueForSla(ctx, issueId, await fieldsToRead(ctx, active, appFieldIds));
    const report = await syncIssues(ctx, [issue], fieldIds, currentInstant(), async () => active);
    return { kind: 'synced', issueKey: issue.key, report };
  } catch (error) {
    if (error instanceof JiraNotFound) {
      // Deleted: its open outcomes are abandoned (decided ones stay).
      await recordOutcomes([], [issueId], currentInstant());
      return { kind: 'ignored', reason: `issue ${issueId} no longer exists` };
    }
    throw error;
  }
}

/** The trigger handler (manifest function `issue-event`). */
export async function handleIssueEvent(event: unknown): Promise<IssueEventOutcome | InvocationError> {
  const parsed = issueEventSchema.safeParse(event);
  if (!parsed.success) return { kind: 'ignored', reason: 'not an issue event' };
  try {
    return await syncIssueById(asAppContext(TRIGGER_BUDGET_MS), parsed.data.issue.id, parsed.data.issue.fields?.project?.key ?? null);
  } catch (error) {
    // Redelivering into a rate limit only adds load: the sweep re-reads issues updated since its last run.
    if (error instanceof JiraRateLimited) {
      console.warn(`issue ${parsed.data.issue.id} left for the sweep: ${error.message}`);
      return { kind: 'deferred', reason: error.message };
    }
    const retry = platformRetryFor(error);
    if (retry) return retry;
    throw error;
  }
}
