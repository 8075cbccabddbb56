/**
 * The in-process key-value store behind @forge/kvs: answers the package's own HTTP API (`/api/v1/get`, `set`,
 * `delete`, `query`, batch, transaction, secrets, entities) as the Forge platform does, so the real package runs
 * unchanged. Values are kept as parsed JSON copies (like a remote store: no shared references).
 */
interface Meta { createdAt: number; updatedAt: number }
interface WhereClause { property?: string; condition: string; values: unknown[] }
type Body = Record<string, unknown>;

export interface KvsReply { status: number; body?: unknown }

const notFound = (key: string): KvsReply => ({ status: 404, body: { code: 'KEY_NOT_FOUND', message: `Key '${key}' not found` } });
const bad = (message: string): KvsReply => ({ status: 400, body: { code: 'BAD_REQUEST', message } });

export class KvsStore {
  /** key → value of the plain key-value space (what tests read) */
  readonly values = new Map<string, unknown>();
  private readonly meta = new Map<string, Meta>();
  private readonly secrets = new Map<string, unknown>();
  private readonly entities = new Map<string, unknown>();
  /** number of operations served, by path (e.g. `/api/v1/set`) */
  readonly operations = new Map<string, number>();

  private put(key: string, value: unknown): void {
    const now = Date.now();
    const m = this.meta.get(key);
    this.values.set(key, structuredClone(value));
    this.meta.set(key, { createdAt: m?.createdAt ?? now, updatedAt: now });
  }

  handle(path: string, body: Body): KvsReply {
    this.operations.set(path, (this.operations.get(path) ?? 0) + 1);
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
        if (options.keyPolicy === 'FAIL_IF_EXISTS' && this.values.has(key)) return { status: 409, body: { code: 'KEY_ALREADY_EXISTS', message: `Key '${key}' already exists` } };
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
        const items = (Array.isArray(body) ? body : []) as Array<{ key: string; value: unknown; entityName?: string }>;
        for (const it of items) {
          if (it.entityName) this.entities.set(`${it.entityName}\u0000${it.key}`, structuredClone(it.value));
          else this.put(it.key, it.value);
        }
        return { status: 200, body: { successfulKeys: items.map((i) => ({ key: i.key, ...(i.entityName ? { entityName: i.entityName } : {}) })), failedKeys: [] } };
      }
      case '/api/v1/batch/get': {
        const items = (Array.isArray(body) ? body : []) as Array<{ key: string; entityName?: string }>;
        const ok: unknown[] = [];
        const failed: unknown[] = [];
        for (const it of items) {
          const store = it.entityName ? this.entities : this.values;
          const k = it.entityName ? `${it.entityName}\u0000${it.key}` : it.key;
          if (store.has(k)) ok.push({ key: it.key, ...(it.entityName ? { entityName: it.entityName } : {}), value: structuredClone(store.get(k)) });
          else failed.push({ key: it.key, error: { code: 'KEY_NOT_FOUND', message: `Key '${it.key}' not found` } });
        }
        return { status: 200, body: { successfulKeys: ok, failedKeys: failed } };
      }
      case '/api/v1/batch/delete': {
        const items = (Array.isArray(body) ? body : []) as Array<{ key: string; entityName?: string }>;
        for (const it of items) {
          if (it.entityName) this.entities.delete(`${it.entityName}\u0000${it.key}`);
          else { this.values.delete(it.key); this.meta.delete(it.key); }
        }
        return { status: 200, body: { successfulKeys: items.map((i) => ({ key: i.key })), failedKeys: [] } };
      }
      case '/api/v1/transaction': {
        const sets = (body.set ?? []) as Array<{ key: string; value: unknown; entityName?: string }>;
        const deletes = (body.delete ?? []) as Array<{ key: string; entityName?: string }>;
        for (const s of sets) {
          if (s.entityName) this.entities.set(`${s.entityName}\u0000${s.key}`, structuredClone(s.value));
          else this.put(s.key, s.value);
        }
        for (const d of deletes) {
          if (d.entityName) this.entities.delete(`${d.entityName}\u0000${d.key}`);
          else { this.values.delete(d.key); this.meta.delete(d.key); }
        }
        return { status: 204 };
      }
      case '/api/v1/secret/get': {
        const key = String(body.key);
        return this.secrets.has(key) ? { status: 200, body: { key, value: structuredClone(this.secrets.get(key)) } } : notFound(key);
      }
      case '/api/v1/secret/set':
        this.secrets.set(String(body.key), structuredClone(body.value));
        return { status: 204 };
      case '/api/v1/secret/delete':
        return this.secrets.delete(String(body.key)) ? { status: 204 } : notFound(String(body.key));
      case '/api/v1/entity/get': {
        const k = `${String(body.entityName)}\u0000${String(body.key)}`;
        return this.entities.has(k) ? { status: 200, body: { key: body.key, value: structuredClone(this.entities.get(k)) } } : notFound(String(body.key));
      }
      case '/api/v1/entity/set':
        this.entities.set(`${String(body.entityName)}\u0000${String(body.key)}`, structuredClone(body.value));
        return { status: 204 };
      case '/api/v1/entity/delete': {
        const k = `${String(body.entityName)}\u0000${String(body.key)}`;
        return this.entities.delete(k) ? { status: 204 } : notFound(String(body.key));
      }
      default:
        return bad(`The emulated Forge KVS does not support ${path}.`);
    }
  }

  /** Key-space query: optional `where` on `key` (BEGINS_WITH and comparisons), key order, cursor = last key. */
  private query(body: Body): KvsReply {
    const limit = Math.min(Math.max(Number(body.limit ?? 10), 1), 100);
    const after = typeof body.after === 'string' ? body.after : null;
    const where = (body.where ?? []) as WhereClause[];
    for (const w of where) {
      if (w.property !== undefined && w.property !== 'key') return bad(`Queries can only filter on 'key', not '${w.property}'.`);
    }
    const test = (key: string): boolean => where.every((w) => {
      const v = String(w.values[0]);
      switch (w.condition) {
        case 'BEGINS_WITH': return key.startsWith(v);
        case 'EQUAL_TO': return key === v;
        case 'NOT_EQUAL_TO': return key !== v;
        case 'GREATER_THAN': return key > v;
        case 'GREATER_THAN_EQUAL_TO': return key >= v;
        case 'LESS_THAN': return key < v;
        case 'LESS_THAN_EQUAL_TO': return key <= v;
        case 'BETWEEN': return key >= v && key <= String(w.values[1]);
        default: return false;
      }
    });
    const keys = [...this.values.keys()].filter((k) => test(k) && (after === null || k > after)).sort();
    const page = keys.slice(0, limit);
    const data = page.map((key) => ({ key, value: structuredClone(this.values.get(key)) }));
    return { status: 200, body: { data, ...(keys.length > limit ? { cursor: page[page.length - 1] } : {}) } };
  }
}
