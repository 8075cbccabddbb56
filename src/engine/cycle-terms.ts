/**
 * The terms of an earlier cycle: the priority, plan and region calendar the issue had when that cycle stopped,
 * read back from the changelog, so a cycle keeps the target it was measured against when the issue's priority
 * or plan changes later (docs/policy.md, "Cycles").
 */
import { classify, jsmField } from './classify';
import type { CycleTerms } from './clocks';
import type { IssueSnapshot, TimedValue } from './issue';
import type { CompiledPolicy } from './load-policy';
import { selectCalendarRegion, selectPlan } from './plan';
import { targetFor } from './policy-schema';

/** The stretch of a timeline holding at `at`, or null when `at` is in its last stretch (the issue's value now). */
function pastStretch(timeline: readonly TimedValue[], at: number): TimedValue | null {
  for (let i = 0; i < timeline.length - 1; i++) {
    const entry = timeline[i] as TimedValue;
    if (entry.from <= at && at < entry.to) return entry;
  }
  return null;
}

function splitList(value: string | null, separator: RegExp): string[] {
  return value === null
    ? []
    : value
        .split(separator)
        .map((part) => part.trim())
        .filter((part) => part !== '');
}

/**
 * The issue as classification, plan and region selection read it, as it stood at `at`: Jira priority, issue
 * type, labels, summary, description and custom fields from the changelog; values that have not changed since
 * `at` are the issue's current ones exactly. Components keep their current value (Jira logs each component
 * added or removed, not the list).
 *
 * @example
 * issueAsOf(parseIssue(issueRaisedToHighestAt11), Date.parse('2026-11-16T15:00:00Z')).jiraPriority //=> 'Medium'
 */
export function issueAsOf(issue: IssueSnapshot, at: number): IssueSnapshot {
  const past = (field: string) => pastStretch(issue.fieldTimeline(field), at);
  const priority = past('priority');
  const type = past('issuetype');
  const labels = past('labels');
  const summary = past('summary');
  const description = past('description');
  return {
    ...issue,
    jiraPriority: priority === null ? issue.jiraPriority : priority.value,
    issueType: type === null ? issue.issueType : type.value,
    labels: labels === null ? issue.labels : splitList(labels.value, /\s+/),
    summary: summary === null ? issue.summary : (summary.value ?? ''),
    description: description === null ? issue.description : (description.value ?? ''),
    labelAddedAt: (label) => issue.labelAddedAt(label),
    fieldTimeline: (field) => issue.fieldTimeline(field),
    fieldValues: (field) => {
      const stretch = past(field);
      return stretch === null ? issue.fieldValues(field) : splitList(stretch.value, /,/);
    },
  };
}

/** The fields a policy's classification, plan and region read, besides the issue's own (priority, type, …). */
function fieldsRead(policy: CompiledPolicy): string[] {
  const fields = ['priority', 'issuetype', 'labels', 'summary', 'description'];
  fields.push(jsmField(policy, 'impact'), jsmField(policy, 'urgency'), jsmField(policy, 'requestType'), jsmField(policy, 'organizations'));
  for (const source of policy.planSelection.sources) if (source.from === 'customField') fields.push(source.field);
  if (policy.regions?.source.from === 'customField') fields.push(policy.regions.source.field);
  return fields;
}

/**
 * A `termsAt` for `metricClock`: the terms of a cycle that stopped at a given instant. When none of the fields
 * the policy reads changed after that instant, those are the current terms (no re-classification).
 *
 * @example
 * // P3 (default) issue raised to Highest (P1) at 11:00; a first cycle stopped at 10:00 keeps P3's target
 * cycleTermsAt(policy, issue, 'firstResponse', current)(Date.parse('2026-11-16T15:00:00Z')).priority //=> 'P3'
 */
export function cycleTermsAt(
  policy: CompiledPolicy,
  issue: IssueSnapshot,
  metricId: string,
  current: CycleTerms,
): (at: number) => CycleTerms {
  let lastChange: number | null = null;
  return (at) => {
    if (lastChange === null) {
      lastChange = -Infinity;
      for (const field of fieldsRead(policy)) {
        const timeline = issue.fieldTimeline(field);
        if (timeline.length > 1) lastChange = Math.max(lastChange, (timeline[timeline.length - 1] as TimedValue).from);
      }
    }
    if (at >= lastChange) return current;
    const view = issueAsOf(issue, at);
    const priority = classify(policy, view).priority;
    const plan = selectPlan(policy, view).plan;
    const region = selectCalendarRegion(policy, view).calendar;
    const target = targetFor(policy, plan, priority, metricId, region);
    return { target, calendar: policy.calendar(target?.calendar ?? region), priority, plan };
  };
}
