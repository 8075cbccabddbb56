/**
 * A metric's timeline and its cycles: the instants its start and stop conditions happen on an issue, and the
 * fold that turns those events, in time order, into cycles (docs/policy.md, "Cycles"). Pure; instants in epoch ms.
 */
import { jsmField, textRuleMatch } from './classify';
import { commentText, type IssueSnapshot, type TimedValue } from './issue';
import { repeats, type MetricRepeat } from './metric-repeat';
import type { Metric, MetricStart, MetricStop, Policy } from './policy-schema';
import { includesIgnoringCase } from './text-match';
import type { TextRegex } from './text-regex';

/**
 * What some starts read from the policy besides the metric: the JSM request type field (`fields.requestType`) and
 * the compiled regexes of `comment` text rules (a compiled policy has both).
 */
export type StartPolicy = Pick<Policy, 'fields'> & { readonly textRegex?: (source: string) => TextRegex };

/** Without a policy: the default request type field, and text rules of words only. */
const NO_POLICY: StartPolicy = { fields: undefined };

/** Something that happened to a clock, and why (the words the history shows). */
export interface ClockMark {
  at: number;
  reason: string;
}

/** One cycle: its start and, once it happened (at or before `now`), its stop. */
export interface CycleSpan {
  start: ClockMark;
  stop: ClockMark | null;
}

/**
 * What can happen on a metric's timeline: a start, a stop, or (periodic updates) a restart that ends the open
 * cycle and begins the next at the same instant.
 */
export interface TimelineEvent extends ClockMark {
  kind: 'start' | 'stop' | 'restart';
}

/** Events at one instant: a start first (a stop at the same instant ends it: a zero-length cycle), a restart last. */
const EVENT_ORDER: Readonly<Record<TimelineEvent['kind'], number>> = { start: 0, stop: 1, restart: 2 };

function fieldSet(value: string | null): boolean {
  return value !== null;
}

/** First instant ≥ `from` at which a timeline value passes `test`, or null. */
function firstHolding(timeline: readonly TimedValue[], from: number, test: (value: string | null) => boolean): TimedValue | null {
  for (const entry of timeline) {
    if (entry.to > from && entry.to > entry.from && test(entry.value)) return entry;
  }
  return null;
}

/** Every stretch of a timeline whose value passes `test`: the instants the condition began to hold. */
function stretchesWhere(
  timeline: readonly TimedValue[],
  test: (value: string | null) => boolean,
  reason: (value: string) => string,
): ClockMark[] {
  const out: ClockMark[] = [];
  for (const entry of timeline) {
    if (entry.to > entry.from && test(entry.value)) out.push({ at: entry.from, reason: reason(entry.value ?? '') });
  }
  return out;
}

/** Whether a public comment counts as the customer's: written by the reporter. */
function byCustomer(issue: IssueSnapshot, by: string | null): boolean {
  return issue.reporterId !== null && by === issue.reporterId;
}

/** Whether a public comment counts as an agent's for a `publicComment` stop (`notReporter`: anyone but the reporter). */
function byAgent(issue: IssueSnapshot, by: string | null, who: 'notReporter' | 'anyone'): boolean {
  return who === 'anyone' || issue.reporterId === null || by !== issue.reporterId;
}

function commentReason(by: string | null): string {
  return `public comment by ${by ?? 'an unknown user'}`;
}

/** Whether a field value (one value, or several joined with ", ") holds one of `wanted`, ignoring case. */
function holdsOneOf(wanted: readonly string[], value: string | null): boolean {
  if (value === null) return false;
  return (
    includesIgnoringCase(wanted, value) ||
    (value.includes(',') && value.split(',').some((part) => includesIgnoringCase(wanted, part.trim())))
  );
}

const ACKNOWLEDGED = 'acknowledged in the SLA panel';

/** The starts that ask for something (a request type, a matching comment, a customer's portal transition), oldest first. */
function requestOccurrences(
  issue: IssueSnapshot,
  start: Extract<MetricStart, { on: 'requestType' | 'comment' | 'portalAction' }>,
  policy: StartPolicy,
): ClockMark[] {
  switch (start.on) {
    case 'requestType': {
      return stretchesWhere(
        issue.fieldTimeline(jsmField(policy, 'requestType')),
        (value) => holdsOneOf(start.requestTypes, value),
        (value) => `request type '${value}'`,
      );
    }
    case 'comment': {
      const out: ClockMark[] = [];
      for (const comment of issue.comments) {
        if (!comment.public || (start.by === 'customer' && !byCustomer(issue, comment.by))) continue;
        const why = textRuleMatch(policy, start.text, commentText(comment));
        if (why !== null) out.push({ at: comment.at, reason: `${commentReason(comment.by)}: ${why}` });
      }
      return out;
    }
    case 'portalAction':
      // Customers work only in the portal: a status change by the reporter is a portal (customer) transition.
      return issue.statusChanges
        .filter((change) => change.by !== null && change.by === issue.reporterId && includesIgnoringCase(start.statuses, change.to))
        .map((change) => ({ at: change.at, reason: `the customer moved it to '${change.to ?? ''}' in the portal` }));
  }
}

