/**
 * Admin page (jira:adminPage): choose where a policy applies, start from a preset or edit YAML with validation
 * as you type, save (refused while problems remain), preview due instants, and recompute existing issues.
 * Every action goes through a resolver that checks the caller is a Jira admin; this page only shows the refusal.
 */
import { StrictMode, useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type {
  AdminOverviewOk,
  ListPresetsOk,
  PolicyProblemDto,
  PreviewDueOk,
  RecomputeProgressOk,
  SavePolicyConflict,
  StoredPolicyDto,
  ValidatePolicyOk,
} from '../../src/contracts/resolvers';
import { callResolver, enableTheme, isResolverError, loadContext, type Viewer } from '../shared/api';
import { contactWords, formatInstant } from '../shared/format';
import { isoToLocalInput, localInputToIso, savedMessage, scopeFromKey, scopeKey, type SaveMessage } from './editor-model';
import { DirectoryEditor } from './directory-editor';
import { HolidayList } from './holiday-list';
import { currentModuleKey, GET_STARTED_MODULE_KEY, GetStarted } from './get-started';
import { PolicyEditor } from './policy-editor';
import { progressPollDelayMs } from './progress-poll';
import { Progress } from './recompute-progress';
import { SaveConflict } from './save-conflict';
import '../shared/base.css';
import './admin.css';

/** Pause after the last keystroke before asking the validatePolicy resolver. */
const VALIDATE_DEBOUNCE_MS = 300;

type Validation =
  { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; result: ValidatePolicyOk } | { kind: 'failed'; message: string };

function storedFor(overview: AdminOverviewOk, key: string): StoredPolicyDto | null {
  const scope = scopeFromKey(key);
  if (scope.kind === 'site') return overview.site;
  return overview.projects.find((p) => p.key === scope.projectKey)?.policy ?? null;
}

/** The progress of a recompute job the server has just queued. */
function queuedJob(recompute: { jobId: string; total: number }): RecomputeProgressOk {
  return { ok: true, jobId: recompute.jobId, total: recompute.total, done: 0, failed: 0, finished: recompute.total === 0 };
}

/** `wanted` when it is one of `options`, else the first option. */
function pick(wanted: string, options: readonly string[]): string {
  return options.includes(wanted) ? wanted : (options[0] ?? '');
}

/** A labelled select of plain ids, disabled while there is nothing to choose. */
function IdSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (id: string) => void;
}) {
  return (
    <label>
      <span className="field-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={options.length === 0}>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );
}

function Refusal({ message }: { message: string }) {
  return (
    <main className="admin" aria-labelledby="admin-h">
      <h1 id="admin-h">SLA Ladder</h1>
      <div className="refusal" role="alert" data-testid="refusal">
        <h2>Only Jira admins can manage SLA policies</h2>
        <p className="subtle">{message}</p>
      </div>
    </main>
  );
}

function Preview({
  source,
  summary,
  viewer,
  now,
}: {
  source: string;
  summary: ValidatePolicyOk['summary'];
  viewer: Viewer;
  /** The backend's current instant (getAdminOverview): the start the preview offers, not the browser's clock. */
  now: string | undefined;
}) {
  const [plan, setPlan] = useState('');
  const [priority, setPriority] = useState('');
  const [start, setStart] = useState(() => isoToLocalInput(now === undefined ? Date.now() : Date.parse(now)));
  const startEdited = useRef(false);
  useEffect(() => {
    if (now !== undefined && !startEdited.current) setStart(isoToLocalInput(Date.parse(now)));
  }, [now]);
  const [result, setResult] = useState<PreviewDueOk | null>(null);
  const [error, setError] = useState<string | null>(null);
  const plans = summary?.plans ?? [];
  const priorities = summary?.priorities ?? [];
  const chosenPlan = pick(plan, plans);
  const chosenPriority = pick(priority, priorities);

  // A result belongs to the text it was computed from: once the policy is edited it is out of date.
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [source]);

  const run = async () => {
    const startIso = localInputToIso(start);
    if (startIso === null) {
      setError('Enter a start date and time.');
      return;
    }
    setError(null);
    const answer = await callResolver('previewDue', { source, plan: chosenPlan, priority: chosenPriority, start: startIso });
    if (isResolverError(answer)) {
      setResult(null);
      setError(answer.message);
    } else {
      setResult(answer);
    }
  };

  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">What-if preview</h2>
      <p className="subtle">Due instants for a request created at a given time, from the policy in the editor.</p>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <IdSelect label="Plan" value={chosenPlan} options={plans} onChange={setPlan} />
        <IdSelect label="Priority" value={chosenPriority} options={priorities} onChange={setPriority} />
        <label>
          <span className="field-label">Start ({viewer.timeZone})</span>
          <input
            type="datetime-local"
            value={start}
            onChange={(e) => {
              startEdited.current = true;
              setStart(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button" disabled={!summary}>
          Preview
        </button>
      </form>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="preview-result" data-testid="preview-result">
          <table>
            <caption className="sr-only">Due instants per metric</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Target</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(result.targets).map(([metric, target]) => (
                <tr key={metric}>
                  <th scope="row">{target.label}</th>
                  <td>
                    {target.duration} <span className="subtle">({target.calendar})</span>
                  </td>
                  <td>{target.due ? formatInstant(target.due, viewer.timeZone, viewer.locale) : 'no target'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.escalation.length > 0 ? (
            <ol className="preview-ladder" aria-label="Escalation times">
              {result.escalation.map((step) => (
                <li key={step.id}>
                  {step.label}
                  {contactWords(step.contact).toLowerCase() === step.label.toLowerCase() ? '' : ` → ${contactWords(step.contact)}`}:{' '}
                  {step.at ? formatInstant(step.at, viewer.timeZone, viewer.locale) : 'not scheduled'}
                </li>
              ))}
            </ol>
          ) : (
            <p className="subtle">No escalation ladder for this priority.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function App() {
  const [viewer, setViewer] = useState<Viewer>({ timeZone: 'UTC', locale: 'en-US' });
  const [overview, setOverview] = useState<AdminOverviewOk | null>(null);
  const [fatal, setFatal] = useState<{ forbidden: boolean; message: string } | null>(null);
  const [presets, setPresets] = useState<ListPresetsOk['presets']>([]);
  const [selectedScope, setSelectedScope] = useState('site');
  const [source, setSource] = useState('');
  const [presetId, setPresetId] = useState<string | undefined>(undefined);
  const [validation, setValidation] = useState<Validation>({ kind: 'idle' });
  const [saveMessage, setSaveMessage] = useState<SaveMessage | null>(null);
  const [serverProblems, setServerProblems] = useState<PolicyProblemDto[]>([]);
  const [saving, setSaving] = useState(false);
  const [job, setJob] = useState<RecomputeProgressOk | null>(null);
  const [conflict, setConflict] = useState<SavePolicyConflict | null>(null);
  const validationRound = useRef(0);

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
      setSource(answer.site?.source ?? '');
      void callResolver('listPresets', {}).then((list) => {
        if (!isResolverError(list)) setPresets(list.presets);
      });
    });
  }, [refreshOverview]);

  // Validate as the admin types, after a short pause; late answers to older text are ignored.
  const overviewLoaded = overview !== null;
  useEffect(() => {
    if (!overviewLoaded) return;
    setServerProblems([]);
    if (source.trim() === '') {
      setValidation({ kind: 'idle' });
      return;
    }
    setValidation({ kind: 'checking' });
    const round = ++validationRound.current;
    const timer = setTimeout(() => {
      void callResolver('validatePolicy', { source }).then((answer) => {
        if (round !== validationRound.current) return;
        if (isResolverError(answer)) setValidation({ kind: 'failed', message: answer.message });
        else setValidation({ kind: 'done', result: answer });
      });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [source, overviewLoaded]);

  // Follow a recompute job until it finishes, asking less and less often (Forge storage read quota: see
  // progress-poll.ts); a failed ask is asked again later rather than giving up on the job.
  const progressPolls = useRef({ jobId: '', polled: 0 });
  const [progressRetry, setProgressRetry] = useState(0);
  useEffect(() => {
    if (job === null || job.finished) return;
    if (progressPolls.current.jobId !== job.jobId) progressPolls.current = { jobId: job.jobId, polled: 0 };
    const timer = setTimeout(() => {
      progressPolls.current.polled += 1;
      void callResolver('getRecomputeProgress', { jobId: job.jobId }).then((answer) => {
        if (!isResolverError(answer)) setJob(answer);
        else setProgressRetry((n) => n + 1);
      });
    }, progressPollDelayMs(progressPolls.current.polled));
    return () => clearTimeout(timer);
  }, [job, progressRetry]);

  if (fatal) {
    return fatal.forbidden ? (
      <Refusal message={fatal.message} />
    ) : (
      <main className="admin">
        <div role="alert" className="refusal">
          <h2>The settings could not be loaded</h2>
          <p className="subtle">{fatal.message}</p>
        </div>
      </main>
    );
  }
  if (overview === null) {
    return (
      <main className="admin" aria-busy="true">
        <h1>SLA Ladder</h1>
        <p role="status">Loading settings…</p>
      </main>
    );
  }

  const stored = storedFor(overview, selectedScope);
  const scope = scopeFromKey(selectedScope);
  const problems = serverProblems.length > 0 ? serverProblems : validation.kind === 'done' ? validation.result.problems : [];
  const valid = validation.kind === 'done' && validation.result.valid && serverProblems.length === 0;
  const unchanged = stored !== null && stored.source === source;
  const canSave = valid && !unchanged && !saving;

  const chooseScope = (key: string) => {
    setSelectedScope(key);
    const next = storedFor(overview, key);
    setSource(next?.source ?? '');
    setPresetId(next?.presetId);
    setSaveMessage(null);
  };

  const applyPreset = (id: string) => {
    const preset = presets.find((p) => p.id === id);
    if (!preset) return;
    setSource(preset.source);
    setPresetId(preset.id);
    setSaveMessage(null);
  };

  const save = async () => {
    setSaving(true);
    setSaveMessage(null);
    // Compare-and-set on the version this editor shows as in force (0: none).
    const expectedVersion = stored?.version ?? 0;
    const answer = await callResolver(
      'savePolicy',
      presetId ? { scope, source, presetId, expectedVersion } : { scope, source, expectedVersion },
    );
    setSaving(false);
    setConflict(isResolverError(answer) && answer.code === 'CONFLICT' ? (answer as SavePolicyConflict) : null);
    if (isResolverError(answer)) {
      setServerProblems(answer.problems ?? []);
      setSaveMessage({ tone: 'danger', text: `Not saved: ${answer.message} The policy in force is unchanged.` });
      return;
    }
    setSaveMessage(savedMessage(answer));
    if (answer.recompute) setJob(queuedJob(answer.recompute));
    await refreshOverview();
  };

  const recompute = async () => {
    const answer = await callResolver('startRecompute', { scope });
    if (isResolverError(answer)) {
      setSaveMessage({ tone: 'danger', text: answer.message });
    } else if (answer.recompute) {
      setJob(queuedJob(answer.recompute));
    } else {
      setSaveMessage({ tone: 'success', text: 'No issues to recompute.' });
    }
  };

  const summary = validation.kind === 'done' && validation.result.valid ? validation.result.summary : undefined;

  return (
    <main className="admin" aria-labelledby="admin-h">
      <h1 id="admin-h">SLA Ladder policies</h1>
      <section className="card" aria-labelledby="assign-h">
        <h2 id="assign-h">Where policies apply</h2>
        <table className="assignments">
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">Policy</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            <tr data-scope="site" className={selectedScope === 'site' ? 'selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  aria-current={selectedScope === 'site' ? 'true' : undefined}
                  onClick={() => chooseScope('site')}
                >
                  Site default
                </button>
              </th>
              <td>{overview.site ? overview.site.name : <span className="subtle">none</span>}</td>
              <td>{overview.site ? `v${overview.site.version}` : ''}</td>
            </tr>
            {overview.projects.map((project) => {
              const key = scopeKey({ kind: 'project', projectKey: project.key });
              return (
                <tr key={project.key} data-scope={key} className={selectedScope === key ? 'selected' : undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      aria-current={selectedScope === key ? 'true' : undefined}
                      onClick={() => chooseScope(key)}
                    >
                      {project.name} ({project.key})
                    </button>
                  </th>
                  <td>{project.policy ? project.policy.name : <span className="subtle">site default</span>}</td>
                  <td>{project.policy ? `v${project.policy.version}` : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="edit-h">
        <h2 id="edit-h">Edit a policy</h2>
        <div className="row">
          <label>
            <span className="field-label">Policy for</span>
            <select value={selectedScope} onChange={(e) => chooseScope(e.target.value)} data-testid="scope">
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
        <PolicyEditor
          value={source}
          onChange={(value) => {
            setSource(value);
            setSaveMessage(null);
          }}
          problems={problems}
        />
        <div className="row status-row">
          <p className="validation" data-testid="validation" aria-live="polite">
            {validation.kind === 'checking'
              ? 'Checking…'
              : validation.kind === 'failed'
                ? `Could not check: ${validation.message}`
                : validation.kind === 'done'
                  ? validation.result.valid && serverProblems.length === 0
                    ? `Valid: ${validation.result.summary?.name ?? 'policy'}`
                    : `${problems.length} problem${problems.length === 1 ? '' : 's'}; fix ${problems.length === 1 ? 'it' : 'them'} to save`
                  : ''}
          </p>
          <button type="button" className="button button-primary" disabled={!canSave} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save policy'}
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
              setConflict(null);
              setSource(conflict.current?.source ?? source);
              setSaveMessage(null);
              void refreshOverview();
            }}
            onKeepMine={() => {
              setConflict(null);
              setSaveMessage(null);
              void refreshOverview();
            }}
          />
        ) : null}
        {job ? <Progress job={job} /> : null}
      </section>

      <DirectoryEditor
        source={source}
        onChange={(value) => {
          setSource(value);
          setSaveMessage(null);
        }}
      />

      <Preview source={source} summary={summary} viewer={viewer} now={overview?.now} />

      <HolidayList scope={scope} version={stored?.version ?? null} locale={viewer.locale} />
    </main>
  );
}

const rootElement = document.getElementById('root');
if (rootElement) {
  // One bundle, two modules: the Get started page (manifest `useAsGetStarted`) renders the guide instead.
  void currentModuleKey().then((moduleKey) =>
    createRoot(rootElement).render(<StrictMode>{moduleKey === GET_STARTED_MODULE_KEY ? <GetStarted /> : <App />}</StrictMode>),
  );
}
