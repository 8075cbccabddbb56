/**
 * startForgeSandbox(): the Jira emulator and the Forge runtime shim wired together, running the app's real
 * handlers (src/index.ts) against an emulated Jira site on a controllable clock. Used by end-to-end tests, the
 * benchmark and `npm start`.
 */
import { join } from 'node:path';
import { installClock } from './forge/clock';
import { readShimManifest, type ShimManifest } from './forge/manifest';
import { ForgeRuntime, type DeliveryRecord } from './forge/runtime';
import type { SqlLimits } from './forge/sql-store';
import { sharedMariaDb } from './sql/mariadb-server';
import type { FaultSettings } from './jira/faults';
import { JiraEmulator, type CallRecord } from './jira/server';
import { JiraSite } from './jira/site';

export { JiraSite, APP_ACCOUNT_ID, CLOUD_ID, SiteError, adf, adfText, jiraDateTime } from './jira/site';
export type { SiteEvent, StoredIssue, CreateIssueInput } from './jira/site';
export { JiraEmulator, startJiraEmulator, type CallRecord } from './jira/server';
export type { FaultSettings } from './jira/faults';
export { readShimManifest, parseShimManifest, type ShimManifest } from './forge/manifest';
export { GadgetConfigurations, GadgetConfigurationError, MAX_GADGET_CONFIGURATION_BYTES } from './forge/gadget-configuration';
export type { DeliveryRecord } from './forge/runtime';
export { FORGE_SQL_LIMITS, SqlStore, type SqlLimits, type SqlStatementRecord } from './forge/sql-store';
export { sharedMariaDb, startMariaDb, MARIADB_SOCKET_ENV } from './sql/mariadb-server';

export const REPO_ROOT = join(__dirname, '..');

export interface ForgeSandboxOptions {
  /** initial instant of the controllable clock (ISO) */
  now: string;
  /** default <repo>/manifest.yml */
  manifestPath?: string;
  /** the module manifest handlers point at; default: require('<repo>/src/index') */
  handlers?: Record<string, unknown>;
  /** default true: every request/response checked against the OpenAPI spec */
  validateAgainstSpec?: boolean;
  /** default false: a spec violation only gets recorded; true makes the emulator answer 500 and record it */
  strictSpec?: boolean;
  /** default false: events are delivered (and queues drained) when deliverEvents()/drainQueues() run */
  autoDeliver?: boolean;
  /** attempts per event before it is dropped (default 5: first delivery + 4 retries, as Forge) */
  maxAttempts?: number;
  /** what getAppContext().invocationRemainingTimeInMillis starts from (default 25,000) */
  invocationTimeoutMs?: number;
  /** trigger/consumer invocations running at once, like the platform (default 1: sequential, deterministic order) */
  concurrency?: number;
  /**
   * How the app's product requests reach the emulator: 'in-process' (default; the same request and response
   * text through the same dispatch, without sockets: about twice as fast) or 'http' over loopback.
   */
  transport?: 'in-process' | 'http';
  /** Forge SQL limits to enforce instead of the documented ones (FORGE_SQL_LIMITS), for tests of the limits */
  sqlLimits?: Partial<SqlLimits>;
}

/** A second (third, …) installation of the app in the same process: its own site, kvs, queues and ids. */
export interface ForgeInstallationOptions {
  /** the site's cloud id; must differ from every other installation's */
  cloudId: string;
  /** getAppContext().installationAri.installationId (default derived from the cloud id) */
  installationId?: string;
  /** number of the site's first app field (`customfield_<n>`), so field ids differ from the other sites' */
  firstAppFieldNumber?: number;
}

/** One installation of the app: everything a test drives or reads that belongs to one site. */
export interface ForgeInstallation {
  installationId: string;
  cloudId: string;
  baseUrl: string;
  jira: JiraSite;
  /** run product triggers for pending events (honouring fault settings); resolves when none are pending */
  deliverEvents(): Promise<void>;
  /** invoke the scheduledTrigger handler(s) once */
  runScheduledTrigger(moduleKey?: string): Promise<void>;
  /** deliver queued async events to consumers until all queues are empty (at-least-once) */
  drainQueues(): Promise<void>;
  invokeResolver(
    resourceOrModuleKey: string,
    name: string,
    payload: unknown,
    as: { accountId: string; issueKey?: string; projectKey?: string },
  ): Promise<unknown>;
  /** users who have not (yet) allowed the app access: their asUser() calls get Forge's NEEDS_AUTHENTICATION_ERR */
  consent: { revoke(accountId: string): void; grant(accountId: string): void; refusals(): number };
  stats: { calls: CallRecord[]; reset(): void };
  /** every trigger/consumer/scheduled/resolver invocation and its outcome */
  deliveries: DeliveryRecord[];
  /** events and queue messages dropped after maxAttempts */
  deadLetters: ForgeRuntime['deadLetters'];
  /** the in-process @forge/kvs store (read-only use in tests) */
  kvs: Map<string, unknown>;
  /** per push `concurrency.key`: the most consumer invocations of that key that ran at once */
  queueConcurrencyPeaks: Map<string, number>;
  /** the emulated KVS itself: operation counts, limits and injected refusals */
  kvsStore: ForgeRuntime['kvs'];
  /** the installation's Forge SQL (its own MariaDB database): statements, refusals, injected faults */
  sql: ForgeRuntime['sql'];
  specViolations: string[];
  /** Atlassian's personal data reporting API as this installation sees it (close accounts, read the reports) */
  personalData: ForgeRuntime['personalData'];
}

