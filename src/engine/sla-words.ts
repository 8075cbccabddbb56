/**
 * The words for an SLA state, shared by the SLA panel and the `sla` command so a state reads the same in both. Imports
 * only sla-rules, so the panel's bundle carries no zod, luxon or date-holidays for it.
 */
import { CALENDAR_24X7, type MetricStatus } from './sla-rules';

/**
 * Formats a number of minutes as `"2h 15m"`, or with a day length as `"1d 3h"`. Zero parts are left out; zero is
 * `"0m"`; negative values (overdue) get a leading minus; fractions are rounded to the nearest minute.
 *
 * @example
 * formatMinutes(135)      //=> '2h 15m'
 * formatMinutes(720, 540) //=> '1d 3h'
 * formatMinutes(45)       //=> '45m'
 * formatMinutes(-90)      //=> '-1h 30m'
 */
export function formatMinutes(minutes: number, dayLengthMinutes?: number): string {
  const total = Math.round(minutes);
  if (total === 0) return '0m';
  const sign = total < 0 ? '-' : '';
  let rest = Math.abs(total);
  const parts: string[] = [];
  if (dayLengthMinutes !== undefined && dayLengthMinutes > 0) {
    const days = Math.floor(rest / dayLengthMinutes);
    rest -= days * dayLengthMinutes;
    if (days > 0) parts.push(`${days}d`);
  }
  const hours = Math.floor(rest / 60);
  rest -= hours * 60;
  if (hours > 0) parts.push(`${hours}h`);
  if (rest > 0) parts.push(`${rest}m`);
  return sign + parts.join(' ');
}

/** What the words of one metric need: a MetricState (src/engine/clocks.ts) or the panel's live copy of one. */
export interface MetricWordsInput {
  status: MetricStatus;
  target: { duration: string; calendar: string; dayLengthMinutes: number } | null;
  startedAt: string | null;
  stoppedAt: string | null;
  /** Business minutes left at the instant described (at the stop for a stopped clock); negative when late. */
  remainingMinutes: number | null;
  atRisk: boolean;
}

/** A target written as `immediate` (or `0m`): due the moment its clock starts. */
export function isImmediate(duration: string): boolean {
  return /^\s*(immediate|0+\s*[mhd]?)\s*$/i.test(duration);
}

/**
 * The number of business days a target is written in (`2d` → 2), or null when it is not written in days.
 * @example targetDays('2d') //=> 2
 * @example targetDays('4h') //=> null
 */
export function targetDays(duration: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*d\s*$/i.exec(duration);
  return match ? Number(match[1]) : null;
}

/** The day length to print a metric's times in: its calendar's business day for a target in days, else none. */
export function dayLengthFor(target: MetricWordsInput['target']): number | undefined {
  return target !== null && targetDays(target.duration) !== null ? target.dayLengthMinutes : undefined;
}

/**
 * What a target in days means on its calendar; null for other targets.
 * @example dayMeaning({ duration: '2d', dayLengthMinutes: 540 }) //=> '2d = 2 business days of 9h'
 * @example dayMeaning({ duration: '1d', dayLengthMinutes: 1440 }) //=> '1d = 1 day of 24h'
 */
export function dayMeaning(target: { duration: string; dayLengthMinutes: number; calendar?: string }): string | null {
  const days = targetDays(target.duration);
  if (days === null) return null;
  const kind = target.calendar === CALENDAR_24X7 ? 'day' : 'business day';
  return `${target.duration.trim()} = ${days} ${kind}${days === 1 ? '' : 's'} of ${formatMinutes(target.dayLengthMinutes)}`;
}

/**
 * A metric's state in one or two words, as its lozenge says it.
 * @example metricStateWords({ status: 'running', atRisk: true, … }) //=> 'At risk'
 * @example metricStateWords({ status: 'none', target: { duration: '4h', … }, … }) //=> 'Not started'
 */
export function metricStateWords(metric: Pick<MetricWordsInput, 'status' | 'atRisk' | 'target'>): string {
  switch (metric.status) {
    case 'breached':
      return 'Breached';
    case 'paused':
      return 'Paused';
    case 'met':
      return 'Met';
    case 'running':
      return metric.atRisk ? 'At risk' : 'On track';
    case 'none':
      return metric.target === null ? 'No target' : 'Not started';
  }
}

/**
 * A metric's time in words: how much is left, how late, how early it was met, or why there is no number.
 * `immediate` targets read "due at once" / "late by 20m"; business and elapsed time are named as such.
 *
 * @example metricTimeWords({ status: 'running', remainingMinutes: 135, target: { duration: '4h', calendar: 'us', dayLengthMinutes: 540 }, … })
 * //=> '2h 15m business time left of 4h'
 * @example metricTimeWords({ status: 'breached', remainingMinutes: -20, target: { duration: 'immediate', … }, stoppedAt: null, … })
 * //=> 'late by 20m (due at once)'
 * @example metricTimeWords({ status: 'met', remainingMinutes: 80, target: { duration: '4h', … }, … })
 * //=> 'met 1h 20m early (target 4h)'
 */
