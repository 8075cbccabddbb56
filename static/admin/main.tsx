/** The admin bundle's entry: renders the admin page (app.tsx), or the Get started guide for that module. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { currentModuleKey, GET_STARTED_MODULE_KEY, GetStarted } from './get-started';
import '../shared/base.css';
import './admin.css';

const rootElement = document.getElementById('root');
if (rootElement) {
  // One bundle, two modules: the Get started page (manifest `useAsGetStarted`) renders the guide instead.
  void currentModuleKey().then((moduleKey) =>
    createRoot(rootElement).render(<StrictMode>{moduleKey === GET_STARTED_MODULE_KEY ? <GetStarted /> : <App />}</StrictMode>),
  );
}
