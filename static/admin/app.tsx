/**
 * The admin page (jira:adminPage): choose where a policy applies, start from a preset or edit YAML with validation
 * as you type, save (refused while problems remain), preview due instants, and recompute existing issues.
 * Every action goes through a resolver that checks the caller is a Jira admin; this page only shows the refusal.
 */
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { AdminOverviewOk, ListPresetsOk, StoredPolicyDto } from '../../src/contracts/resolvers';
import { callResolver, enableTheme, isResolverError, loadContext, type Viewer } from '../shared/api';
import { formatInstant } from '../shared/format';
import { Assignments } from './assignments';
import { savedMessage, scopeFromKey, scopeKey } from './editor-model';
import { editorReducer, initialEditorState } from './editor-state';
import { CycleReplay } from './cycle-replay';
import { HolidayList } from './holiday-list';
import { EntitlementUsage } from './entitlement-usage';
import { LoadFailed, Loading, Refusal } from './page-states';
import { DirectoryEditor } from './directory-editor';
import { PolicyEditor } from './policy-editor';
import { Preview } from './preview';
import { Progress } from './recompute-progress';
import { SaveConflict } from './save-conflict';
import { queuedJob, useRecomputeJob } from './use-recompute-job';
import { useValidation } from './use-validation';

function storedFor(overview: AdminOverviewOk, key: string): StoredPolicyDto | null {
  const scope = scopeFromKey(key);
  if (scope.kind === 'site') return overview.site;
  return overview.projects.find((p) => p.key === scope.projectKey)?.policy ?? null;
}