/** When a metric starts and why; null when the start event has not happened. */
export function metricStart(issue: IssueSnapshot, start: MetricStart, policy: StartPolicy = NO_POLICY): ClockMark | null {
  switch (start.on) {
    case 'requestType':
    case 'comment':
    case 'portalAction':
      return requestOccurrences(issue, start, policy)[0] ?? null;
    case 'created':
      return { at: issue.created, reason: 'issue created' };
    case 'status': {
      const entry = firstHolding(issue.statusTimeline, issue.created, (value) => includesIgnoringCase(start.statuses, value));
      return entry ? { at: entry.from, reason: `entered status '${entry.value ?? ''}'` } : null;
    }
    case 'label': {
      const at = issue.labelAddedAt(start.label);
      return at === null ? null : { at, reason: `label '${start.label}' added` };
    }
    case 'field': {
      const entry = firstHolding(issue.fieldTimeline(start.field), issue.created, fieldSet);
      return entry ? { at: entry.from, reason: `field '${start.field}' set to '${entry.value ?? ''}'` } : null;
    }
    case 'customerComment': {
      const comment = issue.comments.find((candidate) => candidate.public && byCustomer(issue, candidate.by));
      return comment ? { at: comment.at, reason: `public comment by the customer (${comment.by ?? ''})` } : null;
    }
  }
}

/**
 * Every instant a start condition happens, oldest first: the first is `metricStart`; a status, label or field
 * start happens again at each later stretch it holds, a customerComment start at each public customer comment.
 */
export function startOccurrences(issue: IssueSnapshot, start: MetricStart, policy: StartPolicy = NO_POLICY): ClockMark[] {
  switch (start.on) {
    case 'requestType':
    case 'comment':
    case 'portalAction':
      return requestOccurrences(issue, start, policy);
    case 'created':
      return [{ at: issue.created, reason: 'issue created' }];
    case 'status':
      return stretchesWhere(
        issue.statusTimeline,
        (value) => includesIgnoringCase(start.statuses, value),
        (value) => `entered status '${value}'`,
      );
    case 'label': {
      const first = metricStart(issue, start);
      if (first === null) return [];
      const wanted = start.label;
      const again = stretchesWhere(
        issue.fieldTimeline('labels'),
        (value) => value !== null && value.split(/[\s,]+/).includes(wanted),
        () => `label '${wanted}' added`,
      ).filter((mark) => mark.at > first.at);
      return [first, ...again];
    }
    case 'field':
      return stretchesWhere(issue.fieldTimeline(start.field), fieldSet, (value) => `field '${start.field}' set to '${value}'`);
    case 'customerComment':
      return issue.comments
        .filter((comment) => comment.public && byCustomer(issue, comment.by))
        .map((comment) => ({ at: comment.at, reason: `public comment by the customer (${comment.by ?? ''})` }));
  }
}

/** Every instant one stop condition happens (a state stop: each stretch it holds from), oldest first. */
function stopOccurrences(issue: IssueSnapshot, stop: MetricStop): ClockMark[] {
  switch (stop.on) {
    case 'publicComment':
      return issue.comments
        .filter((comment) => comment.public && byAgent(issue, comment.by, stop.by))
        .map((comment) => ({ at: comment.at, reason: commentReason(comment.by) }));
    case 'status':
      return stretchesWhere(
        issue.statusTimeline,
        (value) => includesIgnoringCase(stop.statuses, value),
        (value) => `entered status '${value}'`,
      );
    case 'field':
      return stretchesWhere(issue.fieldTimeline(stop.field), fieldSet, (value) => `field '${stop.field}' set to '${value}'`);
    case 'resolution':
      return stretchesWhere(issue.resolutionTimeline, fieldSet, (value) => `resolved (${value})`);
    case 'acknowledgement':
      return issue.acknowledgements.map((at) => ({ at, reason: ACKNOWLEDGED }));
  }
}

