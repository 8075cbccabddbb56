/**
 * Months of finished requests before the sandbox opens, so the report page and the gadget show a trend with no
 * typing: each project gets a few issues per month from three organizations (one issue in four without one),
 * answered and resolved after varied delays, some late enough to breach. The app records their outcomes from the
 * same events it would get in Jira; nothing is written to the outcome table directly.
 */
import type { ForgeSandbox } from '../emulator';
import { PLAN_FIELD } from './site-view';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Issues per project and month. */
export const HISTORY_ISSUES_PER_MONTH = 4;
const ORGANIZATIONS = ['Acme Corp', 'Globex', 'Initech', null] as const;
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low'] as const;
/** Minutes to the first agent reply and to resolution, cycling (some breach even the loosest preset's targets). */
const REPLY_AFTER = [20, 45, 240, 30, 1_500, 90] as const;
const RESOLVE_AFTER = [180, 600, 2 * 24 * 60, 300, 9 * 24 * 60, 26 * 60, 5 * 24 * 60] as const;

export interface HistoryProject {
  key: string;
  plans: string[];
}

/** One timed action of the demo timeline. */
export interface TimedAction {
  at: number;
  run: () => void;
}

/** The first instant history needs (its oldest issue's creation, minus an hour): `months` × 31 days before `startMs`. */
export function historyStart(startMs: number, months: number): number {
  return startMs - months * 31 * DAY - 60 * MINUTE;
}

/**
 * The history's actions for `projects`: `months` months before `startMs`, HISTORY_ISSUES_PER_MONTH issues per project
 * and month, each created on a weekday-ish spread at 09:00–12:00 UTC, answered by the agent, then resolved.
 */
export function historyActions(
  site: ForgeSandbox['jira'],
  projects: readonly HistoryProject[],
  startMs: number,
  months: number,
): TimedAction[] {
  const actions: TimedAction[] = [];
  let n = 0;
  for (const project of projects) {
    for (let month = months; month >= 1; month -= 1) {
      for (let i = 0; i < HISTORY_ISSUES_PER_MONTH; i += 1) {
        const index = n;
        n += 1;
        const createdAt = startMs - month * 31 * DAY + (2 + i * 6) * DAY + (9 * 60 + (index % 4) * 45) * MINUTE;
        const organization = ORGANIZATIONS[index % ORGANIZATIONS.length]!;
        const plan = project.plans.length > 0 ? project.plans[index % project.plans.length] : undefined;
        let key: string | null = null;
        actions.push({
          at: createdAt,
          run: () => {
            key = site.createIssue('customer', {
              projectKey: project.key,
              summary: `Past request ${index + 1}: ${['login fails', 'slow dashboard', 'export broken', 'billing question'][index % 4]}`,
              description: 'A request from before the sandbox opened (report history).',
              priority: PRIORITIES[index % PRIORITIES.length]!,
              issueType: 'Incident',
              fields: {
                ...(organization ? { Organizations: [organization] } : {}),
                ...(plan ? { [PLAN_FIELD]: plan } : {}),
              },
            }).key;
          },
        });
        actions.push({
          at: createdAt + REPLY_AFTER[index % REPLY_AFTER.length]! * MINUTE,
          run: () => {
            if (key) site.comment('agent', key, 'Thanks, we are on it.');
          },
        });
        actions.push({
          at: createdAt + RESOLVE_AFTER[index % RESOLVE_AFTER.length]! * MINUTE,
          run: () => {
            if (key) site.resolve('agent', key);
          },
        });
      }
    }
  }
  return actions;
}
