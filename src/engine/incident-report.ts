/**
 * The incident report of one issue (issue 11): everything that happened to it in time order (created, status,
 * pauses (the policy's and a metric's own), priority, SLA classification, plan and region calendar, each metric
 * cycle started / met / breached, escalation levels, notifications, acknowledgements, resolution), each entry with
 * the business time since the previous entry and since creation on the issue's calendar, and a summary. Pure: the
 * issue, the policy, its evaluation and the audit records come in as data, `now` is a parameter (docs/reports.md,
 * "Incident report").
 */
import * as z from 'zod';
import type { BusinessCalendar } from './calendar';
import { classify } from './classify';
import { pauseIntervals } from './clocks';
import type { CompiledPolicy } from './compile-policy';
import { changesOfFieldsRead, issueAsOf } from './cycle-terms';
import type { SlaState } from './evaluate';
import { assertInstant, isoInstant } from './instant';
import { consumedBetween, intervalsAsOf, type Interval } from './intervals';
import { parseIssue, parseJiraInstant, type IssueSnapshot } from './issue';
import { numericHistoryId, orderHistories, type StampedHistory } from './issue-timeline';
import type { MetricState } from './metric-state';
import { selectCalendarRegion, selectPlan } from './plan';

const MINUTE_MS = 60_000;

/** What an entry reports; the order is also the order of entries that share an instant. */
export const INCIDENT_ENTRY_KINDS = [
  'created',
  'status',
  'priority',
  'classification',
  'plan',
  'region',
  'resolved',
  'reopened',
  'pauseEnded',
  'cycleMet',
  'cycleStopped',
  'breached',
  'escalated',
  'pauseBegan',
  'cycleStarted',
  'notified',
  'acknowledged',
] as const;
export type IncidentEntryKind = (typeof INCIDENT_ENTRY_KINDS)[number];

/** One line of the report. Minutes are whole business minutes on the issue's calendar, floored. */
export interface IncidentEntry {
  at: string;
  kind: IncidentEntryKind;
  /** What happened, in words (e.g. `Status Open → Waiting for customer`). */
  text: string;
  /** Who did it (account id) when Jira or the audit trail says; null otherwise. */
  actor: string | null;
  /** Who was notified (account ids; groups as `group:<name>`), for `notified`. */
  people: string[];
  metricId: string | null;
  cycle: number | null;
  /** For a cycle's end (`cycleMet`, `cycleStopped`) and `breached`: business minutes the clock used, pauses excluded. */
  usedMinutes: number | null;
  /** For the same entries: business minutes paused between the cycle's start and this entry. */
  pausedMinutes: number | null;
  /** Business minutes since the previous entry (0 for the first). */
  sincePreviousMinutes: number;
  /** Business minutes since the issue was created. */
  sinceCreatedMinutes: number;
}

/** One metric over the report: its cycles and how they ended. */
export interface IncidentMetricSummary {
  id: string;
  label: string;
  cycles: number;
  met: number;
  breached: number;
  /** Cycles still running or paused at the report's end. */
  open: number;
}

export interface IncidentSummary {
  /** Cycles met and breached over every metric. */
  met: number;
  breached: number;
  metrics: IncidentMetricSummary[];
  /** Business minutes from creation to the end (the resolution, else `now`), on the issue's calendar. */
  totalBusinessMinutes: number;
  /** Of those, business minutes inside the policy's pauses. */
  pausedBusinessMinutes: number;
  highestEscalationLevel: number;
  notifications: number;
  acknowledgements: number;
}

export interface IncidentReport {
  issueKey: string;
  summary: string;
  createdAt: string;
  /** The resolution instant while resolved, else null (the report then ends at `now`). */
  resolvedAt: string | null;
  endAt: string;
  calendar: { id: string; timeZone: string };
  entries: IncidentEntry[];
  totals: IncidentSummary;
}

/**
 * An audit record as the engine reads it: a structural subset of src/contracts/ladder-audit.ts's `AuditRecord`
 * (the engine imports no contract), so the adapter passes the stored records as they are.
 */
