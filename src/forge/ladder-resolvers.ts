/**
 * Resolvers of the escalation directory (contract: src/contracts/ladder-resolvers.ts): the panel's rung
 * (`getLadder`), its acknowledgement (`acknowledgeLevel`: the resolver checks the caller is on the current rung), and
 * the admin page's user picker (`searchUsers`) and audit export (`exportAudit`, CSV). The issue is read as the
 * calling user, so nobody sees the rung of an issue they cannot browse. Registered in ./resolvers.ts, which loads
 * this module through ./lazy-handlers.ts when one of them first runs.
 */

/** Resolvers answer within Forge's 25 s UI invocation limit (as ./resolvers). */
const RESOLVER_BUDGET_MS = 20_000;
import { kvs, WhereConditions } from '@forge/kvs';
import {
  acknowledgeLevelInput,
  acknowledgeRequestInput,
  type EscalationRequestDto,
  type PersonDto,
  exportAuditInput,
  EXPORT_AUDIT_MAX_ROWS,
  getLadderInput,
  searchUsersInput,
  type AcknowledgeConflict,
  type AcknowledgeLevelOk,
  type ExportAuditOk,
  type LadderResolverContract,
  type LadderViewOk,
  type SearchUsersOk,
} from '../contracts/ladder-resolvers';
import type { AckRecord, AuditRecord } from '../contracts/ladder-audit';
import type { ResolverError } from '../contracts/resolvers';
import { evaluate } from '../engine/evaluate';
import { parseIssue } from '../engine/issue';
import type { CompiledPolicy } from '../engine/compile-policy';
import { issueParties, levelCycle, rungPeople, type IssueParties, type RungPeople } from '../engine/ladder-notices';
import { requestAckKey } from './acknowledgements';
import { syncIssueById } from './issue-events';
import { currentInstant } from './clock';
import { resolveFieldIds } from './field-ids';
import { issueFieldsFor } from './issue-fields';
import { asAppContext, asUserContext, getIssueForSla, type RawIssue } from './jira-client';
import { groupsOfUser, searchJiraUsers, usersByAccountId } from './jira-users';
import { auditPrefix, compareAudit, readAuditTrail } from './ladder-notify';
import { listPoliciesInForce } from './policies-in-force';
import { policyForProject } from './policy-store';
// Types only: ./resolvers loads this module (through ./lazy-handlers) and hands its helpers to `ladderResolvers`.
import type { resolverOf as ResolverOf, ResolverRequest } from './resolvers';
import { resolverFailure as failure } from './resolver-errors';
import { projectKeyOf, SLA_FIELD_KEYS } from './sla-sync';

/** The storage key of the acknowledgement of one level and cycle of an issue (within the issue's audit prefix). */
export function ackKey(issueId: string, levelId: string, cycle: number): string {
  return `${auditPrefix(issueId)}ack:${levelId}:${cycle}`;
}

interface RungNow {
  issue: RawIssue;
  policy: CompiledPolicy;
  state: ReturnType<typeof evaluate>;
  cycle: number;
  current: RungPeople | null;
  next: RungPeople | null;
  /** who may acknowledge an escalation request: the current rung, before the first level the first rung */
  requestRung: RungPeople | null;
  parties: IssueParties;
  audit: AuditRecord[];
}

/** The issue as the caller sees it, with its current and next rung; null without a directory or policy. */
async function rungNow(issueKey: string): Promise<RungNow | null> {
  const userCtx = asUserContext(RESOLVER_BUDGET_MS);
  const fieldIds = await resolveFieldIds(asAppContext(RESOLVER_BUDGET_MS), SLA_FIELD_KEYS);
  const levelField = fieldIds['sla-escalation-level'] ?? null;
  const fields = await issueFieldsFor(
    userCtx,
    (await listPoliciesInForce()).map((active) => active.policy),
    levelField ? [levelField] : [],
  );
  const issue = await getIssueForSla(userCtx, issueKey, fields);
  const active = await policyForProject(projectKeyOf(issue));
  const directory = active?.policy.directory;
  if (!active || !directory) return null;
  // The trail holds the acknowledgements, which stop time-to-acknowledge metrics: read before evaluating.
  const audit = await readAuditTrail(issue.id);
  const acknowledgedAt = audit.flatMap((record) => (record.type === 'ack' ? [record.at] : []));
  const state = evaluate(active.policy, issue, currentInstant(), { acknowledgedAt });
  const snapshot = parseIssue(issue);
  const parties = issueParties(active.policy, snapshot, state.plan.id);
  const escalation = state.escalation;
  const current = escalation.id !== null ? rungPeople(directory, escalation.id, parties) : null;
  const firstLevel = escalation.ladder[0]?.id ?? null;
  return {
    issue,
    policy: active.policy,
    state,
    cycle: escalation.level > 0 ? levelCycle(directory, snapshot, escalation.level, levelField) : 0,
    current,
    next: escalation.next ? rungPeople(directory, escalation.next.id, parties) : null,
    requestRung: current ?? (firstLevel !== null ? rungPeople(directory, firstLevel, parties) : null),
    parties,
    audit,
  };
}

