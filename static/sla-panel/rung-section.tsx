/**
 * The panel's "Responsible now" section (issue 10): who is on the issue's current escalation rung (names and
 * avatars from Jira), since when and why those people, who comes next and when, the acknowledge action for a
 * person on the rung, and the issue's escalation trail. Loads itself through `getLadder`; renders nothing when the
 * policy has no directory.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuditRecord } from '../../src/contracts/ladder-audit';
import type { EscalationRequestDto, LadderViewOk, PersonDto } from '../../src/contracts/ladder-resolvers';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { formatInstant } from '../shared/format';

type Ladder = NonNullable<LadderViewOk['ladder']>;

function Person({ person }: { person: PersonDto }) {
  return (
    <li className="person" data-account-id={person.accountId}>
      {person.avatarUrl ? <img className="avatar" src={person.avatarUrl} alt="" width={20} height={20} /> : <span className="avatar" />}
      <span>{person.displayName}</span>
      {person.via && person.via !== 'accountId' ? (
        <span className="subtle"> ({person.via === 'accountManager' ? 'account manager' : person.via})</span>
      ) : null}
    </li>
  );
}

function when(iso: string | null, viewer: Viewer): string {
  return iso === null ? 'not scheduled' : formatInstant(iso, viewer.timeZone, viewer.locale);
}

/** One line of the trail, e.g. "Level 1 Support Team: e-mail sent to agent, group support". */
export function auditWords(record: AuditRecord): string {
  if (record.type === 'ack' && record.metricId) {
    return `Escalation request (${record.metricId}, requested ${record.requestedAt ?? ''}): acknowledged by ${record.accountId}`;
  }
  if (record.type === 'ack')
    return `Level ${record.level} ${record.levelLabel ?? record.levelId ?? ''}: acknowledged by ${record.accountId}`;
  const what =
    record.kind === 'escalation'
      ? `Level ${record.level} ${record.levelLabel ?? record.levelId ?? ''}`
      : `Warning (${record.metricId ?? ''})`;
  const channel = record.channel === 'email' ? 'e-mail' : 'internal comment';
  const people = record.recipients.map((one) => (one.kind === 'user' ? one.accountId : `group ${one.name}`)).join(', ');
  return `${what}: ${channel} ${record.status}${record.channel === 'email' && people ? ` to ${people}` : ''}${record.note ? ` (${record.note})` : ''}`;
}

function auditInstant(record: AuditRecord): string {
  return record.type === 'ack' ? record.at : (record.sentAt ?? record.claimedAt);
}

/** One escalation request: "Escalation requested Mon 10:05 — acknowledge", or who acknowledged it and when. */
function RequestLine({
  request,
  viewer,
  onAcknowledge,
  busy,
}: {
  request: EscalationRequestDto;
  viewer: Viewer;
  onAcknowledge: (request: EscalationRequestDto) => void;
  busy: boolean;
}) {
  const waiting = request.acknowledged === null && request.stoppedBy === null;
  return (
    <li className="request" data-testid="rung-request" data-metric={request.metricId}>
      <span>
        {request.label}: escalation requested {when(request.requestedAt, viewer)}
        {request.cycle > 1 ? <span className="subtle"> (request {request.cycle})</span> : null}
      </span>
      <span className="subtlest"> · {request.reason}</span>
      {request.acknowledged ? (
        <span className="ack" data-testid="rung-request-acknowledged">
          {' '}
          — acknowledged by {request.acknowledged.displayName} at {when(request.acknowledged.at, viewer)}
        </span>
      ) : request.stoppedBy !== null ? (
        <span className="subtle"> — stopped: {request.stoppedBy}</span>
      ) : (
        <span className="subtle">
          {' '}
          — {request.status === 'breached' ? 'overdue since' : 'due'} {when(request.dueAt, viewer)}
        </span>
      )}
      {waiting && request.canAcknowledge ? (
        <>
          {' '}
          <button
            type="button"
            className="button"
            onClick={() => onAcknowledge(request)}
            disabled={busy}
            data-testid="rung-request-acknowledge"
          >
            {busy ? 'Acknowledging…' : 'Acknowledge request'}
          </button>
        </>
      ) : waiting ? (
        <span className="subtle" data-testid="rung-request-waiting">
          {' '}
          (waiting for the assignee or the rung to acknowledge)
        </span>
      ) : null}
    </li>
  );
}