/** The first stop event at or after `from`, and why; null when none has happened. */
export function metricStop(issue: IssueSnapshot, stops: readonly MetricStop[], from: number): ClockMark | null {
  let best: ClockMark | null = null;
  const offer = (at: number, reason: string) => {
    if (best === null || at < best.at) best = { at, reason };
  };
  for (const stop of stops) {
    switch (stop.on) {
      case 'publicComment': {
        const comment = issue.comments.find(
          (candidate) => candidate.at >= from && candidate.public && byAgent(issue, candidate.by, stop.by),
        );
        if (comment) offer(comment.at, commentReason(comment.by));
        break;
      }
      case 'status': {
        const entry = firstHolding(issue.statusTimeline, from, (value) => includesIgnoringCase(stop.statuses, value));
        if (entry) offer(Math.max(entry.from, from), `entered status '${entry.value ?? ''}'`);
        break;
      }
      case 'field': {
        const entry = firstHolding(issue.fieldTimeline(stop.field), from, fieldSet);
        if (entry) offer(Math.max(entry.from, from), `field '${stop.field}' set to '${entry.value ?? ''}'`);
        break;
      }
      case 'resolution': {
        const entry = firstHolding(issue.resolutionTimeline, from, fieldSet);
        if (entry) offer(Math.max(entry.from, from), `resolved (${entry.value ?? ''})`);
        break;
      }
      case 'acknowledgement': {
        const at = issue.acknowledgements.find((candidate) => candidate >= from);
        if (at !== undefined) offer(at, ACKNOWLEDGED);
        break;
      }
    }
  }
  return best;
}

/** The instants the issue was reopened: its resolution cleared after being set. */
export function reopenings(issue: IssueSnapshot): ClockMark[] {
  const out: ClockMark[] = [];
  const timeline = issue.resolutionTimeline;
  for (let i = 1; i < timeline.length; i++) {
    const entry = timeline[i] as TimedValue;
    if (entry.value === null && (timeline[i - 1] as TimedValue).value !== null) out.push({ at: entry.from, reason: 'issue reopened' });
  }
  return out;
}

/**
 * A metric's events up to `now`, in the order the fold takes them (by instant, then start, stop, restart; events
 * of one kind at one instant in the policy's order). A `once` metric's only start is its first.
 */
export function metricTimeline(
  issue: IssueSnapshot,
  metric: Pick<Metric, 'start' | 'stop' | 'repeat'>,
  now: number,
  policy: StartPolicy = NO_POLICY,
): TimelineEvent[] {
  const groups: TimelineEvent[][] = [];
  const add = (kind: TimelineEvent['kind'], marks: readonly ClockMark[]) => {
    const group: TimelineEvent[] = [];
    for (const mark of marks) if (mark.at <= now) group.push({ kind, at: mark.at, reason: mark.reason });
    groups.push(group);
  };
  const repeat: MetricRepeat = metric.repeat ?? 'once';
  if (repeat === 'once') {
    const first = metricStart(issue, metric.start, policy);
    if (first === null || first.at > now) return [];
    add('start', [first]);
  } else {
    add('start', startOccurrences(issue, metric.start, policy));
  }
  if (repeat === 'reopen' || repeat === 'periodicUpdate') add('start', reopenings(issue));
  for (const stop of metric.stop) add('stop', stopOccurrences(issue, stop));
  if (repeat === 'periodicUpdate') {
    add(
      'restart',
      issue.comments
        .filter((comment) => comment.public && byAgent(issue, comment.by, 'notReporter'))
        .map((comment) => ({ at: comment.at, reason: `update: ${commentReason(comment.by)}` })),
    );
  }
  // Stable: events of one kind at one instant keep the order they were added in (the policy's stop order).
  return inEventOrder(groups);
}

function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return a.at - b.at || EVENT_ORDER[a.kind] - EVENT_ORDER[b.kind];
}

/**
 * The events of all groups sorted stably by `compareEvents`, as `groups.flat().sort(compareEvents)` gives them: each
 * group (one kind, read off a timeline or the comments) is already in time order, so they are merged, one after
 * the other, taking the earlier group's event on a tie; a group out of order is sorted instead.
 *
 * @example
 * inEventOrder([[start(5)], [stop(1), stop(5)]]).map((e) => `${e.kind} ${e.at}`) //=> ['stop 1', 'start 5', 'stop 5']
 */
