/**
 * The gadget's scope (pure, unit-tested in Node): what its configuration makes it report on, the words that name
 * it, and the configuration an edit-view choice saves.
 */
import type { GadgetConfiguration } from '../../src/contracts/reports';
import { organizationOfValue } from './organization-choice';
import { organizationLabel } from './report-csv';

/**
 * What the gadget reports on: the configuration's project, else the context's (neither: every browsable project);
 * the configuration's organization (absent: all).
 * @example gadgetScope({ organization: 'Acme' }, 'SUP') //=> { projectKey: 'SUP', organization: 'Acme' }
 */
export function gadgetScope(
  configuration: GadgetConfiguration,
  contextProjectKey: string | null,
): { projectKey?: string; organization?: string | null } {
  const projectKey = configuration.projectKey ?? contextProjectKey ?? undefined;
  return {
    ...(projectKey !== undefined ? { projectKey } : {}),
    ...(configuration.organization !== undefined ? { organization: configuration.organization } : {}),
  };
}

/**
 * The gadget's subtitle after the month: the project (or all projects) and the organization when one is chosen.
 * @example scopeWords({ projectKey: 'SUP', organization: null }) //=> 'SUP · (no organization)'
 */
export function scopeWords(scope: ReturnType<typeof gadgetScope>): string {
  const project = scope.projectKey ?? 'all projects';
  return scope.organization === undefined ? project : `${project} · ${organizationLabel(scope.organization)}`;
}

/**
 * The configuration a choice saves ('' = all); a refresh interval Jira keeps is carried over.
 * @example configurationOf('SUP', '', {}) //=> { projectKey: 'SUP' }
 */
export function configurationOf(project: string, organization: string, previous: GadgetConfiguration): GadgetConfiguration {
  const chosen = organizationOfValue(organization);
  return {
    ...(project ? { projectKey: project } : {}),
    ...(chosen !== undefined ? { organization: chosen } : {}),
    ...(previous.refresh !== undefined ? { refresh: previous.refresh } : {}),
  };
}
