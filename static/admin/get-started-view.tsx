/**
 * The Get started page's content (no resolver calls, so it renders anywhere, tests included): four steps an admin
 * takes after installing, each marked done from the resolvers' answers. static/admin/get-started.tsx loads the
 * data and runs the actions.
 */
import { useState } from 'react';
import type { AdminOverviewOk, ListPresetsOk, PolicyScope, RecomputeProgressOk } from '../../src/contracts/resolvers';
import { Progress } from './recompute-progress';

/** The manifest key of the Get started module (manifest.yml, `jira:adminPage`). */
export const GET_STARTED_MODULE_KEY = 'sla-get-started';

/**
 * The app's custom fields as Jira names them (manifest.yml `jira:customField` names, in manifest order; a test
 * keeps the two equal), with what each shows.
 */
export const APP_FIELDS: ReadonlyArray<{ name: string; shows: string }> = [
  { name: 'First response due', shows: 'when the first response is due' },
  { name: 'Workaround due', shows: 'when a workaround is due' },
  { name: 'Resolution due', shows: 'when resolution is due' },
  { name: 'SLA priority', shows: 'the priority the policy assigned' },
  { name: 'SLA plan', shows: "the customer's support plan" },
  { name: 'SLA status', shows: 'on track, at risk, paused, met, breached or none' },
  { name: 'Escalation level', shows: 'how many escalation steps were reached' },
  { name: 'Escalation level name', shows: 'the escalation step reached' },
  { name: 'Next SLA breach', shows: 'the earliest due instant still running' },
  { name: 'SLA next check', shows: 'when the app next re-evaluates the issue by itself' },
  { name: 'SLA entitlement', shows: "the request against its organization's plan: within plan, over plan, not registered" },
];

/** Which of the four steps are done, from the overview and the recompute started on this page. */
export function stepsDone(
  overview: AdminOverviewOk,
  job: RecomputeProgressOk | null,
): { policy: boolean; projects: boolean; recompute: boolean } {
  const anyPolicy = overview.site !== null || overview.projects.some((project) => project.policy !== null);
  return {
    policy: anyPolicy,
    // Every project is governed: by its own policy, or by the site default.
    projects: overview.projects.length > 0 && overview.projects.every((project) => project.policy !== null || overview.site !== null),
    recompute: job !== null && job.finished,
  };
}

function StepStatus({ done }: { done: boolean }) {
  return <span className={`badge ${done ? 'badge-success' : 'badge-neutral'}`}>{done ? 'Done' : 'To do'}</span>;
}

export interface GetStartedViewProps {
  overview: AdminOverviewOk;
  presets: ListPresetsOk['presets'];
  job: RecomputeProgressOk | null;
  busy: boolean;
  message: { tone: 'success' | 'danger'; text: string } | null;
  onApplyPreset: (scope: PolicyScope, presetId: string) => void;
  onRecompute: () => void;
}

