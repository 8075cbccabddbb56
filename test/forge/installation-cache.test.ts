import { currentInstallationId, InstallationCache, NO_INSTALLATION } from '../../src/forge/installation-cache';

describe('InstallationCache', () => {
  it('keeps at most maxEntries, forgetting the least recently used first', () => {
    const cache = new InstallationCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a bound of %p', (bound) => {
    expect(() => new InstallationCache(bound)).toThrow(RangeError);
  });

  it('outside a Forge invocation everything belongs to one implicit installation', () => {
    expect(currentInstallationId()).toBe(NO_INSTALLATION);
  });
});
