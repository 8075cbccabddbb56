/**
 * An in-memory stand-in for @forge/kvs's `get`/`set`/`delete`, for unit tests of storage logic without the
 * emulator. Values are deep-copied like the real store serialises them.
 */
export const memoryStore = new Map<string, unknown>();

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export const memoryKvs = {
  get: async <T>(key: string): Promise<T | undefined> => copy(memoryStore.get(key) as T | undefined),
  /** Honours `keyPolicy: 'FAIL_IF_EXISTS'` like Forge storage: a 409 error when the key exists. */
  set: async <T>(key: string, value: T, options?: { keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<void> => {
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && memoryStore.has(key)) {
      throw Object.assign(new Error(`Key '${key}' already exists`), { code: 'KEY_ALREADY_EXISTS', responseDetails: { status: 409 } });
    }
    memoryStore.set(key, copy(value));
  },
  delete: async (key: string): Promise<void> => {
    memoryStore.delete(key);
  },
  /** `query().where('key', beginsWith(prefix)).limit(n).cursor(c).getMany()`, in key order, 20 a page at most like Forge. */
  query: () => memoryQuery({ prefix: '', limit: 10, after: undefined }),
};

interface MemoryQueryState {
  prefix: string;
  limit: number;
  after: string | undefined;
}

function memoryQuery(state: MemoryQueryState) {
  return {
    where: (_field: 'key', condition: { condition: string; values: unknown[] }) =>
      memoryQuery({ ...state, prefix: condition.condition === 'BEGINS_WITH' ? String(condition.values[0]) : state.prefix }),
    limit: (limit: number) => memoryQuery({ ...state, limit: Math.min(limit, 20) }),
    cursor: (after: string) => memoryQuery({ ...state, after }),
    getMany: async <T>(): Promise<{ results: Array<{ key: string; value: T }>; nextCursor?: string }> => {
      const keys = [...memoryStore.keys()]
        .filter((key) => key.startsWith(state.prefix) && (state.after === undefined || key > state.after))
        .sort();
      const page = keys.slice(0, state.limit);
      const results = page.map((key) => ({ key, value: copy(memoryStore.get(key) as T) }));
      return keys.length > state.limit ? { results, nextCursor: page[page.length - 1]! } : { results };
    },
  };
}