/** The guide itself, drawn from the resolvers' answers (no calls of its own, so it renders on a server too). */
export function GetStartedView({ overview, presets, job, busy, message, onApplyPreset, onRecompute }: GetStartedViewProps) {
  const done = stepsDone(overview, job);
  const [sitePreset, setSitePreset] = useState('');
  const [project, setProject] = useState('');
  const [projectPreset, setProjectPreset] = useState('');
  const presetOptions = presets.map((preset) => (
    <option key={preset.id} value={preset.id}>
      {preset.name}
    </option>
  ));

  return (
    <main className="admin get-started" aria-labelledby="get-started-h">
      <h1 id="get-started-h">Get started with SLA Ladder</h1>
      <p className="subtle">
        Four steps after installing. Policies are edited in full on the <strong>SLA Ladder</strong> page under Jira settings → Apps.
      </p>

      <section className="card" aria-labelledby="step-policy-h" data-step="policy" data-done={done.policy}>
        <h2 id="step-policy-h">
          1. Pick a policy <StepStatus done={done.policy} />
        </h2>
        <p>
          {overview.site
            ? `The site default is ${overview.site.name} (version ${overview.site.version}). Every project without a policy of its own follows it.`
            : 'Start from one of the five presets (each is a published support policy written as a commented SLA policy); you can edit it later.'}
        </p>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            if (sitePreset) onApplyPreset({ kind: 'site' }, sitePreset);
          }}
        >
          <label>
            <span className="field-label">Preset for the site default</span>
            <select value={sitePreset} onChange={(e) => setSitePreset(e.target.value)} data-testid="site-preset">
              <option value="">Choose a preset…</option>
              {presetOptions}
            </select>
          </label>
          <button type="submit" className="button button-primary" disabled={!sitePreset || busy}>
            {overview.site ? 'Replace the site default' : 'Use for the whole site'}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="step-projects-h" data-step="projects" data-done={done.projects}>
        <h2 id="step-projects-h">
          2. Map projects to policies <StepStatus done={done.projects} />
        </h2>
        <p>
          A project follows the site default unless it has a policy of its own. Give a project its own policy when its customers have
          another contract.
        </p>
        {overview.projects.length === 0 ? (
          <p className="subtle">No projects yet.</p>
        ) : (
          <table className="assignments">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Policy</th>
              </tr>
            </thead>
            <tbody>
              {overview.projects.map((row) => (
                <tr key={row.key} data-project={row.key}>
                  <th scope="row">
                    {row.name} ({row.key})
                  </th>
                  <td>
                    {row.policy ? (
                      `${row.policy.name} (its own, v${row.policy.version})`
                    ) : overview.site ? (
                      `${overview.site.name} (site default)`
                    ) : (
                      <span className="text-warning">none: no SLA fields are written</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {overview.projects.length > 0 ? (
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              if (project && projectPreset) onApplyPreset({ kind: 'project', projectKey: project }, projectPreset);
            }}
          >
            <label>
              <span className="field-label">Project</span>
              <select value={project} onChange={(e) => setProject(e.target.value)} data-testid="project">
                <option value="">Choose a project…</option>
                {overview.projects.map((row) => (
                  <option key={row.key} value={row.key}>
                    {row.name} ({row.key})
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="field-label">Its own policy, from a preset</span>
              <select value={projectPreset} onChange={(e) => setProjectPreset(e.target.value)} data-testid="project-preset">
                <option value="">Choose a preset…</option>
                {presetOptions}
              </select>
            </label>
            <button type="submit" className="button" disabled={!project || !projectPreset || busy}>
              Give the project this policy
            </button>
          </form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="step-fields-h" data-step="fields">
        <h2 id="step-fields-h">3. Show the SLA fields on your issues</h2>
        <p>
          The app writes these read-only fields (Forge custom fields: Jira created them when you installed the app, and only the app can
          change their values). JQL, filters, queues and automation can use them at once; to see them on an issue, add them to the
          project&apos;s screens.
        </p>
        <ul className="field-list">
          {APP_FIELDS.map((field) => (
            <li key={field.name}>
              <strong>{field.name}</strong>: <span className="subtle">{field.shows}</span>
            </li>
          ))}
        </ul>
        <ol className="how-to">
          <li>
            In Jira settings (⚙) → <strong>Issues</strong> → <strong>Custom fields</strong>, search for a field above, for example{' '}
            <strong>SLA status</strong>.
          </li>
          <li>
            Open its <strong>•••</strong> menu, choose <strong>Associate to screens</strong> (called <em>Screens</em> on newer sites) and
            tick the view and edit screens your service projects use. Repeat for each field you want on the issue.
          </li>
          <li>
            In the service project: <strong>Project settings</strong> → <strong>Request types</strong> → a request type →{' '}
            <strong>Issue view</strong>, and move the fields into the panel agents read (the SLA panel on the issue shows the same figures
            in full).
          </li>
        </ol>
        <p className="subtle">The app cannot check this step for you: it does not ask for permission to read your screen settings.</p>
      </section>

      <section className="card" aria-labelledby="step-recompute-h" data-step="recompute" data-done={done.recompute}>
        <h2 id="step-recompute-h">
          4. Fill the fields of existing issues <StepStatus done={done.recompute} />
        </h2>
        <p>
          New and updated issues get their SLA fields at once. Saving a policy recomputes the open issues it governs; recompute all open
          issues now to fill them everywhere.
        </p>
        <div className="row status-row">
          <button type="button" className="button button-primary" onClick={onRecompute} disabled={!done.policy || busy}>
            Recompute open issues
          </button>
          {!done.policy ? <span className="subtle">Pick a policy first.</span> : null}
        </div>
        {job ? <Progress job={job} /> : null}
      </section>

      {message ? (
        <p role={message.tone === 'danger' ? 'alert' : 'status'} className={`text-${message.tone}`} data-testid="get-started-message">
          {message.text}
        </p>
      ) : null}
    </main>
  );
}