/** Whether `accountId` may acknowledge an escalation request: on the request rung, or the issue's assignee. */
async function mayAcknowledgeRequest(found: RungNow, accountId: string): Promise<boolean> {
  return accountId === found.parties.assigneeId || (await isOnRung(found.requestRung, accountId));
}

/** The metrics of a policy an acknowledgement stops (time to acknowledge). */
function acknowledgedMetrics(policy: CompiledPolicy): Set<string> {
  return new Set(policy.metrics.filter((metric) => metric.stop.some((stop) => stop.on === 'acknowledgement')).map((metric) => metric.id));
}

/** The issue's current escalation requests for the panel (one per started metric an acknowledgement stops). */
async function escalationRequests(
  found: RungNow,
  caller: string,
  person: (accountId: string) => PersonDto,
): Promise<EscalationRequestDto[]> {
  const wanted = acknowledgedMetrics(found.policy);
  const acks = found.audit.filter((record): record is AckRecord => record.type === 'ack');
  const mayAcknowledge = caller !== '' && (await mayAcknowledgeRequest(found, caller));
  return found.state.metrics
    .filter((metric) => wanted.has(metric.id) && metric.cycle > 0 && metric.startedAt !== null)
    .map((metric) => {
      const stoppedMs = metric.stoppedAt === null ? null : Date.parse(metric.stoppedAt);
      const ack =
        acks.find((record) => record.metricId === metric.id && record.cycle === metric.cycle) ??
        (stoppedMs === null ? undefined : acks.find((record) => Date.parse(record.at) === stoppedMs));
      const last = metric.history[metric.history.length - 1];
      return {
        metricId: metric.id,
        label: metric.label,
        cycle: metric.cycle,
        requestedAt: metric.startedAt as string,
        reason: metric.history.filter((entry) => entry.kind === 'started').at(-1)?.reason ?? '',
        dueAt: metric.dueAt,
        status: metric.status,
        canAcknowledge: metric.stoppedAt === null && mayAcknowledge,
        acknowledged: ack ? { accountId: ack.accountId, displayName: person(ack.accountId).displayName, at: ack.at } : null,
        stoppedBy: metric.stoppedAt !== null && !ack ? (last?.reason ?? null) : null,
      };
    });
}

/** Re-evaluates the issue and writes its fields, as an issue event does (./issue-events.ts). */
async function resyncIssue(issue: RawIssue): Promise<void> {
  await syncIssueById(asAppContext(RESOLVER_BUDGET_MS), issue.id, projectKeyOf(issue));
}

function userIds(people: RungPeople | null): string[] {
  return (people?.recipients ?? []).flatMap((one) => (one.kind === 'user' ? [one.accountId] : []));
}
function groupNames(people: RungPeople | null): string[] {
  return (people?.recipients ?? []).flatMap((one) => (one.kind === 'group' ? [one.name] : []));
}

/** Whether `accountId` is on a rung: one of its accounts, or a member of one of its groups. */
async function isOnRung(people: RungPeople | null, accountId: string): Promise<boolean> {
  if (!people) return false;
  if (userIds(people).includes(accountId)) return true;
  const groups = groupNames(people);
  if (groups.length === 0) return false;
  const mine = await groupsOfUser(asAppContext(RESOLVER_BUDGET_MS), accountId);
  return groups.some((group) => mine.includes(group));
}

