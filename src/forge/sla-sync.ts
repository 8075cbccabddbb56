/**
 * The shared core of every writer (issue events, sweep, queue consumer): evaluate issues with the policy in
 * force, compare the engine's field values with the values already on each issue, and write only what changed,
 * grouped into bulk `POST /rest/api/3/app/field/value` requests. Everything derives from the issue as Jira returns
 * it now, so duplicated, late or reordered events converge to the same values.
 */
import { entitlementFieldValue } from '../engine/entitlements';
import { evaluate, type EvaluationInput, type SlaState } from '../engine/evaluate';
import { parseJiraInstant } from '../engine/issue';
import { changedFieldValues, SLA_FIELDS, slaFieldValues, type SlaFieldKey, type SlaFieldValues } from '../engine/sla-fields';
import { forgetFieldIds, type FieldIdMap } from './field-ids';
import { reportWriteFailures, writeFailures, writeFieldChanges } from './field-writes';
import type { JiraContext, RawIssue } from './jira-client';
import { JiraUnavailable } from './jira-errors';
import { countRequest, renumberRequests, type UnitCache } from './entitlements';
import { recordOutcomes, type EvaluatedIssue, type OutcomeWriteReport } from './outcomes';
import type { ActivePolicy } from './policy-store';
import { deliverLadderNotices, type NoticeCandidate } from './ladder-notify';
import { acknowledgementsCanStop, evaluationInput } from './acknowledgements';

export type FieldValue = string | number | null;
export type FieldValues = Record<string, FieldValue>;

/** The module keys of the app's fields, in the order of the engine's table. */
export const SLA_FIELD_KEYS: readonly SlaFieldKey[] = SLA_FIELDS.map((field) => field.key);

/**
 * A field value as compared and written: instants become whole-second UTC ISO strings (Jira drops milliseconds
 * and may answer with an offset such as +0000), numbers stay numbers and other text stays text (a priority id
 * `1` is the string field's `'1'`, never the number 1), empty becomes null.
 *
 * @example
 * normaliseFieldValue('2026-03-02T10:00:00.000+0000') //=> '2026-03-02T10:00:00Z'
 */
