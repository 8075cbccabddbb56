/**
 * The zod schema of a policy document (docs/policy.md is the user reference): a `.strict()` shape schema for
 * every object, plus one cross-field pass (`checkPolicyReferences`) that checks every id a policy refers to.
 * The cross-field pass also runs when the shape has errors, so one validation lists every problem at once.
 *
 * Messages say what is wrong and how to fix it; `policyIssues` turns zod issues into `{path, message}` pairs
 * whose message starts with the dotted path (`targets.premium.P1.firstResponse: …`). Unknown keys get one issue
 * each, naming the key and the nearest valid key.
 */
import * as z from 'zod';
import { calendarSpecSchema } from './calendar-schema';
import { durationTextSchema, parseDuration } from './duration';
import { nearestName, unknownKeysMessage } from './suggest';
import { CALENDAR_24X7 } from './sla-rules';
import { compileTextRegex } from './text-regex';
import { ownValue } from './own';
import { POLICY_BOUNDS } from './policy-bounds';
import { metricRepeatSchema, repeatProblems, withRepeatDefaults } from './metric-repeat';

export { POLICY_BOUNDS };

/** The id of the built-in calendar that is always working (UTC, real elapsed time). */
export { CALENDAR_24X7 };
/** Rule regexes compile with RE2 semantics (linear time); see text-regex.ts. */
export { compileTextRegex };

/** The escalation key whose ladder applies to every priority without a ladder of its own. */
export const ANY_PRIORITY = '*';

/** `"P5" is not a priority id: did you mean "P4"? Known priority ids: P1, P2, P3, P4.` style message tail. */
function unknownReference(value: string, what: string, known: readonly string[], howToAdd: string): string {
  const near = nearestName(value, known);
  const fix =
    known.length > 0 ? `Use one of the known ${what}s: ${known.join(', ')}, or ${howToAdd}.` : `There are no ${what}s yet: ${howToAdd}.`;
  return `"${value}" is not a ${what}${near !== undefined ? `; did you mean "${near}"?` : '.'} ${fix}`;
}

/**
 * A strict object whose unknown-key issue message holds one line per unknown key (in the issue's `keys` order),
 * so `policyIssues` can report each key at its own path.
 */
function strict<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return unknownKeysMessage(issue.keys, keys);
      if (issue.code === 'invalid_type') {
        return issue.input === undefined
          ? `${what} is required: add it (an object with ${keys.join(', ')}).`
          : `${what} must be an object with the keys ${keys.join(', ')}.`;
      }
      return undefined;
    },
  });
}

