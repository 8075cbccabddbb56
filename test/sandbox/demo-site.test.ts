/**
 * The demo site `npm start` opens on (issue 4, §3): projects on each of the five presets, customers on
 * different plans, and a few dozen issues whose SLAs are in varied states, all written by the app itself.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_ORGANIZATION } from '../../sandbox/demo-site';

jest.setTimeout(120_000);

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, build: false });
});

afterAll(async () => {
  await sandbox?.close();
});

interface SiteJson {
  projects: Array<{ key: string; plans: string[] }>;
  issues: Array<{
    key: string;
    projectKey: string;
    plan: string | null;
    status: string;
    slaStatus: string | null;
    escalation: string | null;
  }>;
}

async function site(): Promise<SiteJson> {
  const response = await fetch(`${sandbox.url}/api/site`);
  expect(response.status).toBe(200);
  return (await response.json()) as SiteJson;
}

it('has a project on each of the five presets, each policy in force, plus the built-in projects on the site default', async () => {
  const demo = sandbox.demo;
  if (!demo) throw new Error('no demo site');
  const presetProjects = demo.projects.filter((p) => p.presetId !== null);
  expect(new Set(presetProjects.map((p) => p.presetId)).size).toBe(5);
  const overview = (await sandbox.forge.invokeResolver(
    sandbox.modules.admin.moduleKey,
    'getAdminOverview',
    {},
    { accountId: 'admin' },
  )) as {
    site: { presetId?: string } | null;
    projects: Array<{ key: string; policy: { presetId?: string } | null }>;
  };
  expect(overview.site?.presetId).toBe(demo.siteDefaultPresetId);
  for (const project of presetProjects) {
    expect(overview.projects.find((p) => p.key === project.key)?.policy?.presetId).toBe(project.presetId);
  }
  expect(overview.projects.find((p) => p.key === 'SUP')?.policy).toBeNull();
});

it('has a few dozen issues from customers on different plans, whose SLAs are in varied states', async () => {
  const { issues } = await site();
  expect(issues.length).toBeGreaterThanOrEqual(24);
  expect(issues.length).toBe(sandbox.demo?.issueCount);
  const reporters = new Set(issues.map((i) => sandbox.forge.jira.findIssue(i.key)?.reporter));
  expect(reporters.size).toBeGreaterThanOrEqual(3);
  expect(new Set(issues.map((i) => i.plan).filter((p) => p !== null)).size).toBeGreaterThanOrEqual(3);
  // The app, not the seeding, wrote these: every issue under a policy carries the SLA status field.
  const states = new Set(issues.map((i) => i.slaStatus));
  for (const state of ['on track', 'at risk', 'paused', 'met', 'breached']) expect(states).toContain(state);
  expect(issues.some((i) => i.escalation !== null)).toBe(true);
  expect(issues.some((i) => i.status === 'Waiting for customer')).toBe(true);
  expect(issues.some((i) => i.status === 'Resolved')).toBe(true);
});

it('shows cycles on the cycles example project: a reopened issue in its second resolution cycle, a next reply in its second', async () => {
  const { issues } = await site();
  const keyOf = (summary: string) =>
    issues.find((i) => i.projectKey === 'CYC' && sandbox.forge.jira.findIssue(i.key)?.summary === summary)!.key;
  const metrics = async (key: string) => {
    const answer = (await sandbox.forge.invokeResolver(
      sandbox.modules.panel.moduleKey,
      'getSlaState',
      { issueKey: key },
      { accountId: 'agent', issueKey: key },
    )) as {
      state: { metrics: Array<{ id: string; cycle: number; status: string; pastCycles: Array<{ status: string }> }> };
    };
    return Object.fromEntries(answer.state.metrics.map((m) => [m.id, m]));
  };
  const reopened = await metrics(keyOf('Sync fixed, then failing again'));
  expect(reopened.resolution).toMatchObject({ cycle: 2, pastCycles: [{ status: 'met' }] });
  expect(['running', 'paused', 'breached']).toContain(reopened.resolution!.status);
  const followUp = await metrics(keyOf('Follow-up questions about the migration'));
  expect(followUp.nextReply).toMatchObject({ cycle: 2, pastCycles: [{ status: 'met' }] });
});

it("answers a Jira-side refusal (an unknown status) with Jira's status and message, and a bad request with 400", async () => {
  const { issues } = await site();
  const key = issues[0]!.key;
  const unknown = await fetch(`${sandbox.url}/api/issues/${key}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'Teleported' }),
  });
  expect(unknown.status).toBe(400);
  expect(await unknown.json()).toEqual({ ok: false, error: 'Status Teleported does not exist.' });
  const missing = await fetch(`${sandbox.url}/api/issues/${key}/comment`, { method: 'POST', body: '{}' });
  expect(missing.status).toBe(400);
  expect(((await missing.json()) as { error: string }).error).toBe('"body" is required.');
  // Actions are made as any person on the site; Jira decides what they may do.
  const post = (as: string) =>
    fetch(`${sandbox.url}/api/issues/${key}/comment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Hello', as }),
    });
  expect((await post('nobody')).status).toBe(400);
  expect((await post('outsider')).status).toBe(404);
  expect((await post('admin')).status).toBe(200);
});

it('shows a notified escalation and an acknowledged one in the Batoi project (the directory demo)', async () => {
  const { notificationsOf } = await import('../../emulator/jira/notify');
  const project = sandbox.demo!.projects.find((p) => p.presetId?.startsWith('batoi'))!;
  const mails = notificationsOf(sandbox.forge.jira).filter((mail) => mail.issueKey.startsWith(`${project.key}-`));
  expect(mails.length).toBeGreaterThan(0);
  // Each issue and level was e-mailed once.
  const once = new Set(mails.map((mail) => `${mail.issueKey}|${mail.subject}`));
  expect(once.size).toBe(mails.length);
  // Two levels acknowledged: one by the directory demo, one in the incident report demo's story
  // (sandbox/incident-demo.ts); the BytezTech request demo's acknowledgement is of a request, not a level.
  const acknowledged = [...sandbox.forge.kvs.keys()].filter((key) => /^ladder:\d+:ack:(?!request:)/.test(key));
  expect(acknowledged).toHaveLength(2);
  const notifiedKey = mails[0]!.issueKey;
  const view = (await sandbox.forge.invokeResolver(
    sandbox.modules.panel.moduleKey,
    'getLadder',
    { issueKey: notifiedKey },
    { accountId: 'agent', issueKey: notifiedKey },
  )) as { ladder: { level: number; people: Array<{ displayName: string }>; audit: unknown[] } | null };
  expect(view.ladder?.level).toBeGreaterThan(0);
  expect(view.ladder?.audit.length).toBeGreaterThan(0);
});

it('shows an escalation request waiting for its acknowledgement and an acknowledged one in the BytezTech project', async () => {
  const requests = sandbox.demo!.requests!;
  const ladder = async (issueKey: string) =>
    (
      (await sandbox.forge.invokeResolver(
        sandbox.modules.panel.moduleKey,
        'getLadder',
        { issueKey },
        { accountId: 'agent', issueKey },
      )) as {
        ladder: { requests: Array<{ metricId: string; canAcknowledge: boolean; acknowledged: { accountId: string } | null }> };
      }
    ).ladder.requests;
  expect(await ladder(requests.waiting)).toMatchObject([{ metricId: 'escalationAck', canAcknowledge: true, acknowledged: null }]);
  expect(await ladder(requests.acknowledged)).toMatchObject([
    { metricId: 'escalationAck', canAcknowledge: false, acknowledged: { accountId: 'agent' } },
  ]);
  expect([...sandbox.forge.kvs.keys()].filter((key) => /^ladder:\d+:ack:request:escalationAck:1$/.test(key))).toHaveLength(1);
});

it('seeds an over-budget request and one from a reporter who is not a registered person in the B2Bee project', async () => {
  const bee = sandbox.demo!.projects.find((project) => project.presetId === 'b2bee')!;
  const keys = (await site()).issues.filter((issue) => issue.projectKey === bee.key).map((issue) => issue.key);
  const flags = keys.map((key) => String(sandbox.forge.jira.appFieldValue(key, 'sla-entitlement')));
  expect(flags.some((flag) => flag.includes('over plan'))).toBe(true);
  expect(flags.some((flag) => flag.includes('not registered'))).toBe(true);
  const usage = (await sandbox.forge.invokeResolver(
    sandbox.modules.admin.moduleKey,
    'getEntitlementUsage',
    { scope: { kind: 'project', projectKey: bee.key } },
    { accountId: 'admin' },
  )) as { organizations: Array<{ organization: string; quotas: Array<{ used: number }> }> };
  expect(usage.organizations.map((row) => row.organization)).toEqual([DEMO_ORGANIZATION]);
  expect(usage.organizations[0]!.quotas[0]!.used).toBeGreaterThan(1);
});
