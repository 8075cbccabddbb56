/**
 * Module-level caches that are safe in a warm Forge runtime. Forge keeps a container's module state between
 * invocations and may reuse the container for another installation of the app (another site, or the same site's
 * other environment), so anything cached from one installation's data (its field ids, its compiled policies) is
 * keyed by the installation the invocation serves, and every cache is bounded so a runtime that serves many
 * installations cannot grow without limit.
 */
import { getAppContext } from '@forge/api';

/** The key used outside a Forge invocation (unit tests, the CLI): one implicit installation. */
export const NO_INSTALLATION = '(no installation)';

/**
 * The id of the installation the running invocation serves (`getAppContext().installationAri.installationId`), or
 * NO_INSTALLATION outside an invocation.
 *
 * @example
 * currentInstallationId() //=> 'a1b2c3d4-…-installation' inside an invocation; '(no installation)' in a unit test
 */
export function currentInstallationId(): string {
  try {
    const id = getAppContext().installationAri.installationId;
    return typeof id === 'string' && id !== '' ? id : NO_INSTALLATION;
  } catch {
    return NO_INSTALLATION;
  }
}

/**
 * A map that keeps at most `maxEntries` entries, forgetting the least recently used one first, with every key
 * scoped to the current installation: `get('x')` in installation A never sees what `set('x', …)` stored in B.
 *
 * @example
 * const cache = new InstallationCache<number>(2);
 * cache.set('a', 1); cache.get('a') //=> 1 (in the same installation); undefined in any other
 */
export class InstallationCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, not ${maxEntries}.`);
  }

  private scoped(key: string): string {
    return `${currentInstallationId()}\u0000${key}`;
  }

  get(key: string): V | undefined {
    const scoped = this.scoped(key);
    const value = this.entries.get(scoped);
    if (value === undefined) return undefined;
    // Re-insert so Map order is least recently used first.
    this.entries.delete(scoped);
    this.entries.set(scoped, value);
    return value;
  }

  set(key: string, value: V): void {
    const scoped = this.scoped(key);
    this.entries.delete(scoped);
    this.entries.set(scoped, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(this.scoped(key));
  }

  /** Forgets every installation's entries (a cold container starts empty). */
  clear(): void {
    this.entries.clear();
  }

  /** Entries held, over all installations. */
  get size(): number {
    return this.entries.size;
  }
}
