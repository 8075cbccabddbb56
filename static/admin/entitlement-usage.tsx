/**
 * The admin page's usage table (docs/ui.md#entitlements): each organization's requests this month (and year, for
 * yearly quotas) against its plan, requests over plan or over the day limit, and its registered persons against
 * their limit, which the admin picks here with Jira's user search. The getEntitlementUsage, searchUsers and
 * saveRegisteredPersons resolvers.
 */
import { useEffect, useState } from 'react';
import type { EntitlementUsageOk } from '../../src/contracts/entitlements';
import type { PolicyScope } from '../../src/contracts/resolvers';
import { callResolver, isResolverError } from '../shared/api';
import { UsageTable, type SavePersons, type SearchPeople } from './usage-table';

export function EntitlementUsage({ scope, version }: { scope: PolicyScope; version: number | null }) {
  const [usage, setUsage] = useState<EntitlementUsageOk | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const scopeText = JSON.stringify(scope);
  useEffect(() => {
    if (version === null) return;
    let current = true;
    void callResolver('getEntitlementUsage', { scope: JSON.parse(scopeText) as PolicyScope }).then((answer) => {
      if (!current) return;
      if (isResolverError(answer)) setError(answer.message);
      else {
        setUsage(answer);
        setError(null);
      }
    });
    return () => {
      current = false;
    };
  }, [scopeText, version, reload]);
  const savePersons: SavePersons = async (organization, accountIds) => {
    const answer = await callResolver('saveRegisteredPersons', { organization, accountIds });
    if (isResolverError(answer)) return answer.message;
    setReload((n) => n + 1);
    return `Saved ${answer.accountIds.length} account(s).`;
  };
  // The directory editor's search: Jira's user search through the searchUsers resolver.
  const searchPeople: SearchPeople = async (query) => {
    const answer = await callResolver('searchUsers', { query });
    return isResolverError(answer) ? answer.message : answer.users;
  };
  if (version === null || (usage !== null && usage.policy === null)) return null;
  return (
    <section className="card" aria-labelledby="usage-h" data-testid="entitlement-usage">
      <h2 id="usage-h">Entitlements</h2>
      <p className="subtle">
        Requests per organization against its plan{usage ? ` in ${usage.month} (days begin at midnight ${usage.timeZone})` : ''}. Over plan
        or not registered is flagged on the issue (field <code>SLA entitlement</code>), never blocked.
      </p>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      {usage ? <UsageTable usage={usage} savePersons={savePersons} searchPeople={searchPeople} /> : null}
    </section>
  );
}
