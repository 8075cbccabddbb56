/**
 * The sandbox's demo site: one project per preset (each policy saved through the real savePolicy resolver as
 * the admin), the built-in projects on the site default, customers on different plans, and a few dozen issues
 * taken through a few days of history so their SLAs are in varied states when the sandbox opens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedIncidentDemo } from './incident-demo';
import { seedLadderDemo } from './ladder-demo';
import { seedRequestDemo, type RequestDemo } from './request-demo';
import type { ForgeSandbox } from '../emulator';
import type { ListPresetsOk, ResolverError, ValidatePolicyOk } from '../src/contracts/resolvers';
import type { UiModules } from './manifest-modules';
import { PLAN_FIELD } from './site-view';
import { REPO_ROOT } from './ui-server';

/**
 * A project on the policy docs/policy.md explains cycles with (docs/examples/cycles-policy.yaml: resolution again on
 * reopen, next reply, periodic update), so a new user sees every kind of cycle whatever the presets imply.
 */
export const CYCLES_PROJECT = { key: 'CYC', name: 'Cycles example', policyPath: join('docs', 'examples', 'cycles-policy.yaml') };
import { historyActions, historyStart } from './demo-history';

const MINUTE = 60_000;

export interface DemoProject {
  key: string;
  name: string;
  presetId: string | null;
  plans: string[];
}

export interface DemoSite {
  projects: DemoProject[];
  siteDefaultPresetId: string;
  issueCount: number;
  /** the escalation requests seeded in the BytezTech project (./request-demo.ts), null without that project */
  requests: RequestDemo | null;
  /** The issue whose incident report the demo fills (./incident-demo.ts); null without the Batoi project. */
  incidentKey: string | null;
}

/** Short project keys for the five seed presets (by id prefix); others get letters of their id. */
const KEY_BY_PRESET_PREFIX: Array<[string, string]> = [
  ['batoi', 'BAT'],
  ['businessmap', 'BMP'],
  ['byteztech', 'BYT'],
  ['b2bee', 'BEE'],
  ['essensys', 'ESS'],
];

