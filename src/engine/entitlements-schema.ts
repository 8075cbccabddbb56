/**
 * The `entitlements` key of a policy (docs/policy.md#entitlements): what a support plan allows an organization,
 * counted per JSM organization. Quotas (B2Bee's credits, Businessmap's custom reports) give a number of requests per
 * calendar month or year and at most so many per day; registered persons (B2Bee's 1/2/3, essensys's authorized
 * representatives) say who may raise requests. Plans and organizations are list items (`plan: basic`,
 * `organization: "Acme d.o.o."`), never object keys: they are user-named data (own.ts).
 *
 * A separate module so the policy shape takes it in one line; `checkEntitlementReferences` is its cross-field pass
 * (plan, quota and calendar ids), called from `checkPolicyReferences`.
 */
import * as z from 'zod';
import { idText, strict, text, textList } from './policy-schema-helpers';
import { nearestName } from './suggest';

/** The bounds of the entitlements key (inclusive), beside POLICY_BOUNDS. */
export const ENTITLEMENT_BOUNDS = {
  /** quotas of one policy */
  quotas: 20,
  /** a quota's requests per period, a day's requests, a number of registered persons */
  limit: 100_000,
  /** rows of `limits` and of `organizations` */
  rows: 1_000,
} as const;

const QUOTA_PERIODS = ['month', 'year'] as const;

/** A non-empty text of at most 255 characters (the shared `text`, which allows ""). */
function nonEmpty(what: string, example: string) {
  return text(what, example).min(1, { error: `${what} must not be empty, e.g. ${example}.` });
}

function count(what: string, example: number) {
  return z
    .number({ error: `${what} must be a whole number, e.g. ${example}.` })
    .int({ error: `${what} must be a whole number, e.g. ${example}.` })
    .min(0, { error: `${what} must be 0 or more, e.g. ${example}.` })
    .max(ENTITLEMENT_BOUNDS.limit, { error: `${what} must be at most ${ENTITLEMENT_BOUNDS.limit}: lower it.` });
}

function rows<T extends z.ZodType>(item: T, what: string, example: string, max: number = ENTITLEMENT_BOUNDS.rows) {
  return z
    .array(item, { error: `${what} must be a list, e.g. ${example}.` })
    .max(max, { error: `${what} has more than ${max} entries: at most ${max} are allowed.` });
}

/** A plan's allowance in one quota: `limit` requests per period (inclusive), at most `perDay` a day (inclusive). */
const quotaLimitSchema = strict(
  {
    plan: nonEmpty('plan', 'basic'),
    limit: count('limit', 5).optional(),
    perDay: count('perDay', 2).optional(),
  },
  'A quota limit',
);

/** Which requests a quota counts: any that has one of the labels or one of the request types; omitted, every request. */
const quotaCountsSchema = strict(
  {
    labels: textList('counts.labels', 'custom-report').optional(),
    requestTypes: textList('counts.requestTypes', '"Custom report"').optional(),
  },
  'counts',
);

const quotaSchema = strict(
  {
    id: idText('A quota id', 'credits'),
    /** The unit's name in one word or two, as the panel says it: "credit 6 of 5 this month". */
    label: nonEmpty('A quota label', 'credit'),
    per: z.enum(QUOTA_PERIODS, { error: `per must be one of ${QUOTA_PERIODS.join(', ')}, e.g. month.` }).default('month'),
    counts: quotaCountsSchema.optional(),
    limits: rows(quotaLimitSchema, 'limits', '[{ plan: basic, limit: 1, perDay: 2 }]'),
  },
  'A quota',
);

const registeredLimitSchema = strict({ plan: nonEmpty('plan', 'basic'), limit: count('limit', 1) }, 'A registered-persons limit');

const registeredPersonsSchema = strict(
  {
    /** What the seed calls them: "registered person", "authorized representative". */
    label: nonEmpty('registeredPersons.label', '"registered person"').default('registered person'),
    limits: rows(registeredLimitSchema, 'registeredPersons.limits', '[{ plan: basic, limit: 1 }]').default([]),
  },
  'registeredPersons',
);

const organizationQuotaSchema = strict(
  { quota: nonEmpty('quota', 'credits'), limit: count('limit', 20).optional(), perDay: count('perDay', 3).optional() },
  'An organization quota',
);

/** One organization's own allowance, replacing its plan's (a contract with its own numbers). */
const organizationOverrideSchema = strict(
  {
    organization: nonEmpty('organization', '"Acme d.o.o."'),
    quotas: rows(organizationQuotaSchema, 'quotas', '[{ quota: credits, limit: 20 }]', ENTITLEMENT_BOUNDS.quotas).optional(),
    registeredPersons: count('registeredPersons', 5).optional(),
  },
  'An organization',
);

