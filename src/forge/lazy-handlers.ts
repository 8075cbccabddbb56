/**
 * Forge adapters that only the admin page, the escalation directory, the report pages, the weekly personal-data
 * job and the daily outcome retention job run, loaded by dynamic `import()` so that @forge/bundler (webpack, target node) emits each as a chunk file of
 * its own: the bundle every cold invocation loads (issue events, the sweep, the queue consumer, the panel's
 * getSlaState) stays within its 1 MB, and Node `require`s a chunk only when its path first runs (docs/forge.md,
 * "Cold start"). The engine's lazy parts load through ./lazy-engine.ts.
 */

/** The admin page's resolvers (policies, presets, previews, recomputation, holidays, entitlements, cycle replay). */
export function loadAdminResolvers(): Promise<typeof import('./admin-resolvers')> {
  return import('./admin-resolvers');
}

/** The escalation directory's resolvers: the panel's rung and acknowledgement, the user picker, the audit CSV. */
export function loadLadderResolvers(): Promise<typeof import('./ladder-resolvers')> {
  return import('./ladder-resolvers');
}

/** The outcome report, trend and filter resolvers with their SQL queries and report periods. */
export function loadReportResolvers(): Promise<typeof import('./report-resolvers')> {
  return import('./report-resolvers');
}

/** The incident report of one issue (`getIncidentReport`; its engine module loads through ./lazy-engine.ts). */
export function loadIncidentResolver(): Promise<typeof import('./incident-resolver')> {
  return import('./incident-resolver');
}

/** The weekly personal-data reporting cycle (scheduled trigger `personal-data`). */
export function loadPersonalData(): Promise<typeof import('./personal-data')> {
  return import('./personal-data');
}

/** The daily outcome retention job (scheduled trigger `sla-outcome-retention`). */
export function loadOutcomeRetention(): Promise<typeof import('./outcome-retention')> {
  return import('./outcome-retention');
}
