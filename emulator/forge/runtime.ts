/**
 * The Forge runtime shim: runs the app's real handlers the way the platform does, through the platform's own
 * seams. @forge/api, @forge/kvs and @forge/events all talk to the platform via `global.__forge_fetch__` and read
 * `global.__forge_runtime__`; this module implements those two globals:
 *
 * - product requests (`asApp()` / `asUser()` `requestJira`) reach the Jira emulator with the caller
 *   (`x-emulator-principal`) and the invocation (`x-emulator-invocation`): through its dispatch in process, or
 *   over HTTP when no `dispatch` is given;
 * - `{type: 'kvs'}` requests are answered by the in-process KvsStore;
 * - queue pushes (`/webhook/queue/publish/…`) land in in-process queues, delivered by `drainQueues()`.
 *
 * Delivery is at-least-once: a handler that throws or returns Forge's InvocationError (`{_retry: true}`) gets the
 * event again (with `retryContext`), up to `maxAttempts`; duplicate and reorder faults apply to deliveries.
 * Retry-After and `delayInSeconds` are recorded but not waited for: the sandbox clock only moves when told to.
 *
 * Several installations can share one process, as a warm Forge runtime may serve several sites: each ForgeRuntime
 * is one installation (its own site, kvs, queues, cloud and installation id) and the globals route every call to
 * the installation of the invocation making it, so module-level state in the app is shared exactly as on Forge.
 *
 * Time limits: an invocation still running when its function's limit passes (`timeoutSeconds`, else 25 s; real
 * time) is killed as on Forge: it fails with a timeout, and any platform call it makes afterwards is refused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Faults } from '../jira/faults';
import { CLOUD_ID, type JiraSite, type SiteEvent } from '../jira/site';
import { KvsStore } from './kvs-store';
import { SqlStore, type SqlLimits } from './sql-store';
import type { ConsumerModule, ShimManifest } from './manifest';

export interface InvocationContext {
  id: string;
  moduleKey: string;
  /** the installation the invocation runs for */
  runtime: ForgeRuntime;
  /** set once the invocation passed its time limit: the platform has killed it */
  killed: boolean;
  /** the user the invocation acts for (resolvers); undefined for triggers, consumers and scheduled triggers */
  accountId: string | undefined;
  started: number;
  deadline: number;
}

export interface DeliveryRecord {
  kind: 'trigger' | 'consumer' | 'scheduled' | 'resolver';
  moduleKey: string;
  invocation: string;
  attempt: number;
  outcome: 'ok' | 'retry' | 'error' | 'dead';
  error?: string;
  retryAfter?: number;
}

export interface QueuedMessage {
  queueName: string;
  jobId: string;
  eventId: string;
  body: unknown;
  delayInSeconds: number;
  /** the push's `concurrency`: at most `limit` events with this `key` are processed at once */
  concurrency?: { key: string; limit: number };
  attempt: number;
  retryReason?: string;
  retryData?: unknown;
}

