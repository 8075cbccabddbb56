/** Lookups in a validated policy that the evaluator and the CLI share: one target cell, one priority's ladder. */
import { ownValue } from './own';
import { ANY_PRIORITY, type EscalationLevel } from './policy-escalation';
import type { Policy } from './policy-schema';

/**
 * The target of one plan × priority × metric cell as `{duration, calendar}`, with the calendar defaulted to
 * `fallbackCalendar` (the region's calendar, else `policy.defaultCalendar`). Null when the cell is not written.
 *
 * @example
 * targetFor(byteztech, 'premium', 'P1', 'firstResponse') //=> { duration: '1h', calendar: '24x7' }
 * targetFor(byteztech, 'standard', 'P1', 'firstResponse') //=> { duration: '4h', calendar: 'us-business' }
 */
export function targetFor(
  policy: Pick<Policy, 'targets' | 'defaultCalendar'>,
  plan: string,
  priority: string,
  metric: string,
  fallbackCalendar: string = policy.defaultCalendar,
): { duration: string; calendar: string } | null {
  const target = ownValue(ownValue(ownValue(policy.targets, plan), priority), metric);
  if (target === undefined) return null;
  if (typeof target === 'string') return { duration: target, calendar: fallbackCalendar };
  return { duration: target.duration, calendar: target.calendar ?? fallbackCalendar };
}

/**
 * The escalation ladder of a priority on a plan: the priority's own ladder, else the `"*"` ladder, else an empty
 * list; levels restricted with `plans` are left out for other plans (all kept when `plan` is omitted).
 *
 * @example
 * ladderFor(batoi, 'P1').map((level) => level.id) //=> ['support-team', 'account-manager', 'executive']
 * ladderFor(essensys, 'P1', 'other').some((level) => level.contact === 'customerSuccessManager') //=> false
 */
export function ladderFor(policy: Pick<Policy, 'escalation'>, priority: string, plan?: string): EscalationLevel[] {
  const ladder = ownValue(policy.escalation, priority) ?? ownValue(policy.escalation, ANY_PRIORITY) ?? [];
  if (plan === undefined) return ladder;
  return ladder.filter((level) => level.plans === undefined || level.plans.includes(plan));
}
