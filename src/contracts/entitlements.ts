/**
 * The entitlement resolvers' payloads (docs/ui.md#entitlements): the admin page's usage table for the month and the
 * registered persons it edits, and the panel's part of `getSlaState`. Shared by src/forge/ and static/.
 */
import * as z from 'zod';
import { policyScopeSchema } from './resolvers';

/**
 * An Atlassian account id as Jira gives it: `557058:0f1e2d3c-…`, `5b10ac8d82e05b22cc7d4ef5`, or a test site's `customer`
 * (letters, digits, `:` `-` `_`, 1 to 128 characters inclusive).
 */
export const accountIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9:_-]{1,128}$/, { error: 'An account id has 1 to 128 letters, digits, ":", "-" or "_", e.g. 557058:0f1e2d3c-aaaa.' });

export const getEntitlementUsageInput = z.object({ scope: policyScopeSchema }).strict();
export type GetEntitlementUsageInput = z.infer<typeof getEntitlementUsageInput>;

export const saveRegisteredPersonsInput = z
  .object({
    organization: z
      .string()
      .trim()
      .min(1, { error: 'Name the organization as JSM spells it, e.g. Acme d.o.o.' })
      .max(255, { error: 'An organization name has at most 255 characters.' }),
    accountIds: z.array(accountIdSchema).max(500, { error: 'At most 500 registered persons per organization.' }),
  })
  .strict();
export type SaveRegisteredPersonsInput = z.infer<typeof saveRegisteredPersonsInput>;

/**
 * One row of the usage table: the engine's OrganizationUsage plus the registered persons stored for it, as account
 * ids and as Jira shows them (name, avatar; an account Jira does not know keeps its id as its name and is listed in
 * `unknownPersons`).
 */
export type EntitlementUsageRow = import('../engine/entitlements').OrganizationUsage & {
  registeredPersons: string[];
  people: import('./ladder-resolvers').PersonDto[];
  unknownPersons: string[];
};

export interface EntitlementUsageOk {
  ok: true;
  /** Null when the scope has no policy or its policy has no `entitlements`. */
  policy: { id: string; version: number } | null;
  /** The month shown (`yyyy-MM`) and the zone its days begin in. */
  month: string;
  timeZone: string;
  organizations: EntitlementUsageRow[];
}

export interface SaveRegisteredPersonsOk {
  ok: true;
  organization: string;
  accountIds: string[];
}