export interface ForgeRuntimeOptions {
  manifest: ShimManifest;
  handlers: Record<string, unknown>;
  site: JiraSite;
  faults: Faults;
  baseUrl: string;
  environmentId: string;
  /** attempts per event before it is dropped (Forge: first delivery + 4 retries) */
  maxAttempts?: number;
  /** invocation time limit (default 25 s, Forge's limit for functions without `timeoutSeconds`) */
  invocationTimeoutMs?: number;
  /** Forge SQL limits to enforce instead of the documented ones (tests of the limits shrink them) */
  sqlLimits?: Partial<SqlLimits>;
  /** the site's cloud id (default CLOUD_ID); a second installation in the same process needs its own */
  cloudId?: string;
  /** the installation id getAppContext() reports (default derived from the cloud id) */
  installationId?: string;
  /** trigger and consumer invocations running at once (default 1: sequential and deterministic) */
  concurrency?: number;
  /**
   * Serves product requests in process (same request/response text, no sockets): the HTTP listener stays for
   * browsers and tests. Absent: requests go over HTTP to `baseUrl`.
   */
  dispatch?: (request: {
    method: string;
    url: string;
    body: string;
    principal: string;
    invocation: string;
  }) => Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

type Handler = (...args: unknown[]) => unknown;

/** The invocation running in this async context, whichever installation it belongs to (one store per process). */
const invocations = new AsyncLocalStorage<InvocationContext>();
/** Installations whose globals are installed, in installation order; the first answers calls made outside invocations. */
const installed: ForgeRuntime[] = [];
let previousGlobals: { runtime: unknown; fetch: unknown } | undefined;

/** Thrown into an invocation that keeps calling the platform after its time limit (the platform killed it). */
export class InvocationTimeoutError extends Error {
  constructor(
    readonly invocation: string,
    readonly limitMs: number,
  ) {
    super(`Invocation ${invocation} timed out after ${limitMs} ms (the function's time limit) and was killed.`);
    this.name = 'InvocationTimeoutError';
  }
}

/** The installation a platform call belongs to: the running invocation's, else the first installed. */
function currentRuntime(): ForgeRuntime {
  const runtime = invocations.getStore()?.runtime ?? installed[0];
  if (!runtime) throw new Error('No Forge emulator installation is running.');
  return runtime;
}
/** Events Forge accepts from queue pushes per minute and installation. */
export const QUEUE_EVENTS_PER_MINUTE = 500;
/** Forge's async events limits (developer.atlassian.com/platform/forge/limits-async-events). */
export const QUEUE_LIMITS = {
  eventsPerPush: 50,
  pushPayloadBytes: 200 * 1024,
  /** per event, for a consumer whose function has timeoutSeconds over 55 */
  longRunningEventBytes: 100 * 1024,
  retryDataBytes: 4 * 1024,
} as const;

function isRetryResponse(
  v: unknown,
): v is { _retry: true; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } {
  return !!v && typeof v === 'object' && (v as { _retry?: unknown })._retry === true;
}

function minimalResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined ? null : JSON.stringify(body);
  return new Response(status === 204 ? null : text, {
    status,
    headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...headers },
  });
}

