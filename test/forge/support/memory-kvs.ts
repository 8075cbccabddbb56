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
};
