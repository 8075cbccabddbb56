/**
 * `evaluate`: a compiled policy, a Jira issue and an instant in, the issue's SLA state out (docs/architecture.md,
 * SlaState). Also the what-if helpers `dueInstants` and `escalationInstants` used by the CLI and the admin
 * preview. Pure and deterministic: the same inputs give the same (JSON-identical) output.
 */
import { describeCalendar, type CalendarDescription } from './calendar-words';
import { classify } from './classify';
import { pastCycleTerms } from './cycle-terms';
import { cachedDuration, metricClock, pauseIntervals, type MetricClock, type MetricState } from './clocks';
import { escalationState, levelReachedAt, resolvedIntervals, type EscalationState, type LadderClock } from './escalation';
import { escalationOutlook, type EscalationOutlook } from './escalation-outlook';
import { assertInstant, isoInstant } from './instant';
import { durationReached, shareReached } from './duration-reached';
import { unionIntervals, type Interval } from './intervals';
import { parseIssue } from './issue';
import { UnknownChoiceError, type CompiledPolicy } from './compile-policy';
import { selectCalendarRegion, selectPlan } from './plan';
import { ladderFor, targetFor } from './policy-lookups';
import type { EscalationLevel, PauseCondition } from './policy-schema';
import { summaryStatus, type SlaSummaryStatus } from './sla-rules';

export type { CompletedCycle, MetricHistoryEntry, MetricState, MetricStatus } from './clocks';
export type { EscalationState, EscalationStep } from './escalation';
export type { EscalationOutlook } from './escalation-outlook';
export type { CalendarDescription } from './calendar-words';

export type { SlaSummaryStatus };

/** The SLA state of one issue at one instant (JSON-serialisable; instants as ISO-8601 UTC strings). */
export interface SlaState {
  policyId: string;
  evaluatedAt: string;
  plan: { id: string; label: string; reason: string };
  priority: { id: string; label: string; ruleId: string | null; reason: string };
  calendar: { id: string; timeZone: string };
  metrics: MetricState[];
  escalation: EscalationState;
  /** What reaches each ladder level and, when the next has no instant, what it waits for. */
  escalationOutlook: EscalationOutlook;
  /** Every calendar the issue's calendar and targets use, described for people (hours, zone, holidays, day). */
  calendars: CalendarDescription[];
  status: SlaSummaryStatus;
  nextBreachAt: string | null;
  nextChangeAt: string | null;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : isoInstant(ms);
}

/** The entry of `list` with id `id`, or UnknownChoiceError naming the valid ids: one rule for plans and priorities. */
function requireChoice<T extends { id: string }>(kind: 'plan' | 'priority', list: readonly T[], id: string): T {
  const found = list.find((candidate) => candidate.id === id);
  if (!found)
    throw new UnknownChoiceError(
      kind,
      id,
      list.map((candidate) => candidate.id),
    );
  return found;
}

/** What an evaluation reads besides the Jira issue: the app's own records of it. */
export interface EvaluationInput {
  /**
   * When escalations on the issue were acknowledged in the SLA panel (ISO-8601 instants, any order): what stops a
   * metric with `stop: [{ on: acknowledgement }]`. The adapter reads them from the issue's ladder audit.
   */
  acknowledgedAt?: readonly string[];
}

/**
 * The acknowledgement instants as the snapshot holds them: epoch ms, ascending, each once (unreadable ones dropped).
 * @example acknowledgementInstants(['2026-11-16T16:00:00Z', '2026-11-16T15:00:00Z']) //=> [1794841200000, 1794844800000]
 */
export function acknowledgementInstants(acknowledgedAt: readonly string[]): number[] {
  const instants = new Set<number>();
  for (const text of acknowledgedAt) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) instants.add(ms);
  }
  return [...instants].sort((a, b) => a - b);
}

/**
 * The first instant after `now` at which a running metric reaches a warning share (`directory.warnBeforeBreach`),
 * as the notice reads it: whole minutes used × 100 ≥ target minutes × share; null when none is pending.
 * @example // 4h target, warn at 60 %, started 09:00 on a working morning: pending at 11:24 (144 minutes used)
 */
function pendingWarningMs(policy: CompiledPolicy, clock: MetricClock, now: number): number | null {
  const warn = policy.directory?.warnBeforeBreach;
  const state = clock.state;
  if (!warn || (warn.metrics && !warn.metrics.includes(state.id))) return null;
  if (state.status !== 'running' || state.targetMinutes === null || state.targetMinutes === 0) return null;
  const minutes = Math.ceil((state.targetMinutes * warn.atPercent) / 100);
  const at = clock.minutesInstant(minutes);
  return at !== null && at > now ? at : null;
}