export class ForgeRuntime {
  readonly kvs = new KvsStore();
  /** Forge SQL: this installation's own MariaDB database (created on first use) */
  readonly sql: SqlStore;
  readonly queue: QueuedMessage[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  readonly deadLetters: Array<{ kind: 'trigger' | 'consumer'; moduleKey: string; payload: unknown; error: string }> = [];
  private invocationSeq = 0;
  readonly cloudId: string;
  readonly installationId: string;
  /** `ari:cloud:jira::site/<cloudId>`: the installContext of every invocation */
  readonly installContext: string;
  /** accounts that have not allowed the app to act on their behalf: asUser() calls for them need consent */
  readonly withoutConsent = new Set<string>();
  /** asUser() requests refused for want of consent */
  consentRefusals = 0;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly jobs = new Map<string, { success: number; inProgress: number; failed: number }>();
  /** events accepted by queue pushes within the last minute (the platform's per-installation rate limit) */
  private readonly recentPushes: Array<{ at: number; events: number }> = [];
  /** called after a queue push (autoDeliver hooks in here) */
  onQueued: (() => void) | undefined;

  constructor(private readonly options: ForgeRuntimeOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.timeoutMs = options.invocationTimeoutMs ?? 25_000;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.cloudId = options.cloudId ?? CLOUD_ID;
    this.installationId = options.installationId ?? `${this.cloudId}-installation`;
    this.installContext = `ari:cloud:jira::site/${this.cloudId}`;
    this.sql = new SqlStore({ name: this.installationId, ...(options.sqlLimits ? { limits: options.sqlLimits } : {}) });
  }

  // ------------------------------------------------------------------------------------------------ globals

  /** Installs the platform globals (once per process) and adds this installation to the ones they serve. */
  install(): void {
    if (installed.includes(this)) return;
    installed.push(this);
    if (installed.length > 1) return;
    const g = globalThis as Record<string, unknown>;
    previousGlobals = { runtime: g.__forge_runtime__, fetch: g.__forge_fetch__ };
    g.__forge_runtime__ = {
      get appContext() {
        const inv = invocations.getStore();
        const runtime = currentRuntime();
        const { manifest, environmentId } = runtime.options;
        return {
          appId: manifest.appId,
          appVersion: '1.0.0',
          environmentId,
          environmentType: 'DEVELOPMENT',
          invocationId: inv?.id ?? '',
          installationId: runtime.installationId,
          moduleKey: inv?.moduleKey ?? '',
          license: undefined,
          installation: undefined,
          permissions: { scopes: manifest.scopes, external: {} },
        };
      },
      get contextAri() {
        return currentRuntime().installContext;
      },
      get lambdaContext() {
        const inv = invocations.getStore();
        const runtime = currentRuntime();
        return { getRemainingTimeInMillis: () => (inv ? Math.max(0, inv.deadline - performance.now()) : runtime.timeoutMs) };
      },
      metrics: {
        counter: () => ({ incr: () => undefined, decr: () => undefined }),
        timing: () => ({ measure: () => ({ stop: () => undefined }) }),
        gauge: () => ({ set: () => undefined }),
      },
      get proxy() {
        return { token: 'forge-emulator', url: currentRuntime().options.baseUrl };
      },
      tracing: { traceId: 'emulator-trace', spanId: 'emulator-span' },
    };
    g.__forge_fetch__ = (ctx: Record<string, unknown>, path: string, init?: RequestInit) => {
      const inv = invocations.getStore();
      // A killed invocation's code may still be running (JavaScript cannot be stopped); the platform answers nothing.
      if (inv?.killed) return Promise.reject(new InvocationTimeoutError(inv.id, inv.deadline - inv.started));
      return currentRuntime().forgeFetch(ctx, path, init);
    };
  }

  /** Removes this installation; the last one out restores the globals found before the first install. */
  uninstall(): void {
    const index = installed.indexOf(this);
    if (index < 0) return;
    installed.splice(index, 1);
    if (installed.length > 0 || !previousGlobals) return;
    const g = globalThis as Record<string, unknown>;
    g.__forge_runtime__ = previousGlobals.runtime;
    g.__forge_fetch__ = previousGlobals.fetch;
    previousGlobals = undefined;
  }

  currentInvocation(): InvocationContext | undefined {
    const inv = invocations.getStore();
    return inv?.runtime === this ? inv : undefined;
  }

  async forgeFetch(ctx: Record<string, unknown>, path: string, init: RequestInit = {}): Promise<Response> {
    const bodyText = typeof init.body === 'string' ? init.body : init.body === undefined || init.body === null ? '' : String(init.body);
    if (ctx.type === 'kvs') {
      const reply = this.kvs.handle(path, bodyText ? (JSON.parse(bodyText) as Record<string, unknown>) : {});
      return minimalResponse(reply.status, reply.body);
    }
    if (ctx.type === 'sql') {
      const reply = await this.sql.handle(path, bodyText);
      return minimalResponse(reply.status, reply.body, reply.headers);
    }
    if (ctx.remote === 'stargate' && path.startsWith('/webhook/queue/')) return this.queueApi(path, bodyText);
    if (ctx.type === 'fpp' && ctx.remote === 'jira') return this.requestJira(ctx, path, init, bodyText);
    return minimalResponse(
      404,
      { message: `The Forge emulator does not route ${String(ctx.remote ?? ctx.type)} ${path}` },
      { 'forge-proxy-error': 'UNSUPPORTED' },
    );
  }

  private async requestJira(ctx: Record<string, unknown>, path: string, init: RequestInit, body: string): Promise<Response> {
    const inv = this.currentInvocation();
    let principal = 'app';
    if (ctx.provider === 'user') {
      const accountId = (ctx.accountId as string | undefined) ?? inv?.accountId;
      // The platform answers asUser() without a user (e.g. in a trigger) with NEEDS_AUTHENTICATION_ERR.
      if (!accountId)
        return minimalResponse(
          401,
          { message: 'asUser() needs a user: this invocation has none.' },
          { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
        );
      // A user who has not allowed the app access yet: the proxy refuses before Jira sees the request, and
      // @forge/api throws NeedsAuthenticationError; a resolver that lets it through makes Jira show "Allow access".
      if (this.withoutConsent.has(accountId)) {
        this.consentRefusals += 1;
        return minimalResponse(
          401,
          { message: 'The user has not granted the app access.' },
          { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
        );
      }
      principal = `user:${accountId}`;
    }
    const url = path.startsWith('/') ? path : `/${path}`;
    if (this.options.dispatch) {
      const reply = await this.options.dispatch({ method: init.method ?? 'GET', url, body, principal, invocation: inv?.id ?? '' });
      return new Response(reply.status === 204 || reply.body === '' ? null : reply.body, { status: reply.status, headers: reply.headers });
    }
    const headers = new Headers(init.headers as HeadersInit | undefined);
    headers.set('x-emulator-principal', principal);
    headers.set('x-emulator-invocation', inv?.id ?? '');
    return fetch(`${this.options.baseUrl}${url}`, { ...init, headers });
  }

  private queueApi(path: string, bodyText: string): Response {
    const body = (bodyText ? JSON.parse(bodyText) : {}) as {
      queueName?: string;
      jobId?: string;
      payload?: Array<{ body: unknown; delayInSeconds?: number }>;
    };
    if (path.startsWith('/webhook/queue/publish/')) {
      const queueName = String(body.queueName);
      if (!this.options.manifest.consumers.some((c) => c.queue === queueName)) {
        return minimalResponse(400, { message: `No consumer in manifest.yml listens to queue '${queueName}'.` });
      }
      const jobId = String(body.jobId ?? randomUUID());
      const events = body.payload ?? [];
      if (events.length > QUEUE_LIMITS.eventsPerPush) {
        return minimalResponse(400, { message: `This push contains more than the ${QUEUE_LIMITS.eventsPerPush} events allowed.` });
      }
      // As @forge/events measures it (JSON bytes of the events); the server answers 413 {errorMessage}.
      if (Buffer.byteLength(JSON.stringify(events)) > QUEUE_LIMITS.pushPayloadBytes) {
        return minimalResponse(413, { errorMessage: `The maximum payload size is ${QUEUE_LIMITS.pushPayloadBytes / 1024}KB.` });
      }
      const consumer = this.options.manifest.consumers.find((c) => c.queue === queueName)!;
      const timeoutSeconds = this.options.manifest.functionTimeouts.get(consumer.functionKey) ?? 25;
      if (timeoutSeconds > 55 && events.some((e) => Buffer.byteLength(JSON.stringify(e)) > QUEUE_LIMITS.longRunningEventBytes)) {
        return minimalResponse(413, {
          errorMessage: `An event for a consumer with a timeout over 55 seconds may carry at most ${QUEUE_LIMITS.longRunningEventBytes / 1024}KB.`,
        });
      }
      // Forge accepts at most 500 pushed events a minute per installation (@forge/events turns the 429 into
      // RateLimitError). Minutes are read from the sandbox clock, which tests move.
      const now = Date.now();
      while (this.recentPushes.length > 0 && this.recentPushes[0]!.at <= now - 60_000) this.recentPushes.shift();
      const pushedLastMinute = this.recentPushes.reduce((sum, push) => sum + push.events, 0);
      if (pushedLastMinute + events.length > QUEUE_EVENTS_PER_MINUTE) {
        return minimalResponse(429, { message: `More than ${QUEUE_EVENTS_PER_MINUTE} events pushed in one minute.` });
      }
      this.recentPushes.push({ at: now, events: events.length });
      this.jobs.set(jobId, { success: 0, inProgress: events.length, failed: 0 });
      for (const e of events) {
        const concurrency = (e as { concurrency?: { key?: unknown; limit?: unknown } }).concurrency;
        this.queue.push({
          queueName,
          jobId,
          eventId: randomUUID(),
          body: e.body,
          delayInSeconds: e.delayInSeconds ?? 0,
          attempt: 1,
          ...(concurrency && typeof concurrency.key === 'string' && typeof concurrency.limit === 'number'
            ? { concurrency: { key: concurrency.key, limit: concurrency.limit } }
            : {}),
        });
      }
      this.onQueued?.();
      return minimalResponse(201, {});
    }
    if (path.startsWith('/webhook/queue/stats/')) {
      const stats = this.jobs.get(String(body.jobId));
      return stats ? minimalResponse(200, stats) : minimalResponse(404, { message: 'Job not found' });
    }
    if (path.startsWith('/webhook/queue/cancel/')) {
      const jobId = String(body.jobId);
      if (!this.jobs.has(jobId)) return minimalResponse(404, { message: 'Job not found' });
      for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.jobId === jobId) this.queue.splice(i, 1);
      return minimalResponse(204, undefined);
    }
    return minimalResponse(404, { message: `Unknown queue endpoint ${path}` });
  }

  // ------------------------------------------------------------------------------------------------ invocation

  private handler(functionKey: string): Handler {
    const exportName = this.options.manifest.functions.get(functionKey);
    if (!exportName) throw new Error(`manifest.yml has no function module '${functionKey}'.`);
    const fn = this.options.handlers[exportName];
    if (typeof fn !== 'function')
      throw new Error(`Function '${functionKey}' points at export '${exportName}', which src/index.ts does not export as a function.`);
    return fn as Handler;
  }

  /**
   * The time limit of an invocation of `functionKey`: its manifest `timeoutSeconds` (Forge allows up to 900 s), else
   * `invocationTimeoutMs` (25 s by default, Forge's limit for resolvers and product triggers).
   */
  timeLimitMs(functionKey?: string): number {
    const seconds = functionKey ? this.options.manifest.functionTimeouts.get(functionKey) : undefined;
    return seconds !== undefined ? seconds * 1000 : this.timeoutMs;
  }

  /** Runs `fn` as one Forge invocation (own id, time budget, and the acting user for asUser()). */
  invoke<T>(moduleKey: string, accountId: string | undefined, fn: () => Promise<T> | T, functionKey?: string): Promise<T> {
    return this.invokeTracked(moduleKey, accountId, fn, functionKey).then((r) => {
      if (r.failed) throw r.error;
      return r.result as T;
    });
  }

  /** Like invoke, but never rejects: reports the invocation id with the outcome. */
  private async invokeTracked<T>(
    moduleKey: string,
    accountId: string | undefined,
    fn: () => Promise<T> | T,
    functionKey?: string,
  ): Promise<{ id: string; failed: boolean; result?: T; error?: unknown }> {
    const limitMs = this.timeLimitMs(functionKey);
    const started = performance.now();
    const ctx: InvocationContext = {
      id: `inv-${++this.invocationSeq}`,
      moduleKey,
      runtime: this,
      killed: false,
      accountId,
      started,
      deadline: started + limitMs,
    };
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctx.killed = true;
        reject(new InvocationTimeoutError(ctx.id, limitMs));
      }, limitMs);
    });
    try {
      const result = await Promise.race([invocations.run(ctx, async () => fn()), killed]);
      return { id: ctx.id, failed: false, result };
    } catch (error) {
      return { id: ctx.id, failed: true, error };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Delivers product events to the triggers subscribed to them (honouring `ignoreSelf`), retrying failures,
   * until no events are pending. Returns the number of trigger invocations that succeeded.
   */
  async deliverEvents(): Promise<number> {
    let delivered = 0;
    for (let round = 0; this.options.site.pendingEventCount() > 0; round++) {
      if (round >= 50)
        throw new Error(
          'Event storm: events kept arriving for 50 delivery rounds; does a trigger react to its own writes without ignoreSelf?',
        );
      const batch = this.options.faults.shapeEvents(this.options.site.takePendingEvents());
      type Work = {
        event: SiteEvent;
        trigger: ShimManifest['triggers'][number];
        attempt: number;
        retryReason?: string;
        retryData?: unknown;
      };
      const work: Work[] = [];
      for (const event of batch) {
        for (const trigger of this.options.manifest.triggers) {
          if (!trigger.events.includes(event.eventType)) continue;
          if (trigger.ignoreSelf && event.causedByApp) continue;
          work.push({ event, trigger, attempt: 1 });
        }
      }
      for (const w of work) this.handler(w.trigger.functionKey);
      let next = 0;
      await this.workers(async () => {
        while (next < work.length) {
          const w = work[next++]!;
          const fn = this.handler(w.trigger.functionKey);
          const payload = {
            ...structuredClone(w.event.payload),
            ...(w.attempt > 1 ? { retryContext: { retryCount: w.attempt - 1, retryReason: w.retryReason, retryData: w.retryData } } : {}),
          };
          const outcome = await this.runWithRetry('trigger', w.trigger.key, w.trigger.functionKey, w.attempt, () =>
            fn(payload, { installContext: this.installContext, workspaceId: this.cloudId }),
          );
          if (outcome.kind === 'ok') delivered++;
          else if (outcome.kind === 'retry')
            work.push({ ...w, attempt: w.attempt + 1, retryReason: outcome.reason, retryData: outcome.retryData });
          else this.deadLetters.push({ kind: 'trigger', moduleKey: w.trigger.key, payload: w.event.payload, error: outcome.error });
        }
      });
    }
    return delivered;
  }

  /** Runs `concurrency` copies of a worker loop (1 = strictly sequential, deterministic delivery order). */
  private async workers(loop: () => Promise<void>): Promise<void> {
    await Promise.all(Array.from({ length: this.concurrency }, () => loop()));
  }

  private async runWithRetry(
    kind: 'trigger' | 'consumer',
    moduleKey: string,
    functionKey: string,
    attempt: number,
    call: () => unknown,
  ): Promise<{ kind: 'ok' } | { kind: 'retry'; reason: string; retryData?: unknown } | { kind: 'dead'; error: string }> {
    const run = await this.invokeTracked(moduleKey, undefined, async () => call(), functionKey);
    const result = run.result;
    const error = run.failed ? (run.error instanceof Error ? run.error.message : String(run.error)) : undefined;
    const invocation = run.id;
    const retry = isRetryResponse(result) ? (result.retryOptions ?? {}) : undefined;
    if (error === undefined && !retry) {
      this.deliveries.push({ kind, moduleKey, invocation, attempt, outcome: 'ok' });
      return { kind: 'ok' };
    }
    const reason = retry ? (retry.retryReason ?? 'FUNCTION_RETRY_REQUEST') : 'FUNCTION_UNHANDLED_ERROR';
    const retryAfter = retry?.retryAfter;
    const retryData = retry?.retryData;
    const message = error ?? `InvocationError (${reason})`;
    if (retryData !== undefined && Buffer.byteLength(JSON.stringify(retryData)) > QUEUE_LIMITS.retryDataBytes) {
      // Forge does not redeliver an event whose retryData exceeds 4 KB.
      const tooBig = `retryData over ${QUEUE_LIMITS.retryDataBytes / 1024} KB: not redelivered`;
      this.deliveries.push({ kind, moduleKey, invocation, attempt, outcome: 'dead', error: tooBig });
      return { kind: 'dead', error: tooBig };
    }
    if (attempt >= this.maxAttempts) {
      this.deliveries.push({ kind, moduleKey, invocation, attempt, outcome: 'dead', error: message });
      return { kind: 'dead', error: message };
    }
    this.deliveries.push({
      kind,
      moduleKey,
      invocation,
      attempt,
      outcome: error !== undefined ? 'error' : 'retry',
      error: message,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    });
    return { kind: 'retry', reason, ...(retryData !== undefined ? { retryData } : {}) };
  }

  /** Consumer invocations in flight per push `concurrency.key`, and the most ever seen at once. */
  private readonly inFlight = new Map<string, number>();
  readonly concurrencyPeaks = new Map<string, number>();
  private slotWaiters: Array<() => void> = [];

  /** The first queued message whose concurrency key has a free slot (removed from the queue), if any. */
  private takeRunnable(): QueuedMessage | undefined {
    const index = this.queue.findIndex((m) => !m.concurrency || (this.inFlight.get(m.concurrency.key) ?? 0) < m.concurrency.limit);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  /**
   * Delivers queued events to their consumers until every queue is empty, never running more events of one
   * push `concurrency.key` at once than its `limit`. Returns successful deliveries.
   */
  async drainQueues(): Promise<number> {
    let delivered = 0;
    let guard = 0;
    await this.workers(async () => {
      while (this.queue.length > 0) {
        if (++guard > 1_000_000) throw new Error('drainQueues: more than a million deliveries; a consumer keeps re-queueing work.');
        const first = this.takeRunnable();
        if (!first) {
          // Every queued event waits for a slot of its concurrency key: wait until an invocation finishes.
          await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
          continue;
        }
        const key = first.concurrency?.key;
        if (key !== undefined) {
          const running = (this.inFlight.get(key) ?? 0) + 1;
          this.inFlight.set(key, running);
          this.concurrencyPeaks.set(key, Math.max(this.concurrencyPeaks.get(key) ?? 0, running));
        }
        try {
          const copies = this.options.faults.shapeEvents([first]);
          for (let c = 0; c < copies.length; c++) {
            const msg = copies[c]!;
            const consumer = this.options.manifest.consumers.find((k) => k.queue === msg.queueName);
            if (!consumer) throw new Error(`No consumer for queue ${msg.queueName}`);
            const outcome = await this.runWithRetry('consumer', consumer.key, consumer.functionKey, msg.attempt, () =>
              this.callConsumer(consumer, msg),
            );
            const job = this.jobs.get(msg.jobId);
            if (outcome.kind === 'ok') {
              delivered++;
              if (job && c === 0) {
                job.success++;
                job.inProgress--;
              }
            } else if (outcome.kind === 'retry') {
              if (c === 0) this.queue.push({ ...msg, attempt: msg.attempt + 1, retryReason: outcome.reason, retryData: outcome.retryData });
            } else {
              if (job && c === 0) {
                job.failed++;
                job.inProgress--;
              }
              this.deadLetters.push({ kind: 'consumer', moduleKey: consumer.key, payload: msg.body, error: outcome.error });
            }
          }
        } finally {
          if (key !== undefined) this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
          const waiters = this.slotWaiters;
          this.slotWaiters = [];
          for (const wake of waiters) wake();
        }
      }
    });
    return delivered;
  }

  private callConsumer(consumer: ConsumerModule, msg: QueuedMessage): unknown {
    const fn = this.handler(consumer.functionKey);
    const retryContext =
      msg.attempt > 1 ? { retryCount: msg.attempt - 1, retryReason: msg.retryReason, retryData: msg.retryData } : undefined;
    const contextAri = this.installContext;
    if (consumer.kind === 'function') {
      return fn(
        {
          queueName: msg.queueName,
          jobId: msg.jobId,
          eventId: msg.eventId,
          body: structuredClone(msg.body),
          contextAri,
          ...(retryContext ? { retryContext } : {}),
        },
        { installContext: this.installContext },
      );
    }
    return fn(
      {
        call: { functionKey: consumer.method, payload: structuredClone(msg.body), jobId: msg.jobId },
        context: { installContext: this.installContext, ...(retryContext ? { retryContext } : {}) },
      },
      { installContext: this.installContext },
    );
  }

  /** Records a run that is not redelivered (scheduled triggers, resolvers) as failed, and throws its error on. */
  private failOnce(kind: 'scheduled' | 'resolver', moduleKey: string, run: { id: string; error?: unknown }): never {
    const error = run.error instanceof Error ? run.error.message : String(run.error);
    this.deliveries.push({ kind, moduleKey, invocation: run.id, attempt: 1, outcome: 'error', error });
    throw run.error;
  }

  /** Runs the scheduledTrigger handler(s) once (all, or the one with `moduleKey`). Errors propagate. */
  async runScheduledTrigger(moduleKey?: string): Promise<void> {
    const list = this.options.manifest.scheduledTriggers.filter((t) => !moduleKey || t.key === moduleKey);
    if (list.length === 0)
      throw new Error(moduleKey ? `manifest.yml has no scheduledTrigger '${moduleKey}'.` : 'manifest.yml has no scheduledTrigger.');
    for (const t of list) {
      const fn = this.handler(t.functionKey);
      const run = await this.invokeTracked(
        t.key,
        undefined,
        async () =>
          fn({
            context: { cloudId: this.cloudId, moduleKey: t.key, userAccess: { enabled: false } },
            contextToken: 'emulator-context-token',
          }),
        t.functionKey,
      );
      if (run.failed) this.failOnce('scheduled', t.key, run);
      this.deliveries.push({
        kind: 'scheduled',
        moduleKey: t.key,
        invocation: run.id,
        attempt: 1,
        outcome: isRetryResponse(run.result) ? 'retry' : 'ok',
      });
    }
  }

  /**
   * Calls a resolver function as @forge/bridge's `invoke` reaches it: `{call: {functionKey, payload}, context}`
   * plus the backend runtime payload whose `principal.accountId` @forge/resolver copies into `context.accountId`.
   */
  async invokeResolver(
    resourceOrModuleKey: string,
    name: string,
    payload: unknown,
    as: { accountId: string; issueKey?: string; projectKey?: string },
  ): Promise<unknown> {
    const mod =
      this.options.manifest.resolverModules.find((m) => m.key === resourceOrModuleKey) ??
      this.options.manifest.resolverModules.find((m) => m.resource === resourceOrModuleKey);
    if (!mod) throw new Error(`manifest.yml has no module with a resolver for '${resourceOrModuleKey}'.`);
    const site = this.options.site;
    if (!site.users.has(as.accountId)) throw new Error(`Unknown user '${as.accountId}'.`);
    const fn = this.handler(mod.functionKey);
    const issue = as.issueKey ? site.findIssue(as.issueKey) : undefined;
    const projectKey = as.projectKey ?? (issue ? site.projectById(issue.projectId).key : undefined);
    const project = projectKey ? site.projectByKeyOrId(projectKey) : undefined;
    const extension: Record<string, unknown> = { type: mod.type };
    if (as.issueKey)
      extension.issue = { key: as.issueKey, ...(issue ? { id: String(issue.id), type: site.issueType(issue.issueTypeId)?.name } : {}) };
    if (projectKey) extension.project = { key: projectKey, ...(project ? { id: project.id, type: project.projectTypeKey } : {}) };
    const context = {
      accountId: as.accountId,
      cloudId: this.cloudId,
      siteUrl: 'https://sla-ladder-emulator.atlassian.net',
      moduleKey: mod.key,
      localId: `${mod.key}-local`,
      environmentId: this.options.environmentId,
      environmentType: 'DEVELOPMENT',
      extension,
    };
    const run = await this.invokeTracked(
      mod.key,
      as.accountId,
      async () =>
        fn(
          { call: { functionKey: name, payload }, context },
          { principal: { accountId: as.accountId }, installContext: this.installContext },
        ),
      mod.functionKey,
    );
    if (run.failed) this.failOnce('resolver', mod.key, run);
    this.deliveries.push({ kind: 'resolver', moduleKey: mod.key, invocation: run.id, attempt: 1, outcome: 'ok' });
    return run.result === undefined ? undefined : JSON.parse(JSON.stringify(run.result));
  }
}
