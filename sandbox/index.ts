/**
 * `startSandbox()`: the Jira emulator and Forge runtime shim (emulator/) with a demo site, behind an HTTP server
 * on 127.0.0.1 that serves a Jira-like issue view and admin page with the real Custom UI bundles in iframes.
 * The bundles' @forge/bridge reaches the real resolver handler through the shim's invokeResolver, as the user
 * chosen on the page. Actions on the page (create, comment, status, priority, plan, clock) go to the emulated
 * site as users; the app then sees the same events it would in Jira.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GadgetConfigurations, startForgeSandbox, type ForgeSandbox } from '../emulator';
import { Router } from '../emulator/router';
import { buildStaticBundles } from './build';
import { seedDemoSite, type DemoSite } from './demo-site';
import { readUiModules, type UiModules } from './manifest-modules';
import { issueDetail, issueRow, PLAN_FIELD, POLICY_FIELDS } from './site-view';
import { HttpError, readJson, routesOf, sendJson, sendText, startUiServer, type BridgeCall, type UiHandler } from './ui-server';

/** Default port of `npm start` (override with PORT). */
export const DEFAULT_PORT = 4610;
/** Default opening instant: a Wednesday afternoon (UTC) so business-hours clocks are mid-week. */
export const DEFAULT_START = '2026-03-04T14:30:00.000Z';

export interface SandboxOptions {
  /** 0 picks a free port (tests). Default DEFAULT_PORT. */
  port?: number;
  host?: string;
  /** Opening instant of the sandbox clock (ISO). */
  now?: string;
  /** Build static/<app>/dist first (default true). */
  build?: boolean;
  /** Seed the demo site (default true). */
  seed?: boolean;
  /** Months of finished requests before `now` for the report page and gadget (default 0; `npm start` asks for 3). */
  historyMonths?: number;
}

export interface Sandbox {
  url: string;
  port: number;
  forge: ForgeSandbox;
  modules: UiModules;
  demo: DemoSite | null;
  /** the dashboard gadgets' saved configurations (what their edit views submitted) */
  gadgets: GadgetConfigurations;
  close(): Promise<void>;
}

/** Users the page can view the apps as (the resolvers decide what each may see). */
export const VIEWERS = ['agent', 'agent-apac', 'admin', 'outsider', 'customer'] as const;
const CLOCK_STEPS: Record<string, number> = { '15m': 15 * 60_000, '1h': 3_600_000, '1d': 86_400_000 };

