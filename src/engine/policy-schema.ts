/**
 * The policy document's schema, composed from one file per section (policy-*.ts) plus the cross-field pass, and
 * the public names of those files re-exported so importers need only this module (docs/policy.md for users).
 */
import * as z from 'zod';
import { calendarSpecSchema } from './calendar-schema';
import { atMost, list, longText, mapKey, strict, text } from './policy-schema-helpers';
import { classificationSchema, prioritySchema } from './policy-classification';
import { planSchema, planSelectionSchema, regionsSchema } from './policy-plans';
import { metricSchema, pauseListSchema, targetSchema } from './policy-metrics';
import { escalationLevelSchema } from './policy-escalation';
import { checkPolicyReferences } from './policy-references';
import { CALENDAR_24X7 } from './sla-rules';
import { compileTextRegex } from './text-regex';
import { POLICY_BOUNDS } from './policy-bounds';
import { withRepeatDefaults } from './metric-repeat';

export { POLICY_BOUNDS };

/** The id of the built-in calendar that is always working (UTC, real elapsed time). */
export { CALENDAR_24X7 };
/** Rule regexes compile with RE2 semantics (linear time); see text-regex.ts. */
export { compileTextRegex };
export { ANY_PRIORITY, type EscalationLevel } from './policy-escalation';
export type { PolicyPriority, RuleCondition, ClassificationRule, Classification } from './policy-classification';
export type { Plan, ValueSource, PlanSelection, Regions } from './policy-plans';
export type { PauseCondition, MetricStart, MetricStop, Metric, Target } from './policy-metrics';
export { checkPolicyReferences, reservedKeyIssues } from './policy-references';
export { formatPath, policyIssues, countPolicyIssues, type PolicyIssue } from './policy-issues';
export { targetFor, ladderFor } from './policy-lookups';

const fieldsSchema = strict(
  {
    organizations: text('fields.organizations', 'customfield_10002').optional(),
    requestType: text('fields.requestType', 'customfield_10010').optional(),
    impact: text('fields.impact', 'customfield_10004').optional(),
    urgency: text('fields.urgency', 'customfield_10005').optional(),
  },
  'fields',
);

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
export type PolicyFields = z.infer<typeof fieldsSchema>;
