/**
 * Product trigger for `avi:jira:created:issue`, `avi:jira:updated:issue` and `avi:jira:commented:issue`: read the issue once (fields,
 * changelog, names), evaluate it with the policy of its project, write only the changed app fields in one bulk
 * request. At most 2 Jira calls per event (plus one GET /field on the very first run of a site, then cached, and
 * GET /changelog pages for an issue with more than the 100 histories Jira embeds).
 * The event is only a hint of which issue to look at: duplicated, late or reordered events converge.
 */
import { z } from 'zod';
import { currentInstant } from './clock';
import { resolveFieldIds } from './field-ids';
import { asAppContext, getIssueForSla, type JiraContext } from './jira-client';
import { JiraNotFound } from './jira-errors';
import { platformRetryFor } from './platform-retry';
import { policyForProject } from './policy-store';
import { projectKeyOf, SLA_FIELD_KEYS, syncIssues, type SyncReport } from './sla-sync';
import type { InvocationError } from '@forge/events';

/** Wall time a trigger invocation allows itself for retries (Forge's default function timeout is 25 s). */
export const TRIGGER_BUDGET_MS = 20_000;

export const issueEventSchema = z
  .object({
    eventType: z.string().optional(),
    issue: z.object({ id: z.string(), key: z.string().optional() }).passthrough(),
  })
  .passthrough();

export type IssueEventOutcome =
  | { kind: 'synced'; issueKey: string; report: SyncReport }
  | { kind: 'ignored'; reason: string };

/** Re-evaluates one issue and writes what changed. Throws Jira errors (the handler maps them to retries). */
export async function syncIssueById(ctx: JiraContext, issueId: string): Promise<IssueEventOutcome> {
  let issue;
  try {
    issue = await getIssueForSla(ctx, issueId);
  } catch (error) {
    if (error instanceof JiraNotFound) return { kind: 'ignored', reason: `issue ${issueId} no longer exists` };
    throw error;
  }
  const active = await policyForProject(projectKeyOf(issue));
  if (!active) return { kind: 'ignored', reason: `no SLA policy applies to ${issue.key}` };
  const fieldIds = await resolveFieldIds(ctx, SLA_FIELD_KEYS);
  const report = await syncIssues(ctx, [issue], fieldIds, currentInstant(), async () => active);
  return { kind: 'synced', issueKey: issue.key, report };
}

/** The trigger handler (manifest function `issue-event`). */
export async function handleIssueEvent(event: unknown): Promise<IssueEventOutcome | InvocationError> {
  const parsed = issueEventSchema.safeParse(event);
  if (!parsed.success) return { kind: 'ignored', reason: 'not an issue event' };
  try {
    return await syncIssueById(asAppContext(TRIGGER_BUDGET_MS), parsed.data.issue.id);
  } catch (error) {
    const retry = platformRetryFor(error);
    if (retry) return retry;
    throw error;
  }
}