export type IncidentAuditRecord =
  | {
      type: 'notice';
      kind: 'escalation' | 'warning';
      channel: 'email' | 'comment';
      status: 'claimed' | 'sent' | 'refused' | 'unconfirmed';
      level: number;
      levelLabel: string | null;
      metricId: string | null;
      claimedAt: string;
      sentAt: string | null;
      recipients: ReadonlyArray<{ kind: 'user'; accountId: string } | { kind: 'group'; name: string }>;
      note: string | null;
    }
  | {
      type: 'ack';
      level: number;
      levelId: string | null;
      levelLabel: string | null;
      accountId: string;
      at: string;
      /** set when an escalation request was acknowledged: the time-to-acknowledge metric it stopped */
      metricId?: string;
    };

export interface IncidentReportInput {
  policy: CompiledPolicy;
  /** The issue as Jira REST v3 returns it, with its full changelog (authors included). */
  issue: unknown;
  /** `evaluate(policy, issue, now)`. */
  state: SlaState;
  audit: readonly IncidentAuditRecord[];
  now: number;
}

// Who made each change: the one part of a history the SLA parser drops (jira-issue-schema.ts reads no author).
const authoredHistories = z.object({
  changelog: z
    .object({
      histories: z.array(
        z.object({
          id: z.unknown().optional(),
          created: z.string(),
          // An author Jira hides or omits (an anonymous change) is no author, never a malformed issue.
          author: z.object({ accountId: z.string() }).nullish().catch(null),
          items: z.array(z.object({ field: z.string(), fieldId: z.string().nullish(), fromString: z.string().nullish() })),
        }),
      ),
    })
    .nullish(),
  fields: z.object({
    creator: z.object({ accountId: z.string() }).nullish().catch(null),
    reporter: z.object({ accountId: z.string() }).nullish().catch(null),
  }),
});

interface Change {
  at: number;
  author: string | null;
  field: string;
  from: string | null;
  to: string | null;
}

/** Every changelog item with its history's instant and author, in the order Jira made them. */
function authoredChanges(raw: unknown): { changes: Change[]; creator: string | null } {
  const parsed = authoredHistories.parse(raw);
  const histories = parsed.changelog?.histories ?? [];
  const stamped: StampedHistory[] = histories.map((history, index) => ({
    at: parseJiraInstant(history.created),
    index,
    id: numericHistoryId(history.id),
    seq: index,
  }));
  orderHistories(stamped);
  const rawItems = (raw as { changelog?: { histories?: Array<{ items?: Array<{ toString?: unknown }> }> } }).changelog?.histories ?? [];
  const changes: Change[] = [];
  for (const { at, index } of stamped) {
    const history = histories[index]!;
    history.items.forEach((item, i) => {
      // `toString` is read from the raw item: zod would read Object.prototype.toString of an item without one.
      const to = rawItems[index]?.items?.[i]?.toString;
      changes.push({
        at,
        author: history.author?.accountId ?? null,
        field: (item.fieldId ?? item.field).toLowerCase(),
        from: item.fromString ?? null,
        to: typeof to === 'string' ? to : null,
      });
    });
  }
  return { changes, creator: parsed.fields.creator?.accountId ?? parsed.fields.reporter?.accountId ?? null };
}

type Draft = Omit<IncidentEntry, 'at' | 'sincePreviousMinutes' | 'sinceCreatedMinutes'> & { ms: number };

function draft(ms: number, kind: IncidentEntryKind, text: string, extra: Partial<Omit<Draft, 'ms' | 'kind' | 'text'>> = {}): Draft {
  return {
    ms,
    kind,
    text,
    actor: null,
    people: [],
    metricId: null,
    cycle: null,
    usedMinutes: null,
    pausedMinutes: null,
    ...extra,
  };
}

function minutes(ms: number): number {
  return Math.floor(Math.max(0, ms) / MINUTE_MS);
}

/**
 * The SLA priority, plan and region calendar the policy chooses, at each instant a field it reads for them changed,
 * when one of them changes: one walk over those instants serves all three (each choice reads the issue as it stood).
 */
