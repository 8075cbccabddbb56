/**
 * Plan and region selection: which support plan an issue is under (a custom field, a JSM organization, a
 * label prefix, else the default) and which calendar its customer's region uses. Each answer carries its reason.
 */
import { jsmField } from './classify';
import type { IssueSnapshot } from './issue';
import { ownValue } from './own';
import type { Policy, ValueSource } from './policy-schema';
import { sameTextIgnoringCase } from './text-match';

/** Where a plan came from. */
export type PlanSource = ValueSource['from'] | 'default';

export interface PlanChoice {
  plan: string;
  source: PlanSource;
  /** Why, e.g. `field 'Support plan' is 'Premium'`. */
  reason: string;
}

export interface RegionSelection {
  /** Calendar id used for targets and ladder levels that name no calendar. */
  calendar: string;
  reason: string;
}

/** One value a source read from the issue, with how to describe it. */
interface SourceValue {
  value: string;
  described: string;
}

function lookupIgnoringCase(map: Record<string, string> | undefined, key: string): string | undefined {
  if (!map) return undefined;
  const direct = ownValue(map, key);
  if (direct !== undefined) return direct;
  return Object.entries(map).find(([candidate]) => sameTextIgnoringCase(candidate, key))?.[1];
}

/** The values a source reads from an issue, in the order they are tried. */
function sourceValues(policy: Pick<Policy, 'fields'>, source: ValueSource, issue: IssueSnapshot): SourceValue[] {
  switch (source.from) {
    case 'customField':
      return issue.fieldValues(source.field).map((value) => ({ value, described: `field '${source.field}' is '${value}'` }));
    case 'organization':
      return issue.fieldValues(jsmField(policy, 'organizations')).map((value) => ({ value, described: `organization '${value}'` }));
    case 'labelPrefix': {
      const prefix = source.prefix.toLowerCase();
      return issue.labels
        .filter((label) => label.length > prefix.length && label.toLowerCase().startsWith(prefix))
        .map((label) => ({ value: label.slice(prefix.length), described: `label '${label}'` }));
    }
  }
}

/**
 * The issue's plan: the sources in policy order, the first value that names a known plan (through the
 * source's `map`, else by plan id or label, case-insensitive) wins; else `planSelection.default`.
 *
 * @example
 * selectPlan(policy, issueWithLabels(['plan-premium'])) //=> { plan: 'premium', source: 'labelPrefix', reason: "label 'plan-premium'" }
 */
export function selectPlan(policy: Pick<Policy, 'plans' | 'planSelection' | 'fields'>, issue: IssueSnapshot): PlanChoice {
  const known = (value: string): string | undefined => {
    // Values read from labels and fields may carry stray spaces; plan ids and labels are the policy's own.
    const wanted = value.trim();
    return policy.plans.find((plan) => sameTextIgnoringCase(plan.id, wanted) || sameTextIgnoringCase(plan.label, wanted))?.id;
  };
  for (const source of policy.planSelection.sources) {
    for (const { value, described } of sourceValues(policy, source, issue)) {
      const mapped = lookupIgnoringCase(source.map, value);
      const plan = mapped !== undefined ? known(mapped) : known(value);
      if (plan !== undefined) {
        return { plan, source: source.from, reason: mapped !== undefined ? `${described} (mapped to ${plan})` : described };
      }
    }
  }
  const fallback = policy.planSelection.default;
  return { plan: fallback, source: 'default', reason: `no plan found on the issue: default plan ${fallback}` };
}

/**
 * The calendar of the issue's customer region: `regions.source` read through `regions.map` (or the source's own
 * map, or a calendar id written directly), else `regions.default`; without `regions`, `defaultCalendar`.
 *
 * @example
 * selectCalendarRegion(essensys, issueWithRegion('US EST')) //=> { calendar: 'us-est', reason: "field 'Region' is 'US EST'" }
 */
export function selectCalendarRegion(
  policy: Pick<Policy, 'regions' | 'defaultCalendar' | 'calendars' | 'fields'>,
  issue: IssueSnapshot,
): RegionSelection {
  const regions = policy.regions;
  if (!regions) return { calendar: policy.defaultCalendar, reason: `default calendar ${policy.defaultCalendar}` };
  for (const { value, described } of sourceValues(policy, regions.source, issue)) {
    const calendar =
      lookupIgnoringCase(regions.map, value) ??
      lookupIgnoringCase(regions.source.map, value) ??
      policy.calendars.find((candidate) => sameTextIgnoringCase(candidate.id, value))?.id;
    if (calendar !== undefined) return { calendar, reason: `${described} (calendar ${calendar})` };
  }
  return { calendar: regions.default, reason: `no region found on the issue: default calendar ${regions.default}` };
}
