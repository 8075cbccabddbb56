/**
 * The `directory` key of a policy (docs/policy.md, "directory"): who is responsible on each escalation rung, and
 * how the app tells them. A rung names a ladder level id; its people are a default list, overridden per JSM
 * customer organization and per plan. A person is a Jira account (`accountId`), a Jira group (`group`), or a role
 * resolved on each issue (`role: assignee | reporter | accountManager`; the organization's account manager is read
 * from `directory.accountManagers`, because JSM organizations carry no account manager of their own).
 *
 * Kept out of policy-schema.ts so the directory can grow without touching the shared schema: policy-schema.ts adds
 * `directory: directorySchema.optional()` to its shape and `checkDirectoryReferences` to its cross-field pass.
 * Organization and plan names are data (list entries), never object keys.
 */
import * as z from 'zod';
import { POLICY_BOUNDS } from './policy-bounds';
import { nearestName, unknownKeysMessage } from './suggest';

/** Bounds of the directory (inclusive), on top of POLICY_BOUNDS: every list is hostile input. */
export const DIRECTORY_BOUNDS = {
  /** people of one rung, one override or one account-manager entry */
  peopleEach: 50,
  /** rungs, organization overrides of a rung, plan overrides of a rung, account-manager entries */
  entries: 500,
  /** an Atlassian account id (Jira's UserDetails.accountId: maxLength 128) */
  accountIdLength: 128,
} as const;

/**
 * An Atlassian account id as Jira returns it: 24 hex digits (`5b10ac8d82e05b22cc7d4ef5`), or a prefix, a colon and
 * a UUID (`557058:f58131cb-b67d-43c7-b30d-6b58d40bd077`); letters, digits, `:`, `-` and `_` only. An e-mail
 * address or a display name is refused: the notification API wants the id.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_-]*$/;

/** The roles a person entry may name, resolved per issue. */
export const DIRECTORY_ROLES = ['assignee', 'reporter', 'accountManager'] as const;

function strictObject<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return unknownKeysMessage(issue.keys, keys);
      if (issue.code === 'invalid_type') return `${what} must be an object with the keys ${keys.join(', ')}.`;
      return undefined;
    },
  });
}

function boundedText(what: string, example: string, max: number = POLICY_BOUNDS.textLength) {
  return z
    .string({ error: `${what} must be text, e.g. ${example}.` })
    .min(1, { error: `${what} must not be empty, e.g. ${example}.` })
    .max(max, { error: `${what} is longer than ${max} characters: shorten it.` });
}

function boundedList<T extends z.ZodType>(item: T, what: string, example: string, max: number) {
  return z
    .array(item, { error: `${what} must be a list, e.g. ${example}.` })
    .max(max, { error: `${what} has more than ${max} entries: at most ${max} are allowed, remove some.` });
}

const accountIdSchema = z
  .string({ error: 'accountId must be text, e.g. "5b10ac8d82e05b22cc7d4ef5".' })
  .max(DIRECTORY_BOUNDS.accountIdLength, {
    error: `accountId is longer than ${DIRECTORY_BOUNDS.accountIdLength} characters, so it is not an Atlassian account id: pick the person with the user picker on the admin page.`,
  })
  .superRefine((value, ctx) => {
    if (ACCOUNT_ID_PATTERN.test(value)) return;
    ctx.addIssue({
      code: 'custom',
      message: value.includes('@')
        ? `accountId "${value.slice(0, 60)}" is an e-mail address, not an account id: pick the person with the user picker on the admin page (it writes the id, e.g. "5b10ac8d82e05b22cc7d4ef5").`
        : `accountId "${value.slice(0, 60)}" is not an Atlassian account id (letters, digits, ":", "-" and "_" only, e.g. "5b10ac8d82e05b22cc7d4ef5"): pick the person with the user picker on the admin page.`,
    });
  });

/** One person entry: exactly one of `accountId`, `group` or `role`. */
const personSchema = strictObject(
  {
    accountId: accountIdSchema.optional(),
    group: boundedText('group', '"support-team"').optional(),
    role: z.enum(DIRECTORY_ROLES, { error: `role must be one of ${DIRECTORY_ROLES.join(', ')}.` }).optional(),
  },
  'A person',
).superRefine((value, ctx) => {
  const given = (['accountId', 'group', 'role'] as const).filter((key) => value[key] !== undefined);
  if (given.length === 1) return;
  ctx.addIssue({
    code: 'custom',
    message:
      given.length === 0
        ? 'A person needs one of accountId, group or role, e.g. { accountId: "5b10ac8d82e05b22cc7d4ef5" }, { group: support-team } or { role: assignee }.'
        : `A person is one of accountId, group or role, not ${given.join(' and ')}: split it into one entry each.`,
  });
});

