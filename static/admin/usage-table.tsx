/**
 * The usage table of the admin page's Entitlements card, without resolver calls (entitlement-usage.tsx loads and
 * saves): one row per organization, its quotas against its plan, and its registered persons with their editor (a
 * picker over Jira's user search, as the directory editor's).
 */
import { useState } from 'react';
import type { EntitlementUsageOk, EntitlementUsageRow } from '../../src/contracts/entitlements';
import type { PersonDto } from '../../src/contracts/ladder-resolvers';

/** Saves an organization's registered persons; resolves to the words to show (saved, or why not). */
export type SavePersons = (organization: string, accountIds: string[]) => Promise<string>;

/** "6 of 5" or "6 (no limit)" for one quota of a row. */
export function usageWords(quota: EntitlementUsageRow['quotas'][number]): string {
  return quota.limit === null ? `${quota.used} (no limit)` : `${quota.used} of ${quota.limit}`;
}

/** Finds Jira users for the picker; resolves to the people found, or the words saying why not. */
export type SearchPeople = (query: string) => Promise<PersonDto[] | string>;

function Avatar({ person }: { person: PersonDto }) {
  return person.avatarUrl ? <img className="avatar" src={person.avatarUrl} alt="" width={20} height={20} /> : <span className="avatar" />;
}

/**
 * The registered persons of one organization, picked with Jira's user search (never typed): names and avatars,
 * remove, add from the results, save. An account Jira does not know is marked so the admin removes it.
 */
function PersonsEditor({
  row,
  savePersons,
  searchPeople,
}: {
  row: EntitlementUsageRow;
  savePersons: SavePersons;
  searchPeople: SearchPeople;
}) {
  const [people, setPeople] = useState<PersonDto[]>(row.people);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PersonDto[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const label = row.registration?.label ?? 'registered person';
  const search = async () => {
    setMessage(null);
    const answer = await searchPeople(query);
    if (typeof answer === 'string') setMessage(answer);
    else {
      setFound(answer);
      if (answer.length === 0) setMessage(`No Jira user matches "${query}".`);
    }
  };
  return (
    <details className="persons-editor" data-testid="persons-editor">
      <summary>Edit {label}s</summary>
      <ul className="people" data-testid="persons-list">
        {people.map((person) => (
          <li key={person.accountId} className="person" data-account-id={person.accountId}>
            <Avatar person={person} />
            <span>{person.displayName}</span>
            {row.unknownPersons.includes(person.accountId) ? <span className="badge badge-warning">not a Jira account</span> : null}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${person.displayName}`}
              onClick={() => setPeople(people.filter((one) => one.accountId !== person.accountId))}
            >
              ×
            </button>
          </li>
        ))}
        {people.length === 0 ? <li className="subtle">No {label} yet.</li> : null}
      </ul>
      <form
        className="persons-search"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label>
          <span className="field-label">Find a person in Jira</span>
          <input value={query} onChange={(event) => setQuery(event.target.value)} data-testid="persons-search" />
        </label>
        <button type="submit" className="button" disabled={query.trim() === ''} data-testid="persons-search-button">
          Search
        </button>
      </form>
      {found.length > 0 ? (
        <ul className="people" data-testid="persons-results">
          {found.map((person) => (
            <li key={person.accountId} className="person">
              <button
                type="button"
                className="button"
                disabled={people.some((one) => one.accountId === person.accountId)}
                onClick={() => setPeople([...people, person])}
              >
                <Avatar person={person} /> Add {person.displayName}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="button"
        data-testid="persons-save"
        onClick={() => {
          void savePersons(
            row.organization,
            people.map((person) => person.accountId),
          ).then(setMessage);
        }}
      >
        Save
      </button>
      {message ? <span role="status"> {message}</span> : null}
    </details>
  );
}

/** The table itself, for an answer of getEntitlementUsage. */
export function UsageTable({
  usage,
  savePersons,
  searchPeople,
}: {
  usage: EntitlementUsageOk;
  savePersons: SavePersons;
  searchPeople: SearchPeople;
}) {
  const quotas = usage.organizations[0]?.quotas ?? [];
  if (usage.organizations.length === 0) return <p className="subtle">No organization has raised a request in {usage.month} yet.</p>;
  return (
    <table data-testid="usage-table">
      <caption className="sr-only">Usage per organization in {usage.month}</caption>
      <thead>
        <tr>
          <th scope="col">Organization</th>
          <th scope="col">Plan</th>
          {quotas.map((quota) => (
            <th scope="col" key={quota.quota}>
              {quota.label}s {quota.per === 'month' ? 'this month' : 'this year'}
            </th>
          ))}
          <th scope="col">Registered</th>
        </tr>
      </thead>
      <tbody>
        {usage.organizations.map((row) => {
          const flagged = row.quotas.some((quota) => quota.overPlan > 0 || quota.overDay > 0) || row.registration?.overLimit === true;
          return (
            <tr key={row.organization} data-organization={row.organization} className={flagged ? 'usage-flagged' : undefined}>
              <th scope="row">{row.organization}</th>
              <td>{row.plan}</td>
              {row.quotas.map((quota) => (
                <td key={quota.quota} data-quota={quota.quota}>
                  {usageWords(quota)}
                  {quota.overPlan > 0 ? ' ' : null}
                  {quota.overPlan > 0 ? <span className="badge badge-warning">{quota.overPlan} over plan</span> : null}
                  {quota.overDay > 0 ? ' ' : null}
                  {quota.overDay > 0 ? (
                    <span className="badge badge-warning">
                      {quota.overDay} over {quota.perDay}/day
                    </span>
                  ) : null}
                </td>
              ))}
              <td data-testid="registration">
                {row.registration ? (
                  <>
                    {row.registration.limit === null
                      ? row.registration.persons
                      : `${row.registration.persons} of ${row.registration.limit}`}
                    {row.registration.overLimit ? ' ' : null}
                    {row.registration.overLimit ? <span className="badge badge-warning">over limit</span> : null}
                    {row.registration.unregisteredRequests > 0 ? ' ' : null}
                    {row.registration.unregisteredRequests > 0 ? (
                      <span className="badge badge-warning">{row.registration.unregisteredRequests} not registered</span>
                    ) : null}
                    <PersonsEditor row={row} savePersons={savePersons} searchPeople={searchPeople} />
                  </>
                ) : (
                  <span className="subtle">not checked</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
