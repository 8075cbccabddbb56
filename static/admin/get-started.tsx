/**
 * The Get started page (manifest module `sla-get-started`, a jira:adminPage with `useAsGetStarted: true`, the
 * admin bundle rendering this instead of the policy editor): four steps an admin takes after installing — a site
 * policy from a preset, projects mapped to policies, the app's fields on the issue screens, the first recompute.
 * Every action goes through the admin page's own resolvers (getAdminOverview, listPresets, savePolicy,
 * startRecompute, getRecomputeProgress), which check the ADMINISTER permission themselves.
 */
import { view } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { AdminOverviewOk, ListPresetsOk, PolicyScope, RecomputeProgressOk } from '../../src/contracts/resolvers';
import { callResolver, enableTheme, isResolverError } from '../shared/api';
import { GetStartedView, type GetStartedViewProps } from './get-started-view';

export { GET_STARTED_MODULE_KEY } from './get-started-view';

const PROGRESS_POLL_MS = 500;

/** The module the bundle was opened as (the admin page or the Get started page); null outside Forge. */
export async function currentModuleKey(): Promise<string | null> {
  try {
    const context = (await view.getContext()) as { moduleKey?: string };
    return context.moduleKey ?? null;
  } catch {
    return null;
  }
}

/** The progress of a job the server has just queued. */
function queued(recompute: { jobId: string; total: number }): RecomputeProgressOk {
  return { ok: true, jobId: recompute.jobId, total: recompute.total, done: 0, failed: 0, finished: recompute.total === 0 };
}

/** The Get started page: loads the overview and presets, applies presets and starts recomputes through the resolvers. */
export function GetStarted() {
  const [overview, setOverview] = useState<AdminOverviewOk | null>(null);
  const [presets, setPresets] = useState<ListPresetsOk['presets']>([]);
  const [fatal, setFatal] = useState<{ forbidden: boolean; message: string } | null>(null);
  const [job, setJob] = useState<RecomputeProgressOk | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<GetStartedViewProps['message']>(null);

  const refresh = useCallback(async () => {
    const answer = await callResolver('getAdminOverview', {});
    if (isResolverError(answer)) setFatal({ forbidden: answer.code === 'FORBIDDEN', message: answer.message });
    else setOverview(answer);
  }, []);

  useEffect(() => {
    void enableTheme();
    void refresh();
    void callResolver('listPresets', {}).then((answer) => {
      if (!isResolverError(answer)) setPresets(answer.presets);
    });
  }, [refresh]);

  useEffect(() => {
    if (job === null || job.finished) return;
    const timer = setTimeout(() => {
      void callResolver('getRecomputeProgress', { jobId: job.jobId }).then((answer) => {
        if (!isResolverError(answer)) setJob(answer);
      });
    }, PROGRESS_POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  if (fatal !== null) {
    return (
      <main className="admin">
        <div role="alert" className="refusal" data-testid="refusal">
          <h2>{fatal.forbidden ? 'Only Jira admins can set up SLA Ladder' : 'The settings could not be loaded'}</h2>
          <p className="subtle">{fatal.message}</p>
        </div>
      </main>
    );
  }
  if (overview === null) {
    return (
      <main className="admin" aria-busy="true">
        <h1>Get started with SLA Ladder</h1>
        <p role="status">Loading…</p>
      </main>
    );
  }

  const applyPreset = async (scope: PolicyScope, presetId: string) => {
    const preset = presets.find((candidate) => candidate.id === presetId);
    if (!preset) return;
    setBusy(true);
    setMessage(null);
    const answer = await callResolver('savePolicy', { scope, source: preset.source, presetId });
    setBusy(false);
    if (isResolverError(answer)) {
      setMessage({ tone: 'danger', text: `Not saved: ${answer.message}` });
      return;
    }
    const where = scope.kind === 'site' ? 'the site default' : `project ${scope.projectKey}`;
    setMessage({ tone: 'success', text: `${answer.policy.name} is now ${where} (version ${answer.policy.version}).` });
    if (answer.recompute) setJob(queued(answer.recompute));
    await refresh();
  };

  const recompute = async () => {
    setBusy(true);
    setMessage(null);
    const answer = await callResolver('startRecompute', { scope: { kind: 'site' } });
    setBusy(false);
    if (isResolverError(answer)) setMessage({ tone: 'danger', text: answer.message });
    else if (answer.recompute) setJob(queued(answer.recompute));
    else setMessage({ tone: 'success', text: 'No open issues to recompute.' });
  };

  return (
    <GetStartedView
      overview={overview}
      presets={presets}
      job={job}
      busy={busy}
      message={message}
      onApplyPreset={(scope, presetId) => void applyPreset(scope, presetId)}
      onRecompute={() => void recompute()}
    />
  );
}
