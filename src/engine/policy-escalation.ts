/** One level of an escalation ladder: who is told, and when the level is reached (after a duration or at a share). */
import * as z from 'zod';
import { durationSchema, idText, strict, text, textList } from './policy-schema-helpers';
import { POLICY_BOUNDS } from './policy-bounds';

/** The escalation key whose ladder applies to every priority without a ladder of its own. */
export const ANY_PRIORITY = '*';

const levelWho = {
  id: idText('A level id', 'account-manager'),
  label: text('A level label', '"Account Manager"'),
  contact: text('A level contact', 'accountManager'),
};
const levelPlans = { plans: textList('plans', 'enterprise').optional() };

/** A level reached when `after` has passed on the ladder clock (on its own `calendar`, else the issue's). */
const afterLevelSchema = strict(
  { ...levelWho, after: durationSchema, calendar: text('calendar', 'us-business').optional(), ...levelPlans },
  'A ladder level',
);

/** A level reached when `metric` has used `atPercent` of its target (inclusive bound: POLICY_BOUNDS.atPercent). */
const percentLevelSchema = strict(
  {
    ...levelWho,
    atPercent: z
      .number({ error: 'atPercent must be a number of percent, e.g. 100.' })
      .positive({ error: 'atPercent must be greater than 0, e.g. 75 or 100.' })
      .max(POLICY_BOUNDS.atPercent, { error: `atPercent must be at most ${POLICY_BOUNDS.atPercent} (ten times the target), e.g. 100.` }),
    metric: text('metric', 'resolution'),
    ...levelPlans,
  },
  'A ladder level',
);

/**
 * A ladder level: reached `after` a duration, or `atPercent` of a metric's target; never both, as the type says
 * (the absent keys are `undefined`, so `level.after !== undefined` narrows to the first kind).
 */
export type EscalationLevel =
  | (z.infer<typeof afterLevelSchema> & { atPercent?: undefined; metric?: undefined })
  | (z.infer<typeof percentLevelSchema> & { after?: undefined; calendar?: undefined });

/**
 * The level as written: every key of both kinds optional, in the order the unknown-key message lists them, so
 * a level with both or neither gets the precise message of the cross-field pass (policy-references.ts), which
 * runs even when the shape fails. Only a policy that passes that pass is returned, hence the narrowing cast.
 *
 * @example
 * escalationLevelSchema.parse({ id: 'support', label: 'Support', contact: 'team', after: '4h' }).after //=> '4h'
 */
export const escalationLevelSchema = strict(
  {
    ...levelWho,
    after: afterLevelSchema.shape.after.optional(),
    atPercent: percentLevelSchema.shape.atPercent.optional(),
    metric: percentLevelSchema.shape.metric.optional(),
    calendar: afterLevelSchema.shape.calendar,
    ...levelPlans,
  },
  'A ladder level',
).transform((level) => level as EscalationLevel);
