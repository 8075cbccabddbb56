/**
 * The in-process key-value store behind @forge/kvs: answers the package's own HTTP API (`/api/v1/get`, `set`,
 * `delete`, `query`, `batch/set`, `batch/get`, `transaction`) as the Forge platform does, so the real package runs
 * unchanged; the package's other APIs (secrets, entities, batch delete) are answered 400: nothing uses them. Values are kept as parsed JSON copies (like a remote store: no shared references).
 *
 * Forge's documented limits per installation are enforced with the platform's error shapes (`{code, message}`):
 * keys of 1..500 characters matching Forge's key pattern (400 INVALID_KEY / KEY_TOO_LONG), values of at most
 * 240 KiB of JSON nested at most 32 deep (400 MAX_SIZE / MAX_DEPTH), query pages of at most 20 results, and the
 * request quotas: 1,000 requests a second, 4,000 read and 4,000 write units a minute (a unit is a request of up to
 * 10 KB; larger requests count one unit per started 10 KB), answered with 429 RATE_LIMIT_EXCEEDED. Quotas are
 * measured on the sandbox clock (`Date.now()`, which tests move), like the queue's push quota.
 */
interface Meta {
  createdAt: number;
  updatedAt: number;
}
interface WhereClause {
  property?: string;
  condition: string;
  values: unknown[];
}
type Body = Record<string, unknown>;

export interface KvsReply {
  status: number;
  body?: unknown;
}

/** Forge's KVS limits per installation (developer.atlassian.com/platform/forge/limits-kvs-ce, handling-errors-kvs). */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxValueDepth: 32,
  maxQueryLimit: 20,
  requestsPerSecond: 1_000,
  readUnitsPerMinute: 4_000,
  writeUnitsPerMinute: 4_000,
  unitBytes: 10 * 1024,
} as const;

/** Forge's key pattern: letters, digits, `:._-#` and whitespace, not whitespace only. */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

const READ_PATHS = new Set(['/api/v1/get', '/api/v1/query', '/api/v1/batch/get']);

/**
 * Request units of a body of `bytes`: one per started 10 KB, at least one.
 *
 * @example
 * kvsUnits(0) //=> 1; kvsUnits(10_240) //=> 1; kvsUnits(65_000) //=> 7
 */
export function kvsUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / KVS_LIMITS.unitBytes));
}

function depthOf(value: unknown, limit: number, depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > limit) return depth;
  let deepest = depth + 1;
  for (const child of Object.values(value as Record<string, unknown>)) deepest = Math.max(deepest, depthOf(child, limit, depth + 1));
  return deepest;
}

/** The KVS error for a key Forge refuses, or null for a valid key. */
export function keyProblem(key: unknown): KvsReply | null {
  if (typeof key !== 'string' || key.length === 0)
    return { status: 400, body: { code: 'KEY_TOO_SHORT', message: 'The key must not be empty.' } };
  if (key.length > KVS_LIMITS.maxKeyLength)
    return {
      status: 400,
      body: { code: 'KEY_TOO_LONG', message: `The key has ${key.length} characters; the maximum is ${KVS_LIMITS.maxKeyLength}.` },
    };
  if (!KEY_PATTERN.test(key))
    return {
      status: 400,
      body: { code: 'INVALID_KEY', message: `The key '${key.slice(0, 80)}' does not match /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/.` },
    };
  return null;
}

/** The KVS error for a value Forge refuses (size of its JSON, nesting), or null. */
export function valueProblem(value: unknown): KvsReply | null {
  const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
  if (bytes > KVS_LIMITS.maxValueBytes)
    return { status: 400, body: { code: 'MAX_SIZE', message: `The value is ${bytes} bytes; the maximum is ${KVS_LIMITS.maxValueBytes}.` } };
  if (depthOf(value, KVS_LIMITS.maxValueDepth) > KVS_LIMITS.maxValueDepth)
    return { status: 400, body: { code: 'MAX_DEPTH', message: `The value is nested deeper than ${KVS_LIMITS.maxValueDepth} levels.` } };
  return null;
}

const rateLimited = (what: string): KvsReply => ({
  status: 429,
  body: { code: 'RATE_LIMIT_EXCEEDED', message: `Rate limit exceeded: ${what}.` },
});

export interface KvsStoreOptions {
  /** default true: enforce Forge's limits; false serves anything (a test of something else may opt out) */
  enforceLimits?: boolean;
}

const notFound = (key: string): KvsReply => ({ status: 404, body: { code: 'KEY_NOT_FOUND', message: `Key '${key}' not found` } });
const bad = (message: string): KvsReply => ({ status: 400, body: { code: 'BAD_REQUEST', message } });