async function getLadderWork({ issueKey }: { issueKey: string }, request: ResolverRequest): Promise<LadderViewOk> {
  const now = new Date(currentInstant()).toISOString();
  const found = await rungNow(issueKey);
  if (!found) return { ok: true, now, ladder: null };
  const { issue, state, cycle, current, next } = found;
  const escalation = state.escalation;
  const caller = request.context.accountId ?? '';
  const ack = escalation.id !== null ? ((await kvs.get<AckRecord>(ackKey(issue.id, escalation.id, cycle))) ?? null) : null;
  const via = new Map((current?.recipients ?? []).flatMap((one) => (one.kind === 'user' ? [[one.accountId, one.via] as const] : [])));
  const named = await usersByAccountId(asUserContext(RESOLVER_BUDGET_MS), [
    ...new Set([
      ...userIds(current),
      ...userIds(next),
      ...found.audit.flatMap((record) => (record.type === 'ack' ? [record.accountId] : [])),
    ]),
  ]);
  const person = (accountId: string): PersonDto =>
    named.find((one) => one.accountId === accountId) ?? { accountId, displayName: accountId, avatarUrl: null };
  return {
    ok: true,
    now,
    ladder: {
      level: escalation.level,
      levelId: escalation.id,
      label: escalation.label,
      cycle,
      since: escalation.since,
      reason: current?.reason ?? '',
      people: userIds(current).map((accountId) => ({ ...person(accountId), via: via.get(accountId) ?? 'accountId' })),
      groups: groupNames(current),
      unresolved: current?.unresolved ?? [],
      next: escalation.next
        ? {
            level: escalation.next.level,
            label: escalation.next.label,
            at: escalation.next.at,
            people: userIds(next).map(person),
            groups: groupNames(next),
          }
        : null,
      canAcknowledge: escalation.level > 0 && ack === null && caller !== '' && (await isOnRung(current, caller)),
      acknowledged: ack ? { accountId: ack.accountId, displayName: person(ack.accountId).displayName, at: ack.at } : null,
      audit: found.audit,
      requests: await escalationRequests(found, caller, person),
    },
  };
}

function isKeyConflict(error: unknown): boolean {
  return (error as { responseDetails?: { status?: unknown } } | null)?.responseDetails?.status === 409;
}

async function acknowledgeWork(
  input: { issueKey: string; levelId: string; cycle: number },
  request: ResolverRequest,
): Promise<AcknowledgeLevelOk | AcknowledgeConflict | ResolverError> {
  const caller = request.context.accountId;
  if (!caller) return failure('FORBIDDEN', 'Only a signed-in person on the rung can acknowledge it.');
  const found = await rungNow(input.issueKey);
  if (!found) return failure('NOT_FOUND', `${input.issueKey} has no escalation directory: there is nothing to acknowledge.`);
  const escalation = found.state.escalation;
  if (escalation.id !== input.levelId || found.cycle !== input.cycle) {
    return {
      ok: false,
      code: 'CONFLICT',
      message: `The issue is now at ${escalation.id === null ? 'no escalation level' : `level ${escalation.level}, ${escalation.label ?? escalation.id}`}: reload the panel and acknowledge that.`,
    };
  }
  if (!(await isOnRung(found.current, caller))) {
    return failure(
      'FORBIDDEN',
      `Only the people of ${escalation.label ?? escalation.id} (${found.current?.reason ?? 'its rung'}) can acknowledge it.`,
    );
  }
  const record: AckRecord = {
    type: 'ack',
    issueKey: found.issue.key,
    level: escalation.level,
    levelId: input.levelId,
    levelLabel: escalation.label,
    cycle: input.cycle,
    accountId: caller,
    at: new Date(currentInstant()).toISOString(),
  };
  const key = ackKey(found.issue.id, input.levelId, input.cycle);
  try {
    // The first acknowledgement wins; a second click, or a colleague at the same moment, keeps it.
    await kvs.set(key, record, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
    const first = (await kvs.get<AckRecord>(key)) ?? record;
    return { ok: true, recorded: false, acknowledged: { accountId: first.accountId, at: first.at } };
  }
  // An acknowledgement stops time-to-acknowledge metrics: write the fields now, not at the next event.
  if (acknowledgedMetrics(found.policy).size > 0) await resyncIssue(found.issue);
  return { ok: true, recorded: true, acknowledged: { accountId: caller, at: record.at } };
}

async function acknowledgeRequestWork(
  input: { issueKey: string; metricId: string; cycle: number },
  request: ResolverRequest,
): Promise<AcknowledgeLevelOk | AcknowledgeConflict | ResolverError> {
  const caller = request.context.accountId;
  if (!caller) return failure('FORBIDDEN', 'Only a signed-in person can acknowledge an escalation request.');
  const found = await rungNow(input.issueKey);
  if (!found) return failure('NOT_FOUND', `${input.issueKey} has no escalation directory: there is nothing to acknowledge.`);
  if (!acknowledgedMetrics(found.policy).has(input.metricId)) {
    return failure('NOT_FOUND', `${input.metricId} is not a metric of ${input.issueKey}'s policy that an acknowledgement stops.`);
  }
  const key = requestAckKey(found.issue.id, input.metricId, input.cycle);
  const earlier = await kvs.get<AckRecord>(key);
  if (earlier) {
    // A double click or a retry: the first acknowledgement stays; the fields are written again (idempotent).
    await resyncIssue(found.issue);
    return { ok: true, recorded: false, acknowledged: { accountId: earlier.accountId, at: earlier.at } };
  }
  const metric = found.state.metrics.find((one) => one.id === input.metricId);
  if (!metric || metric.cycle !== input.cycle || metric.stoppedAt !== null || metric.startedAt === null) {
    return {
      ok: false,
      code: 'CONFLICT',
      message:
        metric && metric.cycle === input.cycle && metric.stoppedAt !== null
          ? `This escalation request stopped at ${metric.stoppedAt} (${metric.history.at(-1)?.reason ?? 'stopped'}): there is nothing to acknowledge.`
          : 'Another escalation request has begun since: reload the panel and acknowledge that.',
    };
  }
  if (!(await mayAcknowledgeRequest(found, caller))) {
    return failure(
      'FORBIDDEN',
      `Only the assignee or the people of ${found.state.escalation.label ?? found.requestRung?.level ?? 'the first rung'} (${found.requestRung?.reason ?? 'its rung'}) can acknowledge this escalation request.`,
    );
  }
  const escalation = found.state.escalation;
  const record: AckRecord = {
    type: 'ack',
    issueKey: found.issue.key,
    level: escalation.level,
    levelId: escalation.id,
    levelLabel: escalation.label,
    cycle: input.cycle,
    accountId: caller,
    at: new Date(currentInstant()).toISOString(),
    metricId: input.metricId,
    requestedAt: metric.startedAt,
  };
  let recorded = true;
  let kept = record;
  try {
    await kvs.set(key, record, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
    recorded = false;
    kept = (await kvs.get<AckRecord>(key)) ?? record;
  }
  await resyncIssue(found.issue);
  return { ok: true, recorded, acknowledged: { accountId: kept.accountId, at: kept.at } };
}

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180); formulas are defused. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // A cell starting with = + - @ is a formula to spreadsheet programs: prefix it so it stays text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const AUDIT_CSV_HEADER = [
  'issue',
  'at',
  'event',
  'level',
  'level id',
  'level label',
  'channel',
  'status',
  'people',
  'not reached',
  'note',
];