export function normaliseFieldValue(value: unknown): FieldValue {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const ms = parseJiraInstant(value);
    return Number.isNaN(ms) ? value : `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
  }
  if (typeof value === 'object' && value !== null && 'value' in value) return normaliseFieldValue((value as { value: unknown }).value);
  return String(value);
}

/** Every field value of a state, normalised the way values are compared and written. */
function normalisedValues(values: SlaFieldValues): SlaFieldValues {
  const normalised = { ...values };
  for (const key of SLA_FIELD_KEYS) normalised[key] = normaliseFieldValue(values[key]);
  return normalised;
}

/** The app's field values currently on `issue`, by module key (keys without a known field id are left out). */
export function currentFieldValues(issue: RawIssue, fieldIds: FieldIdMap): FieldValues {
  const values: FieldValues = {};
  for (const key of SLA_FIELD_KEYS) {
    const id = fieldIds[key];
    if (id !== undefined) values[key] = normaliseFieldValue(issue.fields[id]);
  }
  return values;
}

export interface IssueDecision {
  issueId: string;
  issueKey: string;
  state: SlaState;
  /** Module key → new value, only for values that differ from the issue's current ones. */
  changes: FieldValues;
}

/**
 * Evaluates one issue and lists the field values that must change (empty when the issue is up to date).
 * `entitlement` is the `sla-entitlement` value; undefined (not counted by this caller) leaves the field as it is.
 * `input` holds the issue's acknowledgements (./acknowledgements.ts).
 */
export function decideIssue(
  active: ActivePolicy,
  issue: RawIssue,
  fieldIds: FieldIdMap,
  now: number,
  entitlement?: string | null,
  input: EvaluationInput = {},
): IssueDecision {
  const state = evaluate(active.policy, issue, now, input);
  const next = normalisedValues(slaFieldValues(state, entitlement ?? null));
  const changed = changedFieldValues(currentFieldValues(issue, fieldIds), next);
  if (entitlement === undefined) delete changed['sla-entitlement'];
  const changes: FieldValues = {};
  for (const key of SLA_FIELD_KEYS) if (fieldIds[key] !== undefined && key in changed) changes[key] = next[key];
  return { issueId: issue.id, issueKey: issue.key, state, changes };
}

export { groupUpdates } from './field-writes';

export interface SyncReport {
  evaluated: number;
  changed: number;
  /** Issues the engine could not evaluate (malformed data) or that had no policy. */
  skipped: number;
  failed: Array<{ issueKey: string; message: string }>;
  writeRequests: number;
  /** (issue, field) values Jira refused to store; the rest was written, and each refusal is logged once a day. */
  rejected: number;
  /** outcome rows written to Forge SQL (src/forge/outcomes.ts) */
  outcomes: OutcomeWriteReport;
  /** Notice channels handled (sent, already sent, refused or unconfirmed; see ladder-notify.ts). */
  notices?: number;
}

/**
 * Evaluates `issues` (each with the policy `policyFor` gives for its project) and writes every change in as few
 * bulk requests as possible (`writeFieldChanges`: at most two when nothing is refused). An update Jira refuses
 * does not sink the others: it is isolated, logged once and counted in `rejected`. A field Jira no longer knows
 * (404: the field ids are stale) refreshes the ids and, after the rest is written, throws a retryable error so the
 * event is redelivered with the new ids. Other Jira errors while writing propagate (callers turn them into a
 * platform retry). Counting entitlements (entitlements.ts) comes first; if storage refuses it, the fields are written
 * all the same (the entitlement field left as it was) and the storage error is thrown after, so the event is redelivered.
 */
export async function syncIssues(
  ctx: JiraContext,
  issues: readonly RawIssue[],
  fieldIds: FieldIdMap,
  now: number,
  policyFor: (projectKey: string | null) => Promise<ActivePolicy | null>,
): Promise<SyncReport> {
  const report: SyncReport = {
    evaluated: 0,
    changed: 0,
    skipped: 0,
    failed: [],
    writeRequests: 0,
    rejected: 0,
    outcomes: { upserts: [], unchanged: 0, requests: 0, refused: 0 },
  };
  const decisions: IssueDecision[] = [];
  const noticeCandidates: NoticeCandidate[] = [];
  const units: UnitCache = new Map();
  const renumber: string[] = [];
  let countingError: unknown;
  const evaluated: EvaluatedIssue[] = [];
  const withoutPolicy: string[] = [];
  for (const issue of issues) {
    const active = await policyFor(projectKeyOf(issue));
    if (!active) {
      report.skipped += 1;
      withoutPolicy.push(issue.id);
      continue;
    }
    try {
      let entitlement: string | null | undefined;
      try {
        const counted = await countRequest(active.policy, issue, now, units);
        renumber.push(...counted.renumber);
        entitlement = entitlementFieldValue(counted.entitlement);
      } catch (error) {
        // Storage refused (a quota): the SLA fields are still written; the error is thrown after, so the event is redelivered.
        countingError ??= error;
      }
      let decision = decideIssue(active, issue, fieldIds, now, entitlement);
      // Storage is read only for an issue whose acknowledgement-stopped metric has started: on a page of issues
      // most have no escalation request, and their state cannot depend on an acknowledgement.
      if (acknowledgementsCanStop(active.policy, decision.state)) {
        decision = decideIssue(active, issue, fieldIds, now, entitlement, await evaluationInput(active.policy, issue.id));
      }
      evaluated.push({ issue, active, state: decision.state, projectKey: projectKeyOf(issue) });
      report.evaluated += 1;
      if (active.policy.directory) noticeCandidates.push({ policy: active.policy, issue, state: decision.state });
      if (Object.keys(decision.changes).length > 0) {
        decisions.push(decision);
        report.changed += 1;
      }
    } catch (error) {
      report.failed.push({ issueKey: issue.key, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (report.failed.length > 0) {
    console.warn(`SLA evaluation failed for ${report.failed.map((failure) => `${failure.issueKey} (${failure.message})`).join(', ')}`);
  }
  // Outcomes first: if Forge SQL fails, the fields stay as they were, so the retry (or the sweep, which picks
  // issues by their next-check field) evaluates the issue again and writes both.
  report.outcomes = await recordOutcomes(evaluated, withoutPolicy, now);
  const written = await writeFieldChanges(ctx, decisions, fieldIds);
  await renumberRequests(renumber, now);
  report.writeRequests = written.requests;
  const failures = writeFailures(written.rejected, new Map(decisions.map((decision) => [decision.issueId, decision.issueKey])), fieldIds);
  report.rejected = failures.length;
  await reportWriteFailures(failures);
  if (written.rejected.some((update) => update.status === 404)) {
    // A field id from the cache no longer exists (fields re-created or deleted): refresh the ids and let the caller
    // retry; the other values are already written, so the retry writes only what the stale id missed.
    await forgetFieldIds();
    throw new JiraUnavailable('writeAppFieldValues', 404, 'an app field id was stale; the field ids were refreshed');
  }
  // After the fields, so a notice that must be retried never holds back the values (ladder-notify.ts).
  report.notices = (await deliverLadderNotices(ctx, noticeCandidates, fieldIds['sla-escalation-level'] ?? null)).length;
  if (countingError !== undefined) throw countingError;
  return report;
}

/** The project key of a raw issue (`fields.project.key`), or null. */
export function projectKeyOf(issue: RawIssue): string | null {
  const project = issue.fields.project;
  if (project && typeof project === 'object' && 'key' in project && typeof project.key === 'string') return project.key;
  return null;
}

/** Memoises `policyFor` for one invocation, so a page of issues reads each project's policy once. */
export function memoisePolicyLookup(
  lookup: (projectKey: string | null) => Promise<ActivePolicy | null>,
): (projectKey: string | null) => Promise<ActivePolicy | null> {
  const seen = new Map<string, Promise<ActivePolicy | null>>();
  return (projectKey) => {
    const key = projectKey ?? '';
    let found = seen.get(key);
    if (!found) {
      found = lookup(projectKey);
      seen.set(key, found);
    }
    return found;
  };
}