function selectionChanges(policy: CompiledPolicy, snapshot: IssueSnapshot, changes: readonly Change[]): Draft[] {
  const out: Draft[] = [];
  const choose = (view: IssueSnapshot) => ({
    priority: classify(policy, view),
    plan: selectPlan(policy, view),
    region: selectCalendarRegion(policy, view),
  });
  const authorAt = new Map<number, string | null>();
  for (const change of changes) if (!authorAt.has(change.at)) authorAt.set(change.at, change.author);
  let previous = choose(issueAsOf(snapshot, snapshot.created));
  for (const at of changesOfFieldsRead(policy, snapshot)) {
    const now = choose(issueAsOf(snapshot, at));
    const actor = authorAt.get(at) ?? null;
    if (now.priority.priority !== previous.priority.priority) {
      const text = `SLA priority ${previous.priority.priority} → ${now.priority.priority} (${now.priority.reason})`;
      out.push(draft(at, 'classification', text, { actor }));
    }
    if (now.plan.plan !== previous.plan.plan) {
      out.push(draft(at, 'plan', `Plan ${previous.plan.plan} → ${now.plan.plan}: ${now.plan.reason}`, { actor }));
    }
    if (now.region.calendar !== previous.region.calendar) {
      out.push(
        draft(at, 'region', `Region calendar ${previous.region.calendar} → ${now.region.calendar}: ${now.region.reason}`, { actor }),
      );
    }
    previous = now;
  }
  return out;
}

/** One cycle of a metric as the report tells it: start, stop and due instants in ms and how it went. */
interface CycleFacts {
  cycle: number;
  start: number;
  stop: number | null;
  due: number | null;
  status: 'met' | 'breached' | 'open';
  usedMinutes: number;
  pausedMinutes: number | null;
  target: string | null;
}

/** Business minutes a cycle spent paused from `start` to `end` on its calendar (the clock's own pauses). */
function pausedBetween(calendar: BusinessCalendar, pauses: readonly Interval[], start: number, end: number): number {
  const closed = intervalsAsOf(pauses, end, true).filter((pause) => pause.to > start);
  return minutes(calendar.businessTimeBetween(start, end) - consumedBetween(calendar, start, end, closed));
}

function cyclesOf(metric: MetricState, calendar: BusinessCalendar, pauses: readonly Interval[], now: number): CycleFacts[] {
  const cycles: CycleFacts[] = metric.pastCycles.map((past) => ({
    cycle: past.cycle,
    start: Date.parse(past.startedAt),
    stop: Date.parse(past.stoppedAt),
    due: past.dueAt === null ? null : Date.parse(past.dueAt),
    status: past.status,
    usedMinutes: past.elapsedMinutes,
    pausedMinutes: past.pausedMinutes,
    target: null,
  }));
  if (metric.startedAt === null) return cycles;
  const start = Date.parse(metric.startedAt);
  const stop = metric.stoppedAt === null ? null : Date.parse(metric.stoppedAt);
  cycles.push({
    cycle: metric.cycle,
    start,
    stop,
    due: metric.dueAt === null ? null : Date.parse(metric.dueAt),
    status:
      metric.status === 'met'
        ? 'met'
        : metric.status === 'breached'
          ? 'breached'
          : metric.status === 'none' && stop !== null
            ? 'met'
            : 'open',
    usedMinutes: metric.elapsedMinutes,
    pausedMinutes: pausedBetween(calendar, pauses, start, stop ?? now),
    target: metric.target?.duration ?? null,
  });
  return cycles;
}

/**
 * The pause entries of a metric with its own `pause:` list: each of its paused stretches that the policy's pauses do
 * not already show (same start and end), so a metric whose pauses equal the policy's adds none.
 */
function metricPauseEntries(
  metric: MetricState,
  pauses: readonly Interval[],
  policyPauses: readonly Interval[],
  created: number,
  now: number,
): Draft[] {
  const shown = new Set(policyPauses.map((pause) => `${pause.from}/${pause.to}`));
  const out: Draft[] = [];
  for (const pause of pauses) {
    if (shown.has(`${pause.from}/${pause.to}`)) continue;
    const ids = { metricId: metric.id };
    out.push(draft(Math.max(pause.from, created), 'pauseBegan', `Paused (metric ${metric.label}: ${pause.reason})`, ids));
    if (pause.to !== Infinity && pause.to <= now) {
      out.push(draft(pause.to, 'pauseEnded', `Resumed (metric ${metric.label}: ${pause.reason} ended)`, ids));
    }
  }
  return out;
}

