/**
 * The reports app: one bundle for the report page (jira:globalPage, and jira:projectPage narrowed to its project)
 * and the dashboard gadget (jira:dashboardGadget, its view and its edit view); the module's extension type and
 * entry point choose which renders.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { view } from '@forge/bridge';
import { enableTheme, loadContext, type UiContext } from '../shared/api';
import { ReportPage } from './report-page';
import { gadgetConfigurationSchema } from '../../src/contracts/gadget-configuration';
import { Gadget } from './gadget';
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
  entryPoint: string | null;
  gadgetConfiguration: unknown;
}

async function loadHost(): Promise<Host> {
  const [context, raw] = await Promise.all([
    loadContext(),
    view.getContext() as Promise<{
      siteUrl?: string;
      extension?: { type?: string; entryPoint?: string; gadgetConfiguration?: unknown };
    }>,
  ]);
  return {
    context,
    type: raw.extension?.type ?? 'jira:globalPage',
    siteUrl: raw.siteUrl ?? '',
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
  return <ReportPage projectKey={host.type === 'jira:projectPage' ? host.context.projectKey : null} viewer={viewer} issueUrl={issueUrl} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