function str(body: Record<string, unknown>, name: string, fallback?: string): string {
  const value = body[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (fallback !== undefined) return fallback;
  throw new HttpError(400, `"${name}" is required.`);
}

/** The user an action on the page is made as: any person on the site (Jira itself refuses what they may not do). */
function actor(site: ForgeSandbox['jira'], body: Record<string, unknown>, fallback: string): string {
  const as = str(body, 'as', fallback);
  const role = site.users.get(as)?.role;
  if (role === undefined || role === 'app') throw new HttpError(400, `Unknown user "${as}".`);
  return as;
}

/** Starts the sandbox; resolves when it serves. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  if (options.build !== false) await buildStaticBundles();
  const modules = readUiModules();
  const startMs = Date.parse(options.now ?? DEFAULT_START);
  const forge = await startForgeSandbox({ now: new Date(startMs).toISOString(), validateAgainstSpec: true });
  let demo: DemoSite | null = null;
  try {
    if (options.seed !== false) demo = await seedDemoSite(forge, modules, { startMs, historyMonths: options.historyMonths ?? 0 });
  } catch (error) {
    await forge.close();
    throw error;
  }

  // The platform's share of the work (events to triggers, queued messages to consumers, the sweep) runs one
  // batch at a time, in order, as Forge would run it after the action that caused it.
  let platform: Promise<void> = Promise.resolve();
  const onPlatform = (work: () => Promise<void>): Promise<void> => {
    const next = platform.then(work);
    platform = next.catch((error: unknown) => {
      process.stderr.write(`sandbox: platform work failed: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    return next;
  };
  const settle = () =>
    onPlatform(async () => {
      await forge.deliverEvents();
      await forge.drainQueues();
    });

  const invoke = async (call: BridgeCall) => {
    const answer = await forge.invokeResolver(call.moduleKey, call.functionKey, call.payload, {
      accountId: call.accountId,
      ...(call.issueKey ? { issueKey: call.issueKey } : {}),
      ...(call.projectKey ? { projectKey: call.projectKey } : {}),
    });
    // A resolver may have queued work (a saved policy's recompute): consumers run after it answers.
    void settle().catch(() => undefined);
    return answer;
  };

  const pageFile = (name: string) => readFile(join(__dirname, 'assets', name), 'utf8');

  const siteJson = () => ({
    now: new Date(forge.clock.now()).toISOString(),
    modules,
    viewers: VIEWERS,
    users: [...forge.jira.users.values()]
      .filter((u) => u.role !== 'app')
      .map((u) => ({ accountId: u.accountId, displayName: u.displayName, role: u.role, timeZone: u.timeZone ?? null })),
    projects: [...forge.jira.projects.values()].map((p) => ({
      key: p.key,
      name: p.name,
      plans: demo?.projects.find((d) => d.key === p.key)?.plans ?? [],
    })),
    statuses: forge.jira.statuses.map((s) => s.name),
    priorities: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
    issues: [...forge.jira.issueList].reverse().map((issue) => issueRow(forge.jira, issue)),
  });

  const requireIssue = (key: string) => {
    const issue = forge.jira.findIssue(key);
    if (!issue) throw new HttpError(404, `Issue ${key} does not exist.`);
    return issue;
  };

  const gadgets = new GadgetConfigurations(forge.manifest.resolverModules);

  const html =
    (name: string): UiHandler =>
    async (_req, res) => {
      sendText(res, 200, 'text/html; charset=utf-8', await pageFile(name));
      return true;
    };
  const router = new Router<UiHandler>()
    .add('GET', '/', html('issue-view.html'))
    .add('GET', '/index.html', html('issue-view.html'))
    .add('GET', '/admin', html('admin.html'))
    .add('GET', '/reports', html('reports.html'))
    // The report's issue links (siteUrl/browse/KEY, as in Jira) open the sandbox's issue view.
    .add('GET', '/browse/{key}', async (_req, res, [key]) => {
      res.writeHead(302, { location: `/?issue=${encodeURIComponent(requireIssue(key!).key)}` });
      res.end();
      return true;
    })
    // The gadget host: its saved configuration (extension.gadgetConfiguration) and its edit view's view.submit.
    .add('POST', '/bridge/gadget-configuration', async (req, res) => {
      const body = await readJson(req);
      sendJson(res, 200, { configuration: gadgets.get(str(body, 'moduleKey'), str(body, 'gadgetId')) });
      return true;
    })
    .add('POST', '/bridge/submit', async (req, res) => {
      const body = await readJson(req);
      const entryPoint = typeof body.entryPoint === 'string' ? body.entryPoint : null;
      gadgets.submit(str(body, 'moduleKey'), str(body, 'gadgetId'), entryPoint, body.payload);
      sendJson(res, 200, { ok: true });
      return true;
    })
    .add('GET', '/api/site', async (_req, res) => {
      sendJson(res, 200, siteJson());
      return true;
    })
    .add('GET', '/api/issues/{key}', async (_req, res, [key]) => {
      sendJson(res, 200, issueDetail(forge.jira, requireIssue(key!)));
      return true;
    })
    .add('POST', '/api/issues', async (req, res) => {
      const body = await readJson(req);
      const projectKey = str(body, 'projectKey');
      const plan = typeof body.plan === 'string' && body.plan !== '' ? body.plan : null;
      const issue = forge.jira.createIssue(actor(forge.jira, body, 'customer'), {
        projectKey,
        summary: str(body, 'summary'),
        description: str(body, 'description', ''),
        priority: str(body, 'priority', 'Medium'),
        issueType: 'Incident',
        ...(plan ? { fields: { [PLAN_FIELD]: plan } } : {}),
      });
      await settle();
      sendJson(res, 200, { key: issue.key });
      return true;
    })
    .add('POST', '/api/issues/{key}/{action}', async (req, res, [issueKey, action]) => {
      const body = await readJson(req);
      const key = requireIssue(issueKey!).key;
      switch (action) {
        case 'comment':
          forge.jira.comment(actor(forge.jira, body, 'agent'), key, str(body, 'body'), { public: body.public !== false });
          break;
        case 'status':
          forge.jira.transition(actor(forge.jira, body, 'agent'), key, str(body, 'status'));
          break;
        case 'priority':
          forge.jira.setPriority(actor(forge.jira, body, 'agent'), key, str(body, 'priority'));
          break;
        case 'plan':
          forge.jira.setField(actor(forge.jira, body, 'agent'), key, PLAN_FIELD, str(body, 'plan', '') || null);
          break;
        case 'field': {
          const name = str(body, 'field');
          if (!POLICY_FIELDS.some((field) => field.name === name)) {
            throw new HttpError(400, `"field" must be one of ${POLICY_FIELDS.map((field) => field.name).join(', ')}.`);
          }
          const value = str(body, 'value', '');
          // Organizations is a list in Jira: names separated by commas.
          const parsed =
            name === 'Organizations'
              ? value
                  .split(',')
                  .map((part) => part.trim())
                  .filter(Boolean)
              : value;
          forge.jira.setField(actor(forge.jira, body, 'agent'), key, name, value === '' ? null : parsed);
          break;
        }
        case 'labels': {
          const labels = new Set(requireIssue(key).labels);
          const add = str(body, 'add', '');
          const remove = str(body, 'remove', '');
          if (add === '' && remove === '') throw new HttpError(400, 'Give a label to "add" or to "remove".');
          // Jira refuses a label with a space (it would be two labels).
          if (/\s/.test(add))
            throw new HttpError(
              400,
              `A label cannot contain spaces: "${add}". Use - or _ instead, e.g. ${add.trim().replace(/\s+/g, '-')}.`,
            );
          if (add !== '') labels.add(add);
          if (remove !== '') labels.delete(remove);
          forge.jira.setLabels(actor(forge.jira, body, 'agent'), key, [...labels]);
          break;
        }
        default:
          throw new HttpError(404, `Unknown action ${action}.`);
      }
      await settle();
      sendJson(res, 200, issueDetail(forge.jira, requireIssue(key)));
      return true;
    })
    .add('POST', '/api/clock/advance', async (req, res) => {
      const body = await readJson(req);
      const step = str(body, 'by');
      const ms = CLOCK_STEPS[step];
      if (ms === undefined) throw new HttpError(400, `"by" must be one of ${Object.keys(CLOCK_STEPS).join(', ')}.`);
      // The scheduled sweep is what moves SLAs forward in time when no event arrives.
      await onPlatform(async () => {
        forge.clock.advance(ms);
        await forge.runScheduledTrigger();
        await forge.drainQueues();
        await forge.deliverEvents();
      });
      sendJson(res, 200, { now: new Date(forge.clock.now()).toISOString() });
      return true;
    });
  const routes = routesOf(router);

  let server;
  try {
    server = await startUiServer({ port: options.port ?? DEFAULT_PORT, host: options.host, invoke, routes });
  } catch (error) {
    await forge.close();
    throw error;
  }
  const ui = server;
  return {
    url: ui.url,
    port: ui.port,
    forge,
    modules,
    demo,
    gadgets,
    close: async () => {
      await ui.close();
      await platform;
      await forge.close();
    },
  };
}
