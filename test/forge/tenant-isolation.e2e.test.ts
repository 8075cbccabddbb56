/**
 * Two installations of the app in one process, as a warm Forge runtime may serve them: the same handler module
 * (so the same module-level caches), two sites whose app field ids differ, two policies that share a scope and a
 * version number. Every event must write its own site's fields with its own site's policy.
 */
import { startForgeSandbox, type ForgeInstallation, type ForgeSandbox } from '../../emulator';
import { evaluate, slaFieldValues, type CompiledPolicy } from '../../src/engine';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { compiledPolicy, E2E_POLICY_FAST_YAML, E2E_POLICY_YAML } from './support/e2e-policy';

const START = '2026-03-02T09:00:00Z';

let sb: ForgeSandbox;
let other: ForgeInstallation;

function fieldsOf(site: ForgeInstallation, key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(site.jira.appFieldValue(key, field))]));
}

function expectedFields(site: ForgeInstallation, key: string, policy: CompiledPolicy): FieldValues {
  const raw = site.jira.restIssue(site.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
  const values = slaFieldValues(evaluate(policy, raw, sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}

async function saveSitePolicy(site: ForgeInstallation, source: string): Promise<void> {
  const saved = (await site.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' })) as {
    ok: boolean;
    policy?: { version: number };
  };
  expect(saved).toMatchObject({ ok: true, policy: { version: 1 } });
}

beforeEach(async () => {
  sb = await startForgeSandbox({ now: START });
  other = await sb.addInstallation({ cloudId: 'b2c3d4e5-0000-4000-8000-0000000e0002', firstAppFieldNumber: 10300 });
  // The same scope and version on both sites (`site`, version 1), different policies.
  await saveSitePolicy(sb, E2E_POLICY_YAML);
  await saveSitePolicy(other, E2E_POLICY_FAST_YAML);
});

afterEach(async () => {
  const violations = [...sb.specViolations, ...other.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('two installations in one warm runtime', () => {
  it('are two installations of one app whose field ids differ', () => {
    expect(other.installationId).not.toBe(sb.installationId);
    expect(other.jira.appField('sla-status')!.id).not.toBe(sb.jira.appField('sla-status')!.id);
  });

  it("each event writes its own site's fields with its own site's policy, whichever installation warmed the caches", async () => {
    const first = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
    await sb.deliverEvents();
    const second = other.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
    await other.deliverEvents();
    // And back: the caches now hold the other installation's entries too.
    sb.jira.setLabels('agent', first.key, ['vip']);
    await sb.deliverEvents();
    other.jira.setLabels('agent', second.key, ['vip']);
    await other.deliverEvents();

    expect(fieldsOf(sb, first.key)).toEqual(expectedFields(sb, first.key, compiledPolicy(E2E_POLICY_YAML)));
    expect(fieldsOf(other, second.key)).toEqual(expectedFields(other, second.key, compiledPolicy(E2E_POLICY_FAST_YAML)));
    // The two policies really disagree on these issues, so a shared cache could not pass by luck.
    expect(fieldsOf(sb, first.key)['sla-resolution-due']).not.toEqual(fieldsOf(other, second.key)['sla-resolution-due']);
    // Nothing was written to a field id of the other site, and no delivery needed a retry to get there.
    for (const site of [sb, other]) {
      expect(site.deliveries.filter((d) => d.kind === 'trigger').map((d) => d.outcome)).toEqual(['ok', 'ok']);
      expect(site.stats.calls.filter((c) => c.status >= 400)).toEqual([]);
    }
  });

  it("the panel of each site evaluates with that site's policy", async () => {
    const first = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'VPN down' });
    const second = other.jira.createIssue('customer', { projectKey: 'SUP', summary: 'VPN down' });
    const panelOf = async (site: ForgeInstallation, key: string) =>
      (await site.invokeResolver('sla-panel', 'getSlaState', { issueKey: key }, { accountId: 'agent', issueKey: key })) as {
        ok: boolean;
        policy: { name: string };
      };
    expect((await panelOf(sb, first.key)).policy.name).toBe('End-to-end policy');
    expect((await panelOf(other, second.key)).policy.name).toBe('End-to-end policy (fast)');
    expect((await panelOf(sb, first.key)).policy.name).toBe('End-to-end policy');
  });

  it('the sweep of each site finds due issues by its own next-check field', async () => {
    const first = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'a' });
    const second = other.jira.createIssue('customer', { projectKey: 'SUP', summary: 'b' });
    await sb.deliverEvents();
    await other.deliverEvents();
    sb.clock.advance(5 * 3_600_000);
    await sb.runScheduledTrigger();
    await other.runScheduledTrigger();
    await sb.drainQueues();
    await other.drainQueues();
    expect(fieldsOf(sb, first.key)).toEqual(expectedFields(sb, first.key, compiledPolicy(E2E_POLICY_YAML)));
    expect(fieldsOf(other, second.key)).toEqual(expectedFields(other, second.key, compiledPolicy(E2E_POLICY_FAST_YAML)));
    const searches = (site: ForgeInstallation) =>
      site.stats.calls.filter((c) => c.operation === '/rest/api/3/search/jql' && c.status === 200);
    expect(searches(sb).length).toBeGreaterThan(0);
    expect(searches(other).length).toBeGreaterThan(0);
  });
});
