/**
 * The terms of an earlier cycle: the priority, plan and region calendar the issue had when that cycle stopped,
 * read back from the changelog, so a cycle keeps the target it was measured against when the issue's priority
 * or plan changes later (docs/policy.md, "Cycles").
 */
import { classify, jsmField } from './classify';
import type { CycleTerms } from './clocks';
import type { IssueSnapshot, TimedValue } from './issue';
import type { CompiledPolicy } from './load-policy';
import { timelineIndexAt } from './metric-timeline';
import { selectCalendarRegion, selectPlan } from './plan';
import { targetFor } from './policy-lookups';

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
  // Every field named (no spread of the snapshot: copying its internals cost more than the classification).
  return {
    key: issue.key,
    created: issue.created,
    reporterId: issue.reporterId,
    status: issue.status,
    components: issue.components,
    resolvedAt: issue.resolvedAt,
    resolutionTimeline: issue.resolutionTimeline,
    statusTimeline: issue.statusTimeline,
    statusChanges: issue.statusChanges,
    acknowledgements: issue.acknowledgements,
    comments: issue.comments,
    fields: issue.fields,
    names: issue.names,
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

/** The fields (changelog names or ids) a policy's classification, plan and region selection read; once per policy. */
function fieldsRead(policy: CompiledPolicy): readonly string[] {
  let fields = fieldsReadByPolicy.get(policy);
  if (fields === undefined) {
    fields = listFieldsRead(policy);
    fieldsReadByPolicy.set(policy, fields);
  }
  return fields;
}

/** A compiled policy never changes: the fields it reads are listed once (weakly held, so per installation and bounded). */
const fieldsReadByPolicy = new WeakMap<CompiledPolicy, readonly string[]>();

function listFieldsRead(policy: CompiledPolicy): string[] {
  const fields = new Set<string>();
  for (const rule of policy.classification.rules) {
    const when = rule.when;
    if (when.jiraPriority) fields.add('priority');
    if (when.issueType) fields.add('issuetype');
    if (when.labels) fields.add('labels');
    if (when.text) fields.add('summary').add('description');
    if (when.impact) fields.add(jsmField(policy, 'impact'));
    if (when.urgency) fields.add(jsmField(policy, 'urgency'));
    if (when.requestType) fields.add(jsmField(policy, 'requestType'));
  }
  const sources = [...policy.planSelection.sources, ...(policy.regions ? [policy.regions.source] : [])];
  for (const source of sources) {
    if (source.from === 'customField') fields.add(source.field);
    else if (source.from === 'organization') fields.add(jsmField(policy, 'organizations'));
    else fields.add('labels');
  }
  return [...fields];
}

/** Priority, plan and region calendar of the issue as it stood at an instant, and the terms of each metric under them. */
interface PastChoice {
  priority: string;
  plan: string;
  region: string;
  terms: Map<string, CycleTerms>;
}

/**
 * The terms of earlier cycles for one evaluation: `at(metricId, current, stoppedMs)` gives the terms of a cycle
 * of `metricId` that stopped at `stoppedMs`. When none of the fields the policy reads changed after that instant,
 * those are the current terms; otherwise the issue is classified as it stood then, once per distinct set of those
 * fields' values (a priority going back and forth is classified twice, not once per cycle).
 *
 * @example
 * // P3 (default) issue raised to Highest (P1) at 11:00; a first cycle stopped at 10:00 keeps P3's target
 * pastCycleTerms(policy, issue).at('firstResponse', current, Date.parse('2026-11-16T15:00:00Z')).priority //=> 'P3'
 */
export function pastCycleTerms(
  policy: CompiledPolicy,
  issue: IssueSnapshot,
): { at(metricId: string, current: CycleTerms, stoppedMs: number): CycleTerms } {
  let fields: ReadFields | null = null;
  const bySegment: Array<PastChoice | undefined> = [];
  // By the values themselves (what classification reads): a priority going back and forth is classified twice.
  const byValues = new Map<number | string, PastChoice>();
  const choiceAt = (read: ReadFields, at: number): PastChoice => {
    const valueKey = read.valuesKey(at);
    let choice = byValues.get(valueKey);
    if (choice === undefined) {
      const view = issueAsOf(issue, at);
      choice = {
        priority: classify(policy, view).priority,
        plan: selectPlan(policy, view).plan,
        region: selectCalendarRegion(policy, view).calendar,
        terms: new Map(),
      };
      byValues.set(valueKey, choice);
    }
    return choice;
  };
  return {
    at(metricId, current, stoppedMs) {
      fields ??= readFields(policy, issue);
      const changes = fields.changes;
      if (changes.length === 0 || stoppedMs >= (changes[changes.length - 1] as number)) return current;
      // Between two changes the issue reads the same: a cycle's choice is found by the number of changes before its stop.
      const segment = changesUpTo(changes, stoppedMs);
      let choice = bySegment[segment];
      if (choice === undefined) {
        choice = choiceAt(fields, stoppedMs);
        bySegment[segment] = choice;
      }
      let terms = choice.terms.get(metricId);
      if (terms === undefined) {
        const target = targetFor(policy, choice.plan, choice.priority, metricId, choice.region);
        terms = { target, calendar: policy.calendar(target?.calendar ?? choice.region), priority: choice.priority, plan: choice.plan };
        choice.terms.set(metricId, terms);
      }
      return terms;
    },
  };
}

/**
 * Every instant a field the policy's classification, plan or region selection reads changed on the issue,
 * ascending and distinct: the only instants at which the SLA priority, plan or region calendar can change.
 *
 * @example
 * // Medium raised to Highest at 11:00 EST, a comment at 12:00 (classification reads the Jira priority)
 * changesOfFieldsRead(policy, issue) //=> [Date.parse('2026-11-16T16:00:00Z')]
 */
export function changesOfFieldsRead(policy: CompiledPolicy, issue: IssueSnapshot): readonly number[] {
  return readFields(policy, issue).changes;
}

/** The fields a policy reads that changed on the issue: every instant one changed, and their values at an instant as a key. */
interface ReadFields {
  /** Every instant one of the fields changed, ascending. */
  changes: number[];
  /** A key equal for two instants exactly when every field has the same value at both. */
  valuesKey(at: number): number | string;
}

function readFields(policy: CompiledPolicy, issue: IssueSnapshot): ReadFields {
  const timelines = fieldsRead(policy)
    .map((field) => issue.fieldTimeline(field))
    .filter((timeline) => timeline.length > 1);
  // Each timeline's changes are ascending and distinct already: one field (the usual case) needs no sort.
  const perField = timelines.map((timeline) => timeline.slice(1).map((stretch) => stretch.from));
  const changes = perField.length === 1 ? (perField[0] as number[]) : [...new Set(perField.flat())].sort((a, b) => a - b);
  // Each field's distinct values numbered, so the values at an instant read as one number in mixed radix (the
  // values as JSON when there are too many combinations for a number to hold exactly).
  let combinations = 1;
  const numbered = timelines.map((timeline) => {
    const numbers = new Map<string | null, number>();
    const stretchValues = timeline.map((stretch) => {
      let number = numbers.get(stretch.value);
      if (number === undefined) {
        number = numbers.size;
        numbers.set(stretch.value, number);
      }
      return number;
    });
    const weight = combinations;
    combinations *= numbers.size;
    return { timeline, stretchValues, weight };
  });
  const exact = combinations <= Number.MAX_SAFE_INTEGER;
  return {
    changes,
    valuesKey(at) {
      if (!exact) return JSON.stringify(timelines.map((timeline) => timeline[timelineIndexAt(timeline, at)]?.value ?? null));
      let key = 0;
      for (const field of numbered) key += (field.stretchValues[timelineIndexAt(field.timeline, at)] as number) * field.weight;
      return key;
    },
  };
}

/**
 * How many of the ascending instants `changes` are at or before `at` (binary search).
 *
 * @example
 * changesUpTo([10, 20, 30], 20) //=> 2
 */
function changesUpTo(changes: readonly number[], at: number): number {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((changes[mid] as number) <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}