function inEventOrder(groups: readonly TimelineEvent[][]): TimelineEvent[] {
  for (const group of groups) {
    for (let i = 1; i < group.length; i++) {
      if (compareEvents(group[i - 1] as TimelineEvent, group[i] as TimelineEvent) > 0) return groups.flat().sort(compareEvents);
    }
  }
  let merged: TimelineEvent[] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    if (merged.length === 0) {
      merged = group;
      continue;
    }
    const out: TimelineEvent[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.length && j < group.length) {
      if (compareEvents(group[j] as TimelineEvent, merged[i] as TimelineEvent) < 0) out.push(group[j++] as TimelineEvent);
      else out.push(merged[i++] as TimelineEvent);
    }
    while (i < merged.length) out.push(merged[i++] as TimelineEvent);
    while (j < group.length) out.push(group[j++] as TimelineEvent);
    merged = out;
  }
  return merged;
}

/** The fold's state between two events: the cycles already over, and the one running (or paused), if any. */
export interface CycleFold {
  done: CycleSpan[];
  open: ClockMark | null;
}

/** What the fold needs besides the events: whether the metric repeats, and whether a stop holds at an instant. */
export interface CycleRule {
  repeats: boolean;
  /** A stop that holds (or fires) at `at`, as `metricStop` finds it from `at`; null when none does. */
  stopAt(at: number): ClockMark | null;
}

/**
 * One step of the fold: the cycles after one more event, updating `fold` in place (a fold of 50 cycles copied its
 * list of completed ones at every stop).
 * - start: begins a cycle unless one is open (a burst of customer comments is one cycle) or a `once` metric
 *   already had its cycle. If a stop already holds at that instant, a `once` metric's cycle ends at once (met
 *   with nothing used, as before cycles); a repeating metric begins none (a comment on a resolved issue).
 * - stop: ends the open cycle; nothing when none is open.
 * - restart: ends the open cycle and begins the next at the same instant (not one that began at this instant).
 */
export function stepCycles(fold: CycleFold, event: TimelineEvent, rule: CycleRule): void {
  const open = fold.open;
  switch (event.kind) {
    case 'start': {
      if (open !== null || (!rule.repeats && fold.done.length > 0)) return;
      const start: ClockMark = { at: event.at, reason: event.reason };
      const holding = rule.stopAt(event.at);
      if (holding === null || holding.at !== event.at) fold.open = start;
      else if (!rule.repeats) fold.done.push({ start, stop: holding });
      return;
    }
    case 'stop':
      if (open === null) return;
      fold.done.push({ start: open, stop: { at: event.at, reason: event.reason } });
      fold.open = null;
      return;
    case 'restart':
      if (open === null || open.at === event.at) return;
      fold.done.push({ start: open, stop: { at: event.at, reason: event.reason } });
      fold.open = { at: event.at, reason: event.reason };
      return;
  }
}

/**
 * The index of the stretch of a timeline holding at `at` (binary search: stretches are sorted and touch); 0 before
 * the first begins.
 *
 * @example
 * timelineIndexAt([{ from: 0, to: 5, value: 'Open' }, { from: 5, to: Infinity, value: 'Done' }], 5) //=> 1
 */
