/**
 * The sandbox's incident report demo (issue 11): a Batoi P1 raised the afternoon before the opening whose story
 * fills an incident report without typing: answered within 15 minutes, waiting for the customer over the night
 * (a pause across the calendar's closing), back with support in the morning, its 4h ladder level reached, the
 * rung notified (an agent's internal note makes the app evaluate it then) and the level acknowledged by Alex Agent
 * from the panel, then In Progress. Runs after the directory demo (./ladder-demo.ts), whose save gives Batoi its
 * directory.
 */
import type { ForgeSandbox } from '../emulator';
import { assignIssue } from '../emulator/jira/notify';
import type { UiModules } from './manifest-modules';

export const INCIDENT_DEMO_SUMMARY = 'Payment gateway times out for card payments';

const MINUTE = 60_000;

/** Creates the demo incident in `projectKey`, its story told on the day before and the day of the opening; returns its key. */
export async function seedIncidentDemo(forge: ForgeSandbox, modules: UiModules, projectKey: string): Promise<string> {
  const site = forge.jira;
  const now = forge.clock.now();
  // The day before the opening at 14:00 UTC; the sandbox opens at 14:30, so the story ends before then.
  const day = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const at = (dayOffset: number, hours: number, minutes = 0) => day + dayOffset * 24 * 60 * MINUTE + (hours * 60 + minutes) * MINUTE;
  const step = async (ms: number, act: () => unknown) => {
    forge.clock.set(new Date(ms).toISOString());
    act();
    await forge.deliverEvents();
  };
  let key = '';
  await step(at(-1, 14), () => {
    key = site.createIssue('customer', { projectKey, summary: INCIDENT_DEMO_SUMMARY, priority: 'Highest', issueType: 'Incident' }).key;
    assignIssue(site, key, 'agent');
  });
  await step(at(-1, 14, 15), () => site.comment('agent', key, 'We are looking into the gateway timeouts now.'));
  await step(at(-1, 15), () => site.transition('agent', key, 'Waiting for customer'));
  await step(at(0, 7), () => {
    site.comment('customer', key, 'The timeouts are still happening this morning; logs attached.');
    site.transition('customer', key, 'Waiting for support');
  });
  // Level 1 (4h) is reached at 10:00: 1h on the first afternoon, 3h this morning. An internal note at 10:10 has the
  // app evaluate the issue, which notifies the rung.
  await step(at(0, 10, 10), () => site.comment('agent', key, 'Escalating to the support team.', { public: false }));
  await forge.drainQueues();
  forge.clock.set(new Date(at(0, 10, 30)).toISOString());
  const ladder = (await forge.invokeResolver(
    modules.panel.moduleKey,
    'getLadder',
    { issueKey: key },
    { accountId: 'agent', issueKey: key },
  )) as {
    ladder: { levelId: string | null; cycle: number } | null;
  };
  if (ladder.ladder?.levelId) {
    await forge.invokeResolver(
      modules.panel.moduleKey,
      'acknowledgeLevel',
      { issueKey: key, levelId: ladder.ladder.levelId, cycle: ladder.ladder.cycle },
      { accountId: 'agent', issueKey: key },
    );
  }
  await step(at(0, 11), () => site.transition('agent', key, 'In Progress'));
  forge.clock.set(new Date(now).toISOString());
  return key;
}
