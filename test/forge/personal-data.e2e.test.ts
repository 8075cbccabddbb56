/**
 * Outside entitlements the app keeps no personal data in Forge storage: after admins save policies (without an
 * `entitlements` key), recompute, and users raise, comment on and resolve issues that events, the sweep and the
 * queue consumer process, no key or value in kvs names any account id of the site. The account ids entitlements
 * keep are listed and erased by src/forge/entitlement-personal-data.ts (test/forge/entitlements.e2e.test.ts).
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { E2E_POLICY_FAST_YAML, E2E_POLICY_YAML } from './support/e2e-policy';

let sb: ForgeSandbox;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
});

afterEach(async () => {
  await sb.close();
});

it('no account id reaches app storage', async () => {
  const people = [
    sb.jira.addUser({ accountId: '557058:0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab', displayName: 'Ada Admin II', role: 'admin' }),
    sb.jira.addUser({ accountId: '557058:1a2b3c4d-dddd-4eee-8fff-0123456789ab', displayName: 'Alex Agent II', role: 'agent' }),
    sb.jira.addUser({ accountId: '557058:9e8d7c6b-1111-4222-8333-0123456789ab', displayName: 'Casey Customer II', role: 'customer' }),
  ];
  const [admin, agent, customer] = people.map((user) => user.accountId) as [string, string, string];
  const call = (name: string, payload: unknown) => sb.invokeResolver('sla-admin', name, payload, { accountId: admin });
  expect(await call('savePolicy', { scope: { kind: 'site' }, source: E2E_POLICY_YAML })).toMatchObject({ ok: true });
  const issue = sb.jira.createIssue(customer, { projectKey: 'SUP', summary: 'Printer broken' });
  sb.jira.comment(agent, issue.key, 'On it', { public: true });
  await sb.deliverEvents();
  expect(await call('savePolicy', { scope: { kind: 'project', projectKey: 'SUP' }, source: E2E_POLICY_FAST_YAML })).toMatchObject({
    ok: true,
  });
  expect(await call('savePolicy', { scope: { kind: 'project', projectKey: 'SUP' }, source: E2E_POLICY_YAML })).toMatchObject({ ok: true });
  const started = (await call('startRecompute', { scope: { kind: 'site' } })) as { recompute: { jobId: string } };
  await sb.drainQueues();
  expect(await call('getRecomputeProgress', { jobId: started.recompute.jobId })).toMatchObject({ ok: true, finished: true });
  await sb.invokeResolver('sla-panel', 'getSlaState', { issueKey: issue.key }, { accountId: agent, issueKey: issue.key });
  sb.clock.advance(10 * 3_600_000);
  await sb.runScheduledTrigger();
  sb.jira.resolve(agent, issue.key);
  await sb.deliverEvents();

  expect(sb.kvs.size).toBeGreaterThan(0);
  const stored = JSON.stringify([...sb.kvs.entries()]);
  for (const accountId of [admin, agent, customer]) expect(stored).not.toContain(accountId);
});
