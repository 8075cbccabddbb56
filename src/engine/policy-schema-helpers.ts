/**
 * The zod building blocks every policy section is written with: bounded texts, ids, lists and maps whose
 * messages name what is wrong and how to fix it (bounds from policy-bounds.ts), strict objects, kind unions.
 */
import * as z from 'zod';
import { durationTextSchema } from './duration';
import { unknownKeysMessage } from './suggest';
import { POLICY_BOUNDS } from './policy-bounds';

/**
 * A strict object whose unknown-key issue message holds one line per unknown key (in the issue's `keys` order),
 * so `policyIssues` can report each key at its own path.
 */
export function strict<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
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

export function text(what: string, example: string, max: number = POLICY_BOUNDS.textLength) {
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
export function longText(what: string, example: string) {
  return text(what, example, POLICY_BOUNDS.longTextLength);
}

/** A list of at most `max` items (inclusive). */
export function atMost<T extends z.ZodArray<z.ZodType>>(schema: T, what: string, max: number): T {
  return schema.max(max, {
    error: (issue) =>
      `${what} has ${String((issue.input as unknown[] | undefined)?.length ?? 'too many')} entries; at most ${max} are allowed: remove some.`,
  }) as T;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export function idText(what: string, example: string) {
  return text(what, example, POLICY_BOUNDS.idLength).regex(ID_PATTERN, {
    error: `${what} may contain only letters, digits, "-" and "_" and must start with a letter or digit, e.g. ${example}.`,
  });
}

export function textList(what: string, example: string) {
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
export function mapKey(what: string) {
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

export function stringMap(what: string, example: string) {
  return boundedEntries(
    z.record(mapKey(`A key of ${what}`), text(`each value of ${what}`, example), {
      error: `${what} must be a map of value to id, e.g. { "Acme Corp": ${example} }.`,
    }),
    what,
  );
}

export function kindUnion<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
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

export function list<T extends z.ZodType>(item: T, what: string, example: string, max: number) {
  return z
    .array(item, {
      error: (issue) =>
        issue.input === undefined ? `${what} is required: add a list, e.g. ${example}.` : `${what} must be a list, e.g. ${example}.`,
    })
    .min(1, { error: `${what} must not be empty: add at least one, e.g. ${example}.` })
    .max(max, { error: `${what} has more than ${max} entries: at most ${max} are allowed.` });
}

/** A target or ladder duration as written (`4h`, `2d`, `1w`, `1mo`, `immediate`, `none`); see duration.ts. */
export const durationSchema = z
  .string({ error: 'A duration must be text such as "4h", "2d", "1w", "immediate" or "none".' })
  .pipe(durationTextSchema);
