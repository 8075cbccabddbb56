/**
 * The admin page's cycle replay: a small editable request history (created, customer comments, agent replies,
 * status changes, resolve, reopen at chosen instants) replayed through the policy in the editor by the
 * previewCycles resolver, showing every cycle of every metric: when it started and stopped, what it used, met or
 * breached.
 */
import { useEffect, useRef, useState } from 'react';
import type { PreviewCyclesOk } from '../../src/contracts/cycle-preview';
import type { ValidatePolicyOk } from '../../src/contracts/resolvers';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { defaultSampleRows, nextRow, replayInput, SAMPLE_KIND_WORDS, type SampleKind, type SampleRow } from './cycle-replay-model';
import { ReplayResult } from './cycle-replay-view';
import { usePlanAndPriority } from './plan-priority-choice';
import { isoToLocalInput } from './editor-model';

/** The editable sample history and its replay, for the policy text in the editor. */
export function CycleReplay({
  source,
  summary,
  viewer,
  now,
}: {
  source: string;
  summary: ValidatePolicyOk['summary'];
  viewer: Viewer;
  /** The backend's current instant: the sample starts there, not on the browser's clock. */
  now: string | undefined;
}) {
  const startMs = () => (now === undefined ? Date.now() : Date.parse(now));
  const { plans, priorities, setPlan, setPriority, chosenPlan, chosenPriority } = usePlanAndPriority(summary);
  const [created, setCreated] = useState(() => isoToLocalInput(startMs()));
  const [rows, setRows] = useState<SampleRow[]>(() => defaultSampleRows(startMs()));
  const [asOf, setAsOf] = useState(() => isoToLocalInput(startMs() + 30 * 3_600_000));
  const edited = useRef(false);
  // Until the admin edits the sample, it follows the backend's clock once that is known.
  useEffect(() => {
    if (now === undefined || edited.current) return;
    const ms = Date.parse(now);
    setCreated(isoToLocalInput(ms));
    setRows(defaultSampleRows(ms));
    setAsOf(isoToLocalInput(ms + 30 * 3_600_000));
  }, [now]);
  const [result, setResult] = useState<PreviewCyclesOk | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A result belongs to the policy text it was computed from.
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [source]);

  const edit = (change: () => void) => {
    edited.current = true;
    change();
  };
  const setRow = (id: number, patch: Partial<SampleRow>) =>
    edit(() => setRows((all) => all.map((row) => (row.id === id ? { ...row, ...patch } : row))));

  const run = async () => {
    const built = replayInput({ source, plan: chosenPlan, priority: chosenPriority, created, rows, asOf });
    if (!built.ok) {
      setResult(null);
      setError(built.message);
      return;
    }
    setError(null);
    const answer = await callResolver('previewCycles', built.input);
    if (isResolverError(answer)) {
      setResult(null);
      setError(answer.message);
    } else {
      setResult(answer);
    }
  };

  return (
    <section className="card" aria-labelledby="replay-h" data-testid="cycle-replay">
      <h2 id="replay-h">Replay a request history</h2>
      <p className="subtle">
        Cycles for a sample request: customer comments, agent replies, status changes, resolving and reopening at the instants you choose (
        {viewer.timeZone}), replayed through the policy in the editor.
      </p>
      <form
        className="replay-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <div className="row">
          <label>
            <span className="field-label">Plan</span>
            <select value={chosenPlan} onChange={(e) => setPlan(e.target.value)} disabled={plans.length === 0}>
              {plans.map((id) => (
                <option key={id}>{id}</option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">Priority</span>
            <select value={chosenPriority} onChange={(e) => setPriority(e.target.value)} disabled={priorities.length === 0}>
              {priorities.map((id) => (
                <option key={id}>{id}</option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">Created</span>
            <input type="datetime-local" value={created} onChange={(e) => edit(() => setCreated(e.target.value))} />
          </label>
        </div>
        <ol className="replay-events" aria-label="Events after the request was created">
          {rows.map((row, index) => (
            <li key={row.id} className="row replay-event" data-kind={row.kind}>
              <label>
                <span className="sr-only">Event {index + 1}</span>
                <select value={row.kind} onChange={(e) => setRow(row.id, { kind: e.target.value as SampleKind })}>
                  {(Object.keys(SAMPLE_KIND_WORDS) as SampleKind[]).map((kind) => (
                    <option key={kind} value={kind}>
                      {SAMPLE_KIND_WORDS[kind]}
                    </option>
                  ))}
                </select>
              </label>
              {row.kind === 'status' || row.kind === 'reopen' ? (
                <label>
                  <span className="sr-only">Status of event {index + 1}</span>
                  <input
                    type="text"
                    value={row.status}
                    maxLength={60}
                    placeholder={row.kind === 'reopen' ? 'Open' : 'Waiting for customer'}
                    onChange={(e) => setRow(row.id, { status: e.target.value })}
                  />
                </label>
              ) : null}
              <label>
                <span className="sr-only">When event {index + 1} happens</span>
                <input type="datetime-local" value={row.at} onChange={(e) => setRow(row.id, { at: e.target.value })} />
              </label>
              <button
                type="button"
                className="link"
                onClick={() => edit(() => setRows((all) => all.filter((other) => other.id !== row.id)))}
              >
                Remove<span className="sr-only"> event {index + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <div className="row">
          <button type="button" className="button" onClick={() => edit(() => setRows((all) => [...all, nextRow(all, created)]))}>
            Add event
          </button>
          <label>
            <span className="field-label">As of</span>
            <input type="datetime-local" value={asOf} onChange={(e) => edit(() => setAsOf(e.target.value))} />
          </label>
          <button type="submit" className="button" disabled={!summary}>
            Replay
          </button>
        </div>
      </form>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      {result ? <ReplayResult result={result} viewer={viewer} /> : null}
    </section>
  );
}
