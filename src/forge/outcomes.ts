/**
 * Executes the engine's outcome decisions (src/engine/outcomes.ts) in Forge SQL: read the rows stored for a batch
 * of issues, let the engine decide which to write, write them with one upsert per chunk. The upsert is keyed by
 * (issue, metric, cycle), so a write repeated after a lost answer, a duplicated event or a retried invocation leaves
 * exactly one row; `writes` counts how often a row's values were written (tests read it).
 */
import * as z from 'zod';
import type { SlaState } from '../engine/evaluate';
import { outcomeDecision, outcomeRecordSchema, outcomeRecords, type OutcomeDecision, type OutcomeRecord } from '../engine/outcomes';
import { runSql, type SqlParam } from './forge-sql';
import { isStorageLimitRefusal, reportStorageFull } from './outcome-storage-full';
import type { RawIssue } from './jira-client';
import { scopeId, type ActivePolicy } from './policy-store';

/** Columns in the order of OutcomeRecord's keys (plus `recorded_at`); the tests and the bench write rows with it too. */
export const OUTCOME_COLUMNS: ReadonlyArray<[keyof OutcomeRecord, string]> = [
  ['issueId', 'issue_id'],
  ['metricId', 'metric_id'],
  ['cycle', 'cycle'],
  ['issueKey', 'issue_key'],
  ['projectKey', 'project_key'],
  ['organization', 'organization'],
  ['planId', 'plan_id'],
  ['priorityId', 'priority_id'],
  ['policyScope', 'policy_scope'],
  ['policyVersion', 'policy_version'],
  ['status', 'status'],
  ['startedAt', 'started_at'],
  ['dueAt', 'due_at'],
  ['decidedAt', 'decided_at'],
  ['completedAt', 'completed_at'],
  ['businessMinutes', 'business_minutes'],
  ['pausedMinutes', 'paused_minutes'],
  ['breached', 'breached'],
  ['escalationLevel', 'escalation_level'],
];
const KEY_COLUMNS = new Set(['issue_id', 'metric_id', 'cycle']);

/** Issue ids read per SELECT, and rows written per upsert (22 parameters a row keeps a request far below 1 MiB). */
export const OUTCOME_READ_BATCH = 500;
export const OUTCOME_WRITE_BATCH = 200;

const nullableInt = z
  .union([z.number(), z.string()])
  .nullable()
  .transform((v) => (v === null ? null : Number(v)));
/** A stored row as Forge SQL returns it (numbers may come back as strings, booleans as 0/1). */
const storedRowSchema = z
  .object({
    issue_id: z.union([z.string(), z.number()]).transform(String),
    metric_id: z.string(),
    cycle: z.union([z.number(), z.string()]).transform(Number),
    issue_key: z.string(),
    project_key: z.string(),
    organization: z.string().nullable(),
    plan_id: z.string(),
    priority_id: z.string(),
    policy_scope: z.string(),
    policy_version: z.union([z.number(), z.string()]).transform(Number),
    status: z.string(),
    started_at: z.union([z.number(), z.string()]).transform(Number),
    due_at: nullableInt,
    decided_at: nullableInt,
    completed_at: nullableInt,
    business_minutes: nullableInt,
    paused_minutes: nullableInt,
    breached: z.union([z.number(), z.string(), z.boolean()]).transform((v) => v === true || Number(v) === 1),
    escalation_level: z.union([z.number(), z.string()]).transform(Number),
  })
  .passthrough();

/** A stored row as the engine's record (throws naming the column when a row is not one). */
export function recordFromRow(row: unknown): OutcomeRecord {
  const r = storedRowSchema.parse(row);
  return outcomeRecordSchema.parse({
    issueId: r.issue_id,
    metricId: r.metric_id,
    cycle: r.cycle,
    issueKey: r.issue_key,
    projectKey: r.project_key,
    organization: r.organization,
    planId: r.plan_id,
    priorityId: r.priority_id,
    policyScope: r.policy_scope,
    policyVersion: r.policy_version,
    status: r.status,
    startedAt: r.started_at,
    dueAt: r.due_at,
    decidedAt: r.decided_at,
    completedAt: r.completed_at,
    businessMinutes: r.business_minutes,
    pausedMinutes: r.paused_minutes,
    breached: r.breached,
    escalationLevel: r.escalation_level,
  });
}

