/**
 * SLA panel (jira:issueContext): loads the issue's SLA state once, counts down locally, and asks again only at
 * the state's `nextChangeAt`, when the frame regains focus, or when the user retries.
 */
import { StrictMode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { GetSlaStateOk } from '../../src/contracts/resolvers';
import type { SlaState } from '../../src/engine/evaluate';
import { callResolver, enableTheme, isResolverError, loadContext, type Viewer } from '../shared/api';
import { IncidentLink } from './incident-link';
import { PanelMessage, PanelView } from './panel-view';
import { refetchDelay } from './live';
import { RungSection } from './rung-section';
import '../shared/base.css';
import './panel.css';

/** How often the displayed countdown is redrawn (the numbers have minute resolution). */
const REDRAW_MS = 15_000;

type Model =
  | { kind: 'loading' }
  | { kind: 'ready'; answer: GetSlaStateOk & { state: SlaState }; receivedAt: number }
  | { kind: 'no-policy' }
  | { kind: 'forbidden'; message: string }
  | { kind: 'error'; message: string };

const PERF_RESPONSE = 'sla-panel:response';
const PERF_RENDERED = 'sla-panel:rendered';

function App() {
  const [model, setModel] = useState<Model>({ kind: 'loading' });
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [issueKey, setIssueKey] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const inFlight = useRef(false);

  const load = useCallback(async (key: string) => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const answer = await callResolver('getSlaState', { issueKey: key });
      performance.mark(PERF_RESPONSE);
      const receivedAt = performance.now();
      if (isResolverError(answer)) {
        if (answer.code === 'FORBIDDEN' || answer.code === 'NOT_FOUND') setModel({ kind: 'forbidden', message: answer.message });
        else setModel({ kind: 'error', message: answer.message });
      } else if (answer.policy === null || answer.state === null) {
        setModel({ kind: 'no-policy' });
      } else {
        setModel({ kind: 'ready', answer: answer as GetSlaStateOk & { state: SlaState }, receivedAt });
      }
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void enableTheme();
    loadContext()
      .then((context) => {
        setViewer({ timeZone: context.timeZone, locale: context.locale });
        if (context.issueKey === null) {
          setModel({ kind: 'error', message: 'This panel only works on an issue.' });
          return;
        }
        setIssueKey(context.issueKey);
        return load(context.issueKey);
      })
      .catch((error: unknown) => setModel({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
  }, [load]);

  // Ask again at the next instant the state changes by itself.
  useEffect(() => {
    if (model.kind !== 'ready' || issueKey === null) return;
    const delay = refetchDelay(model.answer.state.nextChangeAt, Date.parse(model.answer.now));
    if (delay === null) return;
    const timer = setTimeout(() => void load(issueKey), delay);
    return () => clearTimeout(timer);
  }, [model, issueKey, load]);

  // Redraw the countdown; ask again when the agent comes back to the tab.
  useEffect(() => {
    if (issueKey === null) return;
    const redraw = setInterval(() => setTick((t) => t + 1), REDRAW_MS);
    const onFocus = () => void load(issueKey);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load(issueKey);
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(redraw);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [issueKey, load]);

  // Mark the first complete render after each answer (read by `npm run bench`).
  useLayoutEffect(() => {
    if (model.kind === 'loading') return;
    requestAnimationFrame(() => {
      performance.mark(PERF_RENDERED);
      try {
        performance.measure('sla-panel:response-to-render', PERF_RESPONSE, PERF_RENDERED);
      } catch {
        // No response mark (an error before the call): nothing to measure.
      }
      document.documentElement.dataset.rendered = String(Date.now());
    });
  }, [model]);

  if (model.kind === 'ready' && viewer !== null) {
    void tick;
    return (
      <PanelView
        answer={model.answer}
        elapsedMs={performance.now() - model.receivedAt}
        viewer={viewer}
        rung={issueKey === null ? null : <RungSection issueKey={issueKey} viewer={viewer} refreshKey={model.answer.now} />}
        incidentLink={issueKey === null ? null : <IncidentLink issueKey={issueKey} />}
      />
    );
  }
  if (model.kind === 'ready' || model.kind === 'loading') return <PanelMessage kind="loading" />;
  const retry = issueKey === null ? undefined : () => void load(issueKey);
  if (model.kind === 'no-policy') return <PanelMessage kind="no-policy" />;
  return <PanelMessage kind={model.kind} message={model.message} onRetry={model.kind === 'error' ? retry : undefined} />;
}

const rootElement = document.getElementById('root');
if (rootElement) {
  createRoot(rootElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