export class KvsStore {
  /** key → value of the plain key-value space (what tests read) */
  readonly values = new Map<string, unknown>();
  private readonly meta = new Map<string, Meta>();
  /** number of operations served, by path (e.g. `/api/v1/set`) */
  readonly operations = new Map<string, number>();
  /** key-space query pages served, by the BEGINS_WITH prefix they asked for ('' when none): what a test counts per key family */
  readonly queriesByPrefix = new Map<string, number>();
  /** requests refused with 429, by path */
  readonly refusals = new Map<string, number>();
  /** requests within the last second and read/write units within the last minute (sandbox clock) */
  private readonly recentRequests: number[] = [];
  private readonly recentUnits: { read: Array<{ at: number; units: number }>; write: Array<{ at: number; units: number }> } = {
    read: [],
    write: [],
  };
  /** refusals a test asked for: the next `count` requests (of `path`, or any) answer this reply */
  private injected: { count: number; path: string | undefined; reply: KvsReply } | undefined;
  private readonly enforceLimits: boolean;

  constructor(options: KvsStoreOptions = {}) {
    this.enforceLimits = options.enforceLimits ?? true;
  }

  /**
   * Refuses the next `count` requests (only those to `path`, if given) with `reply`, by default the platform's
   * 429 RATE_LIMIT_EXCEEDED: how a test puts the store under quota pressure at a chosen moment.
   */
  refuseNext(count: number, path?: string, reply: KvsReply = rateLimited('injected by the test')): void {
    this.injected = count > 0 ? { count, path, reply } : undefined;
  }

  /** Read and write units used within the last minute (sandbox clock). */
  unitsLastMinute(): { read: number; write: number } {
    this.prune(Date.now());
    const sum = (list: Array<{ units: number }>) => list.reduce((total, entry) => total + entry.units, 0);
    return { read: sum(this.recentUnits.read), write: sum(this.recentUnits.write) };
  }

  private prune(now: number): void {
    while (this.recentRequests.length > 0 && this.recentRequests[0]! <= now - 1_000) this.recentRequests.shift();
    for (const list of [this.recentUnits.read, this.recentUnits.write]) {
      while (list.length > 0 && list[0]!.at <= now - 60_000) list.shift();
    }
  }

  /** Counts a request against the quotas, or answers 429 when it would exceed one. */
  private admit(path: string, body: Body): KvsReply | null {
    if (this.injected && (this.injected.path === undefined || this.injected.path === path)) {
      const { reply } = this.injected;
      if (--this.injected.count <= 0) this.injected = undefined;
      return reply;
    }
    if (!this.enforceLimits) return null;
    const now = Date.now();
    this.prune(now);
    if (this.recentRequests.length >= KVS_LIMITS.requestsPerSecond)
      return rateLimited(`more than ${KVS_LIMITS.requestsPerSecond} requests in a second`);
    const kind = READ_PATHS.has(path) ? 'read' : 'write';
    const quota = kind === 'read' ? KVS_LIMITS.readUnitsPerMinute : KVS_LIMITS.writeUnitsPerMinute;
    // Reads are counted by what they return (added after serving); writes by what they send.
    const units = kind === 'write' ? kvsUnits(Buffer.byteLength(JSON.stringify(body))) : 1;
    const used = this.recentUnits[kind].reduce((total, entry) => total + entry.units, 0);
    if (used + units > quota) return rateLimited(`more than ${quota} ${kind} units (10 KB each) in a minute`);
    this.recentRequests.push(now);
    if (kind === 'write') this.recentUnits.write.push({ at: now, units });
    return null;
  }

  /** Checks the keys and values a request carries against Forge's limits. */
  private contentProblem(path: string, body: Body): KvsReply | null {
    if (!this.enforceLimits) return null;
    const items: Array<{ key?: unknown; value?: unknown; hasValue: boolean }> = [];
    if (Array.isArray(body))
      for (const it of body as Array<Record<string, unknown>>) items.push({ key: it.key, value: it.value, hasValue: 'value' in it });
    else if (path === '/api/v1/transaction') {
      for (const it of (body.set ?? []) as Array<Record<string, unknown>>) items.push({ key: it.key, value: it.value, hasValue: true });
      for (const it of (body.delete ?? []) as Array<Record<string, unknown>>) items.push({ key: it.key, hasValue: false });
    } else if ('key' in body) items.push({ key: body.key, value: body.value, hasValue: path.endsWith('/set') });
    for (const item of items) {
      const problem = keyProblem(item.key) ?? (item.hasValue ? valueProblem(item.value) : null);
      if (problem) return problem;
    }
    return null;
  }

  private put(key: string, value: unknown): void {
    const now = Date.now();
    const m = this.meta.get(key);
    this.values.set(key, structuredClone(value));
    this.meta.set(key, { createdAt: m?.createdAt ?? now, updatedAt: now });
  }

  handle(path: string, body: Body): KvsReply {
    this.operations.set(path, (this.operations.get(path) ?? 0) + 1);
    const refused = this.admit(path, body) ?? this.contentProblem(path, body);
    if (refused) {
      if (refused.status === 429) this.refusals.set(path, (this.refusals.get(path) ?? 0) + 1);
      return refused;
    }
    const reply = this.serve(path, body);
    if (this.enforceLimits && READ_PATHS.has(path)) {
      this.recentUnits.read.push({
        at: Date.now(),
        units: kvsUnits(reply.body === undefined ? 0 : Buffer.byteLength(JSON.stringify(reply.body))),
      });
    }
    return reply;
  }

