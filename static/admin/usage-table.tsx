/**
 * The usage table of the admin page's Entitlements card, without resolver calls (entitlement-usage.tsx loads and
 * saves): one row per organization, its quotas against its plan, and its registered persons with their editor.
 */
import { useState } from 'react';
import type { EntitlementUsageOk, EntitlementUsageRow } from '../../src/contracts/entitlements';

/** Saves an organization's registered persons; resolves to the words to show (saved, or why not). */
export type SavePersons = (organization: string, accountIds: string[]) => Promise<string>;

/** "6 of 5" or "6 (no limit)" for one quota of a row. */
export function usageWords(quota: EntitlementUsageRow['quotas'][number]): string {
  return quota.limit === null ? `${quota.used} (no limit)` : `${quota.used} of ${quota.limit}`;
}

/** The account ids typed into the editor: one per line or separated by commas, blanks dropped. */
export function parseAccountIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
}

function PersonsEditor({ row, savePersons }: { row: EntitlementUsageRow; savePersons: SavePersons }) {
  const [text, setText] = useState(row.registeredPersons.join('\n'));
  const [message, setMessage] = useState<string | null>(null);
  const label = row.registration?.label ?? 'registered person';
  return (
    <details className="persons-editor">
      <summary>Edit {label}s</summary>
      <label>
        <span className="field-label">Account ids of {row.organization}, one per line</span>
        <textarea rows={3} value={text} onChange={(event) => setText(event.target.value)} data-testid="persons-input" />
      </label>
      <button
        type="button"
        className="button"
        onClick={() => {
          void savePersons(row.organization, parseAccountIds(text)).then(setMessage);
        }}
      >
        Save
      </button>
      {message ? <span role="status"> {message}</span> : null}
    </details>
  );
}

/** The table itself, for an answer of getEntitlementUsage. */
export function UsageTable({ usage, savePersons }: { usage: EntitlementUsageOk; savePersons: SavePersons }) {
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
                    <PersonsEditor row={row} savePersons={savePersons} />
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
