/**
 * A user who has not allowed the app access: Forge's proxy refuses the resolver's asUser() call with
 * NEEDS_AUTHENTICATION_ERR and @forge/api throws NeedsAuthenticationError. The resolver must let that error reach
 * the platform (which shows Jira's "Allow access" prompt) at once: no retries, no "network error" answer.
 */
import { NeedsAuthenticationError } from '@forge/api';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { needsUserConsent } from '../../src/forge/user-consent';
import { E2E_POLICY_YAML } from './support/e2e-policy';

let sb: ForgeSandbox;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
  const saved = (await sb.invokeResolver(
    'sla-admin',
    'savePolicy',
    { scope: { kind: 'site' }, source: E2E_POLICY_YAML },
    { accountId: 'admin' },
  )) as { ok: boolean };
  expect(saved.ok).toBe(true);
  sb.stats.reset();
});

afterEach(async () => {
  await sb.close();
});

describe('user consent', () => {
  const cases: Array<{ resolver: string; module: string; user: string; payload: (key: string) => unknown }> = [
    { resolver: 'getSlaState', module: 'sla-panel', user: 'agent', payload: (key) => ({ issueKey: key }) },
    { resolver: 'getAdminOverview', module: 'sla-admin', user: 'admin', payload: () => ({}) },
    { resolver: 'getPolicy', module: 'sla-admin', user: 'admin', payload: () => ({ scope: { kind: 'site' } }) },
  ];

  it.each(cases)("$resolver lets Forge's consent error through at the first refusal", async ({ resolver, module, user, payload }) => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'VPN down' });
    sb.consent.revoke(user);
    const answer = sb.invokeResolver(module, resolver, payload(issue.key), { accountId: user, issueKey: issue.key });
    await expect(answer).rejects.toBeInstanceOf(NeedsAuthenticationError);
    expect(needsUserConsent(await answer.catch((error: unknown) => error))).toBe(true);
    expect(sb.consent.refusals()).toBe(1);
    // The refusal happens at Forge's proxy: nothing reached Jira.
    expect(sb.stats.calls.filter((call) => call.asUser === user)).toEqual([]);
  });

  it('answers normally once the user has allowed access', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'VPN down' });
    sb.consent.revoke('agent');
    await expect(
      sb.invokeResolver('sla-panel', 'getSlaState', { issueKey: issue.key }, { accountId: 'agent', issueKey: issue.key }),
    ).rejects.toThrow();
    sb.consent.grant('agent');
    const answer = (await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: issue.key },
      { accountId: 'agent', issueKey: issue.key },
    )) as { ok: boolean };
    expect(answer.ok).toBe(true);
  });

  it('the app acting as itself needs no user consent: events still write the fields', async () => {
    sb.consent.revoke('agent');
    sb.consent.revoke('customer');
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'VPN down' });
    await sb.deliverEvents();
    expect(sb.jira.appFieldValue(issue.key, 'sla-status')).toBe('on track');
    expect(sb.consent.refusals()).toBe(0);
  });
});