function text(what: string, example: string, max: number = POLICY_BOUNDS.textLength) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${what} is required: add it, e.g. ${example}.` : `${what} must be a string, e.g. ${example}.`,
    })
    .max(max, {
      error: (issue) =>
        `${what} is ${String((issue.input as string | undefined)?.length ?? 'too many')} characters long; at most ${max} are allowed: shorten it.`,
    });
}

/** A free text (`description`, `source`). */
function longText(what: string, example: string) {
  return text(what, example, POLICY_BOUNDS.longTextLength);
}

/** A list of at most `max` items (inclusive). */
function atMost<T extends z.ZodArray<z.ZodType>>(schema: T, what: string, max: number): T {
  return schema.max(max, {
    error: (issue) =>
      `${what} has ${String((issue.input as unknown[] | undefined)?.length ?? 'too many')} entries; at most ${max} are allowed: remove some.`,
  }) as T;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
function idText(what: string, example: string) {
  return text(what, example, POLICY_BOUNDS.idLength).regex(ID_PATTERN, {
    error: `${what} may contain only letters, digits, "-" and "_" and must start with a letter or digit, e.g. ${example}.`,
  });
}

function textList(what: string, example: string) {
  return atMost(
    z
      .array(text(`each entry of ${what}`, example), {
        error: (issue) =>
          issue.input === undefined
            ? `${what} is required: add a list, e.g. [${example}].`
            : `${what} must be a list, e.g. [${example}] (write a single value as a one-item list).`,
      })
      .min(1, { error: `${what} must not be empty: list at least one value, e.g. [${example}].` }),
    what,
    POLICY_BOUNDS.listEntries,
  );
}

/** The key of a user-named map entry (an organization, a field value, a plan or priority id). */
function mapKey(what: string) {
  return z.string().max(POLICY_BOUNDS.textLength, {
    error: (issue) =>
      `${what} "${String(issue.input).slice(0, 40)}…" is ${String((issue.input as string).length)} characters long; at most ${POLICY_BOUNDS.textLength} are allowed: shorten it.`,
  });
}

/** A record with at most POLICY_BOUNDS.mapEntries entries. */
function boundedEntries<T extends z.ZodType>(schema: T, what: string): T {
  return schema.refine((value) => Object.keys(value as object).length <= POLICY_BOUNDS.mapEntries, {
    error: `${what} has more than ${POLICY_BOUNDS.mapEntries} entries: remove some (or map fewer values).`,
  }) as unknown as T;
}

function stringMap(what: string, example: string) {
  return boundedEntries(
    z.record(mapKey(`A key of ${what}`), text(`each value of ${what}`, example), {
      error: `${what} must be a map of value to id, e.g. { "Acme Corp": ${example} }.`,
    }),
    what,
  );
}

function kindUnion<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  discriminator: string,
  options: T,
  what: string,
  kinds: readonly string[],
) {
  return z.discriminatedUnion(discriminator, options, {
    error: (issue) =>
      issue.code === 'invalid_union' || issue.code === 'invalid_type'
        ? issue.input === undefined
          ? `${what} is required: add one, e.g. { ${discriminator}: ${kinds[0]} }.`
          : `${what} needs "${discriminator}" set to one of ${kinds.join(', ')}.`
        : undefined,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Parts of the policy

/** A target or ladder duration as written (`4h`, `2d`, `1w`, `1mo`, `immediate`, `none`); see duration.ts. */
const durationSchema = z
  .string({ error: 'A duration must be text such as "4h", "2d", "1w", "immediate" or "none".' })
  .pipe(durationTextSchema);

const prioritySchema = strict(
  {
    id: idText('A priority id', 'P1'),
    label: text('A priority label', 'Critical'),
    description: longText('description', '"what the seed says"').optional(),
  },
  'A priority',
);

const textConditionSchema = strict(
  {
    words: textList('text.words', 'outage').optional(),
    regex: text('text.regex', '"(?i)cannot log ?in"').optional(),
  },
  'text',
);

const ruleConditionSchema = strict(
  {
    jiraPriority: textList('jiraPriority', 'Highest').optional(),
    impact: textList('impact', '"Extensive / Widespread"').optional(),
    urgency: textList('urgency', 'Critical').optional(),
    labels: textList('labels', 'outage').optional(),
    components: textList('components', 'API').optional(),
    issueType: textList('issueType', 'Incident').optional(),
    requestType: textList('requestType', '"Report a system problem"').optional(),
    text: textConditionSchema.optional(),
  },
  'when',
);

const classificationRuleSchema = strict(
  {
    id: idText('A rule id', 'outage-words'),
    description: longText('description', '"what the seed says"').optional(),
    when: ruleConditionSchema,
    priority: text('A rule priority', 'P1'),
  },
  'A classification rule',
);

const classificationSchema = strict(
  {
    rules: atMost(
      z.array(classificationRuleSchema, { error: 'classification.rules must be a list of rules.' }),
      'classification.rules',
      POLICY_BOUNDS.rules,
    ).default([]),
    default: text('classification.default', 'P3'),
  },
  'classification',
);

const planSchema = strict(
  {
    id: idText('A plan id', 'standard'),
    label: text('A plan label', 'Standard'),
    description: longText('description', '"what the seed says"').optional(),
  },
  'A plan',
);

const SOURCE_KINDS = ['customField', 'organization', 'labelPrefix'] as const;
/** Where a value (a plan, a region) is read from an issue. */
const valueSourceSchema = kindUnion(
  'from',
  [
    strict(
      {
        from: z.literal('customField'),
        field: text('field', '"Support plan"'),
        map: stringMap('map', 'premium').optional(),
      },
      'A customField source',
    ),
    strict({ from: z.literal('organization'), map: stringMap('map', 'premium').optional() }, 'An organization source'),
    strict(
      {
        from: z.literal('labelPrefix'),
        prefix: text('prefix', '"plan-"').min(1, { error: 'prefix must not be empty, e.g. "plan-".' }),
        map: stringMap('map', 'premium').optional(),
      },
      'A labelPrefix source',
    ),
  ],
  'A source',
  SOURCE_KINDS,
);

const planSelectionSchema = strict(
  {
    sources: atMost(
      z.array(valueSourceSchema, { error: 'planSelection.sources must be a list of sources.' }),
      'planSelection.sources',
      POLICY_BOUNDS.sources,
    ).default([]),
    default: text('planSelection.default', 'standard'),
  },
  'planSelection',
);

const regionsSchema = strict(
  {
    source: valueSourceSchema,
    map: stringMap('regions.map', 'uk-eu'),
    default: text('regions.default', 'uk-eu'),
  },
  'regions',
);

const PAUSE_KINDS = ['status', 'field'] as const;
const pauseConditionSchema = kindUnion(
  'when',
  [
    strict({ when: z.literal('status'), statuses: textList('statuses', '"Waiting for customer"') }, 'A status pause'),
    strict(
      {
        when: z.literal('field'),
        field: text('field', '"Pending reason"'),
        equals: textList('equals', 'Customer').optional(),
      },
      'A field pause',
    ),
  ],
  'A pause condition',
  PAUSE_KINDS,
);
const pauseListSchema = atMost(
  z.array(pauseConditionSchema, {
    error: 'pause must be a list of conditions, e.g. [{ when: status, statuses: ["Waiting for customer"] }].',
  }),
  'pause',
  POLICY_BOUNDS.pauseConditions,
);

const START_KINDS = ['created', 'status', 'label', 'field', 'customerComment'] as const;
const metricStartSchema = kindUnion(
  'on',
  [
    strict({ on: z.literal('created') }, 'A created start'),
    strict({ on: z.literal('status'), statuses: textList('statuses', '"In Progress"') }, 'A status start'),
    strict({ on: z.literal('label'), label: text('label', 'escalation-requested') }, 'A label start'),
    strict({ on: z.literal('field'), field: text('field', '"Escalation requested"') }, 'A field start'),
    strict({ on: z.literal('customerComment') }, 'A customerComment start'),
  ],
  'start',
  START_KINDS,
);

const STOP_KINDS = ['publicComment', 'status', 'field', 'resolution'] as const;
const metricStopSchema = kindUnion(
  'on',
  [
    strict(
      {
        on: z.literal('publicComment'),
        by: z.enum(['notReporter', 'anyone'], { error: 'by must be notReporter (the default) or anyone.' }).default('notReporter'),
      },
      'A publicComment stop',
    ),
    strict({ on: z.literal('status'), statuses: textList('statuses', '"In Progress"') }, 'A status stop'),
    strict({ on: z.literal('field'), field: text('field', 'Workaround') }, 'A field stop'),
    strict({ on: z.literal('resolution') }, 'A resolution stop'),
  ],
  'A stop',
  STOP_KINDS,
);

const metricSchema = strict(
  {
    id: idText('A metric id', 'firstResponse'),
    label: text('A metric label', '"First response"'),
    description: longText('description', '"what the seed says"').optional(),
    start: metricStartSchema,
    stop: z
      .array(metricStopSchema, { error: 'stop must be a list, e.g. [{ on: publicComment }, { on: resolution }].' })
      .min(1, { error: 'stop must list at least one stop event, e.g. [{ on: resolution }].' })
      .max(POLICY_BOUNDS.stops, { error: `stop lists more than ${POLICY_BOUNDS.stops} stop events: remove some.` }),
    pause: z
      .union([z.literal('inherit'), pauseListSchema], {
        error: 'pause must be "inherit" (use the policy pause), [] (never pause) or a list of pause conditions.',
      })
      .default('inherit'),
    repeat: metricRepeatSchema.optional(),
  },
  'A metric',
);

/** A target: the duration alone (on the default or region calendar) or with an explicit calendar. */
const targetSchema = z.union(
  [z.string(), strict({ duration: text('duration', '1h'), calendar: text('calendar', '24x7').optional() }, 'A target')],
  { error: 'A target is a duration such as "4h" or { duration: 1h, calendar: 24x7 }.' },
);

const escalationLevelSchema = strict(
  {
    id: idText('A level id', 'account-manager'),
    label: text('A level label', '"Account Manager"'),
    contact: text('A level contact', 'accountManager'),
    after: durationSchema.optional(),
    atPercent: z
      .number({ error: 'atPercent must be a number of percent, e.g. 100.' })
      .positive({ error: 'atPercent must be greater than 0, e.g. 75 or 100.' })
      .max(POLICY_BOUNDS.atPercent, { error: `atPercent must be at most ${POLICY_BOUNDS.atPercent} (ten times the target), e.g. 100.` })
      .optional(),
    metric: text('metric', 'resolution').optional(),
    calendar: text('calendar', 'us-business').optional(),
    plans: textList('plans', 'enterprise').optional(),
  },
  'A ladder level',
);

const fieldsSchema = strict(
  {
    organizations: text('fields.organizations', 'customfield_10002').optional(),
    requestType: text('fields.requestType', 'customfield_10010').optional(),
    impact: text('fields.impact', 'customfield_10004').optional(),
    urgency: text('fields.urgency', 'customfield_10005').optional(),
  },
  'fields',
);

function list<T extends z.ZodType>(item: T, what: string, example: string, max: number) {
  return z
    .array(item, {
      error: (issue) =>
        issue.input === undefined ? `${what} is required: add a list, e.g. ${example}.` : `${what} must be a list, e.g. ${example}.`,
    })
    .min(1, { error: `${what} must not be empty: add at least one, e.g. ${example}.` })
    .max(max, { error: `${what} has more than ${max} entries: at most ${max} are allowed.` });
}

const POLICY_SHAPE = {
  id: text('id', 'byteztech').regex(/^[a-z0-9-]+$/, {
    error: 'id may contain only lower-case letters, digits and "-", e.g. byteztech.',
  }),
  name: text('name', '"BytezTech support policy"'),
  source: longText('source', '"Vendor support policy, section 5"').optional(),
  defaultCalendar: text('defaultCalendar', 'us-business'),
  calendars: atMost(
    z.array(calendarSpecSchema, { error: 'calendars must be a list of calendars.' }),
    'calendars',
    POLICY_BOUNDS.calendars,
  ).default([]),
  priorities: list(prioritySchema, 'priorities', '[{ id: P1, label: Critical }]', POLICY_BOUNDS.priorities),
  classification: classificationSchema,
  plans: list(planSchema, 'plans', '[{ id: standard, label: Standard }]', POLICY_BOUNDS.plans),
  planSelection: planSelectionSchema,
  regions: regionsSchema.optional(),
  pause: pauseListSchema.default([]),
  metrics: list(
    z.preprocess(withRepeatDefaults, metricSchema),
    'metrics',
    '[{ id: firstResponse, label: First response, start: { on: created }, stop: [{ on: publicComment }] }]',
    POLICY_BOUNDS.metrics,
  ),
  targets: z.record(
    mapKey('A plan id'),
    z.record(
      mapKey('A priority id'),
      z.record(mapKey('A metric id'), targetSchema, { error: 'Each priority maps metric ids to targets, e.g. { firstResponse: 4h }.' }),
      {
        error: 'Each plan maps priority ids to targets, e.g. { P1: { firstResponse: 4h } }.',
      },
    ),
    {
      error: (issue) =>
        issue.input === undefined
          ? 'targets is required: add plan → priority → metric → duration, e.g. { standard: { P1: { firstResponse: 4h } } }.'
          : 'targets must map plan ids to priorities, e.g. { standard: { P1: { firstResponse: 4h } } }.',
    },
  ),
  escalation: z
    .record(
      mapKey('A ladder key'),
      atMost(z.array(escalationLevelSchema, { error: 'Each ladder must be a list of levels.' }), 'A ladder', POLICY_BOUNDS.ladderLevels),
      {
        error:
          'escalation must map priority ids (or "*") to ladders, e.g. { P1: [{ id: support, label: Support, contact: supportTeam, after: 4h }] }.',
      },
    )
    .optional(),
  fields: fieldsSchema.optional(),
};

// ---------------------------------------------------------------------------------------------------------
// Cross-field checks (run on possibly malformed input, so every access is guarded)

type Issue = { path: PropertyKey[]; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function entries(value: unknown): Array<[string, unknown]> {
  return isRecord(value) ? Object.entries(value) : [];
}
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function stringAt(value: unknown, key: string): string | undefined {
  return isRecord(value) && typeof value[key] === 'string' ? value[key] : undefined;
}

/**
 * Reports every `__proto__` key of the document: JavaScript objects (and zod's records) drop it silently, so a
 * plan or organization named so would vanish instead of working. Other names (`constructor`, `toString`) are
 * ordinary names: lookups read own entries only (own.ts). Iterative, so a deeply nested document cannot overflow.
 * Runs on the raw document (zod's output has lost the key already); the messages carry no path prefix yet.
 *
 * @example
 * reservedKeyIssues(JSON.parse('{"plans": {"__proto__": 1}}')) //=> [{ path: ['plans', '__proto__'], message: '"__proto__" cannot be used …' }]
 */
export function reservedKeyIssues(input: unknown): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === '__proto__') {
          issues.push({
            path: [...path, key],
            message:
              '"__proto__" cannot be used as a name or key: JavaScript reserves it and would silently drop the entry. Rename it (e.g. "proto").',
          });
        }
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return issues.reverse();
}

/** Collects ids of a list, reporting duplicates; returns the ids in order. */
function collectIds(list: unknown, listPath: string, what: string, issues: Issue[]): string[] {
  const seen = new Map<string, number>();
  items(list).forEach((item, index) => {
    const id = stringAt(item, 'id');
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({
        path: [listPath, index, 'id'],
        message: `Duplicate ${what} id "${id}" (also ${listPath}[${first}]): give every ${what} its own id.`,
      });
    } else {
      seen.set(id, index);
    }
  });
  return [...seen.keys()];
}

/**
 * Every cross-field problem of a policy-shaped value: duplicate ids, the reserved `24x7` id, and every reference
 * (default calendar, rule priorities, plan and region maps, targets, ladders) to a plan, priority, metric or
 * calendar that does not exist. Also requires every plan × priority cell in `targets` (see docs/policy.md).
 * Safe on malformed input: parts that are not the right shape are skipped (the shape schema reports them).
 */
export function checkPolicyReferences(input: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!isRecord(input)) return issues;

  const calendarIds = collectIds(input.calendars, 'calendars', 'calendar', issues);
  items(input.calendars).forEach((calendar, index) => {
    if (stringAt(calendar, 'id') === CALENDAR_24X7) {
      issues.push({
        path: ['calendars', index, 'id'],
        message: `"${CALENDAR_24X7}" is the built-in always-working calendar and cannot be redefined: choose another id, or use 24x7 directly.`,
      });
    }
  });
  const calendars = [...calendarIds.filter((id) => id !== CALENDAR_24X7), CALENDAR_24X7];
  const priorities = collectIds(input.priorities, 'priorities', 'priority', issues);
  const plans = collectIds(input.plans, 'plans', 'plan', issues);
  const metrics = collectIds(input.metrics, 'metrics', 'metric', issues);
  const classification = isRecord(input.classification) ? input.classification : {};
  collectIds(classification.rules, 'classification.rules', 'rule', issues);
  for (const duplicate of issues.filter((issue) => issue.path[0] === 'classification.rules')) {
    duplicate.path.splice(0, 1, 'classification', 'rules');
  }
  const prioritySet = new Set(priorities);

  const refer = (value: unknown, path: PropertyKey[], what: 'calendar' | 'priority' | 'plan' | 'metric') => {
    if (typeof value !== 'string') return;
    const known = { calendar: calendars, priority: priorities, plan: plans, metric: metrics }[what];
    if (known.includes(value)) return;
    const howToAdd = {
      calendar: 'add a calendar with this id under calendars',
      priority: 'add it under priorities',
      plan: 'add it under plans',
      metric: 'add it under metrics',
    }[what];
    issues.push({ path, message: unknownReference(value, `${what} id`, known, howToAdd) });
  };

  refer(input.defaultCalendar, ['defaultCalendar'], 'calendar');
  issues.push(...repeatProblems(input.metrics));

  items(classification.rules).forEach((rule, index) => {
    if (!isRecord(rule)) return;
    refer(rule.priority, ['classification', 'rules', index, 'priority'], 'priority');
    const when = rule.when;
    if (isRecord(when)) {
      if (Object.keys(when).length === 0) {
        issues.push({
          path: ['classification', 'rules', index, 'when'],
          message: 'when has no condition, so the rule would match every issue: add a condition, or use classification.default instead.',
        });
      }
      const condition = when.text;
      if (isRecord(condition)) {
        if (condition.words === undefined && condition.regex === undefined) {
          issues.push({
            path: ['classification', 'rules', index, 'when', 'text'],
            message: 'text needs words or regex: add e.g. words: [outage] or regex: "(?i)cannot log ?in".',
          });
        }
        if (typeof condition.regex === 'string') {
          try {
            compileTextRegex(condition.regex);
          } catch (error) {
            issues.push({
              path: ['classification', 'rules', index, 'when', 'text', 'regex'],
              message: `"${condition.regex.length > 60 ? `${condition.regex.slice(0, 60)}…` : condition.regex}" is refused: ${error instanceof Error ? error.message : String(error)}`,
            });
          }
        }
      }
    }
  });
  refer(classification.default, ['classification', 'default'], 'priority');

  const checkSourceMap = (source: unknown, path: PropertyKey[], what: 'plan' | 'calendar') => {
    if (!isRecord(source)) return;
    for (const [key, value] of entries(source.map)) refer(value, [...path, 'map', key], what);
  };
  const planSelection = isRecord(input.planSelection) ? input.planSelection : {};
  items(planSelection.sources).forEach((source, index) => checkSourceMap(source, ['planSelection', 'sources', index], 'plan'));
  refer(planSelection.default, ['planSelection', 'default'], 'plan');

  if (isRecord(input.regions)) {
    for (const [key, value] of entries(input.regions.map)) refer(value, ['regions', 'map', key], 'calendar');
    refer(input.regions.default, ['regions', 'default'], 'calendar');
  }

  const checkTarget = (target: unknown, path: PropertyKey[]) => {
    if (isRecord(target)) refer(target.calendar, [...path, 'calendar'], 'calendar');
    const duration = isRecord(target) ? target.duration : target;
    if (typeof duration !== 'string') return;
    try {
      parseDuration(duration);
    } catch (error) {
      issues.push({
        path: isRecord(target) ? [...path, 'duration'] : path,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const targets = input.targets;
  for (const [planId, byPriority] of entries(targets)) {
    refer(planId, ['targets', planId], 'plan');
    for (const [priorityId, byMetric] of entries(byPriority)) {
      refer(priorityId, ['targets', planId, priorityId], 'priority');
      const cell = entries(byMetric);
      if (isRecord(byMetric) && cell.length === 0) {
        issues.push({
          path: ['targets', planId, priorityId],
          message: `targets.${planId}.${priorityId} lists no metric: give at least one target, e.g. { firstResponse: 4h } (write "none" for no target).`,
        });
      }
      for (const [metricId, target] of cell) {
        refer(metricId, ['targets', planId, priorityId, metricId], 'metric');
        checkTarget(target, ['targets', planId, priorityId, metricId]);
      }
    }
  }
  if (isRecord(targets)) {
    for (const planId of plans) {
      const byPriority = ownValue(targets, planId);
      if (byPriority === undefined) {
        issues.push({
          path: ['targets'],
          message: `Plan "${planId}" has no targets: add targets.${planId} with a row for each priority (${priorities.join(', ')}).`,
        });
        continue;
      }
      if (!isRecord(byPriority)) continue;
      const missing = priorities.filter((id) => !Object.hasOwn(byPriority, id));
      if (missing.length > 0) {
        issues.push({
          path: ['targets', planId],
          message: `targets.${planId} has no row for priorit${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')}: add ${missing
            .map((id) => `${id}: { … }`)
            .join(', ')} (write "none" for a metric without a target).`,
        });
      }
    }
  }

  for (const [key, ladder] of entries(input.escalation)) {
    if (key !== ANY_PRIORITY && !prioritySet.has(key)) {
      const near = nearestName(key, priorities);
      issues.push({
        path: ['escalation', key],
        message: `"${key}" is not a priority id${near !== undefined ? `; did you mean "${near}"?` : '.'} Ladder keys are priority ids (${priorities.join(', ')}) or "*" for every other priority.`,
      });
    }
    const levelIds = new Map<string, number>();
    items(ladder).forEach((level, index) => {
      if (!isRecord(level)) return;
      const path = ['escalation', key, index];
      const id = stringAt(level, 'id');
      if (id !== undefined) {
        const first = levelIds.get(id);
        if (first !== undefined) {
          issues.push({
            path: [...path, 'id'],
            message: `Duplicate level id "${id}" (also escalation.${key}[${first}]): give every level of a ladder its own id.`,
          });
        } else {
          levelIds.set(id, index);
        }
      }
      const hasAfter = level.after !== undefined;
      const hasPercent = level.atPercent !== undefined;
      if (hasAfter === hasPercent) {
        issues.push({
          path,
          message: hasAfter
            ? 'A level is reached either after a duration or at a percentage of a metric, not both: remove after or atPercent.'
            : 'A level needs when it is reached: add after (e.g. after: 4h) or atPercent with metric (e.g. atPercent: 100, metric: resolution).',
        });
      }
      if (hasPercent && level.metric === undefined) {
        issues.push({
          path: [...path, 'metric'],
          message: 'atPercent needs the metric whose target it is a percentage of: add metric, e.g. metric: resolution.',
        });
      }
      if (!hasPercent && level.metric !== undefined) {
        issues.push({
          path: [...path, 'metric'],
          message: 'metric is only used with atPercent: add atPercent (e.g. atPercent: 100) or remove metric.',
        });
      }
      if (hasPercent && level.calendar !== undefined) {
        issues.push({
          path: [...path, 'calendar'],
          message: "calendar is only used with after (an atPercent level uses its metric's target calendar): remove calendar.",
        });
      }
      if (typeof level.after === 'string') {
        try {
          if (parseDuration(level.after).kind === 'none') {
            issues.push({
              path: [...path, 'after'],
              message: 'after: none would never reach this level: give a duration such as 4h, or remove the level.',
            });
          }
        } catch {
          // The shape schema reports the unparsable duration itself.
        }
      }
      refer(level.metric, [...path, 'metric'], 'metric');
      refer(level.calendar, [...path, 'calendar'], 'calendar');
      items(level.plans).forEach((plan, planIndex) => refer(plan, [...path, 'plans', planIndex], 'plan'));
    });
    checkLadderOrder(key, items(ladder), issues);
  }
  return issues;
}

/** A comparable size of an `after` duration within one unit family, or null when it cannot be compared. */
function ladderStep(text: unknown): { family: string; size: number } | null {
  if (typeof text !== 'string') return null;
  try {
    const duration = parseDuration(text);
    switch (duration.kind) {
      case 'business':
        return { family: 'business', size: duration.ms };
      case 'days':
        return { family: 'days', size: duration.days };
      case 'calendar':
        return { family: duration.unit, size: duration.count };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * A ladder climbs: an `after` level listed below another on the same calendar must not be reached sooner.
 * Durations are compared only within one unit family (hours/minutes, business days, weeks, months), where the
 * order does not depend on the calendar; `atPercent` levels are not compared.
 */
function checkLadderOrder(key: string, ladder: readonly unknown[], issues: PolicyIssue[]): void {
  const latest = new Map<string, { index: number; after: string; size: number }>();
  ladder.forEach((level, index) => {
    if (!isRecord(level) || level.atPercent !== undefined) return;
    const step = ladderStep(level.after);
    if (step === null) return;
    const group = `${typeof level.calendar === 'string' ? level.calendar : ''}|${step.family}`;
    const before = latest.get(group);
    if (before !== undefined && step.size < before.size) {
      issues.push({
        path: ['escalation', key, index, 'after'],
        message: `after: ${String(level.after)} comes sooner than the ${before.after} of escalation.${key}[${before.index}] above it: a ladder climbs, so list its levels in the order they are reached (or fix the durations).`,
      });
      return;
    }
    latest.set(group, { index, after: String(level.after), size: step.size });
  });
}

/**
 * The policy document: a strict shape plus `checkPolicyReferences` (which runs even when the shape has errors).
 *
 * @example
 * policySchema.safeParse(yamlParsedObject).success //=> true for every preset under presets/
 */
export const policySchema = strict(POLICY_SHAPE, 'The policy').check(
  z.superRefine(
    (value, ctx) => {
      for (const issue of checkPolicyReferences(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    },
    { when: () => true },
  ),
);

/** A validated policy (defaults applied). */
export type Policy = z.infer<typeof policySchema>;
export type PolicyCalendar = Policy['calendars'][number];
export type PolicyPriority = z.infer<typeof prioritySchema>;
export type RuleCondition = z.infer<typeof ruleConditionSchema>;
export type ClassificationRule = z.infer<typeof classificationRuleSchema>;
export type Classification = z.infer<typeof classificationSchema>;
export type Plan = z.infer<typeof planSchema>;
export type ValueSource = z.infer<typeof valueSourceSchema>;
export type PlanSelection = z.infer<typeof planSelectionSchema>;
export type Regions = z.infer<typeof regionsSchema>;
export type PauseCondition = z.infer<typeof pauseConditionSchema>;
export type MetricStart = z.infer<typeof metricStartSchema>;
export type MetricStop = z.infer<typeof metricStopSchema>;
export type Metric = z.infer<typeof metricSchema>;
export type Target = z.infer<typeof targetSchema>;
export type EscalationLevel = z.infer<typeof escalationLevelSchema>;
export type PolicyFields = z.infer<typeof fieldsSchema>;

// ---------------------------------------------------------------------------------------------------------
// Issues → problems

/**
 * Formats a zod path as the dotted path used in messages: keys joined with ".", array indexes in brackets.
 *
 * @example
 * formatPath(['targets', 'premium', 'P1', 'firstResponse']) //=> 'targets.premium.P1.firstResponse'
 * formatPath(['calendars', 0, 'week'])                      //=> 'calendars[0].week'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One validation problem before line numbers: `path` as zod gives it, `message` prefixed with the dotted path. */
export interface PolicyIssue {
  path: PropertyKey[];
  message: string;
}

/** A readable replacement for zod's generic "Invalid input: expected …" message. */
function typeMessage(issue: z.core.$ZodIssueInvalidType): string {
  const found =
    issue.input === undefined
      ? 'nothing'
      : Array.isArray(issue.input)
        ? 'a list'
        : typeof issue.input === 'object'
          ? issue.input === null
            ? 'null'
            : 'an object'
          : `the ${typeof issue.input} ${JSON.stringify(issue.input)}`;
  return issue.input === undefined
    ? `${issue.expected} is required here: add it.`
    : `expected ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`} here but found ${found}: write a ${issue.expected === 'array' ? 'list' : issue.expected} instead.`;
}