function metricEntries(
  input: IncidentReportInput,
  snapshot: IssueSnapshot,
  regionCalendar: BusinessCalendar,
  policyPauses: readonly Interval[],
): { drafts: Draft[]; summaries: IncidentMetricSummary[] } {
  const { policy, state, now } = input;
  const drafts: Draft[] = [];
  const summaries: IncidentMetricSummary[] = [];
  for (const metric of state.metrics) {
    const definition = policy.metrics.find((candidate) => candidate.id === metric.id);
    const pauses =
      definition === undefined ? [] : pauseIntervals(snapshot, definition.pause === 'inherit' ? policy.pause : definition.pause);
    const calendar = metric.target === null ? regionCalendar : policy.calendar(metric.target.calendar);
    const cycles = cyclesOf(metric, calendar, pauses, now);
    if (definition !== undefined && definition.pause !== 'inherit') {
      drafts.push(...metricPauseEntries(metric, pauses, policyPauses, snapshot.created, now));
    }
    const summary: IncidentMetricSummary = { id: metric.id, label: metric.label, cycles: cycles.length, met: 0, breached: 0, open: 0 };
    const ids = { metricId: metric.id };
    for (const cycle of cycles) {
      const name = cycles.length > 1 ? `${metric.label} (cycle ${cycle.cycle})` : metric.label;
      const started = cycle.target === null ? 'started' : `started, target ${cycle.target}`;
      drafts.push(draft(cycle.start, 'cycleStarted', `${name} ${started}`, { ...ids, cycle: cycle.cycle }));
      if (cycle.status === 'breached' && cycle.due !== null) {
        drafts.push(
          draft(cycle.due, 'breached', `${name} breached`, {
            ...ids,
            cycle: cycle.cycle,
            usedMinutes: minutes(consumedBetween(calendar, cycle.start, cycle.due, intervalsAsOf(pauses, cycle.due, true))),
            pausedMinutes: pausedBetween(calendar, pauses, cycle.start, cycle.due),
          }),
        );
      }
      if (cycle.stop !== null && cycle.stop <= now) {
        const late = cycle.status === 'breached';
        drafts.push(
          draft(cycle.stop, late ? 'cycleStopped' : 'cycleMet', late ? `${name} stopped late` : `${name} met`, {
            ...ids,
            cycle: cycle.cycle,
            usedMinutes: cycle.usedMinutes,
            pausedMinutes: cycle.pausedMinutes,
          }),
        );
      }
      if (cycle.status === 'met') summary.met += 1;
      else if (cycle.status === 'breached') summary.breached += 1;
      else summary.open += 1;
    }
    summaries.push(summary);
  }
  return { drafts, summaries };
}

/** What an acknowledgement acknowledged: a ladder level, or an escalation request (which may come before any level). */
function acknowledgementText(record: Extract<IncidentAuditRecord, { type: 'ack' }>): string {
  if (record.metricId !== undefined) return `Escalation request acknowledged (${record.metricId})`;
  return `Level ${record.level} (${record.levelLabel ?? record.levelId ?? 'no id'}) acknowledged`;
}

function auditEntries(audit: readonly IncidentAuditRecord[], now: number): Draft[] {
  const out: Draft[] = [];
  for (const record of audit) {
    if (record.type === 'ack') {
      const ms = Date.parse(record.at);
      if (ms <= now) {
        out.push(
          draft(ms, 'acknowledged', acknowledgementText(record), {
            actor: record.accountId,
          }),
        );
      }
      continue;
    }
    const ms = Date.parse(record.sentAt ?? record.claimedAt);
    if (ms > now) continue;
    const what =
      record.kind === 'escalation'
        ? `level ${record.level} (${record.levelLabel ?? 'unnamed'})`
        : `warning for ${record.metricId ?? 'a metric'}`;
    const outcome = record.status === 'sent' ? '' : ` (${record.status}${record.note ? `: ${record.note}` : ''})`;
    out.push(
      draft(ms, 'notified', `Notice of ${what} by ${record.channel}${outcome}`, {
        people: record.recipients.map((one) => (one.kind === 'user' ? one.accountId : `group:${one.name}`)),
        metricId: record.metricId,
      }),
    );
  }
  return out;
}

/**
 * The incident report of an issue as of `now`: its entries oldest first (entries at one instant in
 * `INCIDENT_ENTRY_KINDS` order), each with the business minutes since the previous entry and since creation on the
 * issue's calendar (`state.calendar`, half-open `[from, to)`, floored), and the totals. Entries after `now` (an
 * audit record written by a later clock) are left out.
 *
 * @throws {IssueParseError} when the issue is malformed.
 * @example
 * // created Mon 09:00 New York, Waiting for customer 10:00–Tue 10:00, resolved Tue 11:00 (Mon–Fri 09:00–17:00)
 * incidentReport({ policy, issue, state, audit: [], now }).totals
 * //=> { totalBusinessMinutes: 600, pausedBusinessMinutes: 480, ... }
 */
