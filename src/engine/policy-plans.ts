/** The policy's plans, where an issue's plan is read from (plan selection) and its region calendar (regions). */
import * as z from 'zod';
import { atMost, idText, kindUnion, longText, stringMap, strict, text } from './policy-schema-helpers';
import { POLICY_BOUNDS } from './policy-bounds';

export const planSchema = strict(
  {
    id: idText('A plan id', 'standard'),
    label: text('A plan label', 'Standard'),
    description: longText('description', '"what the seed says"').optional(),
  },
  'A plan',
);

const SOURCE_KINDS = ['customField', 'organization', 'labelPrefix'] as const;
/** Where a value (a plan, a region) is read from an issue. */
export const valueSourceSchema = kindUnion(
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

export const planSelectionSchema = strict(
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

export const regionsSchema = strict(
  {
    source: valueSourceSchema,
    map: stringMap('regions.map', 'uk-eu'),
    default: text('regions.default', 'uk-eu'),
  },
  'regions',
);

export type Plan = z.infer<typeof planSchema>;
export type ValueSource = z.infer<typeof valueSourceSchema>;
export type PlanSelection = z.infer<typeof planSelectionSchema>;
export type Regions = z.infer<typeof regionsSchema>;