function peopleList(what: string) {
  return boundedList(personSchema, what, '[{ role: assignee }]', DIRECTORY_BOUNDS.peopleEach).min(1, {
    error: `${what} is empty, so nobody would hear of this rung: add at least one person, e.g. [{ role: assignee }] or [{ group: support-team }].`,
  });
}

const organizationPeopleSchema = strictObject(
  {
    organization: boundedText('organization', '"Acme Corp"'),
    people: peopleList('people'),
  },
  'An organization entry',
);

const planPeopleSchema = strictObject({ plan: boundedText('plan', 'premium'), people: peopleList('people') }, 'A plan entry');

const rungSchema = strictObject(
  {
    level: boundedText('level', 'account-manager', POLICY_BOUNDS.idLength),
    people: peopleList('people'),
    organizations: boundedList(
      organizationPeopleSchema,
      'organizations',
      '[{ organization: "Acme Corp", people: [{ accountId: "…" }] }]',
      DIRECTORY_BOUNDS.entries,
    ).optional(),
    plans: boundedList(
      planPeopleSchema,
      'plans',
      '[{ plan: premium, people: [{ group: premium-desk }] }]',
      DIRECTORY_BOUNDS.entries,
    ).optional(),
  },
  'A rung',
);

const warnBeforeBreachSchema = strictObject(
  {
    atPercent: z
      .number({ error: 'atPercent must be a number of percent, e.g. 75.' })
      .gt(0, { error: 'atPercent must be greater than 0, e.g. 75.' })
      .lt(100, { error: 'atPercent must be below 100 (a warning comes before the breach), e.g. 75.' }),
    notify: z.enum(['assignee', 'rung'], { error: 'notify must be assignee or rung (the people of the current rung).' }),
    metrics: boundedList(boundedText('each metric', 'resolution', POLICY_BOUNDS.idLength), 'metrics', '[resolution]', POLICY_BOUNDS.metrics)
      .min(1, { error: 'metrics must not be empty: list metric ids, e.g. [resolution], or leave metrics out for every metric.' })
      .optional(),
  },
  'warnBeforeBreach',
);

/**
 * The policy's `directory`: rungs, the organizations' account managers, whether a level that drops and rises again
 * notifies again, and the warning before a breach.
 *
 * @example
 * directorySchema.parse({ rungs: [{ level: 'support-team', people: [{ role: 'assignee' }] }] }).renotifyAfterDrop //=> false
 */
export const directorySchema = strictObject(
  {
    rungs: boundedList(rungSchema, 'rungs', '[{ level: support-team, people: [{ role: assignee }] }]', DIRECTORY_BOUNDS.entries).min(1, {
      error: 'rungs is empty: name the people of at least one ladder level, e.g. [{ level: support-team, people: [{ role: assignee }] }].',
    }),
    accountManagers: boundedList(
      organizationPeopleSchema,
      'accountManagers',
      '[{ organization: "Acme Corp", people: [{ accountId: "…" }] }]',
      DIRECTORY_BOUNDS.entries,
    ).optional(),
    renotifyAfterDrop: z.boolean({ error: 'renotifyAfterDrop must be true or false.' }).default(false),
    warnBeforeBreach: warnBeforeBreachSchema.optional(),
  },
  'directory',
);

export type Directory = z.infer<typeof directorySchema>;
export type DirectoryRung = Directory['rungs'][number];
export type DirectoryPerson = z.infer<typeof personSchema>;
export type WarnBeforeBreach = z.infer<typeof warnBeforeBreachSchema>;

// ---------------------------------------------------------------------------------------------------------
// Cross-field checks (on possibly malformed input: every access is guarded)