export function metricTimeWords(metric: MetricWordsInput): string {
  const { target } = metric;
  if (target === null) return metric.status === 'none' ? 'no target for this plan and priority' : 'no target';
  const immediate = isImmediate(target.duration);
  const days = dayLengthFor(target);
  const kind = target.calendar === CALENDAR_24X7 ? 'time' : 'business time';
  const of = immediate ? '(due at once)' : `(target ${target.duration.trim()})`;
  const remaining = metric.remainingMinutes === null ? null : Math.round(metric.remainingMinutes);
  switch (metric.status) {
    case 'none':
      return immediate ? 'not started; due at once when it starts' : `not started; ${target.duration.trim()} once it starts`;
    case 'running':
      if (remaining === null) return of;
      if (remaining <= 0)
        return remaining === 0 ? (immediate ? 'due at once' : `no ${kind} left ${of}`) : `late by ${formatMinutes(-remaining, days)} ${of}`;
      return `${formatMinutes(remaining, days)} ${kind} left of ${immediate ? '0m' : target.duration.trim()}`;
    case 'paused':
      if (remaining === null) return `paused ${of}`;
      return remaining > 0
        ? `paused with ${formatMinutes(remaining, days)} ${kind} left of ${target.duration.trim()}`
        : `paused, late by ${formatMinutes(-remaining, days)} ${of}`;
    case 'breached':
      if (remaining === null || remaining >= 0) return `breached ${of}`;
      return `late by ${formatMinutes(-remaining, days)} ${of}`;
    case 'met':
      if (remaining === null || remaining <= 0) return immediate ? 'met at once' : `met on time ${of}`;
      return `met ${formatMinutes(remaining, days)} early ${of}`;
  }
}

/** What a metric's clock starts on, as the policy says it (src/engine/policy-metrics.ts, metric `start`). */
export type StartTrigger =
  | { on: 'created' }
  | { on: 'status'; statuses: readonly string[] }
  | { on: 'label'; label: string }
  | { on: 'field'; field: string }
  | { on: 'customerComment' }
  | { on: 'requestType'; requestTypes: readonly string[] }
  | { on: 'comment'; text: { words?: readonly string[]; regex?: string }; by: 'customer' | 'anyone' }
  | { on: 'portalAction'; statuses: readonly string[] };

/**
 * A start that waits for someone to ask (a label, a field, a status) in words; null for `created`.
 * @example requestWords({ on: 'label', label: 'escalation-requested' }) //=> 'label `escalation-requested`'
 */
export function requestWords(start: StartTrigger): string | null {
  switch (start.on) {
    case 'created':
      return null;
    case 'label':
      return `label \`${start.label}\``;
    case 'field':
      return `field ${start.field} set`;
    case 'status':
      return `status ${start.statuses.map((status) => `'${status}'`).join(' or ')}`;
    case 'customerComment':
      return "a customer's public comment";
    case 'requestType':
      return `request type ${start.requestTypes.map((type) => `'${type}'`).join(' or ')}`;
    case 'comment': {
      const rule = [...(start.text.words ?? []).map((word) => `'${word}'`), ...(start.text.regex === undefined ? [] : [start.text.regex])];
      return `a ${start.by === 'customer' ? "customer's " : ''}public comment with ${rule.join(' or ')}`;
    }
    case 'portalAction':
      return `the customer moving it to ${start.statuses.map((status) => `'${status}'`).join(' or ')} in the portal`;
  }
}

/** Why the ladder has no next level with an instant (see src/engine/escalation-outlook.ts). */
export type LadderWait =
  | { kind: 'scheduled' }
  | { kind: 'top' }
  | { kind: 'no-ladder' }
  | { kind: 'resolved' }
  | { kind: 'paused'; level: number; reason: string; since: string | null }
  | { kind: 'request'; level: number; metric: string; request: string }
  | { kind: 'no-target'; level: number; metric: string }
  | { kind: 'stopped'; level: number; metric: string; status: 'met' | 'breached' | 'stopped' }
  | { kind: 'unknown'; level: number };

/**
 * Why no next escalation level is scheduled, in words; null when one is (or the policy has no ladder).
 * @example ladderWaitWords({ kind: 'request', level: 2, metric: 'Escalation acknowledgment', request: 'label `escalation-requested`' })
 * //=> 'Level 2 waits for an escalation request: label `escalation-requested`'
 */
export function ladderWaitWords(wait: LadderWait): string | null {
  switch (wait.kind) {
    case 'scheduled':
    case 'no-ladder':
      return null;
    case 'top':
      return 'Top of the ladder';
    case 'resolved':
      return 'No further level: the issue is resolved';
    case 'paused':
      return `Level ${wait.level} is not scheduled while the clock is paused: ${wait.reason}`;
    case 'request':
      return `Level ${wait.level} waits for an escalation request: ${wait.request}`;
    case 'no-target':
      return `Level ${wait.level} is never reached: ${wait.metric} has no target for this plan and priority`;
    case 'stopped':
      return `Level ${wait.level} is not reached: ${wait.metric} ${wait.status === 'met' ? 'was met' : 'stopped'} first`;
    case 'unknown':
      return `Level ${wait.level} is not scheduled`;
  }
}
