/**
 * The reports app: one bundle for the report page (jira:globalPage, and jira:projectPage narrowed to its project)
 * and the dashboard gadget (jira:dashboardGadget, its view and its edit view); the module's extension type and
 * entry point choose which renders. The global page at the sub-path `incident/<KEY>` shows that issue's incident
 * report (src/contracts/incident-route.ts).
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { router, view } from '@forge/bridge';
import { INCIDENT_PAGE_MODULE_KEY, incidentRoute, issueKeyOfRoute } from '../../src/contracts/incident-route';
import { enableTheme, loadContext, type UiContext } from '../shared/api';
import { ReportPage } from './report-page';
import { gadgetConfigurationSchema } from '../../src/contracts/gadget-configuration';
import { Gadget } from './gadget';
import { IncidentPage } from './incident-view';
import { GadgetEdit } from './gadget-edit';
import '../shared/base.css';
import './reports.css';

/**
 * What the host says about this frame beyond loadContext: the module type, the site's address, and for a gadget
 * its entry point ('edit' in the edit view) and saved configuration (unknown until the user saves one: {}).
 */
interface Host {
  context: UiContext;
  type: string;
  siteUrl: string;
  /** The global page's sub-path (`/incident/SUP-12`), '' elsewhere. */
  path: string;
  entryPoint: string | null;
  gadgetConfiguration: unknown;
}

/** The global page's sub-path, read from the host's history (only global pages have one). */
async function pagePath(type: string): Promise<string> {
  if (type !== 'jira:globalPage') return '';
  try {
    return (await view.createHistory()).location.pathname;
  } catch {
    return '';
  }
}

/** Opens a place of the global page: an issue's incident report, or the report page itself (`null`). */
function openIncident(issueKey: string | null): void {
  void router.navigate({ target: 'module', moduleKey: INCIDENT_PAGE_MODULE_KEY, ...(issueKey ? { path: incidentRoute(issueKey) } : {}) });
}

async function loadHost(): Promise<Host> {
  const [context, raw] = await Promise.all([
    loadContext(),
    view.getContext() as Promise<{
      siteUrl?: string;
      extension?: { type?: string; entryPoint?: string; gadgetConfiguration?: unknown };
    }>,
  ]);
  const type = raw.extension?.type ?? 'jira:globalPage';
  return {
    context,
    type,
    siteUrl: raw.siteUrl ?? '',
    path: await pagePath(type),
    entryPoint: raw.extension?.entryPoint ?? null,
    gadgetConfiguration: raw.extension?.gadgetConfiguration ?? {},
  };
}

/** The gadget's saved configuration, parsed: a bad one is a message naming the setting, not a crash. */
function gadgetConfiguration(raw: unknown) {
  const parsed = gadgetConfigurationSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`).join('; ');
  return { error: `The gadget's settings are not valid (${problems}). Edit the gadget and save its settings again.` };
}

function App() {
  const [host, setHost] = useState<Host | { error: string } | null>(null);
  useEffect(() => {
    void enableTheme();
    loadHost().then(setHost, (error: unknown) => setHost({ error: error instanceof Error ? error.message : String(error) }));
  }, []);
  if (host === null) return <p className="subtle page-pad">Loading…</p>;
  if ('error' in host) return <p className="page-pad">Could not read the page context: {host.error}</p>;
  const viewer = { timeZone: host.context.timeZone, locale: host.context.locale };
  // Links open the issue on the site the app runs on (the frame's own origin is Forge's CDN).
  const issueUrl = (key: string) => `${host.siteUrl}/browse/${encodeURIComponent(key)}`;
  if (host.type === 'jira:dashboardGadget') {
    const configuration = gadgetConfiguration(host.gadgetConfiguration);
    // The edit view opens even on bad settings (empty), so the user can replace them.
    if (host.entryPoint === 'edit') return <GadgetEdit configuration={'error' in configuration ? {} : configuration} viewer={viewer} />;
    if ('error' in configuration)
      return (
        <p className="gadget" role="alert">
          {configuration.error}
        </p>
      );
    return <Gadget configuration={configuration} contextProjectKey={host.context.projectKey} viewer={viewer} />;
  }
  const incident = issueKeyOfRoute(host.path);
  if (incident !== null) return <IncidentPage issueKey={incident} viewer={viewer} issueUrl={issueUrl} onBack={() => openIncident(null)} />;
  return (
    <ReportPage
      projectKey={host.type === 'jira:projectPage' ? host.context.projectKey : null}
      viewer={viewer}
      issueUrl={issueUrl}
      onIncident={openIncident}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
