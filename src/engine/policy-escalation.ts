/** One level of an escalation ladder: who is told, and when the level is reached (after a duration or at a share). */
import * as z from 'zod';
import { durationSchema, idText, strict, text, textList } from './policy-schema-helpers';
import { POLICY_BOUNDS } from './policy-bounds';

/** The escalation key whose ladder applies to every priority without a ladder of its own. */
export const ANY_PRIORITY = '*';

export const escalationLevelSchema = strict(
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

export type EscalationLevel = z.infer<typeof escalationLevelSchema>;