/**
 * The SLA state of a Jira issue at `now` under a policy: plan, priority (with the classification reason), every
 * metric's clock, the escalation level, the summary status, the next breach and `nextChangeAt` (the earliest
 * instant after `now` at which a metric becomes at risk or breaches, or a ladder level is reached, with no new
 * event, or a `warnBeforeBreach` share is reached; null when nothing will change on its own). `input` carries the
 * app's own records (acknowledgements) the issue JSON cannot.
 *
 * @throws {IssueParseError} when the issue is malformed (the message names the path).
 * @example
 * evaluate(loadPreset('byteztech'), issueJson, Date.parse('2026-11-16T15:00:00Z')).metrics[0]
 * //=> { id: 'firstResponse', status: 'running', dueAt: '2026-11-16T19:00:00.000Z', ... }
 */
export function evaluate(policy: CompiledPolicy, issue: unknown, now: number, input: EvaluationInput = {}): SlaState {
  assertInstant(now, 'now');
  const snapshot = parseIssue(issue);
  if (input.acknowledgedAt) snapshot.acknowledgements = acknowledgementInstants(input.acknowledgedAt);
  const classification = classify(policy, snapshot);
  const planChoice = selectPlan(policy, snapshot);
  const region = selectCalendarRegion(policy, snapshot);
  const plan = requireChoice('plan', policy.plans, planChoice.plan);
  const priority = requireChoice('priority', policy.priorities, classification.priority);
  const regionCalendar = policy.calendar(region.calendar);

  const pauseCache = new Map<readonly PauseCondition[], Interval[]>();
  const pausesFor = (conditions: readonly PauseCondition[]): Interval[] => {
    let intervals = pauseCache.get(conditions);
    if (!intervals) {
      intervals = pauseIntervals(snapshot, conditions);
      pauseCache.set(conditions, intervals);
    }
    return intervals;
  };

  const clocks = new Map<string, MetricClock>();
  const metrics: MetricState[] = [];
  let nextChange: number | null = null;
  let nextBreach: number | null = null;
  const consider = (ms: number | null) => {
    if (ms !== null && ms > now && (nextChange === null || ms < nextChange)) nextChange = ms;
  };

  const pastTerms = pastCycleTerms(policy, snapshot);
  for (const metric of policy.metrics) {
    const target = targetFor(policy, plan.id, priority.id, metric.id, region.calendar);
    const terms = { target, calendar: policy.calendar(target?.calendar ?? region.calendar), priority: priority.id, plan: plan.id };
    const clock = metricClock({
      metric,
      issue: snapshot,
      terms,
      termsAt: (stoppedMs) => pastTerms.at(metric.id, terms, stoppedMs),
      pauses: pausesFor(metric.pause === 'inherit' ? policy.pause : metric.pause),
      now,
      policy,
    });
    clocks.set(metric.id, clock);
    metrics.push(clock.state);
    consider(clock.nextChangeMs);
    // A warning at a share other than at-risk's 75 % changes nothing in the fields, but the sweep must come then.
    consider(pendingWarningMs(policy, clock, now));
    if (clock.state.status === 'running' && clock.dueMs !== null && (nextBreach === null || clock.dueMs < nextBreach)) {
      nextBreach = clock.dueMs;
    }
  }

  const ladder = ladderFor(policy, priority.id, plan.id);
  const ladderPauses = unionIntervals([pausesFor(policy.pause), resolvedIntervals(snapshot)]);
  const escalation = escalationState({
    ladder,
    created: snapshot.created,
    resolvedAt: snapshot.resolvedAt,
    pauses: ladderPauses,
    calendarFor: (level: EscalationLevel) => (level.calendar === undefined ? regionCalendar : policy.calendar(level.calendar)),
    metrics: clocks,
    now,
  });
  consider(escalation.nextChangeMs);

  return {
    policyId: policy.id,
    evaluatedAt: isoInstant(now),
    plan: { id: plan.id, label: plan.label, reason: planChoice.reason },
    priority: { id: priority.id, label: priority.label, ruleId: classification.ruleId, reason: classification.reason },
    calendar: { id: regionCalendar.id, timeZone: regionCalendar.timeZone },
    metrics,
    escalation: escalation.state,
    escalationOutlook: escalationOutlook({
      ladder,
      escalation: escalation.state,
      metrics,
      definitions: policy.metrics,
      ladderPauses,
      resolved: snapshot.resolvedAt !== null && snapshot.resolvedAt <= now,
      now,
    }),
    calendars: describeCalendars(policy, [regionCalendar.id, ...metrics.map((metric) => metric.target?.calendar ?? regionCalendar.id)]),
    status: summaryStatus(metrics),
    nextBreachAt: iso(nextBreach),
    nextChangeAt: iso(nextChange),
  };
}

/**
 * The named calendars of a policy described for people, each once, in the order given.
 * @example describeCalendars(byteztech, ['us-business', '24x7']).map((c) => c.hours)[0]
 * //=> 'Mon–Fri 09:00–18:00 America/New_York, United States public and … holidays'
 */
