/**
 * The incident report of one issue (issue 11): resolver name and payload shared by src/forge/incident-resolver.ts
 * and the report app (static/reports/incident-view.tsx). Merged into RESOLVER and ResolverContract (./resolvers.ts).
 * How every figure is computed: docs/reports.md, "Incident report".
 */
import * as z from 'zod';
import type { IncidentReport } from '../engine/incident-report';
import type { PersonDto } from './ladder-resolvers';

export { INCIDENT_PAGE_MODULE_KEY, incidentRoute, issueKeyOfRoute } from './incident-route';

export const INCIDENT_RESOLVER = { getIncidentReport: 'getIncidentReport' } as const;

export const getIncidentReportInput = z
  .object({ issueKey: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'give an issue key such as SUP-12') })
  .strict();
export type GetIncidentReportInput = z.infer<typeof getIncidentReportInput>;

export interface GetIncidentReportOk {
  ok: true;
  now: string;
  /** The policy in force for the issue's project; null (and no report) when none applies. */
  policy: { id: string; name: string; version: number } | null;
  report: IncidentReport | null;
  /** Names and avatars of everyone the report names (actors and people notified), as Jira shows them to the viewer. */
  people: PersonDto[];
  /** The issue key as Jira answered it (the key asked for, or the issue's new key after a move). */
  issueKey: string;
}
