/** The policy's priorities and the classification rules that give an issue one of them (docs/policy.md). */
import * as z from 'zod';
import { atMost, idText, longText, strict, text, textList } from './policy-schema-helpers';
import { POLICY_BOUNDS } from './policy-bounds';

export const prioritySchema = strict(
  {
    id: idText('A priority id', 'P1'),
    label: text('A priority label', 'Critical'),
    description: longText('description', '"what the seed says"').optional(),
  },
  'A priority',
);

/** A text rule: whole words or phrases, and/or an RE2 regex (classification `when.text`, a metric's `comment` start). */
export const textConditionSchema = strict(
  {
    words: textList('text.words', 'outage').optional(),
    regex: text('text.regex', '"(?i)cannot log ?in"').optional(),
  },
  'text',
);

export const ruleConditionSchema = strict(
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

export const classificationRuleSchema = strict(
  {
    id: idText('A rule id', 'outage-words'),
    description: longText('description', '"what the seed says"').optional(),
    when: ruleConditionSchema,
    priority: text('A rule priority', 'P1'),
  },
  'A classification rule',
);

export const classificationSchema = strict(
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

export type PolicyPriority = z.infer<typeof prioritySchema>;
export type RuleCondition = z.infer<typeof ruleConditionSchema>;
export type TextCondition = z.infer<typeof textConditionSchema>;
export type ClassificationRule = z.infer<typeof classificationRuleSchema>;
export type Classification = z.infer<typeof classificationSchema>;