export function timelineIndexAt(timeline: readonly TimedValue[], at: number): number {
  let low = 0;
  let high = timeline.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((timeline[mid] as TimedValue).from <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The value of a timeline at `at` (see `timelineIndexAt`). */
function timelineValueAt(timeline: readonly TimedValue[], at: number): string | null {
  return timeline[timelineIndexAt(timeline, at)]?.value ?? null;
}

/**
 * For a repeating metric: whether a stop holds or fires at an instant, answered from the timeline's own stop
 * events (a set of instants) and the state stops' timelines, without scanning the issue for every start.
 */
function stopHoldsAt(
  issue: IssueSnapshot,
  stops: readonly MetricStop[],
  events: readonly TimelineEvent[],
): (at: number) => ClockMark | null {
  const fires = new Set<number>();
  for (const event of events) if (event.kind === 'stop') fires.add(event.at);
  const holding: Array<(at: number) => boolean> = [];
  for (const stop of stops) {
    if (stop.on === 'status') {
      holding.push((at) => at >= issue.created && includesIgnoringCase(stop.statuses, timelineValueAt(issue.statusTimeline, at)));
    } else if (stop.on === 'field') {
      const timeline = issue.fieldTimeline(stop.field);
      holding.push((at) => at >= issue.created && timelineValueAt(timeline, at) !== null);
    } else if (stop.on === 'resolution') {
      holding.push((at) => at >= issue.created && timelineValueAt(issue.resolutionTimeline, at) !== null);
    }
  }
  return (at) => (fires.has(at) || holding.some((holds) => holds(at)) ? { at, reason: 'a stop holds' } : null);
}

/**
 * The cycles of a metric on an issue as of `now`, oldest first: the completed ones, then the open one (stop
 * null) if any. A fold of `stepCycles` over `metricTimeline`.
 *
 * @example
 * // resolution (start created, stop resolution, repeat reopen): created 09:00, resolved 10:00, reopened 11:00; now 12:00
 * metricCycles(issue, metric, now).map((c) => [c.start.reason, c.stop?.reason ?? null])
 * //=> [['issue created', 'resolved (Done)'], ['issue reopened', null]]
 */
export function metricCycles(
  issue: IssueSnapshot,
  metric: Pick<Metric, 'start' | 'stop' | 'repeat'>,
  now: number,
  policy: StartPolicy = NO_POLICY,
): CycleSpan[] {
  if (!repeats(metric.repeat)) return onceCycles(issue, metric, now, policy);
  const events = metricTimeline(issue, metric, now, policy);
  const rule: CycleRule = { repeats: true, stopAt: stopHoldsAt(issue, metric.stop, events) };
  const fold: CycleFold = { done: [], open: null };
  for (const event of events) stepCycles(fold, event, rule);
  if (fold.open !== null) fold.done.push({ start: fold.open, stop: null });
  return fold.done;
}

/**
 * The one cycle of a `once` metric, as the fold gives it without listing every event: its first start; if a stop
 * holds at that instant, stopped there (`metricStop`); else stopped by the first stop event after it (up to
 * `now`; at one instant, the policy's first stop), or still open. An issue with hundreds of comments and
 * resolutions no longer turns each into an event for a metric that only ever runs once.
 */
function onceCycles(issue: IssueSnapshot, metric: Pick<Metric, 'start' | 'stop'>, now: number, policy: StartPolicy): CycleSpan[] {
  const first = metricStart(issue, metric.start, policy);
  if (first === null || first.at > now) return [];
  const start: ClockMark = { at: first.at, reason: first.reason };
  const holding = metricStop(issue, metric.stop, start.at);
  if (holding !== null && holding.at === start.at) return [{ start, stop: holding }];
  return [{ start, stop: firstStopAfter(issue, metric.stop, start.at, now) }];
}

/** The first stretch beginning after `after` whose value passes `test`, or null. */
function firstStretchAfter(timeline: readonly TimedValue[], after: number, test: (value: string | null) => boolean): TimedValue | null {
  for (const entry of timeline) if (entry.from > after && entry.to > entry.from && test(entry.value)) return entry;
  return null;
}

/** The first stop event after `after` and at or before `now` (at one instant, the policy's first stop), or null. */
function firstStopAfter(issue: IssueSnapshot, stops: readonly MetricStop[], after: number, now: number): ClockMark | null {
  let best: ClockMark | null = null;
  const offer = (at: number, reason: () => string) => {
    if (at > after && at <= now && (best === null || at < best.at)) best = { at, reason: reason() };
  };
  for (const stop of stops) {
    switch (stop.on) {
      case 'publicComment': {
        const comment = issue.comments.find(
          (candidate) => candidate.at > after && candidate.public && byAgent(issue, candidate.by, stop.by),
        );
        if (comment) offer(comment.at, () => commentReason(comment.by));
        break;
      }
      case 'status': {
        const entry = firstStretchAfter(issue.statusTimeline, after, (value) => includesIgnoringCase(stop.statuses, value));
        if (entry) offer(entry.from, () => `entered status '${entry.value ?? ''}'`);
        break;
      }
      case 'field': {
        const entry = firstStretchAfter(issue.fieldTimeline(stop.field), after, fieldSet);
        if (entry) offer(entry.from, () => `field '${stop.field}' set to '${entry.value ?? ''}'`);
        break;
      }
      case 'resolution': {
        const entry = firstStretchAfter(issue.resolutionTimeline, after, fieldSet);
        if (entry) offer(entry.from, () => `resolved (${entry.value ?? ''})`);
        break;
      }
      case 'acknowledgement': {
        const at = issue.acknowledgements.find((candidate) => candidate > after);
        if (at !== undefined) offer(at, () => ACKNOWLEDGED);
        break;
      }
    }
  }
  return best;
}
