/**
 * The admin page's directory editor (issue 10): the rungs of the policy being edited, people picked with Jira's own
 * user search (the searchUsers resolver → GET /rest/api/3/user/search), never typed as free text, and the export of
 * the escalation audit trail as CSV. Edits change the policy source, which the page validates and saves as usual.
 */
import { useState } from 'react';
import type { PersonDto } from '../../src/contracts/ladder-resolvers';
import { callResolver, isResolverError } from '../shared/api';
import { downloadCsv } from '../shared/download';
import { addPerson, readDirectory, removePerson } from './directory-model';

export function DirectoryEditor({ source, onChange }: { source: string; onChange: (source: string) => void }) {
  const summary = readDirectory(source);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PersonDto[]>([]);
  const [level, setLevel] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (summary === null || summary.levels.length === 0) return null;
  const chosen = summary.levels.includes(level) ? level : (summary.levels[0] ?? '');

  const search = async () => {
    setMessage(null);
    const answer = await callResolver('searchUsers', { query });
    if (isResolverError(answer)) setMessage(answer.message);
    else {
      setFound(answer.users);
      if (answer.users.length === 0) setMessage(`No Jira user matches "${query}".`);
    }
  };
  const exportCsv = async () => {
    const answer = await callResolver('exportAudit', {});
    if (isResolverError(answer)) {
      setMessage(answer.message);
      return;
    }
    downloadCsv(answer.csv, 'sla-ladder-escalations.csv');
    setMessage(`Exported ${answer.rows} rows${answer.truncated ? ' (the first 5,000; there are more)' : ''}.`);
  };

  return (
    <section className="card" aria-labelledby="directory-h" data-testid="directory">
      <h2 id="directory-h">Escalation directory</h2>
      <p className="subtle">
        Who is told when an issue reaches each level. Pick people from Jira; roles and groups are edited in the policy text.
      </p>
      <ul className="rungs" data-testid="directory-rungs">
        {summary.levels.map((id) => {
          const rung = summary.rungs.find((one) => one.level === id);
          return (
            <li key={id} data-level={id}>
              <strong>{id}</strong>:{' '}
              {rung && rung.people.length > 0 ? (
                rung.people.map((person, index) => (
                  <span key={index} className="chip">
                    {person.accountId ?? (person.group ? `group ${person.group}` : `role ${person.role ?? ''}`)}
                    {person.accountId ? (
                      <button
                        type="button"
                        className="chip-remove"
                        aria-label={`Remove ${person.accountId} from ${id}`}
                        onClick={() => {
                          const next = removePerson(source, id, person.accountId ?? '');
                          if (next !== null) onChange(next);
                        }}
                      >
                        ×
                      </button>
                    ) : null}
                  </span>
                ))
              ) : (
                <span className="subtle">nobody yet</span>
              )}
            </li>
          );
        })}
      </ul>
      <div className="row">
        <label>
          <span className="field-label">Level</span>
          <select value={chosen} onChange={(e) => setLevel(e.target.value)} data-testid="directory-level">
            {summary.levels.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field-label">Find a Jira user</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && query.trim() !== '') void search();
            }}
            placeholder="Name or e-mail"
            data-testid="directory-search"
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={query.trim() === ''}
          onClick={() => void search()}
          data-testid="directory-search-button"
        >
          Search
        </button>
        <button type="button" className="button" onClick={() => void exportCsv()} data-testid="directory-export">
          Export escalations (CSV)
        </button>
      </div>
      {found.length > 0 ? (
        <ul className="people" data-testid="directory-results">
          {found.map((person) => (
            <li key={person.accountId} className="person">
              {person.avatarUrl ? <img className="avatar" src={person.avatarUrl} alt="" width={20} height={20} /> : null}
              <span>{person.displayName}</span>
              <button
                type="button"
                className="button"
                onClick={() => {
                  const next = addPerson(source, chosen, person.accountId);
                  if (next !== null) {
                    onChange(next);
                    setMessage(`Added ${person.displayName} to ${chosen}. Save the policy to put it in force.`);
                  }
                }}
              >
                Add to {chosen}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {message ? (
        <p className="subtle" role="status" data-testid="directory-message">
          {message}
        </p>
      ) : null}
    </section>
  );
}