export function describeCalendars(policy: CompiledPolicy, ids: readonly string[]): CalendarDescription[] {
  let described = describedCalendars.get(policy);
  if (!described) {
    described = new Map();
    describedCalendars.set(policy, described);
  }
  const out: CalendarDescription[] = [];
  for (const id of ids) {
    if (out.some((calendar) => calendar.id === id)) continue;
    let description = described.get(id);
    if (!description) {
      const spec = policy.calendars.find((candidate) => candidate.id === id) ?? null;
      description = describeCalendar(spec, policy.calendar(id).dayLengthMs / 60_000, id);
      described.set(id, description);
    }
    out.push(description);
  }
  return out;
}

/** A compiled policy's calendars never change, and every evaluation describes them: words once per policy. */
const describedCalendars = new WeakMap<CompiledPolicy, Map<string, CalendarDescription>>();

/** A what-if question: a plan, a priority and a clock start (epoch ms); `calendar` overrides the default calendar. */
export interface WhatIf {
  plan: string;
  priority: string;
  start: number;
  calendar?: string;
}

/** One metric's due instant for a what-if start. */
export interface DueInstant {
  /** Epoch ms, or null for a `none` / missing target. */
  due: number | null;
  /** The duration as written in the policy (`"none"` when the cell has no target). */
  duration: string;
  calendar: string;
}

/**
 * The due instant of every metric for an issue of `plan` × `priority` whose clocks all start at `start`, with
 * no pauses: the table `sla due` prints and the admin preview shows.
 *
 * @throws {UnknownChoiceError} for an unknown plan, priority or calendar (its message lists the valid ids).
 * @example
 * dueInstants(loadPreset('byteztech'), { plan: 'standard', priority: 'P1', start: Date.parse('2026-11-16T14:00:00Z') })
 * //=> { firstResponse: { due: Date.parse('2026-11-16T18:00:00Z'), duration: '4h', calendar: 'us-business' } }
 */
export function dueInstants(policy: CompiledPolicy, whatIf: WhatIf): Record<string, DueInstant> {
  assertInstant(whatIf.start, 'start');
  requireChoice('plan', policy.plans, whatIf.plan);
  requireChoice('priority', policy.priorities, whatIf.priority);
  const fallback = whatIf.calendar ?? policy.defaultCalendar;
  policy.calendar(fallback); // an unknown calendar throws even when every target names its own
  const out: Record<string, DueInstant> = {};
  for (const metric of policy.metrics) {
    const target = targetFor(policy, whatIf.plan, whatIf.priority, metric.id, fallback);
    if (target === null) {
      out[metric.id] = { due: null, duration: 'none', calendar: fallback };
      continue;
    }
    const calendar = policy.calendar(target.calendar);
    out[metric.id] = {
      due: durationReached(calendar, whatIf.start, cachedDuration(target.duration), [])?.point.at ?? null,
      duration: target.duration,
      calendar: target.calendar,
    };
  }
  return out;
}

/** One ladder level's instant for a what-if start. */
export interface EscalationInstant {
  level: number;
  id: string;
  label: string;
  contact: string;
  /** Epoch ms, or null when the level is never reached (an `atPercent` of a metric without a target). */
  at: number | null;
}

/**
 * When each ladder level of `priority` would be reached for an issue created at `start` that is never paused
 * nor resolved (`atPercent` levels: that share of the metric's target for `plan`, counted from `start`).
 *
 * @throws {UnknownChoiceError} for an unknown plan, priority or calendar.
 * @example
 * escalationInstants(batoi, { plan: 'enterprise', priority: 'P1', start }).map((step) => step.id)
 * //=> ['support-team', 'account-manager', 'executive']
 */
export function escalationInstants(policy: CompiledPolicy, whatIf: WhatIf): EscalationInstant[] {
  assertInstant(whatIf.start, 'start');
  requireChoice('plan', policy.plans, whatIf.plan);
  requireChoice('priority', policy.priorities, whatIf.priority);
  const fallback = whatIf.calendar ?? policy.defaultCalendar;
  const defaultCalendar = policy.calendar(fallback);
  // The rule `evaluate` applies (`levelReachedAt`), with no pauses and the plan's targets for `atPercent` levels.
  const clock: LadderClock = {
    created: whatIf.start,
    pauses: [],
    calendarFor: (level) => (level.calendar === undefined ? defaultCalendar : policy.calendar(level.calendar)),
    percentInstant: (metric, percent) => {
      const target = targetFor(policy, whatIf.plan, whatIf.priority, metric, fallback);
      if (target === null) return null;
      const calendar = policy.calendar(target.calendar);
      const reach = durationReached(calendar, whatIf.start, cachedDuration(target.duration), []);
      return reach === null ? null : shareReached(calendar, whatIf.start, [], reach, percent).at;
    },
  };
  return ladderFor(policy, whatIf.priority, whatIf.plan).map((level, index) => ({
    level: index + 1,
    id: level.id,
    label: level.label,
    contact: level.contact,
    at: levelReachedAt(level, clock),
  }));
}