  private serve(path: string, body: Body): KvsReply {
    switch (path) {
      case '/api/v1/get': {
        const key = String(body.key);
        if (!this.values.has(key)) return notFound(key);
        // Values placed straight into `values` (a test or the sandbox seeding a policy) have no metadata yet.
        const m = this.meta.get(key) ?? { createdAt: Date.now(), updatedAt: Date.now() };
        return { status: 200, body: { key, value: structuredClone(this.values.get(key)), createdAt: m.createdAt, updatedAt: m.updatedAt } };
      }
      case '/api/v1/set': {
        const key = String(body.key);
        const options = (body.options ?? {}) as { keyPolicy?: string; returnValue?: string };
        if (options.keyPolicy === 'FAIL_IF_EXISTS' && this.values.has(key))
          return { status: 409, body: { code: 'KEY_ALREADY_EXISTS', message: `Key '${key}' already exists` } };
        const previous = this.values.get(key);
        this.put(key, body.value);
        if (options.returnValue) {
          const m = this.meta.get(key)!;
          const value = options.returnValue === 'PREVIOUS' ? previous : body.value;
          return { status: 200, body: { key, value: structuredClone(value), createdAt: m.createdAt, updatedAt: m.updatedAt } };
        }
        return { status: 204 };
      }
      case '/api/v1/delete': {
        const key = String(body.key);
        if (!this.values.has(key)) return notFound(key);
        this.values.delete(key);
        this.meta.delete(key);
        return { status: 204 };
      }
      case '/api/v1/query':
        return this.query(body);
      case '/api/v1/batch/set': {
        const items = (Array.isArray(body) ? body : []) as Array<{ key: string; value: unknown }>;
        for (const it of items) this.put(it.key, it.value);
        return { status: 200, body: { successfulKeys: items.map((i) => ({ key: i.key })), failedKeys: [] } };
      }
      case '/api/v1/batch/get': {
        const items = (Array.isArray(body) ? body : []) as Array<{ key: string }>;
        const ok: unknown[] = [];
        const failed: unknown[] = [];
        for (const it of items) {
          if (this.values.has(it.key)) ok.push({ key: it.key, value: structuredClone(this.values.get(it.key)) });
          else failed.push({ key: it.key, error: { code: 'KEY_NOT_FOUND', message: `Key '${it.key}' not found` } });
        }
        return { status: 200, body: { successfulKeys: ok, failedKeys: failed } };
      }
      case '/api/v1/transaction': {
        // Checked in full by contentProblem before this runs, so every part applies or none does.
        const sets = (body.set ?? []) as Array<{ key: string; value: unknown; entityName?: string }>;
        const deletes = (body.delete ?? []) as Array<{ key: string; entityName?: string }>;
        if (body.check !== undefined || [...sets, ...deletes].some((part) => part.entityName !== undefined))
          return bad('The emulated Forge KVS does not support entities (entityName, check) in transactions.');
        for (const set of sets) this.put(set.key, set.value);
        for (const d of deletes) {
          this.values.delete(d.key);
          this.meta.delete(d.key);
        }
        return { status: 204 };
      }
      default:
        return bad(`The emulated Forge KVS does not support ${path}.`);
    }
  }

  /** Key-space query: optional `where` on `key` (BEGINS_WITH and comparisons), key order, cursor = last key. */
  private query(body: Body): KvsReply {
    // Forge returns at most 20 results a page, whatever `limit` asks for; callers follow the cursor.
    const limit = Math.min(Math.max(Number(body.limit ?? 10), 1), KVS_LIMITS.maxQueryLimit);
    const after = typeof body.after === 'string' ? body.after : null;
    const where = (body.where ?? []) as WhereClause[];
    for (const w of where) {
      if (w.property !== undefined && w.property !== 'key') return bad(`Queries can only filter on 'key', not '${w.property}'.`);
    }
    const prefix = String(where.find((w) => w.condition === 'BEGINS_WITH')?.values[0] ?? '');
    this.queriesByPrefix.set(prefix, (this.queriesByPrefix.get(prefix) ?? 0) + 1);
    const test = (key: string): boolean =>
      where.every((w) => {
        const v = String(w.values[0]);
        switch (w.condition) {
          case 'BEGINS_WITH':
            return key.startsWith(v);
          case 'EQUAL_TO':
            return key === v;
          case 'NOT_EQUAL_TO':
            return key !== v;
          case 'GREATER_THAN':
            return key > v;
          case 'GREATER_THAN_EQUAL_TO':
            return key >= v;
          case 'LESS_THAN':
            return key < v;
          case 'LESS_THAN_EQUAL_TO':
            return key <= v;
          case 'BETWEEN':
            return key >= v && key <= String(w.values[1]);
          default:
            return false;
        }
      });
    const keys = [...this.values.keys()].filter((k) => test(k) && (after === null || k > after)).sort();
    const page = keys.slice(0, limit);
    const data = page.map((key) => ({ key, value: structuredClone(this.values.get(key)) }));
    return { status: 200, body: { data, ...(keys.length > limit ? { cursor: page[page.length - 1] } : {}) } };
  }
}
