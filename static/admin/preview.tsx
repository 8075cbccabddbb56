/**
 * The admin page's what-if preview: due instants and escalation times for a request created at a chosen moment,
 * computed by the previewDue resolver from the policy in the editor.
 */
import { useEffect, useRef, useState } from 'react';
import type { PreviewDueOk, ValidatePolicyOk } from '../../src/contracts/resolvers';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { contactWords, formatInstant } from '../shared/format';
import { usePlanAndPriority } from './plan-priority-choice';
import { isoToLocalInput, localInputToIso } from './editor-model';

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

export function Preview({
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
  const { plans, priorities, setPlan, setPriority, chosenPlan, chosenPriority } = usePlanAndPriority(summary);
  const [start, setStart] = useState(() => isoToLocalInput(now === undefined ? Date.now() : Date.parse(now)));
  const startEdited = useRef(false);
  useEffect(() => {
    if (now !== undefined && !startEdited.current) setStart(isoToLocalInput(Date.parse(now)));
  }, [now]);
  const [result, setResult] = useState<PreviewDueOk | null>(null);
  const [error, setError] = useState<string | null>(null);

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
