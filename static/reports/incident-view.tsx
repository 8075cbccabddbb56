/**
 * The printable incident report of one issue (issue 11): what happened in time order (statuses, pauses, SLA
 * priority, each metric cycle, escalation levels, notices, acknowledgements, resolution), who did it with their
 * names and avatars, and the business time since the previous entry and since creation on the issue's calendar;
 * the timeline exports as CSV (./incident-csv.ts).
 * Every figure is the `getIncidentReport` answer printed as it is (docs/reports.md, "Incident report"); the print
 * stylesheet (reports.css) hides the controls and lays the page out on A4.
 */
import { useEffect, useState } from 'react';
import type { PersonDto } from '../../src/contracts/ladder-resolvers';
import type { GetIncidentReportOk } from '../../src/contracts/incident-report';
import type { IncidentEntry } from '../../src/engine/incident-report';
import { formatMinutes } from '../../src/engine/sla-words';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { downloadCsv } from '../shared/download';
import { formatInstant } from '../shared/format';
import { incidentCsv, incidentCsvFileName, personLabel } from './incident-csv';

const minutes = (value: number | null) => (value === null ? '' : formatMinutes(value));

function Person({ accountId, people }: { accountId: string; people: ReadonlyMap<string, PersonDto> }) {
  if (accountId.startsWith('group:')) {
    return (
      <span className="person" data-group={accountId.slice(6)}>
        <span className="avatar group" aria-hidden="true">
          G
        </span>
        <span className="name">{personLabel(accountId, people)}</span>
      </span>
    );
  }
  const person = people.get(accountId) ?? { accountId, displayName: accountId, avatarUrl: null };
  return (
    <span className="person" data-account-id={accountId}>
      {person.avatarUrl ? <img className="avatar" src={person.avatarUrl} alt="" width={20} height={20} /> : <span className="avatar" />}
      <span className="name">{personLabel(accountId, people)}</span>
    </span>
  );
}

function EntryRow({ entry, viewer, people }: { entry: IncidentEntry; viewer: Viewer; people: ReadonlyMap<string, PersonDto> }) {
  const who = [...(entry.actor === null ? [] : [entry.actor]), ...entry.people];
  return (
    <tr data-kind={entry.kind} data-at={entry.at}>
      <td>
        <time dateTime={entry.at}>{formatInstant(entry.at, viewer.timeZone, viewer.locale)}</time>
      </td>
      <td>
        <span className={`kind kind-${entry.kind}`} data-figure="text">
          {entry.text}
        </span>
        {entry.usedMinutes !== null ? (
          <span className="subtle" data-figure="used">
            {' '}
            · used {formatMinutes(entry.usedMinutes)}, paused {formatMinutes(entry.pausedMinutes ?? 0)}
          </span>
        ) : null}
      </td>
      <td>
        <div className="who">
          {who.map((id) => (
            <Person key={id} accountId={id} people={people} />
          ))}
        </div>
      </td>
      <td className="num" data-figure="since-previous">
        {minutes(entry.sincePreviousMinutes)}
      </td>
      <td className="num" data-figure="since-created">
        {minutes(entry.sinceCreatedMinutes)}
      </td>
    </tr>
  );
}