export function App() {
  const [viewer, setViewer] = useState<Viewer>({ timeZone: 'UTC', locale: 'en-US' });
  const [overview, setOverview] = useState<AdminOverviewOk | null>(null);
  const [fatal, setFatal] = useState<{ forbidden: boolean; message: string } | null>(null);
  const [presets, setPresets] = useState<ListPresetsOk['presets']>([]);
  const [state, dispatch] = useReducer(editorReducer, initialEditorState);
  const { source, saveMessage, conflict, serverProblems } = state;
  const validation = useValidation(source, overview !== null);
  const [job, followJob] = useRecomputeJob();

  const refreshOverview = useCallback(async () => {
    const answer = await callResolver('getAdminOverview', {});
    if (isResolverError(answer)) {
      setFatal({ forbidden: answer.code === 'FORBIDDEN', message: answer.message });
      return null;
    }
    setOverview(answer);
    return answer;
  }, []);

  useEffect(() => {
    void enableTheme();
    loadContext()
      .then((context) => setViewer({ timeZone: context.timeZone, locale: context.locale }))
      .catch(() => undefined);
    void refreshOverview().then((answer) => {
      if (answer === null) return;
      dispatch({ type: 'loaded', source: answer.site?.source ?? '' });
      void callResolver('listPresets', {}).then((list) => {
        if (!isResolverError(list)) setPresets(list.presets);
      });
    });
  }, [refreshOverview]);

  if (fatal) return fatal.forbidden ? <Refusal message={fatal.message} /> : <LoadFailed message={fatal.message} />;
  if (overview === null) return <Loading />;

  const stored = storedFor(overview, state.scope);
  const scope = scopeFromKey(state.scope);
  const problems = serverProblems.length > 0 ? serverProblems : validation.kind === 'done' ? validation.result.problems : [];
  const valid = validation.kind === 'done' && validation.result.valid && serverProblems.length === 0;
  const unchanged = stored !== null && stored.source === source;
  const canSave = valid && !unchanged && !state.saving;

  const chooseScope = (key: string) => dispatch({ type: 'scopeChosen', scope: key, stored: storedFor(overview, key) });

  const applyPreset = (id: string) => {
    const preset = presets.find((p) => p.id === id);
    if (preset) dispatch({ type: 'presetApplied', preset });
  };

  const save = async () => {
    dispatch({ type: 'saveStarted' });
    // Compare-and-set on the version this editor shows as in force (0: none).
    const expectedVersion = stored?.version ?? 0;
    const { presetId } = state;
    const answer = await callResolver(
      'savePolicy',
      presetId ? { scope, source, presetId, expectedVersion } : { scope, source, expectedVersion },
    );
    if (isResolverError(answer)) {
      dispatch({
        type: 'saveRefused',
        message: answer.message,
        ...(answer.code === 'CONFLICT' ? { problems: [], conflict: answer } : { problems: answer.problems ?? [], conflict: null }),
      });
      return;
    }
    dispatch({ type: 'saved', message: savedMessage(answer) });
    if (answer.recompute) followJob(queuedJob(answer.recompute));
    await refreshOverview();
  };

  const recompute = async () => {
    const answer = await callResolver('startRecompute', { scope });
    if (isResolverError(answer)) {
      dispatch({ type: 'message', message: { tone: 'danger', text: answer.message } });
    } else if (answer.recompute) {
      followJob(queuedJob(answer.recompute));
    } else {
      dispatch({ type: 'message', message: { tone: 'success', text: 'No issues to recompute.' } });
    }
  };

  const summary = validation.kind === 'done' && validation.result.valid ? validation.result.summary : undefined;

  return (
    <main className="admin" aria-labelledby="admin-h">
      <h1 id="admin-h">SLA Ladder policies</h1>
      <section className="card" aria-labelledby="assign-h">
        <h2 id="assign-h">Where policies apply</h2>
        <Assignments overview={overview} selected={state.scope} onChoose={chooseScope} />
      </section>

      <section className="card" aria-labelledby="edit-h">
        <h2 id="edit-h">Edit a policy</h2>
        <div className="row">
          <label>
            <span className="field-label">Policy for</span>
            <select value={state.scope} onChange={(e) => chooseScope(e.target.value)} data-testid="scope">
              <option value="site">Site default</option>
              {overview.projects.map((project) => (
                <option key={project.key} value={scopeKey({ kind: 'project', projectKey: project.key })}>
                  {project.name} ({project.key})
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">Start from a preset</span>
            <select value="" onChange={(e) => applyPreset(e.target.value)} disabled={presets.length === 0} data-testid="preset">
              <option value="">Choose a preset…</option>
              {presets.map((preset) => (
                <option key={preset.id} value={preset.id}>
                  {preset.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="subtle scope-note">
          {stored
            ? `In force: ${stored.name} v${stored.version}, saved ${formatInstant(stored.savedAt, viewer.timeZone, viewer.locale)}.`
            : scope.kind === 'project'
              ? 'This project uses the site default. Saving here gives it its own policy.'
              : 'No site default yet. Pick a preset to start.'}
        </p>
        <PolicyEditor value={source} onChange={(value) => dispatch({ type: 'edited', source: value })} problems={problems} />
        <div className="row status-row">
          <p className="validation" data-testid="validation" aria-live="polite">
            {validation.kind === 'checking'
              ? 'Checking…'
              : validation.kind === 'failed'
                ? `Could not check: ${validation.message}`
                : validation.kind === 'done'
                  ? validation.result.valid && state.serverProblems.length === 0
                    ? `Valid: ${validation.result.summary?.name ?? 'policy'}`
                    : `${problems.length} problem${problems.length === 1 ? '' : 's'}; fix ${problems.length === 1 ? 'it' : 'them'} to save`
                  : ''}
          </p>
          <button type="button" className="button button-primary" disabled={!canSave} onClick={() => void save()}>
            {state.saving ? 'Saving…' : 'Save policy'}
          </button>
          <button type="button" className="button" disabled={stored === null} onClick={() => void recompute()}>
            Recompute issues
          </button>
        </div>
        {saveMessage ? (
          <p role={saveMessage.tone === 'danger' ? 'alert' : 'status'} className={`text-${saveMessage.tone}`} data-testid="save-message">
            {saveMessage.text}
          </p>
        ) : null}
        {conflict ? (
          <SaveConflict
            conflict={conflict}
            mine={source}
            viewer={viewer}
            onLoadTheirs={() => {
              dispatch({ type: 'conflictClosed', source: conflict.current?.source ?? source });
              void refreshOverview();
            }}
            onKeepMine={() => {
              dispatch({ type: 'conflictClosed' });
              void refreshOverview();
            }}
          />
        ) : null}
        {job ? <Progress job={job} /> : null}
      </section>

      <DirectoryEditor source={source} onChange={(value) => dispatch({ type: 'edited', source: value })} />

      <Preview source={source} summary={summary} viewer={viewer} now={overview?.now} />
      <CycleReplay source={source} summary={summary} viewer={viewer} now={overview?.now} />

      <HolidayList scope={scope} version={stored?.version ?? null} locale={viewer.locale} />

      <EntitlementUsage scope={scope} version={stored?.version ?? null} />
    </main>
  );
}