export function projectKeyForPreset(presetId: string, taken: ReadonlySet<string>): string {
  const known = KEY_BY_PRESET_PREFIX.find(([prefix]) => presetId.startsWith(prefix))?.[1];
  let base =
    known ??
    (presetId
      .replace(/[^a-z]/gi, '')
      .slice(0, 3)
      .toUpperCase() ||
      'PRJ');
  if (!/^[A-Z]/.test(base)) base = `P${base}`;
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}${n}`;
  return key;
}

function unwrap<T>(answer: unknown, what: string): T {
  if (typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false) {
    throw new Error(`${what} failed: ${(answer as ResolverError).message}`);
  }
  return answer as T;
}

/** One issue of the demo story: created `ageMinutes` before the sandbox's start instant, then acted on. */
interface Story {
  summary: string;
  priority: string;
  ageMinutes: number;
  /** actions at minutes after creation */
  steps: Array<{ after: number; act: 'agent-comment' | 'customer-comment' | 'wait-customer' | 'in-progress' | 'resolve' | 'reopen' }>;
}

const STORIES: Story[] = [
  { summary: 'Production outage: checkout is down for all users', priority: 'Highest', ageMinutes: 26 * 60, steps: [] },
  {
    summary: 'Cannot log in after password reset',
    priority: 'High',
    ageMinutes: 30 * 60,
    steps: [
      { after: 20, act: 'agent-comment' },
      { after: 45, act: 'wait-customer' },
    ],
  },
  {
    summary: 'Report export shows wrong totals',
    priority: 'Medium',
    ageMinutes: 50 * 60,
    steps: [
      { after: 30, act: 'agent-comment' },
      { after: 60, act: 'in-progress' },
    ],
  },
  { summary: 'API returns 500 on large uploads', priority: 'High', ageMinutes: 3 * 60, steps: [] },
  {
    summary: 'Question about invoice layout',
    priority: 'Low',
    ageMinutes: 48 * 60,
    steps: [
      { after: 60, act: 'agent-comment' },
      { after: 120, act: 'customer-comment' },
      { after: 180, act: 'resolve' },
    ],
  },
  { summary: 'Typo on the settings page', priority: 'Lowest', ageMinutes: 20, steps: [] },
  // Cycles (docs/policy.md): resolved, then reopened by the customer a day later, so resolution runs a second cycle.
  {
    summary: 'Sync fixed, then failing again',
    priority: 'High',
    ageMinutes: 28 * 60,
    steps: [
      { after: 20, act: 'agent-comment' },
      { after: 120, act: 'resolve' },
      { after: 24 * 60, act: 'customer-comment' },
      { after: 24 * 60 + 1, act: 'reopen' },
    ],
  },
  // A customer who keeps writing: answered once, then two unanswered comments, so next reply runs its second cycle.
  {
    summary: 'Follow-up questions about the migration',
    priority: 'Medium',
    ageMinutes: 5 * 60,
    steps: [
      { after: 15, act: 'customer-comment' },
      { after: 60, act: 'agent-comment' },
      { after: 200, act: 'customer-comment' },
      { after: 215, act: 'customer-comment' },
    ],
  },
];

/**
 * The JSM organization of the B2Bee project's requests, with one registered person (Casey): its requests count
 * against the plan's monthly credits and day limit, and those of Dana and Lee come from persons not registered, so
 * the panel and the admin usage table show an over-budget request and an unregistered reporter (docs/ui.md).
 */
export const DEMO_ORGANIZATION = 'Acme d.o.o.';

/** Extra customers, so issues come from different people on different plans. */
const CUSTOMERS = [
  { accountId: 'customer', displayName: 'Casey Customer' },
  { accountId: 'dana-acme', displayName: 'Dana (Acme Corp)' },
  { accountId: 'lee-globex', displayName: 'Lee (Globex)' },
];

export interface SeedOptions {
  /** The instant the sandbox opens at (ms); history is laid out before it. */
  startMs: number;
  /** Preset used as the site default (the built-in SUP and OPS projects follow it). */
  siteDefaultPresetId?: string;
  /** Months of finished requests before `startMs` for the reports (demo-history.ts); default 0. */
  historyMonths?: number;
}

/** Builds the demo site on a fresh ForgeSandbox; leaves the clock at `startMs`. */
export async function seedDemoSite(forge: ForgeSandbox, modules: UiModules, options: SeedOptions): Promise<DemoSite> {
  const admin = { accountId: 'admin' };
  const site = forge.jira;
  for (const c of CUSTOMERS) {
    if (!site.users.has(c.accountId)) site.addUser({ ...c, role: 'customer' });
  }
  // A second agent whose Jira profile is in another zone: the SLA panel prints times in the viewer's zone.
  if (!site.users.has('agent-apac'))
    site.addUser({ accountId: 'agent-apac', displayName: 'Priya Agent (Kolkata)', role: 'agent', timeZone: 'Asia/Kolkata' });
  const call = (name: string, payload: unknown) => forge.invokeResolver(modules.admin.moduleKey, name, payload, admin);

  const presets = unwrap<ListPresetsOk>(await call('listPresets', {}), 'listPresets').presets;
  if (presets.length === 0) throw new Error('No presets: run npm run build first.');
  const siteDefault =
    presets.find((p) => p.id === options.siteDefaultPresetId) ?? presets.find((p) => p.id.startsWith('byteztech')) ?? presets[0]!;

  // History starts before the oldest story so every clock has run for a while.
  const oldest = Math.max(...STORIES.map((s) => s.ageMinutes));
  const historyMonths = options.historyMonths ?? 0;
  const firstMs = Math.min(
    options.startMs - (oldest + 60) * MINUTE,
    historyMonths > 0 ? historyStart(options.startMs, historyMonths) : Infinity,
  );
  forge.clock.set(new Date(firstMs).toISOString());

  unwrap(await call('savePolicy', { scope: { kind: 'site' }, source: siteDefault.source, presetId: siteDefault.id }), 'savePolicy(site)');

  const projects: DemoProject[] = [];
  const taken = new Set(site.projects.keys());
  for (const preset of presets) {
    const key = projectKeyForPreset(preset.id, taken);
    taken.add(key);
    site.addProject({ key, name: preset.name.replace(/ support policy$/i, '').slice(0, 60) });
    unwrap(
      await call('savePolicy', { scope: { kind: 'project', projectKey: key }, source: preset.source, presetId: preset.id }),
      `savePolicy(${key})`,
    );
    const summary = unwrap<ValidatePolicyOk>(await call('validatePolicy', { source: preset.source }), 'validatePolicy').summary;
    projects.push({ key, name: preset.name, presetId: preset.id, plans: summary?.plans ?? [] });
  }
  const cyclesSource = readFileSync(join(REPO_ROOT, CYCLES_PROJECT.policyPath), 'utf8');
  if (!taken.has(CYCLES_PROJECT.key)) {
    site.addProject({ key: CYCLES_PROJECT.key, name: CYCLES_PROJECT.name });
    const scope = { kind: 'project', projectKey: CYCLES_PROJECT.key };
    unwrap(await call('savePolicy', { scope, source: cyclesSource }), `savePolicy(${CYCLES_PROJECT.key})`);
    const summary = unwrap<ValidatePolicyOk>(await call('validatePolicy', { source: cyclesSource }), 'validatePolicy').summary;
    projects.push({ key: CYCLES_PROJECT.key, name: CYCLES_PROJECT.name, presetId: null, plans: summary?.plans ?? [] });
  }
  const siteSummary = unwrap<ValidatePolicyOk>(await call('validatePolicy', { source: siteDefault.source }), 'validatePolicy').summary;
  for (const key of ['SUP', 'OPS']) {
    const project = site.projects.get(key);
    if (project) projects.push({ key, name: project.name, presetId: null, plans: siteSummary?.plans ?? [] });
  }

  unwrap(await call('saveRegisteredPersons', { organization: DEMO_ORGANIZATION, accountIds: ['customer'] }), 'saveRegisteredPersons');

  // Lay every action of every story on one timeline and play it in order.
  type Action = { at: number; run: () => void };
  const actions: Action[] = [];
  const created = new Map<string, string>();
  let storyIndex = 0;
  for (const project of projects) {
    const stories = project.presetId === null && project.key !== CYCLES_PROJECT.key ? STORIES.slice(0, 3) : STORIES;
    for (const story of stories) {
      const id = `${project.key}:${story.summary}`;
      // Acme d.o.o. is on B2Bee's Basic plan (one credit a month), so its month goes over plan.
      const plan =
        project.presetId === 'b2bee' ? 'basic' : project.plans.length > 0 ? project.plans[storyIndex % project.plans.length] : undefined;
      const customer = CUSTOMERS[storyIndex % CUSTOMERS.length]!.accountId;
      storyIndex += 1;
      const createdAt = options.startMs - story.ageMinutes * MINUTE;
      actions.push({
        at: createdAt,
        run: () => {
          const issue = site.createIssue(customer, {
            projectKey: project.key,
            summary: story.summary,
            description: `${story.summary}. Reported through the portal.`,
            priority: story.priority,
            issueType: 'Incident',
            fields: {
              ...(plan ? { [PLAN_FIELD]: plan } : {}),
              ...(project.presetId === 'b2bee' ? { Organizations: [DEMO_ORGANIZATION] } : {}),
            },
          });
          created.set(id, issue.key);
        },
      });
      for (const step of story.steps) {
        actions.push({
          at: createdAt + step.after * MINUTE,
          run: () => {
            const key = created.get(id);
            if (!key) return;
            if (step.act === 'agent-comment') site.comment('agent', key, 'Thanks for reporting this. We are looking into it now.');
            else if (step.act === 'customer-comment') site.comment(customer, key, 'Here are the details you asked for.');
            else if (step.act === 'wait-customer') site.transition('agent', key, 'Waiting for customer');
            else if (step.act === 'in-progress') site.transition('agent', key, 'In Progress');
            else if (step.act === 'reopen') site.transition('agent', key, 'Waiting for support');
            else site.resolve('agent', key);
          },
        });
      }
    }
  }
  if (historyMonths > 0) actions.push(...historyActions(site, projects, options.startMs, historyMonths));
  actions.sort((a, b) => a.at - b.at);
  for (const action of actions) {
    if (action.at > forge.clock.now()) forge.clock.set(new Date(action.at).toISOString());
    action.run();
    await forge.deliverEvents();
  }
  await forge.drainQueues();
  forge.clock.set(new Date(options.startMs).toISOString());
  await forge.runScheduledTrigger('sla-sweep');
  await forge.drainQueues();
  await forge.deliverEvents();
  const ladder = await seedLadderDemo(forge, modules, projects); // a notified and an acknowledged escalation (./ladder-demo.ts)
  const requests = await seedRequestDemo(forge, modules, projects); // a waiting and an acknowledged request (./request-demo.ts)
  // An incident whose report is rich: a night's pause, a notified and acknowledged level (./incident-demo.ts).
  const incidentKey = ladder ? await seedIncidentDemo(forge, modules, ladder.projectKey) : null;
  return {
    projects,
    siteDefaultPresetId: siteDefault.id,
    issueCount: created.size + (ladder?.created ?? 0) + (requests ? 2 : 0) + (incidentKey ? 1 : 0),
    requests,
    incidentKey,
  };
}
