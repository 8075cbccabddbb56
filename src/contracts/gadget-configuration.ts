/**
 * The dashboard gadget's configuration (saved by its edit view with view.submit, handed back by Jira as
 * `extension.gadgetConfiguration`). Written with zod/mini, whose checks tree-shake, because the gadget parses it in
 * the browser: the full zod builder would add about 25 KB gzipped to the reports bundle for these three fields.
 */
import * as z from 'zod/mini';

/** A Jira project key as the report contracts take it (reports.ts uses the same pattern). */
export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * What the gadget reports on: one project (absent = the gadget's context project, else every browsable one) and
 * one organization (absent = all; null = issues without one). Unknown keys are dropped, not refused: a setting a
 * later version adds must not break a gadget an older version shows.
 *
 * @example gadgetConfigurationSchema.parse({ projectKey: 'SUP', refresh: 15, later: 1 }) //=> { projectKey: 'SUP', refresh: 15 }
 */
export const gadgetConfigurationSchema = z.object({
  projectKey: z.optional(z.string().check(z.regex(PROJECT_KEY_PATTERN, 'give a project key such as SUP'))),
  /** a JSM organization name, 0..255 characters (inclusive) */
  organization: z.optional(z.nullable(z.string().check(z.maxLength(255, 'give an organization name of at most 255 characters')))),
  /** Jira's own auto-refresh interval in minutes (a positive whole number), kept as saved */
  refresh: z.optional(z.int().check(z.positive('give the refresh interval as a positive whole number of minutes'))),
});
export type GadgetConfiguration = z.infer<typeof gadgetConfigurationSchema>;
