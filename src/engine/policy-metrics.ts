/** The policy's metrics (when each clock starts, stops and pauses) and the shape of one target cell. */
import * as z from 'zod';
import { atMost, idText, kindUnion, longText, strict, text, textList } from './policy-schema-helpers';
import { POLICY_BOUNDS } from './policy-bounds';
import { metricRepeatSchema } from './metric-repeat';
import { textConditionSchema } from './policy-classification';

const PAUSE_KINDS = ['status', 'field'] as const;
export const pauseConditionSchema = kindUnion(
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
export const pauseListSchema = atMost(
  z.array(pauseConditionSchema, {
    error: 'pause must be a list of conditions, e.g. [{ when: status, statuses: ["Waiting for customer"] }].',
  }),
  'pause',
  POLICY_BOUNDS.pauseConditions,
);

const START_KINDS = ['created', 'status', 'label', 'field', 'customerComment', 'requestType', 'comment', 'portalAction'] as const;
export const metricStartSchema = kindUnion(
  'on',
  [
    strict({ on: z.literal('created') }, 'A created start'),
    strict({ on: z.literal('status'), statuses: textList('statuses', '"In Progress"') }, 'A status start'),
    strict({ on: z.literal('label'), label: text('label', 'escalation-requested') }, 'A label start'),
    strict({ on: z.literal('field'), field: text('field', '"Escalation requested"') }, 'A field start'),
    strict({ on: z.literal('customerComment') }, 'A customerComment start'),
    strict({ on: z.literal('requestType'), requestTypes: textList('requestTypes', '"Escalate a request"') }, 'A requestType start'),
    strict(
      {
        on: z.literal('comment'),
        text: textConditionSchema,
        by: z.enum(['customer', 'anyone'], { error: 'by must be customer (the default) or anyone.' }).default('customer'),
      },
      'A comment start',
    ),
    strict({ on: z.literal('portalAction'), statuses: textList('statuses', '"Escalated"') }, 'A portalAction start'),
  ],
  'start',
  START_KINDS,
);

const STOP_KINDS = ['publicComment', 'status', 'field', 'resolution', 'acknowledgement'] as const;
export const metricStopSchema = kindUnion(
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
    strict({ on: z.literal('acknowledgement') }, 'An acknowledgement stop'),
  ],
  'A stop',
  STOP_KINDS,
);

export const metricSchema = strict(
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
export const targetSchema = z.union(
  [z.string(), strict({ duration: text('duration', '1h'), calendar: text('calendar', '24x7').optional() }, 'A target')],
  { error: 'A target is a duration such as "4h" or { duration: 1h, calendar: 24x7 }.' },
);

export type PauseCondition = z.infer<typeof pauseConditionSchema>;
export type MetricStart = z.infer<typeof metricStartSchema>;
export type MetricStop = z.infer<typeof metricStopSchema>;
export type Metric = z.infer<typeof metricSchema>;
export type Target = z.infer<typeof targetSchema>;
