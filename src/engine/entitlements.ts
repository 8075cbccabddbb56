/**
 * Entitlements as decisions (docs/policy.md#entitlements): given one organization's requests and the policy, which
 * unit of its period and day each request is, which requests go over their plan, and whether the reporter is a
 * registered person. Pure: the adapter stores one record per request and passes them all in, so the unit numbers
 * follow creation order whatever order the events came in, and a request given back (moved, deleted) renumbers
 * the rest.
 */
import type { Entitlements, Quota, QuotaPeriod } from './entitlements-schema';
import { jsmField } from './classify';
import type { IssueSnapshot } from './issue';
import type { Policy } from './policy-schema';
import { includesIgnoringCase, sameTextIgnoringCase } from './text-match';
import { localPeriodOf, zoneOffset } from './zone-clock';

/** One request of an organization, as the adapter stores it. */
export interface OrganizationRequest {
  issueId: string;
  /** Epoch ms of the issue's creation (fixed: the unit is consumed when the request is raised). */
  createdMs: number;
  reporter: string | null;
  /** The plan the policy selected for this request. */
  plan: string;
  /** The quota ids this request counts in (`requestQuotas`). */
  quotas: string[];
}

/** One quota's count for one request. */
export interface QuotaUse {
  quota: string;
  label: string;
  per: QuotaPeriod;
  /** `2026-03` (month) or `2026` (year), in the entitlements time zone. */
  period: string;
  /** This request is the `unit`-th of the organization in its period (1-based). */
  unit: number;
  /** Requests allowed in the period (inclusive), or null: no limit for this plan. */
  limit: number | null;
  over: boolean;
  /** `2026-03-04`, in the entitlements time zone. */
  day: string;
  dayUnit: number;
  /** Requests allowed a day (inclusive), or null. */
  perDay: number | null;
  overDay: boolean;
}

export type EntitlementFlag = 'over plan' | 'over day limit' | 'not registered';

export interface RequestEntitlement {
  issueId: string;
  organization: string;
  plan: string;
  quotas: QuotaUse[];
  /** Null when the policy does not check registration. */
  registration: { label: string; registered: boolean } | null;
  flags: EntitlementFlag[];
  /** What the panel shows, one line each: `credit 6 of 5 this month: over plan`. */
  lines: string[];
}

type WithEntitlements = Pick<Policy, 'defaultCalendar' | 'calendars' | 'fields' | 'plans'> & { entitlements?: Entitlements | undefined };

/**
 * The IANA zone whose midnights bound months, years and days: `entitlements.calendar`'s, else the default calendar's
 * (UTC for `24x7`).
 *
 * @example
 * entitlementZone(b2bee) //=> 'Europe/Zagreb'
 */
export function entitlementZone(policy: WithEntitlements): string {
  const id = policy.entitlements?.calendar ?? policy.defaultCalendar;
  return policy.calendars.find((calendar) => calendar.id === id)?.timeZone ?? 'UTC';
}

/**
 * The period (`yyyy-MM` or `yyyy`) or day (`yyyy-MM-dd`) an instant falls in, in `zone`.
 *
 * @example
 * periodOf('Europe/Zagreb', Date.parse('2026-02-28T23:30:00Z'), 'month') //=> '2026-03' (00:30 on Sunday 1 March in Zagreb)
 */
export function periodOf(zone: string, ms: number, per: QuotaPeriod | 'day'): string {
  const day = localDate(zone, ms);
  return per === 'year' ? day.slice(0, 4) : per === 'month' ? day.slice(0, 7) : day;
}

const DAY_MS = 86_400_000;
/** `zone|UTC day number` → the zone's offset (minutes) when it is the same all that UTC day, else null. */
const dayOffsets = new Map<string, number | null>();
/** Zone-day entries kept at most (inclusive): about 27 years of days for one zone. */
const MAX_DAY_OFFSETS = 10_000;

/**
 * The zone's UTC offset at `ms` in minutes. An offset changes at most once in a UTC day (a DST switch), so one that is
 * equal at both ends of the day holds all day: two lookups per UTC day instead of one per request (a luxon or Intl
 * lookup costs microseconds each; a month of 2,000 requests needs about 60).
 */