/** One audit record as a CSV row (see AUDIT_CSV_HEADER). */
export function auditCsvRow(record: AuditRecord): string[] {
  if (record.type === 'ack') {
    return [
      record.issueKey,
      record.at,
      record.metricId ? `request acknowledged ${record.metricId} (requested ${record.requestedAt ?? ''})` : 'acknowledged',
      String(record.level),
      record.levelId ?? '',
      record.levelLabel ?? '',
      'panel',
      'recorded',
      record.accountId,
      '',
      '',
    ];
  }
  const people = record.recipients.map((one) => (one.kind === 'user' ? one.accountId : `group:${one.name}`)).join(' ');
  return [
    record.issueKey,
    record.sentAt ?? record.claimedAt,
    record.kind === 'escalation' ? 'level reached' : `warning ${record.metricId ?? ''}`.trim(),
    String(record.level),
    record.levelId ?? '',
    record.levelLabel ?? '',
    record.channel,
    record.status,
    people,
    record.unresolved.join('; '),
    record.note ?? '',
  ];
}

async function exportAuditWork(): Promise<ExportAuditOk> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  let truncated = false;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith('ladder:')).limit(20);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<AuditRecord>();
    for (const { value } of page.results) {
      if (records.length >= EXPORT_AUDIT_MAX_ROWS) {
        truncated = true;
        break;
      }
      records.push(value);
    }
    cursor = truncated ? undefined : page.nextCursor;
  } while (cursor);
  const rows = records.sort(compareAudit).map(auditCsvRow);
  const csv = [AUDIT_CSV_HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n');
  return { ok: true, csv: `${csv}\r\n`, rows: rows.length, truncated };
}

type Implementations = { [N in keyof LadderResolverContract]: (request: ResolverRequest) => Promise<LadderResolverContract[N]['output']> };

/**
 * The directory's resolvers by contract name, built with the resolver helpers of ./resolvers (input parsing, the
 * ADMINISTER check, Jira errors as resolver errors).
 */
export function ladderResolvers(kit: { resolverOf: typeof ResolverOf }): Implementations {
  const { resolverOf } = kit;
  return {
    getLadder: resolverOf(getLadderInput, 'anyone', getLadderWork),
    acknowledgeLevel: resolverOf(acknowledgeLevelInput, 'anyone', acknowledgeWork),
    acknowledgeRequest: resolverOf(acknowledgeRequestInput, 'anyone', acknowledgeRequestWork),
    searchUsers: resolverOf(searchUsersInput, 'admin', async ({ query }): Promise<SearchUsersOk> => ({
      ok: true,
      users: await searchJiraUsers(asUserContext(RESOLVER_BUDGET_MS), query),
    })),
    exportAudit: resolverOf(exportAuditInput, 'admin', exportAuditWork),
  };
}
