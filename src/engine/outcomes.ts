/**
 * Outcome records: what the reports count. One record per issue, metric and cycle (a reopened issue starts the
 * metric's next cycle: `MetricState.cycle`, with the finished ones in `pastCycles`; the installation is implicit:
 * Forge SQL gives every installation its own database). A record exists from the moment a metric with a target
 * starts (`open`); it is decided once the metric is met (stopped at or before its due), breached (its due
 * passed, stopped or not) or abandoned (the issue was deleted or the policy stopped applying while it was open).
 *
 * The engine decides which records to write (`outcomeDecision`), the adapter (src/forge/outcomes.ts) executes the
 * decision with one upsert per batch. Everything is derived from the issue as it is now, so a duplicated, late or
 * retried evaluation decides the same rows and writes nothing; a recomputation under a changed policy rewrites
 * exactly the rows whose values change.
 */
import * as z from 'zod';
import { jsmField } from './classify';
import type { CompiledPolicy } from './load-policy';
import type { CompletedCycle, MetricState, SlaState } from './evaluate';
import { parseIssue } from './issue';

/** Bounds of the stored texts (inclusive), so a hostile field value cannot overflow a column. */
export const OUTCOME_TEXT_BOUNDS = {
  issueId: 32,
  issueKey: 64,
  projectKey: 64,
  /** JSM organization names are free text: longer ones are cut to this many characters */
  organization: 255,
  id: 64,
  policyScope: 100,
} as const;

export const OUTCOME_STATUSES = ['open', 'met', 'breached', 'abandoned'] as const;

export const outcomeRecordSchema = z
  .object({
    issueId: z.string().min(1).max(OUTCOME_TEXT_BOUNDS.issueId),
    metricId: z.string().min(1).max(OUTCOME_TEXT_BOUNDS.id),
    /** 1 for the first time the issue is worked on; a reopened issue starts the next cycle */
    cycle: z.number().int().min(1).max(10_000),
    issueKey: z.string().min(1).max(OUTCOME_TEXT_BOUNDS.issueKey),
    projectKey: z.string().max(OUTCOME_TEXT_BOUNDS.projectKey),
    organization: z.string().max(OUTCOME_TEXT_BOUNDS.organization).nullable(),
    planId: z.string().max(OUTCOME_TEXT_BOUNDS.id),
    priorityId: z.string().max(OUTCOME_TEXT_BOUNDS.id),
    policyScope: z.string().max(OUTCOME_TEXT_BOUNDS.policyScope),
    policyVersion: z.number().int().min(0),
    status: z.enum(OUTCOME_STATUSES),
    /** epoch ms the metric's clock started */
    startedAt: z.number().int(),
    /** epoch ms it is (was) due; null while paused (the due moves) */
    dueAt: z.number().int().nullable(),
    /** epoch ms the outcome was decided: the stop when met, the due when breached, the abandonment; null while open */
    decidedAt: z.number().int().nullable(),
    /** epoch ms the metric stopped (met or breached), or was abandoned; null while it runs */
    completedAt: z.number().int().nullable(),
    /** business minutes used up to the stop (paused time excluded); null until the metric stops */
    businessMinutes: z.number().int().min(0).nullable(),
    /** business minutes spent paused between start and stop; null until the metric stops */
    pausedMinutes: z.number().int().min(0).nullable(),
    breached: z.boolean(),
    /** the highest escalation level the issue had reached when the record was last written */
    escalationLevel: z.number().int().min(0),
  })
  .strict();

export type OutcomeRecord = z.infer<typeof outcomeRecordSchema>;
export type OutcomeStatus = OutcomeRecord['status'];