export const entitlementsSchema = strict(
  {
    /** Months, years and days begin at midnight in this calendar's time zone (default: the policy's defaultCalendar). */
    calendar: nonEmpty('entitlements.calendar', 'wd-09-17').optional(),
    /** Unused units lapse at the end of their period; `true` is refused (carrying over is not supported). */
    carryOver: z
      .literal(false, { error: 'carryOver must be false: unused units lapse at the end of their period (carrying over is not supported).' })
      .default(false),
    quotas: rows(
      quotaSchema,
      'quotas',
      '[{ id: credits, label: credit, limits: [{ plan: basic, limit: 1 }] }]',
      ENTITLEMENT_BOUNDS.quotas,
    ).default([]),
    registeredPersons: registeredPersonsSchema.optional(),
    organizations: rows(organizationOverrideSchema, 'organizations', '[{ organization: "Acme d.o.o.", registeredPersons: 5 }]').default([]),
  },
  'entitlements',
);

export type Entitlements = z.infer<typeof entitlementsSchema>;
export type Quota = z.infer<typeof quotaSchema>;
export type QuotaLimit = z.infer<typeof quotaLimitSchema>;
export type QuotaPeriod = Quota['per'];
export type OrganizationOverride = z.infer<typeof organizationOverrideSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The cross-field problems of `entitlements` (raw, possibly malformed input): a plan, quota or calendar it names
 * that the policy does not define, a quota id or plan row given twice, an organization listed twice.
 *
 * @example
 * checkEntitlementReferences({ quotas: [{ id: 'credits', limits: [{ plan: 'gold' }] }] }, ['basic'], ['wd'])
 * //=> [{ path: ['entitlements', 'quotas', 0, 'limits', 0, 'plan'], message: '"gold" is not a plan id. Use one of …' }]
 */
export function checkEntitlementReferences(
  input: unknown,
  plans: readonly string[],
  calendars: readonly string[],
): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  if (!isRecord(input)) return issues;
  const refer = (value: unknown, path: PropertyKey[], what: string, known: readonly string[], howToAdd: string) => {
    if (typeof value !== 'string' || known.includes(value)) return;
    const near = nearestName(value, known);
    issues.push({
      path: ['entitlements', ...path],
      message: `"${value}" is not a ${what}${near !== undefined ? `; did you mean "${near}"?` : '.'} Use one of ${known.join(', ') || '(none yet)'}, or ${howToAdd}.`,
    });
  };
  const once = (seen: Map<string, number>, value: unknown, index: number, path: PropertyKey[], what: string, listPath: string) => {
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else
      issues.push({
        path: ['entitlements', ...path],
        message: `${what} "${value}" is listed twice (also ${listPath}[${first}]): keep one.`,
      });
  };
  refer(input.calendar, ['calendar'], 'calendar id', calendars, 'add the calendar under calendars');
  const quotaIds = new Map<string, number>();
  items(input.quotas).forEach((quota, index) => {
    if (!isRecord(quota)) return;
    once(quotaIds, quota.id, index, ['quotas', index, 'id'], 'Quota id', 'entitlements.quotas');
    const planRows = new Map<string, number>();
    items(quota.limits).forEach((row, rowIndex) => {
      if (!isRecord(row)) return;
      const path = ['quotas', index, 'limits', rowIndex, 'plan'];
      refer(row.plan, path, 'plan id', plans, 'add it under plans');
      once(planRows, row.plan, rowIndex, path, 'Plan', `entitlements.quotas[${index}].limits`);
    });
  });
  const personRows = new Map<string, number>();
  if (isRecord(input.registeredPersons)) {
    items(input.registeredPersons.limits).forEach((row, rowIndex) => {
      if (!isRecord(row)) return;
      const path = ['registeredPersons', 'limits', rowIndex, 'plan'];
      refer(row.plan, path, 'plan id', plans, 'add it under plans');
      once(personRows, row.plan, rowIndex, path, 'Plan', 'entitlements.registeredPersons.limits');
    });
  }
  const organizations = new Map<string, number>();
  items(input.organizations).forEach((organization, index) => {
    if (!isRecord(organization)) return;
    once(
      organizations,
      organization.organization,
      index,
      ['organizations', index, 'organization'],
      'Organization',
      'entitlements.organizations',
    );
    items(organization.quotas).forEach((row, rowIndex) => {
      if (isRecord(row))
        refer(
          row.quota,
          ['organizations', index, 'quotas', rowIndex, 'quota'],
          'quota id',
          [...quotaIds.keys()],
          'add it under entitlements.quotas',
        );
    });
    if (organization.registeredPersons !== undefined && input.registeredPersons === undefined) {
      issues.push({
        path: ['entitlements', 'organizations', index, 'registeredPersons'],
        message:
          'registeredPersons here overrides a plan limit, but entitlements.registeredPersons is not set: add it (e.g. { label: registered person }) or remove this line.',
      });
    }
  });
  return issues;
}
