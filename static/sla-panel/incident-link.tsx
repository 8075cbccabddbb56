/**
 * The panel's way to the issue's printable incident report (issue 11): it opens the report app's global page at
 * `incident/<KEY>` in a new tab (@forge/bridge `router.open`, target `module`), because a report of a whole incident
 * does not fit the issue's side panel and is printed on its own (docs/ui.md).
 */
import { router } from '@forge/bridge';
import { INCIDENT_PAGE_MODULE_KEY, incidentRoute } from '../../src/contracts/incident-route';

export function IncidentLink({ issueKey }: { issueKey: string }) {
  return (
    <p className="incident-link">
      <button
        type="button"
        className="link"
        data-testid="incident-link"
        onClick={() => void router.open({ target: 'module', moduleKey: INCIDENT_PAGE_MODULE_KEY, path: incidentRoute(issueKey) })}
      >
        Incident report
      </button>
    </p>
  );
}
