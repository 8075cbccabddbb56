/**
 * The reports app: one bundle for the report page (jira:globalPage, and jira:projectPage narrowed to its project)
 * and the dashboard gadget (jira:dashboardGadget); the module's extension type chooses which renders.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { view } from '@forge/bridge';
import { enableTheme, loadContext, type UiContext } from '../shared/api';
import { ReportPage } from './report-page';
import { Gadget } from './gadget';
import '../shared/base.css';
import './reports.css';

/** What the host says about this frame beyond loadContext: the module type and the site's address. */
interface Host {
  context: UiContext;
  type: string;
  siteUrl: string;
}

async function loadHost(): Promise<Host> {
  const [context, raw] = await Promise.all([
    loadContext(),
    view.getContext() as Promise<{ siteUrl?: string; extension?: { type?: string } }>,
  ]);
  return { context, type: raw.extension?.type ?? 'jira:globalPage', siteUrl: raw.siteUrl ?? '' };
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
  if (host.type === 'jira:dashboardGadget') return <Gadget projectKey={host.context.projectKey} viewer={viewer} />;
  return <ReportPage projectKey={host.type === 'jira:projectPage' ? host.context.projectKey : null} viewer={viewer} issueUrl={issueUrl} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
