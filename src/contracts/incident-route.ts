/**
 * Where the incident report of an issue opens: the report app's global page (manifest.yml `jira:globalPage`, key
 * `sla-reports`) at the sub-path `incident/<KEY>`. The SLA panel and the breach rows navigate there with @forge/bridge
 * `router` (target `module`); the report app reads the path back with `view.createHistory()`. Imports nothing, so
 * the Custom UI bundles carry only these few lines.
 */

/** The global page module the incident routes belong to. */
export const INCIDENT_PAGE_MODULE_KEY = 'sla-reports';

/**
 * The sub-path of an issue's incident report.
 *
 * @example incidentRoute('SUP-12') //=> 'incident/SUP-12'
 */
export function incidentRoute(issueKey: string): string {
  return `incident/${issueKey}`;
}

/**
 * The issue key of an incident sub-path (a leading and a trailing `/` allowed), or null for any other path.
 *
 * @example issueKeyOfRoute('/incident/SUP-12') //=> 'SUP-12'
 * @example issueKeyOfRoute('/') //=> null
 */
export function issueKeyOfRoute(path: string): string | null {
  const match = /^\/?incident\/([A-Z][A-Z0-9_]*-\d+)\/?$/.exec(path);
  return match ? (match[1] ?? null) : null;
}
