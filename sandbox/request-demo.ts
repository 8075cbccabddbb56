/**
 * The sandbox's escalation-request demo (issue 10, time to acknowledge): in the BytezTech project, whose preset
 * stops `escalationAck` on an acknowledgement from the panel, two issues assigned to Alex Agent get the label
 * `escalation-requested` an hour ago; the second is acknowledged in the panel, the first waits. So `npm start`
 * shows "Escalation requested … — Acknowledge request" and an acknowledged request without typing (docs/ui.md).
 */
import type { ForgeSandbox } from '../emulator';
import { assignIssue } from '../emulator/jira/notify';
import type { DemoProject } from './demo-site';
import type { UiModules } from './manifest-modules';

export interface RequestDemo {
  projectKey: string;
  /** the request waiting for an acknowledgement */
  waiting: string;
  /** the request acknowledged in the panel */
  acknowledged: string;
}

/** Adds the two escalation requests to the BytezTech project of a seeded demo site; null when there is none. */
export async function seedRequestDemo(
  forge: ForgeSandbox,
  modules: UiModules,
  projects: readonly DemoProject[],
): Promise<RequestDemo | null> {
  const project = projects.find((candidate) => candidate.presetId?.startsWith('byteztech'));
  if (!project) return null;
  const site = forge.jira;
  const now = forge.clock.now();
  const keys: string[] = [];
  forge.clock.set(new Date(now - 90 * 60_000).toISOString());
  for (const summary of ['Invoices show the wrong tax rate: please escalate', 'Export to CSV has failed since Monday: escalated']) {
    const key = site.createIssue('customer', { projectKey: project.key, summary, priority: 'High' }).key;
    assignIssue(site, key, 'agent');
    keys.push(key);
  }
  await forge.deliverEvents();
  // The customer asks in the ticket; the agent marks the request with the label the preset starts on.
  forge.clock.set(new Date(now - 60 * 60_000).toISOString());
  for (const key of keys) site.setLabels('agent', key, ['escalation-requested']);
  await forge.deliverEvents();
  forge.clock.set(new Date(now - 20 * 60_000).toISOString());
  const [waiting, acknowledged] = keys as [string, string];
  const answer = (await forge.invokeResolver(
    modules.panel.moduleKey,
    'acknowledgeRequest',
    { issueKey: acknowledged, metricId: 'escalationAck', cycle: 1 },
    { accountId: 'agent', issueKey: acknowledged },
  )) as { ok: boolean; message?: string };
  forge.clock.set(new Date(now).toISOString());
  if (!answer.ok) throw new Error(`The sandbox could not acknowledge its escalation request: ${answer.message ?? ''}`);
  return { projectKey: project.key, waiting, acknowledged };
}