/** Where an evaluated issue's records come from: the issue and the policy version that decided them. */
export interface OutcomeSource {
  issueId: string;
  issueKey: string;
  projectKey: string;
  policyScope: string;
  policyVersion: number;
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * The first JSM organization of an issue (the policy's `fields.organizations`, else the field named
 * Organizations), cut to 255 characters; null when it has none or the issue cannot be read.
 *
 * @example
 * issueOrganization(policy, issueWith({ customfield_10002: [{ id: '1', name: 'Acme' }] })) //=> 'Acme'
 */
export function issueOrganization(policy: CompiledPolicy, rawIssue: unknown): string | null {
  try {
    const first = parseIssue(rawIssue).fieldValues(jsmField(policy, 'organizations'))[0];
    return first === undefined || first === '' ? null : cut(first, OUTCOME_TEXT_BOUNDS.organization);
  } catch {
    return null;
  }
}

/** Business minutes (whole, floored) the current cycle spent paused between its start and its stop. */
function pausedMinutesOf(policy: CompiledPolicy, metric: MetricState, startMs: number, stopMs: number): number {
  if (!metric.target) return 0;
  const calendar = policy.calendar(metric.target.calendar);
  let pausedMs = 0;
  let since: number | null = null;
  for (const entry of metric.history) {
    const at = Date.parse(entry.at);
    // The history tells every cycle's story: only the current cycle's pauses count here.
    if (at < startMs) continue;
    if (entry.kind === 'paused' && since === null) since = at;
    else if (entry.kind === 'resumed' && since !== null) {
      pausedMs += calendar.businessTimeBetween(since, Math.min(at, stopMs));
      since = null;
    }
  }
  if (since !== null) pausedMs += calendar.businessTimeBetween(since, stopMs);
  return Math.floor(pausedMs / 60_000);
}

/** A finished earlier cycle's record (null when its plan × priority had no target: nothing to comply with). */
function pastCycleRecord(
  metric: MetricState,
  cycle: CompletedCycle,
  escalationLevel: number,
  base: Omit<OutcomeRecord, MetricKeys>,
): OutcomeRecord | null {
  if (cycle.dueAt === null) return null;
  const stoppedAt = Date.parse(cycle.stoppedAt);
  const dueAt = Date.parse(cycle.dueAt);
  return {
    ...base,
    planId: cut(cycle.plan, OUTCOME_TEXT_BOUNDS.id),
    priorityId: cut(cycle.priority, OUTCOME_TEXT_BOUNDS.id),
    metricId: cut(metric.id, OUTCOME_TEXT_BOUNDS.id),
    cycle: cycle.cycle,
    escalationLevel,
    status: cycle.status,
    startedAt: Date.parse(cycle.startedAt),
    dueAt,
    decidedAt: cycle.status === 'met' ? stoppedAt : dueAt,
    completedAt: stoppedAt,
    businessMinutes: Math.max(0, cycle.elapsedMinutes),
    pausedMinutes: Math.max(0, cycle.pausedMinutes),
    breached: cycle.status === 'breached',
  };
}

/** One metric's record, or null when it has no target or has not started (nothing to report). */
function metricRecord(
  policy: CompiledPolicy,
  state: SlaState,
  metric: MetricState,
  base: Omit<OutcomeRecord, MetricKeys>,
): OutcomeRecord | null {
  if (!metric.target || metric.startedAt === null || metric.status === 'none') return null;
  const startedAt = Date.parse(metric.startedAt);
  const dueAt = metric.dueAt === null ? null : Date.parse(metric.dueAt);
  const stoppedAt = metric.stoppedAt === null ? null : Date.parse(metric.stoppedAt);
  const breached = metric.status === 'breached';
  const status: OutcomeStatus = metric.status === 'met' ? 'met' : breached ? 'breached' : 'open';
  const decidedAt =
    status === 'met' ? stoppedAt : status === 'breached' ? (metric.breachedAt === null ? dueAt : Date.parse(metric.breachedAt)) : null;
  return {
    ...base,
    metricId: cut(metric.id, OUTCOME_TEXT_BOUNDS.id),
    cycle: Math.max(1, metric.cycle),
    escalationLevel: state.escalation.level,
    status,
    startedAt,
    dueAt,
    decidedAt,
    completedAt: stoppedAt,
    businessMinutes: stoppedAt === null ? null : Math.max(0, metric.elapsedMinutes),
    pausedMinutes: stoppedAt === null ? null : pausedMinutesOf(policy, metric, startedAt, stoppedAt),
    breached,
  };
}

type MetricKeys =
  | 'metricId'
  | 'cycle'
  | 'escalationLevel'
  | 'status'
  | 'startedAt'
  | 'dueAt'
  | 'decidedAt'
  | 'completedAt'
  | 'businessMinutes'
  | 'pausedMinutes'
  | 'breached';

/**
 * The records an evaluated issue should have: one per started metric with a target.
 *
 * @example
 * outcomeRecords(policy, evaluate(policy, issue, now), issue, source)
 * //=> [{ metricId: 'firstResponse', cycle: 1, status: 'met', businessMinutes: 20, … }, { metricId: 'resolution', status: 'open', … }]
 */
export function outcomeRecords(policy: CompiledPolicy, state: SlaState, rawIssue: unknown, source: OutcomeSource): OutcomeRecord[] {
  const base = {
    issueId: cut(source.issueId, OUTCOME_TEXT_BOUNDS.issueId),
    issueKey: cut(source.issueKey, OUTCOME_TEXT_BOUNDS.issueKey),
    projectKey: cut(source.projectKey, OUTCOME_TEXT_BOUNDS.projectKey),
    organization: issueOrganization(policy, rawIssue),
    planId: cut(state.plan.id, OUTCOME_TEXT_BOUNDS.id),
    priorityId: cut(state.priority.id, OUTCOME_TEXT_BOUNDS.id),
    policyScope: cut(source.policyScope, OUTCOME_TEXT_BOUNDS.policyScope),
    policyVersion: source.policyVersion,
  };
  const records: OutcomeRecord[] = [];
  for (const metric of state.metrics) {
    // Earlier cycles of a reopened issue keep their own records (each on the terms it stopped under).
    for (const cycle of metric.pastCycles) {
      const past = pastCycleRecord(metric, cycle, state.escalation.level, base);
      if (past) records.push(past);
    }
    const record = metricRecord(policy, state, metric, base);
    if (record) records.push(record);
  }
  return records;
}

/**
 * Whether two records say the same (the row need not be written). The policy scope and version are left out: they
 * name the policy that last changed the record, so a recomputation under a new version rewrites only the records
 * whose figures it changes.
 */
export function sameOutcome(a: OutcomeRecord, b: OutcomeRecord): boolean {
  for (const key of Object.keys(a) as Array<keyof OutcomeRecord>) {
    if (key === 'policyVersion' || key === 'policyScope') continue;
    if (a[key] !== b[key]) return false;
  }
  return Object.keys(b).length === Object.keys(a).length;
}

/** The identity of a record within an installation: issue, metric and cycle. */
export function outcomeKey(record: Pick<OutcomeRecord, 'issueId' | 'metricId' | 'cycle'>): string {
  return `${record.issueId}\u0000${record.metricId}\u0000${record.cycle}`;
}

export interface OutcomeDecision {
  /** rows to insert or overwrite (by issue, metric and cycle); every other row stays as it is */
  upserts: OutcomeRecord[];
  /** rows already right */
  unchanged: number;
}

/**
 * Which rows to write for the issues `issueIds` (evaluated ones, and ones deleted or no longer under a policy),
 * given the rows stored for them (`existing`) and every record their evaluation wants now (`desired`; none for a
 * deleted issue). Desired rows that differ from the stored ones are upserted; stored `open` rows no longer desired
 * are abandoned at `now`; decided rows (met, breached, abandoned) nobody desires any more stay as they are, so
 * history is never lost.
 *
 * @example
 * outcomeDecision([], [{ issueId: '10001', metricId: 'resolution', cycle: 1, status: 'met', … }], ['10001'], now)
 * //=> { upserts: [that record], unchanged: 0 }
 */
export function outcomeDecision(
  existing: readonly OutcomeRecord[],
  desired: readonly OutcomeRecord[],
  issueIds: readonly string[],
  now: number,
): OutcomeDecision {
  const stored = new Map(existing.map((record) => [outcomeKey(record), record]));
  const wanted = new Set<string>();
  const upserts: OutcomeRecord[] = [];
  let unchanged = 0;
  for (const record of desired) {
    const key = outcomeKey(record);
    if (wanted.has(key)) continue;
    wanted.add(key);
    const before = stored.get(key);
    if (before && sameOutcome(before, record)) unchanged += 1;
    else upserts.push(record);
  }
  const covered = new Set(issueIds);
  for (const record of existing) {
    if (!covered.has(record.issueId) || wanted.has(outcomeKey(record))) continue;
    if (record.status === 'open') upserts.push({ ...record, status: 'abandoned', decidedAt: now, completedAt: now });
    else unchanged += 1;
  }
  return { upserts, unchanged };
}