/**
 * Turns zod issues of `policySchema` into problems: one per unknown key (path ends with the key), and every
 * message starts with its dotted path (`(root)` for the document itself), so it reads on its own. At most `limit`
 * problems (inclusive) are returned; `countPolicyIssues` says how many there are in all.
 *
 * @example
 * policyIssues(policySchema.safeParse({ ...valid, plan: [] }).error!.issues)
 * //=> [{ path: ['plan'], message: 'plan: Unknown key "plan"; did you mean "plans"? Valid keys here: id, name, …' }]
 */
export function policyIssues(issues: readonly z.core.$ZodIssue[], limit = Infinity): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  const add = (path: PropertyKey[], message: string) => {
    if (out.length >= limit) return;
    const where = path.length === 0 ? '(root)' : formatPath(path);
    // Messages are written to read alone ("timeZone is required…"); behind the path the key would be said twice.
    const key = path.length === 0 ? undefined : String(path[path.length - 1]);
    const text =
      key === undefined || !message.startsWith(`${key} `)
        ? message
        : message.slice(key.length + (message.startsWith(`${key} is `) ? 4 : 1));
    out.push({ path, message: `${where}: ${text}` });
  };
  for (const issue of issues) {
    if (out.length >= limit) break;
    if (issue.code === 'unrecognized_keys') {
      const lines = issue.message.split('\n');
      issue.keys.slice(0, limit - out.length).forEach((key, index) => {
        add([...issue.path, key], lines.length === issue.keys.length ? (lines[index] ?? issue.message) : issue.message);
      });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // zod says "Invalid key in record"; the key's own schema says what is wrong with it.
      add([...issue.path], issue.issues[0]?.message ?? issue.message);
      continue;
    }
    add([...issue.path], issue.code === 'invalid_type' && issue.message.startsWith('Invalid input') ? typeMessage(issue) : issue.message);
  }
  return out;
}

/**
 * How many problems `policyIssues` would return without a limit (each unknown key counts once).
 *
 * @example
 * countPolicyIssues(policySchema.safeParse({ ...valid, a: 1, b: 2 }).error!.issues) //=> 2
 */
export function countPolicyIssues(issues: readonly z.core.$ZodIssue[]): number {
  let count = 0;
  for (const issue of issues) count += issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
  return count;
}

// ---------------------------------------------------------------------------------------------------------
// Lookups used by the evaluator and the CLI

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