/** The first installation, and what is shared by all: the clock, faults, the manifest, further installations. */
export interface ForgeSandbox extends ForgeInstallation {
  clock: { now(): number; set(iso: string): void; advance(ms: number): void };
  /** with autoDeliver: resolves when nothing is pending (rethrows a delivery crash) */
  idle(): Promise<void>;
  /**
   * Moves the clock forward by `ms` the way time passes on the platform: at every boundary of a scheduled
   * trigger's interval (multiples of 5 min / 1 h / 1 d / 1 w since the epoch) the trigger runs, then queues are
   * drained and product events delivered. Returns how many scheduled runs happened.
   */
  advanceRunningSchedules(ms: number): Promise<number>;
  faults: { set(f: FaultSettings): void; clear(): void };
  manifest: ShimManifest;
  /**
   * Installs the same app (the same handler module, so the same module-level state) on another site in this
   * process, as a warm Forge runtime may serve several installations. Closed with the sandbox.
   */
  addInstallation(options: ForgeInstallationOptions): Promise<ForgeInstallation>;
  close(): Promise<void>;
}

let active: ForgeSandbox | undefined;

/** Forge scheduledTrigger intervals. */
const INTERVAL_MS: Record<string, number> = { fiveMinute: 5 * 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

/**
 * Starts a sandbox. Only one can run per process at a time: the Forge globals and the faked Date are global.
 * Example: `const sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' }); sb.jira.createIssue('customer',
 * { projectKey: 'SUP', summary: 'Down' }); await sb.deliverEvents();`
 */
export async function startForgeSandbox(options: ForgeSandboxOptions): Promise<ForgeSandbox> {
  if (active) throw new Error('A Forge sandbox is already running in this process; close() it first.');
  const manifest = readShimManifest(options.manifestPath ?? join(REPO_ROOT, 'manifest.yml'));
  const handlers = options.handlers ?? (require(join(REPO_ROOT, 'src', 'index')) as Record<string, unknown>);
  const clock = installClock(options.now);
  const environmentId = '00000000-0000-4000-8000-0000000e0e1d';
  let emulator: JiraEmulator;
  let baseUrl: string;
  let site: JiraSite;
  try {
    // Anything failing here (a missing spec file, a port) must not leave Date faked for the next sandbox.
    site = new JiraSite({ appId: manifest.appId, environmentId, appFields: manifest.customFields });
    emulator = new JiraEmulator({
      site,
      ...(options.validateAgainstSpec !== undefined ? { validateAgainstSpec: options.validateAgainstSpec } : {}),
      ...(options.strictSpec !== undefined ? { strictSpec: options.strictSpec } : {}),
    });
    baseUrl = await emulator.listen();
  } catch (e) {
    clock.uninstall();
    throw e;
  }
  const runtime = new ForgeRuntime({
    manifest,
    handlers,
    site,
    faults: emulator.faults,
    baseUrl,
    environmentId,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.invocationTimeoutMs !== undefined ? { invocationTimeoutMs: options.invocationTimeoutMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.sqlLimits !== undefined ? { sqlLimits: options.sqlLimits } : {}),
    ...(options.transport === 'http' ? {} : { dispatch: (request: Parameters<JiraEmulator['dispatch']>[0]) => emulator.dispatch(request) }),
  });
  runtime.install();
  // Forge SQL's server starts now (in the background) so the first statement does not wait for it; a failure
  // surfaces on that statement.
  sharedMariaDb().catch(() => undefined);

  // Delivery is serialised: deliverEvents/drainQueues calls (manual or automatic) never overlap.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  let scheduled = false;
  let autoError: unknown;
  const scheduleAuto = (): void => {
    if (!options.autoDeliver || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void serial(async () => {
        await runtime.deliverEvents();
        await runtime.drainQueues();
      }).catch((e: unknown) => {
        autoError = e;
      });
    });
  };
  const unsubscribe = site.onEvent(scheduleAuto);
  runtime.onQueued = scheduleAuto;

  /** The test-facing handle of one installation. */
  const handleOf = (rt: ForgeRuntime, jira: JiraSite, emu: JiraEmulator, url: string): ForgeInstallation => ({
    installationId: rt.installationId,
    cloudId: rt.cloudId,
    baseUrl: url,
    jira,
    deliverEvents: () =>
      serial(async () => {
        await rt.deliverEvents();
      }),
    drainQueues: () =>
      serial(async () => {
        await rt.drainQueues();
      }),
    runScheduledTrigger: (moduleKey) => rt.runScheduledTrigger(moduleKey),
    invokeResolver: (key, name, payload, as) => rt.invokeResolver(key, name, payload, as),
    consent: {
      revoke: (accountId) => {
        rt.withoutConsent.add(accountId);
      },
      grant: (accountId) => {
        rt.withoutConsent.delete(accountId);
      },
      refusals: () => rt.consentRefusals,
    },
    stats: {
      calls: emu.calls,
      reset: () => {
        emu.calls.length = 0;
      },
    },
    deliveries: rt.deliveries,
    deadLetters: rt.deadLetters,
    kvs: rt.kvs.values,
    kvsStore: rt.kvs,
    sql: rt.sql,
    queueConcurrencyPeaks: rt.concurrencyPeaks,
    specViolations: emu.specViolations,
    personalData: rt.personalData,
  });
  const others: Array<{ runtime: ForgeRuntime; emulator: JiraEmulator }> = [];

  const sandbox: ForgeSandbox = {
    ...handleOf(runtime, site, emulator, baseUrl),
    clock: { now: clock.now, set: clock.set, advance: clock.advance },
    async idle() {
      while (scheduled || site.pendingEventCount() > 0 || runtime.queue.length > 0) {
        await new Promise((r) => setImmediate(r));
        await chain;
        if (!options.autoDeliver || autoError) break;
      }
      await chain;
      if (autoError) {
        const e = autoError;
        autoError = undefined;
        throw e;
      }
    },
    advanceRunningSchedules: (ms) =>
      serial(async () => {
        if (!Number.isFinite(ms) || ms < 0) throw new Error(`advanceRunningSchedules(${ms}): give a non-negative number of milliseconds.`);
        const target = clock.now() + ms;
        const periods = manifest.scheduledTriggers.map((t) => ({ key: t.key, every: INTERVAL_MS[t.interval] ?? INTERVAL_MS.fiveMinute! }));
        let runs = 0;
        await runtime.deliverEvents();
        for (;;) {
          const now = clock.now();
          let next = Infinity;
          for (const p of periods) next = Math.min(next, (Math.floor(now / p.every) + 1) * p.every);
          if (next > target) break;
          clock.set(new Date(next).toISOString());
          for (const p of periods) {
            if (next % p.every !== 0) continue;
            await runtime.runScheduledTrigger(p.key);
            runs++;
          }
          await runtime.drainQueues();
          await runtime.deliverEvents();
        }
        clock.set(new Date(target).toISOString());
        return runs;
      }),
    faults: { set: (f) => emulator.faults.set(f), clear: () => emulator.faults.clear() },
    manifest,
    async addInstallation(install) {
      if ([runtime, ...others.map((o) => o.runtime)].some((r) => r.cloudId === install.cloudId)) {
        throw new Error(`addInstallation: cloud id ${install.cloudId} is already installed; give each site its own.`);
      }
      const otherSite = new JiraSite({
        appId: manifest.appId,
        environmentId,
        appFields: manifest.customFields,
        ...(install.firstAppFieldNumber !== undefined ? { firstAppFieldNumber: install.firstAppFieldNumber } : {}),
      });
      const otherEmulator = new JiraEmulator({
        site: otherSite,
        ...(options.validateAgainstSpec !== undefined ? { validateAgainstSpec: options.validateAgainstSpec } : {}),
        ...(options.strictSpec !== undefined ? { strictSpec: options.strictSpec } : {}),
      });
      const otherUrl = await otherEmulator.listen();
      const otherRuntime = new ForgeRuntime({
        manifest,
        handlers,
        site: otherSite,
        faults: otherEmulator.faults,
        baseUrl: otherUrl,
        environmentId,
        cloudId: install.cloudId,
        ...(install.installationId !== undefined ? { installationId: install.installationId } : {}),
        ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
        ...(options.invocationTimeoutMs !== undefined ? { invocationTimeoutMs: options.invocationTimeoutMs } : {}),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.sqlLimits !== undefined ? { sqlLimits: options.sqlLimits } : {}),
        ...(options.transport === 'http'
          ? {}
          : { dispatch: (request: Parameters<JiraEmulator['dispatch']>[0]) => otherEmulator.dispatch(request) }),
      });
      otherRuntime.install();
      others.push({ runtime: otherRuntime, emulator: otherEmulator });
      return handleOf(otherRuntime, otherSite, otherEmulator, otherUrl);
    },
    async close() {
      unsubscribe();
      await chain;
      for (const other of others) {
        other.runtime.uninstall();
        await other.emulator.close();
        await other.runtime.sql.close();
      }
      runtime.uninstall();
      await emulator.close();
      await runtime.sql.close();
      clock.uninstall();
      active = undefined;
    },
  };
  active = sandbox;
  return sandbox;
}