export function RungView({
  ladder,
  viewer,
  onAcknowledge,
  onAcknowledgeRequest = () => undefined,
  busy,
  error,
}: {
  ladder: Ladder;
  viewer: Viewer;
  onAcknowledge: () => void;
  onAcknowledgeRequest?: (request: EscalationRequestDto) => void;
  busy: boolean;
  error: string | null;
}) {
  return (
    <section aria-labelledby="rung-h" className="section rung" data-testid="rung">
      <h3 id="rung-h">Responsible now</h3>
      {ladder.requests.length > 0 ? (
        <ul className="requests" data-testid="rung-requests">
          {ladder.requests.map((request) => (
            <RequestLine key={request.metricId} request={request} viewer={viewer} onAcknowledge={onAcknowledgeRequest} busy={busy} />
          ))}
        </ul>
      ) : null}
      {ladder.level === 0 ? (
        <p className="subtle" data-testid="rung-none">
          Not escalated yet.
        </p>
      ) : (
        <>
          <p className="rung-head" data-testid="rung-level">
            Level {ladder.level}: {ladder.label} <span className="subtle">since {when(ladder.since, viewer)}</span>
          </p>
          <ul className="people" data-testid="rung-people">
            {ladder.people.map((person) => (
              <Person key={person.accountId} person={person} />
            ))}
            {ladder.groups.map((group) => (
              <li key={group} className="person">
                <span className="avatar group" aria-hidden="true">
                  G
                </span>
                <span>group {group}</span>
              </li>
            ))}
          </ul>
          <p className="subtlest rung-why">Why: {ladder.reason}</p>
          {ladder.unresolved.length > 0 ? <p className="subtle">Not reached: {ladder.unresolved.join('; ')}</p> : null}
          {ladder.acknowledged ? (
            <p className="ack" data-testid="rung-acknowledged">
              Acknowledged by {ladder.acknowledged.displayName} at {when(ladder.acknowledged.at, viewer)}
            </p>
          ) : ladder.canAcknowledge ? (
            <button type="button" className="button" onClick={onAcknowledge} disabled={busy} data-testid="rung-acknowledge">
              {busy ? 'Acknowledging…' : `Acknowledge level ${ladder.level}`}
            </button>
          ) : (
            <p className="subtle" data-testid="rung-unacknowledged">
              Not acknowledged yet.
            </p>
          )}
        </>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {ladder.next ? (
        <p className="subtle rung-next" data-testid="rung-next">
          Next: level {ladder.next.level}, {ladder.next.label}, {ladder.next.at ? `at ${when(ladder.next.at, viewer)}` : 'not scheduled'}
          {ladder.next.people.length + ladder.next.groups.length > 0
            ? ` → ${[...ladder.next.people.map((one) => one.displayName), ...ladder.next.groups.map((group) => `group ${group}`)].join(', ')}`
            : ''}
        </p>
      ) : null}
      {ladder.audit.length > 0 ? (
        <details className="history" data-testid="rung-audit">
          <summary>
            <h3>Escalation trail</h3>
            <span className="subtle">({ladder.audit.length})</span>
          </summary>
          <ul className="history-list">
            {ladder.audit.map((record, index) => (
              <li key={index}>
                <time dateTime={auditInstant(record)}>{when(auditInstant(record), viewer)}</time> {auditWords(record)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** Loads the rung of `issueKey` (again whenever `refreshKey` changes) and acknowledges it. */
export function RungSection({ issueKey, viewer, refreshKey }: { issueKey: string; viewer: Viewer; refreshKey: string }) {
  const [ladder, setLadder] = useState<Ladder | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const answer = await callResolver('getLadder', { issueKey });
    if (isResolverError(answer)) setError(answer.message);
    else setLadder(answer.ladder);
  }, [issueKey]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const acknowledge = useCallback(async () => {
    if (!ladder || ladder.levelId === null) return;
    setBusy(true);
    setError(null);
    const answer = await callResolver('acknowledgeLevel', { issueKey, levelId: ladder.levelId, cycle: ladder.cycle });
    if (isResolverError(answer)) setError(answer.message);
    await load();
    setBusy(false);
  }, [issueKey, ladder, load]);

  const acknowledgeRequest = useCallback(
    async (request: EscalationRequestDto) => {
      setBusy(true);
      setError(null);
      const answer = await callResolver('acknowledgeRequest', { issueKey, metricId: request.metricId, cycle: request.cycle });
      if (isResolverError(answer)) setError(answer.message);
      await load();
      setBusy(false);
    },
    [issueKey, load],
  );

  if (!ladder) return null;
  return (
    <RungView
      ladder={ladder}
      viewer={viewer}
      onAcknowledge={() => void acknowledge()}
      onAcknowledgeRequest={(request) => void acknowledgeRequest(request)}
      busy={busy}
      error={error}
    />
  );
}