/** The rows stored for `issueIds`. */
export async function storedOutcomes(issueIds: readonly string[]): Promise<OutcomeRecord[]> {
  const records: OutcomeRecord[] = [];
  for (let i = 0; i < issueIds.length; i += OUTCOME_READ_BATCH) {
    const ids = issueIds.slice(i, i + OUTCOME_READ_BATCH);
    const rows = await runSql<unknown>(
      `SELECT ${OUTCOME_COLUMNS.map(([, column]) => column).join(', ')} FROM sla_outcome WHERE issue_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    for (const row of rows) records.push(recordFromRow(row));
  }
  return records;
}

/** What upsertOutcomes did: requests sent, and records Forge SQL refused for want of storage (not saved). */
export interface OutcomeUpsertReport {
  requests: number;
  refused: number;
}

/**
 * Writes `records` (insert, or overwrite the row with the same issue, metric and cycle). When Forge SQL refuses a
 * write because its storage is full, the rest is not sent (it would be refused too): the refusal is logged once a
 * day (outcome-storage-full.ts) and counted, not thrown, so the SLA fields are still written.
 */
export async function upsertOutcomes(records: readonly OutcomeRecord[], now: number): Promise<OutcomeUpsertReport> {
  let requests = 0;
  const columns = [...OUTCOME_COLUMNS.map(([, column]) => column), 'recorded_at'];
  const updates = columns
    .filter((column) => !KEY_COLUMNS.has(column))
    .map((column) => `${column} = VALUES(${column})`)
    .concat('writes = writes + 1')
    .join(', ');
  for (let i = 0; i < records.length; i += OUTCOME_WRITE_BATCH) {
    const chunk = records.slice(i, i + OUTCOME_WRITE_BATCH);
    const params: SqlParam[] = [];
    for (const record of chunk) {
      for (const [key] of OUTCOME_COLUMNS) {
        const value = record[key];
        params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
      }
      params.push(now);
    }
    const row = `(${columns.map(() => '?').join(', ')})`;
    requests += 1;
    try {
      await runSql(
        `INSERT INTO sla_outcome (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')} ON DUPLICATE KEY UPDATE ${updates}`,
        params,
      );
    } catch (error) {
      if (!isStorageLimitRefusal(error)) throw error;
      const refused = records.length - i;
      await reportStorageFull(refused, now);
      return { requests, refused };
    }
  }
  return { requests, refused: 0 };
}

/** One evaluated issue, for recordOutcomes. */
export interface EvaluatedIssue {
  issue: RawIssue;
  active: ActivePolicy;
  state: SlaState;
  projectKey: string | null;
}

export interface OutcomeWriteReport extends OutcomeDecision {
  requests: number;
  /** records of `upserts` Forge SQL refused for want of storage (not saved; logged once a day) */
  refused: number;
}

/**
 * Brings the stored outcomes of `evaluated` (and of `gone`: issue ids deleted or no longer under a policy) in line
 * with their evaluation: one SELECT per 500 issues, one upsert per 200 changed rows, nothing when nothing changed.
 * Records refused for want of storage are counted in `refused` (outcome-storage-full.ts), not thrown.
 */
export async function recordOutcomes(
  evaluated: readonly EvaluatedIssue[],
  gone: readonly string[],
  now: number,
): Promise<OutcomeWriteReport> {
  const desired: OutcomeRecord[] = [];
  for (const one of evaluated) {
    desired.push(
      ...outcomeRecords(one.active.policy, one.state, one.issue, {
        issueId: one.issue.id,
        issueKey: one.issue.key,
        projectKey: one.projectKey ?? '',
        policyScope: scopeId(one.active.scope),
        policyVersion: one.active.stored.version,
      }),
    );
  }
  const issueIds = [...new Set([...evaluated.map((one) => one.issue.id), ...gone])];
  if (issueIds.length === 0) return { upserts: [], unchanged: 0, requests: 0, refused: 0 };
  const existing = await storedOutcomes(issueIds);
  const decision = outcomeDecision(existing, desired, issueIds, now);
  const written = await upsertOutcomes(decision.upserts, now);
  return { ...decision, requests: Math.ceil(issueIds.length / OUTCOME_READ_BATCH) + written.requests, refused: written.refused };
}
