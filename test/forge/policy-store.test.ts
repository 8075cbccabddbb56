/**
 * Policy storage: versions per scope, history of replaced versions, a rejected source never replaces the policy
 * in force, and the project → site fallback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryKvs, memoryStore } from './support/memory-kvs';

jest.mock('@forge/kvs', () => ({ kvs: memoryKvs, default: memoryKvs }));

import {
  compileStoredShape,
  historyStorageKey,
  policyForProject,
  policyStorageKey,
  readLatestStoredPolicy,
  readStoredPolicy,
  resetPolicyCache,
  savePolicy,
} from '../../src/forge/policy-store';

const presets = join(__dirname, '..', '..', 'presets');
const byteztech = readFileSync(join(presets, 'byteztech.yaml'), 'utf8');
const essensys = readFileSync(join(presets, 'essensys.yaml'), 'utf8');
const meta = (savedAt: string) => ({ savedAt });

beforeEach(() => {
  memoryStore.clear();
  resetPolicyCache();
});

describe('policy store', () => {
  it('uses the documented storage keys', () => {
    expect(policyStorageKey({ kind: 'site' })).toBe('policy:site');
    expect(policyStorageKey({ kind: 'project', projectKey: 'SUP' })).toBe('policy:project:SUP');
    expect(historyStorageKey({ kind: 'project', projectKey: 'SUP' }, 3)).toBe('policy-history:project:SUP:3');
  });

  it('numbers versions per scope and keeps every replaced version in history', async () => {
    const site = { kind: 'site' } as const;
    const first = await savePolicy(site, byteztech, meta('2026-01-01T00:00:00.000Z'));
    const second = await savePolicy(site, essensys, { ...meta('2026-01-02T00:00:00.000Z'), presetId: 'essensys' });
    expect(first.ok && first.stored.version).toBe(1);
    expect(second.ok && second.stored.version).toBe(2);
    expect(second.ok && second.previous?.version).toBe(1);
    expect(await readStoredPolicy(site)).toMatchObject({ version: 2, source: essensys, presetId: 'essensys' });
    expect(memoryStore.get(historyStorageKey(site, 1))).toMatchObject({
      version: 1,
      source: byteztech,
      savedAt: '2026-01-01T00:00:00.000Z',
    });
    const project = await savePolicy({ kind: 'project', projectKey: 'SUP' }, byteztech, meta('2026-01-03T00:00:00.000Z'));
    expect(project.ok && project.stored.version).toBe(1);
  });

  it('rejects an invalid source with located problems and keeps the policy in force untouched', async () => {
    const site = { kind: 'site' } as const;
    await savePolicy(site, byteztech, meta('2026-01-01T00:00:00.000Z'));
    const before = new Map(memoryStore);
    const broken = byteztech.replace(/^defaultCalendar: .*$/m, 'defaultCalendar: no-such-calendar');
    expect(broken).not.toBe(byteztech);
    const rejected = await savePolicy(site, broken, meta('2026-01-02T00:00:00.000Z'));
    expect(rejected.ok).toBe(false);
    if (!rejected.ok && 'problems' in rejected) {
      expect(rejected.problems.length).toBeGreaterThan(0);
      expect(rejected.problems.some((problem) => problem.path.includes('defaultCalendar'))).toBe(true);
    }
    expect(memoryStore).toEqual(before);
    const active = await policyForProject('SUP');
    expect(active?.stored.version).toBe(1);
    expect(active?.policy.id).toBe('byteztech');
  });

  it('prefers the project policy and falls back to the site default, or null when neither exists', async () => {
    expect(await policyForProject('SUP')).toBeNull();
    await savePolicy({ kind: 'site' }, byteztech, meta('2026-01-01T00:00:00.000Z'));
    await savePolicy({ kind: 'project', projectKey: 'OPS' }, essensys, meta('2026-01-01T00:00:00.000Z'));
    expect((await policyForProject('SUP'))?.scope).toEqual({ kind: 'site' });
    expect((await policyForProject('OPS'))?.policy.id).toBe('essensys');
    expect((await policyForProject('OPS'))?.scope).toEqual({ kind: 'project', projectKey: 'OPS' });
  });

  it('picks up a version saved by another invocation (storage is read each time, compilation cached per version)', async () => {
    await savePolicy({ kind: 'site' }, byteztech, meta('2026-01-01T00:00:00.000Z'));
    expect((await policyForProject('SUP'))?.policy.id).toBe('byteztech');
    memoryStore.set('policy:site', { version: 7, source: essensys, savedAt: '2026-02-01T00:00:00.000Z' });
    expect((await policyForProject('SUP'))?.policy.id).toBe('essensys');
  });

  describe('concurrent saves are compare-and-set on the version the editor loaded', () => {
    const site = { kind: 'site' } as const;
    const sources = [byteztech, essensys, byteztech.replace(/^name: .*$/m, 'name: Third admin')];

    it('three admins saving on version 1 at once: one wins, two get a conflict naming version 2, nothing vanishes', async () => {
      await savePolicy(site, byteztech, meta('2026-01-01T00:00:00.000Z'));
      const results = await Promise.all(
        sources.map((source, index) => savePolicy(site, source, { savedAt: `2026-01-02T00:00:0${index}.000Z` }, 1)),
      );
      const winners = results.filter((result) => result.ok);
      const conflicts = results.flatMap((result) => (!result.ok && 'conflict' in result ? [result.conflict] : []));
      expect(winners).toHaveLength(1);
      expect(conflicts).toHaveLength(2);
      const winner = winners[0]!;
      if (!winner.ok) return;
      expect(winner.stored.version).toBe(2);
      for (const conflict of conflicts) {
        expect(conflict.expectedVersion).toBe(1);
        expect(conflict.current).toEqual(winner.stored);
      }
      expect(await readStoredPolicy(site)).toEqual(winner.stored);
      expect(memoryStore.get(historyStorageKey(site, 1))).toMatchObject({ version: 1, source: byteztech });
      expect(memoryStore.get(historyStorageKey(site, 2))).toEqual(winner.stored);
      expect(memoryStore.has(historyStorageKey(site, 3))).toBe(false);
    });

    it('a save on a version someone has replaced since is refused with the newer version', async () => {
      await savePolicy(site, byteztech, meta('2026-01-01T00:00:00.000Z'));
      const other = await savePolicy(site, essensys, meta('2026-01-02T00:00:00.000Z'), 1);
      const late = await savePolicy(site, sources[2]!, meta('2026-01-03T00:00:00.000Z'), 1);
      expect(late).toEqual({ ok: false, conflict: { expectedVersion: 1, current: other.ok ? other.stored : null } });
      expect((await readStoredPolicy(site))?.source).toBe(essensys);
      const again = await savePolicy(site, sources[2]!, meta('2026-01-03T00:00:00.000Z'), 2);
      expect(again.ok && again.stored.version).toBe(3);
    });

    it('a first save expects version 0; a second first save conflicts', async () => {
      expect((await savePolicy(site, byteztech, meta('2026-01-01T00:00:00.000Z'), 0)).ok).toBe(true);
      const second = await savePolicy(site, essensys, meta('2026-01-01T00:00:01.000Z'), 0);
      expect(!second.ok && 'conflict' in second && second.conflict.current?.version).toBe(1);
    });

    it('a version claimed by a save that died before moving the pointer is read as the newest and built upon', async () => {
      await savePolicy(site, byteztech, meta('2026-01-01T00:00:00.000Z'));
      const orphan = { version: 2, source: essensys, savedAt: '2026-01-02T00:00:00.000Z' };
      memoryStore.set(historyStorageKey(site, 2), orphan);
      expect(await readLatestStoredPolicy(site)).toEqual(orphan);
      expect(await savePolicy(site, byteztech, meta('2026-01-03T00:00:00.000Z'), 1)).toMatchObject({
        ok: false,
        conflict: { current: orphan },
      });
      const next = await savePolicy(site, byteztech, meta('2026-01-03T00:00:00.000Z'), 2);
      expect(next.ok && next.stored.version).toBe(3);
      expect((await readStoredPolicy(site))?.version).toBe(3);
    });
  });

  it('compiles a version for its shape once: the full compilation when cached, else one kept per version', async () => {
    const site = { kind: 'site' } as const;
    const stored = { version: 7, source: essensys, savedAt: '2026-01-01T00:00:00.000Z' };
    const first = await compileStoredShape(site, stored);
    expect(first?.id).toBe('essensys');
    expect(await compileStoredShape(site, stored)).toBe(first);
    expect(await compileStoredShape(site, { ...stored, version: 8 })).not.toBe(first);
    const saved = await savePolicy(site, byteztech, meta('2026-01-02T00:00:00.000Z'));
    if (!saved.ok) throw new Error('expected the save to pass');
    expect(await compileStoredShape(site, saved.stored)).toBe(saved.policy);
    expect(await compileStoredShape(site, { ...stored, source: 'not: [valid', version: 9 })).toBeNull();
  });

  it('keeps no account id: a version stored by an older release loses its savedBy when it moves to history', async () => {
    memoryStore.set('policy:site', { version: 3, source: essensys, savedAt: '2026-02-01T00:00:00.000Z', savedBy: '557058:legacy-admin' });
    await savePolicy({ kind: 'site' }, byteztech, meta('2026-03-01T00:00:00.000Z'));
    expect(memoryStore.get('policy-history:site:3')).toEqual({ version: 3, source: essensys, savedAt: '2026-02-01T00:00:00.000Z' });
    expect(JSON.stringify([...memoryStore.values()])).not.toContain('557058:legacy-admin');
  });
});
