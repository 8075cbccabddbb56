/**
 * The incident report's route (src/contracts/incident-route.ts): the panel and the breach rows write it, the report
 * app reads it back from the global page's path; the module it names is the manifest's report global page.
 */
import { INCIDENT_PAGE_MODULE_KEY, incidentRoute, issueKeyOfRoute } from '../../../src/contracts/incident-route';
import { readUiModules } from '../../../sandbox/manifest-modules';

describe('incident route', () => {
  test.each([
    ['SUP-12', 'incident/SUP-12'],
    ['BAT_2-1', 'incident/BAT_2-1'],
  ])('%s is written as %s and read back from it, with or without slashes', (key, route) => {
    expect(incidentRoute(key)).toBe(route);
    expect(issueKeyOfRoute(route)).toBe(key);
    expect(issueKeyOfRoute(`/${route}`)).toBe(key);
    expect(issueKeyOfRoute(`/${route}/`)).toBe(key);
  });

  test.each(['', '/', '/incident/', '/incident/sup-12', '/incident/SUP-12/x', '/other/SUP-12', 'incident/SUP-'])(
    'no issue key in %j: the report page shows',
    (path) => {
      expect(issueKeyOfRoute(path)).toBeNull();
    },
  );

  test("names the manifest's report global page", () => {
    expect(INCIDENT_PAGE_MODULE_KEY).toBe(readUiModules().reports.moduleKey);
  });
});
