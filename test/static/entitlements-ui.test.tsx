import { renderToStaticMarkup } from 'react-dom/server';
import { decideEntitlements, organizationUsage } from '../../src/engine';
import { EntitlementSection } from '../../static/sla-panel/entitlement-section';
import { UsageTable, usageWords } from '../../static/admin/usage-table';
import { entitlementsPolicy, request } from '../builders/entitlements-policy';

const policy = entitlementsPolicy();
const NOW = Date.parse('2026-03-20T12:00:00Z'); // Fri 20 March, 13:00 in Zagreb
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

// Mon 2 March 09:00, 10:00, 11:00 Zagreb; the third from someone not registered.
const requests = [request('2026-03-02T08:00:00Z'), request('2026-03-02T09:00:00Z'), request('2026-03-02T10:00:00Z', { reporter: 'bob' })];
const decided = decideEntitlements(policy, { organization: 'Acme', requests, registeredPersons: ['ada'], now: NOW });

describe('the panel entitlement section', () => {
  it('flags a request over plan, over the day limit and from someone not registered, with the backend’s words', () => {
    const html = renderToStaticMarkup(<EntitlementSection entitlement={decided.get(requests[2]!.issueId)} />);
    expect(text(html)).toContain('credit 3 of 1 this month: over plan');
    expect(text(html)).toContain('reporter is not a registered person of Acme');
    expect(html).toContain('data-testid="entitlement-flag"');
    expect(text(html)).toContain('over plan, over day limit, not registered');
  });

  it('shows a request within plan without a flag, and nothing without an entitlement', () => {
    const html = renderToStaticMarkup(<EntitlementSection entitlement={decided.get(requests[0]!.issueId)} />);
    expect(text(html)).toContain('credit 1 of 1 this month');
    expect(html).not.toContain('entitlement-flag');
    expect(renderToStaticMarkup(<EntitlementSection entitlement={null} />)).toBe('');
  });
});

describe('the admin usage table', () => {
  const row = {
    ...organizationUsage(policy, { organization: 'Acme', requests, registeredPersons: ['ada', 'cy'], now: NOW }),
    registeredPersons: ['ada', 'cy'],
    people: [
      { accountId: 'ada', displayName: 'Ada Lovelace', avatarUrl: 'data:image/png;base64,AAAA' },
      { accountId: 'cy', displayName: 'cy', avatarUrl: null },
    ],
    unknownPersons: ['cy'],
  };
  const searchPeople = async () => [];
  const usage = {
    ok: true as const,
    policy: { id: 'entitled', version: 1 },
    month: '2026-03',
    timeZone: 'Europe/Zagreb',
    organizations: [row],
  };

  it('shows each quota against its limit with what is over, and registered persons against theirs', () => {
    const html = renderToStaticMarkup(<UsageTable usage={usage} savePersons={async () => 'saved'} searchPeople={searchPeople} />);
    expect(text(html)).toContain('Acme basic 3 of 1 2 over plan 1 over 2/day');
    expect(text(html)).toContain('2 of 1 over limit 1 not registered');
    expect(html).toContain('class="usage-flagged"');
  });

  it('shows registered persons by name with their avatar, and marks an account Jira does not know', () => {
    const html = renderToStaticMarkup(<UsageTable usage={usage} savePersons={async () => 'saved'} searchPeople={searchPeople} />);
    expect(text(html)).toContain('Ada Lovelace × cy not a Jira account ×');
    expect(html).toContain('src="data:image/png;base64,AAAA"');
    expect(html).not.toContain('persons-input');
  });

  it('words a quota without a limit', () => {
    expect(usageWords({ ...row.quotas[0]!, limit: null, used: 4 })).toBe('4 (no limit)');
    expect(
      text(
        renderToStaticMarkup(
          <UsageTable usage={{ ...usage, organizations: [] }} savePersons={async () => 'saved'} searchPeople={searchPeople} />,
        ),
      ),
    ).toBe('No organization has raised a request in 2026-03 yet.');
  });
});