export function incidentReport(input: IncidentReportInput): IncidentReport {
  const { policy, state, now } = input;
  assertInstant(now, 'now');
  const snapshot = parseIssue(input.issue);
  const { changes, creator } = authoredChanges(input.issue);
  const calendar = policy.calendar(state.calendar.id);
  const created = snapshot.created;
  const end = snapshot.resolvedAt !== null && snapshot.resolvedAt <= now ? snapshot.resolvedAt : now;

  const drafts: Draft[] = [draft(created, 'created', `Created: ${snapshot.summary}`, { actor: creator })];
  for (const change of changes) {
    if (change.field === 'status') {
      drafts.push(draft(change.at, 'status', `Status ${change.from ?? '(none)'} → ${change.to ?? '(none)'}`, { actor: change.author }));
    } else if (change.field === 'priority') {
      drafts.push(draft(change.at, 'priority', `Priority ${change.from ?? '(none)'} → ${change.to ?? '(none)'}`, { actor: change.author }));
    }
  }
  drafts.push(...selectionChanges(policy, snapshot, changes));

  const resolutionChanges = changes.filter((change) => change.field === 'resolution');
  snapshot.resolutionTimeline.forEach((stretch, index) => {
    if (index === 0 && stretch.value === null) return;
    const author = resolutionChanges.find((change) => change.at === stretch.from)?.author ?? null;
    drafts.push(
      stretch.value === null
        ? draft(stretch.from, 'reopened', 'Reopened', { actor: author })
        : draft(stretch.from, 'resolved', `Resolved: ${stretch.value}`, { actor: author }),
    );
  });

  const pauses = pauseIntervals(snapshot, policy.pause);
  let pausedMs = 0;
  for (const pause of pauses) {
    const from = Math.max(pause.from, created);
    drafts.push(draft(from, 'pauseBegan', `Paused: ${pause.reason}`));
    if (pause.to !== Infinity && pause.to <= now) drafts.push(draft(pause.to, 'pauseEnded', `Resumed: ${pause.reason} ended`));
    pausedMs += calendar.businessTimeBetween(from, Math.min(pause.to, end));
  }

  const metrics = metricEntries(input, snapshot, calendar, pauses);
  drafts.push(...metrics.drafts);
  for (const step of state.escalation.ladder) {
    if (step.reached)
      drafts.push(draft(Date.parse(step.at), 'escalated', `Escalation level ${step.level}: ${step.label} (${step.contact})`));
  }
  drafts.push(...auditEntries(input.audit, now));

  const order = (kind: IncidentEntryKind) => INCIDENT_ENTRY_KINDS.indexOf(kind);
  const kept = drafts.filter((entry) => entry.ms <= now).sort((a, b) => a.ms - b.ms || order(a.kind) - order(b.kind));
  let previous = created;
  const entries = kept.map(({ ms, ...rest }): IncidentEntry => {
    const entry = {
      at: isoInstant(ms),
      ...rest,
      sincePreviousMinutes: minutes(calendar.businessTimeBetween(previous, ms)),
      sinceCreatedMinutes: minutes(calendar.businessTimeBetween(created, ms)),
    };
    previous = Math.max(previous, ms);
    return entry;
  });

  const summaries = metrics.summaries;
  return {
    issueKey: snapshot.key,
    summary: snapshot.summary,
    createdAt: isoInstant(created),
    resolvedAt: end === snapshot.resolvedAt ? isoInstant(end) : null,
    endAt: isoInstant(end),
    calendar: { id: state.calendar.id, timeZone: state.calendar.timeZone },
    entries,
    totals: {
      met: summaries.reduce((sum, metric) => sum + metric.met, 0),
      breached: summaries.reduce((sum, metric) => sum + metric.breached, 0),
      metrics: summaries,
      totalBusinessMinutes: minutes(calendar.businessTimeBetween(created, end)),
      pausedBusinessMinutes: minutes(pausedMs),
      highestEscalationLevel: state.escalation.ladder.filter((step) => step.reached).reduce((max, step) => Math.max(max, step.level), 0),
      notifications: entries.filter((entry) => entry.kind === 'notified').length,
      acknowledgements: entries.filter((entry) => entry.kind === 'acknowledged').length,
    },
  };
}
