/**
 * The sandbox's escalation directory demo (issue 10): the Batoi project gets a directory (the assignee and the
 * batoi-support group on the first rung, a named account manager, an executive), its open issues are assigned to
 * the agent, and the recomputation that the save queues notifies each escalated issue's current rung once. The
 * first notified issue is then acknowledged from the panel, so `npm start` shows a notified escalation and an
 * acknowledged one without typing anything (docs/ui.md).
 */
import type { ForgeSandbox } from '../emulator';
import { assignIssue, notificationsOf, setGroup } from '../emulator/jira/notify';
import type { ListPresetsOk } from '../src/contracts/resolvers';
import type { DemoProject } from './demo-site';
import type { UiModules } from './manifest-modules';

export const LADDER_DEMO_DIRECTORY = `
# Sandbox only: the people of each Batoi rung (docs/policy.md, "Directory").
directory:
  rungs:
    - level: support-team
      people: [{ role: assignee }, { group: batoi-support }]
    - level: account-manager
      people: [{ accountId: am-batoi }]
    - level: executive
      people: [{ accountId: exec-batoi }]
  warnBeforeBreach: { atPercent: 75, notify: assignee }
`;

export interface LadderDemo {
  projectKey: string;
  /** issues the demo created (one: the P1 on the first rung) */
  created: number;
  notified: string[];
  acknowledged: string | null;
}

/** Adds the directory demo to the Batoi project of a seeded demo site; null when there is none. */
export async function seedLadderDemo(
  forge: ForgeSandbox,
  modules: UiModules,
  projects: readonly DemoProject[],
): Promise<LadderDemo | null> {
  const project = projects.find((candidate) => candidate.presetId?.startsWith('batoi'));
  if (!project?.presetId) return null;
  const site = forge.jira;
  for (const [accountId, displayName] of [
    ['am-batoi', 'Avery Account-Manager'],
    ['exec-batoi', 'Eli Executive'],
  ] as const) {
    if (!site.users.has(accountId)) site.addUser({ accountId, displayName, role: 'agent' });
  }
  setGroup(site, 'batoi-support', ['agent', 'agent-apac']);
  const admin = { accountId: 'admin' };
  const presets = ((await forge.invokeResolver(modules.admin.moduleKey, 'listPresets', {}, admin)) as ListPresetsOk).presets;
  const preset = presets.find((candidate) => candidate.id === project.presetId);
  if (!preset) return null;
  // A P1 raised 4h45m of business time ago (Batoi's calendar is 06:00–16:00 UTC every day): on the first rung, whose
  // people include its assignee, Alex Agent, who can acknowledge it in the panel.
  const now = forge.clock.now();
  forge.clock.set(new Date(now - 285 * 60_000).toISOString());
  site.createIssue('customer', {
    projectKey: project.key,
    summary: 'Checkout fails for every customer',
    priority: 'Highest',
    issueType: 'Incident',
  });
  await forge.deliverEvents();
  forge.clock.set(new Date(now).toISOString());
  const keys: string[] = [];
  for (let number = 1, misses = 0; misses < 5; number += 1) {
    const issue = site.findIssue(`${project.key}-${number}`);
    if (!issue) {
      misses += 1;
      continue;
    }
    keys.push(issue.key);
    if (issue.resolution === null) assignIssue(site, issue.key, 'agent');
  }
  const saved = (await forge.invokeResolver(
    modules.admin.moduleKey,
    'savePolicy',
    { scope: { kind: 'project', projectKey: project.key }, source: `${preset.source}${LADDER_DEMO_DIRECTORY}`, presetId: preset.id },
    admin,
  )) as { ok: boolean };
  if (!saved.ok) throw new Error('The sandbox could not save the Batoi directory demo.');
  await forge.drainQueues();
  const notified = [...new Set(notificationsOf(site).map((mail) => mail.issueKey))].filter((key) => keys.includes(key));
  // The highest escalation is acknowledged by its rung; the others wait for someone to do it in the panel.
  const views: Array<{ key: string; level: number; levelId: string; cycle: number; person: string }> = [];
  for (const key of notified) {
    const view = (await forge.invokeResolver(
      modules.panel.moduleKey,
      'getLadder',
      { issueKey: key },
      { accountId: 'agent', issueKey: key },
    )) as {
      ladder: { level: number; levelId: string | null; cycle: number; people: Array<{ accountId: string }> } | null;
    };
    const person = view.ladder?.people[0]?.accountId;
    if (view.ladder && view.ladder.levelId !== null && person !== undefined) {
      views.push({ key, level: view.ladder.level, levelId: view.ladder.levelId, cycle: view.ladder.cycle, person });
    }
  }
  const highest = views.sort((a, b) => b.level - a.level)[0];
  let acknowledged: string | null = null;
  if (highest) {
    const answer = (await forge.invokeResolver(
      modules.panel.moduleKey,
      'acknowledgeLevel',
      { issueKey: highest.key, levelId: highest.levelId, cycle: highest.cycle },
      { accountId: highest.person, issueKey: highest.key },
    )) as { ok: boolean };
    if (answer.ok) acknowledged = highest.key;
  }
  return { projectKey: project.key, created: 1, notified, acknowledged };
}