/** The report of one answer: a header, the summary figures, per metric cycles and the timeline table. */
export function IncidentReportView({ answer, viewer, issueUrl }: { answer: GetIncidentReportOk; viewer: Viewer; issueUrl: string }) {
  const { report } = answer;
  const people = new Map(answer.people.map((person) => [person.accountId, person]));
  const at = (iso: string) => formatInstant(iso, viewer.timeZone, viewer.locale);
  if (report === null) {
    return <p data-testid="incident-empty">No SLA policy applies to {answer.issueKey}: there is no incident report to show.</p>;
  }
  const { totals } = report;
  return (
    <article className="incident" data-testid="incident-report" aria-labelledby="incident-h">
      <header className="report-header">
        <h1 id="incident-h">
          Incident report ·{' '}
          <a href={issueUrl} target="_blank" rel="noreferrer">
            {report.issueKey}
          </a>{' '}
          {report.summary}
        </h1>
        <div className="incident-actions">
          <button type="button" onClick={() => downloadCsv(incidentCsv(report, people), incidentCsvFileName(report))}>
            Export CSV
          </button>
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </header>
      <p className="subtle" data-testid="incident-scope">
        Created {at(report.createdAt)} ·{' '}
        {report.resolvedAt === null ? `open, reported up to ${at(report.endAt)}` : `resolved ${at(report.resolvedAt)}`}
        {' · '}business time on calendar {report.calendar.id} ({report.calendar.timeZone})
        {answer.policy ? ` · ${answer.policy.name} v${answer.policy.version}` : ''} · times in {viewer.timeZone}
      </p>
      <section aria-labelledby="incident-summary-h">
        <h2 id="incident-summary-h">Summary</h2>
        <dl className="incident-totals" data-testid="incident-totals">
          <div>
            <dt>Targets met</dt>
            <dd data-figure="met">{totals.met}</dd>
          </div>
          <div>
            <dt>Targets breached</dt>
            <dd data-figure="breached">{totals.breached}</dd>
          </div>
          <div>
            <dt>Business time</dt>
            <dd data-figure="total">{formatMinutes(totals.totalBusinessMinutes)}</dd>
          </div>
          <div>
            <dt>Of which paused</dt>
            <dd data-figure="paused">{formatMinutes(totals.pausedBusinessMinutes)}</dd>
          </div>
          <div>
            <dt>Highest escalation level</dt>
            <dd data-figure="level">{totals.highestEscalationLevel}</dd>
          </div>
          <div>
            <dt>Notices / acknowledgements</dt>
            <dd data-figure="notices">
              {totals.notifications} / {totals.acknowledgements}
            </dd>
          </div>
        </dl>
        <table className="figures" data-testid="incident-metrics">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Cycles</th>
              <th scope="col">Met</th>
              <th scope="col">Breached</th>
              <th scope="col">Open</th>
            </tr>
          </thead>
          <tbody>
            {totals.metrics.map((metric) => (
              <tr key={metric.id} data-metric={metric.id}>
                <th scope="row">{metric.label}</th>
                <td>{metric.cycles}</td>
                <td>{metric.met}</td>
                <td>{metric.breached}</td>
                <td>{metric.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="incident-timeline-h">
        <h2 id="incident-timeline-h">Timeline</h2>
        <table className="figures incident-timeline" data-testid="incident-entries">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col" className="num">
                Since previous
              </th>
              <th scope="col" className="num">
                Since created
              </th>
            </tr>
          </thead>
          <tbody>
            {report.entries.map((entry, index) => (
              <EntryRow key={index} entry={entry} viewer={viewer} people={people} />
            ))}
          </tbody>
        </table>
        <p className="subtle">Durations are business time on the issue&apos;s calendar, each floored to the minute.</p>
      </section>
    </article>
  );
}

type Loaded = { kind: 'loading' } | { kind: 'ok'; answer: GetIncidentReportOk } | { kind: 'error'; message: string };

/** Loads and shows the incident report of `issueKey`; `onBack` returns to the report page. */
export function IncidentPage({
  issueKey,
  viewer,
  issueUrl,
  onBack,
}: {
  issueKey: string;
  viewer: Viewer;
  issueUrl: (key: string) => string;
  onBack: (() => void) | null;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    setLoaded({ kind: 'loading' });
    void callResolver('getIncidentReport', { issueKey }).then((answer) =>
      setLoaded(isResolverError(answer) ? { kind: 'error', message: answer.message } : { kind: 'ok', answer }),
    );
  }, [issueKey]);
  return (
    <main className="page-pad report-page incident-page">
      {onBack ? (
        <nav className="incident-nav">
          <button type="button" className="link" onClick={onBack}>
            ← SLA reports
          </button>
        </nav>
      ) : null}
      {loaded.kind === 'loading' ? <p className="subtle">Loading the incident report of {issueKey}…</p> : null}
      {loaded.kind === 'error' ? (
        <p role="alert" data-testid="incident-error">
          {loaded.message}
        </p>
      ) : null}
      {loaded.kind === 'ok' ? (
        <IncidentReportView answer={loaded.answer} viewer={viewer} issueUrl={issueUrl(loaded.answer.issueKey)} />
      ) : null}
    </main>
  );
}