type DirectoryIssue = { path: PropertyKey[]; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function idsOf(list: unknown): string[] {
  return items(list).flatMap((item) => (isRecord(item) && typeof item.id === 'string' ? [item.id] : []));
}

function unknownName(value: string, what: string, known: readonly string[], fix: string): string {
  const near = nearestName(value, known);
  return `"${value}" is not a ${what}${near !== undefined ? `; did you mean "${near}"?` : '.'} ${known.length > 0 ? `Known: ${known.join(', ')}; ` : ''}${fix}.`;
}

/**
 * Every cross-field problem of `input.directory` in a policy-shaped value: a rung naming a level id no ladder has,
 * two rungs for one level, a plan override naming an unknown plan, one organization or plan overridden twice in a
 * rung, and a warning naming an unknown metric.
 *
 * @example
 * checkDirectoryReferences({ escalation: { P1: [{ id: 'support' }] }, directory: { rungs: [{ level: 'suport' }] } })
 * //=> [{ path: ['directory', 'rungs', 0, 'level'], message: '"suport" is not a ladder level id; did you mean "support"? …' }]
 */
export function checkDirectoryReferences(input: unknown): DirectoryIssue[] {
  const issues: DirectoryIssue[] = [];
  if (!isRecord(input) || !isRecord(input.directory)) return issues;
  const directory = input.directory;
  const levels = [...new Set(Object.values(isRecord(input.escalation) ? input.escalation : {}).flatMap((ladder) => idsOf(ladder)))];
  const plans = idsOf(input.plans);
  const metrics = idsOf(input.metrics);
  const rungOf = new Map<string, number>();
  items(directory.rungs).forEach((rung, index) => {
    if (!isRecord(rung)) return;
    const path = ['directory', 'rungs', index];
    if (typeof rung.level === 'string') {
      const first = rungOf.get(rung.level);
      if (!levels.includes(rung.level)) {
        issues.push({
          path: [...path, 'level'],
          message: unknownName(rung.level, 'ladder level id', levels, 'use the id of a level under escalation, or add that level'),
        });
      } else if (first !== undefined) {
        issues.push({
          path: [...path, 'level'],
          message: `Level "${rung.level}" already has a rung (directory.rungs[${first}]): merge the two into one rung.`,
        });
      } else {
        rungOf.set(rung.level, index);
      }
    }
    duplicates(rung.organizations, 'organization', [...path, 'organizations'], issues);
    duplicates(rung.plans, 'plan', [...path, 'plans'], issues);
    items(rung.plans).forEach((entry, planIndex) => {
      if (isRecord(entry) && typeof entry.plan === 'string' && !plans.includes(entry.plan)) {
        issues.push({
          path: [...path, 'plans', planIndex, 'plan'],
          message: unknownName(entry.plan, 'plan id', plans, 'use a plan id from plans'),
        });
      }
    });
  });
  duplicates(directory.accountManagers, 'organization', ['directory', 'accountManagers'], issues);
  items(directory.accountManagers).forEach((entry, index) => {
    for (const [personIndex, person] of items(isRecord(entry) ? entry.people : undefined).entries()) {
      if (isRecord(person) && person.role !== undefined) {
        issues.push({
          path: ['directory', 'accountManagers', index, 'people', personIndex, 'role'],
          message: 'An account manager is a person or a group, not a role: write { accountId: "…" } or { group: "…" }.',
        });
      }
    }
  });
  const warn = directory.warnBeforeBreach;
  if (isRecord(warn)) {
    items(warn.metrics).forEach((metric, index) => {
      if (typeof metric === 'string' && !metrics.includes(metric)) {
        issues.push({
          path: ['directory', 'warnBeforeBreach', 'metrics', index],
          message: unknownName(metric, 'metric id', metrics, 'use a metric id from metrics'),
        });
      }
    });
  }
  return issues;
}

/** Reports an organization or plan named twice in one list (names compared ignoring case, as issues match them). */
function duplicates(list: unknown, key: 'organization' | 'plan', path: PropertyKey[], issues: DirectoryIssue[]): void {
  const seen = new Map<string, number>();
  items(list).forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry[key] !== 'string') return;
    const name = entry[key].toLowerCase();
    const first = seen.get(name);
    if (first !== undefined) {
      issues.push({
        path: [...path, index, key],
        message: `${key === 'plan' ? 'Plan' : 'Organization'} "${entry[key]}" is listed twice (also entry ${first}): keep one entry with all its people.`,
      });
    } else {
      seen.set(name, index);
    }
  });
}