function offsetMinutes(zone: string, ms: number): number {
  const utcDay = Math.floor(ms / DAY_MS);
  const key = `${zone}|${utcDay}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = zoneOffset(zone, utcDay * DAY_MS);
    offset = first === zoneOffset(zone, utcDay * DAY_MS + DAY_MS - 1) ? first : null;
    if (dayOffsets.size >= MAX_DAY_OFFSETS) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset ?? zoneOffset(zone, ms);
}

/** The local date (`yyyy-MM-dd`) of an instant in `zone`. */
function localDate(zone: string, ms: number): string {
  return new Date(ms + offsetMinutes(zone, ms) * 60_000).toISOString().slice(0, 10);
}

/**
 * The UTC months (`yyyy-MM`) that overlap the local period containing `ms`: where the adapter's records of that
 * period are filed (records are keyed by the UTC month of their creation, which never changes).
 *
 * @example
 * utcMonthsOfPeriod('Europe/Zagreb', Date.parse('2026-03-10T12:00:00Z'), 'month') //=> ['2026-02', '2026-03']
 */
export function utcMonthsOfPeriod(zone: string, ms: number, per: QuotaPeriod): string[] {
  const { start, end } = localPeriodOf(zone, ms, per);
  const months: string[] = [];
  const first = new Date(start);
  const last = new Date(end - 1);
  const lastMonth = last.getUTCFullYear() * 12 + last.getUTCMonth();
  for (let month = first.getUTCFullYear() * 12 + first.getUTCMonth(); month <= lastMonth; month += 1) {
    months.push(`${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * The organization a request is counted for: the first value of the issue's Organizations field (trimmed), or null.
 * ASSUMPTION (docs/policy.md#entitlements): a request shared with several organizations costs only the first.
 *
 * @example
 * requestOrganization(policy, issueWithOrganizations(['Acme', 'Beta'])) //=> 'Acme'
 */
export function requestOrganization(policy: Pick<Policy, 'fields'>, issue: IssueSnapshot): string | null {
  const first = issue.fieldValues(jsmField(policy, 'organizations')).find((value) => value.trim() !== '');
  return first === undefined ? null : first.trim();
}

/**
 * The quota ids an issue counts in: every quota without `counts`, and those whose labels or request types it has.
 *
 * @example
 * requestQuotas(businessmap, issueWithLabels(['custom-report'])) //=> ['tickets', 'custom-reports']
 */
export function requestQuotas(
  policy: Pick<Policy, 'fields'> & { entitlements?: Entitlements | undefined },
  issue: IssueSnapshot,
): string[] {
  const quotas = policy.entitlements?.quotas ?? [];
  return quotas
    .filter((quota) => {
      if (quota.counts === undefined) return true;
      const byLabel = quota.counts.labels?.some((label) => includesIgnoringCase(issue.labels, label)) ?? false;
      const types = quota.counts.requestTypes === undefined ? [] : issue.fieldValues(jsmField(policy, 'requestType'));
      const byType = quota.counts.requestTypes?.some((type) => includesIgnoringCase(types, type)) ?? false;
      return byLabel || byType;
    })
    .map((quota) => quota.id);
}

function overrideOf(entitlements: Entitlements, organization: string) {
  return entitlements.organizations.find((row) => sameTextIgnoringCase(row.organization.trim(), organization));
}

/** A quota's limits for an organization on a plan: the organization's own row wins over its plan's. */
function quotaLimits(
  entitlements: Entitlements,
  quota: Quota,
  organization: string,
  plan: string,
): { limit: number | null; perDay: number | null } {
  const own = overrideOf(entitlements, organization)?.quotas?.find((row) => row.quota === quota.id);
  const row = quota.limits.find((candidate) => candidate.plan === plan);
  return { limit: own?.limit ?? row?.limit ?? null, perDay: own?.perDay ?? row?.perDay ?? null };
}

/**
 * How many registered persons an organization on `plan` may have (inclusive), or null: no limit.
 *
 * @example
 * registeredPersonLimit(b2bee, 'Acme', 'standard') //=> 2
 */
export function registeredPersonLimit(
  policy: { entitlements?: Entitlements | undefined },
  organization: string,
  plan: string,
): number | null {
  const entitlements = policy.entitlements;
  if (!entitlements?.registeredPersons) return null;
  return (
    overrideOf(entitlements, organization)?.registeredPersons ??
    entitlements.registeredPersons.limits.find((row) => row.plan === plan)?.limit ??
    null
  );
}

/** Creation order, ties by numeric issue id (Jira's ids grow with creation). */
function byCreation(a: OrganizationRequest, b: OrganizationRequest): number {
  return a.createdMs - b.createdMs || a.issueId.length - b.issueId.length || (a.issueId < b.issueId ? -1 : a.issueId > b.issueId ? 1 : 0);
}

function periodWords(per: QuotaPeriod, period: string, current: string): string {
  if (period === current) return per === 'month' ? 'this month' : 'this year';
  return `in ${period}`;
}

/**
 * Each request's entitlement within its organization: its unit number in its period and day for every quota it
 * counts in (in creation order), whether it goes over the plan or the day limit, and whether its reporter is one of
 * `registeredPersons`. `now` only words the lines ("this month").
 *
 * @example
 * // B2Bee Basic (1 credit a month, 2 a day): the second request of March is over plan.
 * decideEntitlements(b2bee, { organization: 'Acme', requests: [r1, r2], registeredPersons: [], now }).get(r2.issueId)!.lines
 * //=> ['credit 2 of 1 this month: over plan', 'reporter is not a registered person of Acme']
 */
export function decideEntitlements(
  policy: WithEntitlements,
  input: { organization: string; requests: readonly OrganizationRequest[]; registeredPersons: readonly string[]; now: number },
): Map<string, RequestEntitlement> {
  const out = new Map<string, RequestEntitlement>();
  const entitlements = policy.entitlements;
  if (!entitlements) return out;
  const zone = entitlementZone(policy);
  const sorted = [...input.requests].sort(byCreation);
  const counters = new Map<string, number>();
  const next = (key: string): number => {
    const value = (counters.get(key) ?? 0) + 1;
    counters.set(key, value);
    return value;
  };
  const registration = entitlements.registeredPersons;
  const current = { month: periodOf(zone, input.now, 'month'), year: periodOf(zone, input.now, 'year') };
  for (const request of sorted) {
    const day = periodOf(zone, request.createdMs, 'day');
    const quotas: QuotaUse[] = [];
    const lines: string[] = [];
    for (const quota of entitlements.quotas) {
      if (!request.quotas.includes(quota.id)) continue;
      const period = quota.per === 'year' ? day.slice(0, 4) : day.slice(0, 7);
      const unit = next(`${quota.id}\u0000${period}`);
      const dayUnit = next(`${quota.id}\u0000${day}`);
      const { limit, perDay } = quotaLimits(entitlements, quota, input.organization, request.plan);
      const use: QuotaUse = {
        quota: quota.id,
        label: quota.label,
        per: quota.per,
        period,
        unit,
        limit,
        over: limit !== null && unit > limit,
        day,
        dayUnit,
        perDay,
        overDay: perDay !== null && dayUnit > perDay,
      };
      quotas.push(use);
      const when = periodWords(quota.per, period, current[quota.per]);
      lines.push(
        limit === null
          ? `${quota.label} ${unit} ${when} (no limit on plan ${request.plan})`
          : `${quota.label} ${unit} of ${limit} ${when}${use.over ? ': over plan' : ''}`,
      );
      if (use.overDay) lines.push(`${quota.label} ${dayUnit} on ${day}, at most ${String(perDay)} a day: over the day limit`);
    }
    const registered =
      registration === undefined
        ? null
        : { label: registration.label, registered: request.reporter !== null && input.registeredPersons.includes(request.reporter) };
    if (registered) lines.push(`reporter is ${registered.registered ? 'a' : 'not a'} ${registered.label} of ${input.organization}`);
    const flags: EntitlementFlag[] = [];
    if (quotas.some((use) => use.over)) flags.push('over plan');
    if (quotas.some((use) => use.overDay)) flags.push('over day limit');
    if (registered && !registered.registered) flags.push('not registered');
    out.set(request.issueId, {
      issueId: request.issueId,
      organization: input.organization,
      plan: request.plan,
      quotas,
      registration: registered,
      flags,
      lines,
    });
  }
  return out;
}

/**
 * The value of the `sla-entitlement` field: the flags joined with ", ", `within plan` when there is none, null when
 * no entitlement applies (no organization, or a policy without `entitlements`). JQL: `"SLA entitlement" ~ "over plan"`.
 *
 * @example
 * entitlementFieldValue({ ...entitlement, flags: ['over plan', 'not registered'] }) //=> 'over plan, not registered'
 * entitlementFieldValue(null) //=> null
 */
export function entitlementFieldValue(entitlement: Pick<RequestEntitlement, 'flags'> | null): string | null {
  if (entitlement === null) return null;
  return entitlement.flags.length > 0 ? entitlement.flags.join(', ') : 'within plan';
}

/** One quota of an organization's usage in the current period. */
export interface QuotaUsage {
  quota: string;
  label: string;
  per: QuotaPeriod;
  period: string;
  used: number;
  limit: number | null;
  /** Requests of the period beyond the limit. */
  overPlan: number;
  perDay: number | null;
  /** Requests of the period beyond their day's limit. */
  overDay: number;
}

export interface OrganizationUsage {
  organization: string;
  /** The plan of the organization's latest request (the plan it is on now, as far as its requests tell). */
  plan: string;
  quotas: QuotaUsage[];
  registration: { label: string; persons: number; limit: number | null; overLimit: boolean; unregisteredRequests: number } | null;
}

/**
 * An organization's usage in the period that contains `now` (per quota), and its registered persons against
 * their limit: a row of the admin page's usage table.
 *
 * @example
 * organizationUsage(b2bee, { organization: 'Acme', requests: sixInMarch, registeredPersons: ['a'], now: march10 }).quotas[0]
 * //=> { quota: 'credits', period: '2026-03', used: 6, limit: 1, overPlan: 5, … }
 */
export function organizationUsage(
  policy: WithEntitlements,
  input: { organization: string; requests: readonly OrganizationRequest[]; registeredPersons: readonly string[]; now: number },
): OrganizationUsage {
  const decided = decideEntitlements(policy, input);
  const entitlements = policy.entitlements;
  const zone = entitlementZone(policy);
  const latest = [...input.requests].sort(byCreation).at(-1);
  const plan = latest?.plan ?? policy.plans[0]?.id ?? '';
  const quotas: QuotaUsage[] = (entitlements?.quotas ?? []).map((quota) => {
    const period = periodOf(zone, input.now, quota.per);
    const uses = [...decided.values()].flatMap((entitlement) =>
      entitlement.quotas.filter((use) => use.quota === quota.id && use.period === period),
    );
    const { limit, perDay } = quotaLimits(entitlements!, quota, input.organization, plan);
    return {
      quota: quota.id,
      label: quota.label,
      per: quota.per,
      period,
      used: uses.length,
      limit,
      overPlan: uses.filter((use) => use.over).length,
      perDay,
      overDay: uses.filter((use) => use.overDay).length,
    };
  });
  const registration = entitlements?.registeredPersons;
  const month = periodOf(zone, input.now, 'month');
  const limit = registeredPersonLimit(policy, input.organization, plan);
  return {
    organization: input.organization,
    plan,
    quotas,
    registration: registration
      ? {
          label: registration.label,
          persons: input.registeredPersons.length,
          limit,
          overLimit: limit !== null && input.registeredPersons.length > limit,
          unregisteredRequests: input.requests.filter(
            (request) =>
              decided.get(request.issueId)?.registration?.registered === false && periodOf(zone, request.createdMs, 'month') === month,
          ).length,
        }
      : null,
  };
}
