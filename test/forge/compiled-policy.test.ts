/**
 * Policies stored compiled (src/forge/compiled-policy.ts): a save stores the validated policy as JSON, the runtime
 * compiles from it without the YAML loader (and without re2js for a policy without regex rules), a version stored
 * by an older build migrates once, and the last good compiled form stays in force when its source no longer validates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryKvs, memoryStore } from './support/memory-kvs';

jest.mock('@forge/kvs', () => ({ kvs: memoryKvs, default: memoryKvs }));
jest.mock('../../src/forge/lazy-engine', () => {
  const actual = jest.requireActual<typeof import('../../src/forge/lazy-engine')>('../../src/forge/lazy-engine');
  return { ...actual, loadPolicyLoader: jest.fn(actual.loadPolicyLoader), loadTextRegex: jest.fn(actual.loadTextRegex) };
});

import { ruleRegexSources } from '../../src/engine/compile-policy';
import { evaluate } from '../../src/engine/evaluate';
import { holidaysFromLibrary } from '../../src/engine/holiday-library';
import { loadPolicy } from '../../src/engine/load-policy';
import {
  compiledPolicyKey,
  policyData,
  storeCompiledPolicy,
  storedPolicyData,
  type StoredCompiledPolicy,
} from '../../src/forge/compiled-policy';
import { loadPolicyLoader, loadTextRegex } from '../../src/forge/lazy-engine';
import { policyForProject, resetPolicyCache, savePolicy } from '../../src/forge/policy-store';
import { POLICY_FORMAT } from '../../src/generated/policy-format';
import { buildIssue } from '../builders/jira-issue';
import { MINIMAL_POLICY_YAML } from '../engine/policy-fixture';

const presetDir = join(__dirname, '..', '..', 'presets');
const preset = (id: string): string => readFileSync(join(presetDir, `${id}.yaml`), 'utf8');
const PRESET_IDS = ['b2bee', 'batoi-enterprise', 'businessmap', 'byteztech', 'essensys'];
const site = { kind: 'site' } as const;
const meta = { savedAt: '2026-03-02T09:00:00.000Z' };
const loaderCalls = () => (loadPolicyLoader as jest.Mock).mock.calls.length;
const regexCalls = () => (loadTextRegex as jest.Mock).mock.calls.length;

function loaded(source: string) {
  const result = loadPolicy(source, { format: 'yaml', holidays: holidaysFromLibrary() });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.policy;
}

/** A cold container: nothing compiled in memory, the lazy loaders' calls counted from zero. */
function coldStart(): void {
  resetPolicyCache();
  jest.clearAllMocks();
}

beforeEach(() => {
  memoryStore.clear();
  coldStart();
});

describe('the compiled form of a policy', () => {
  it.each(PRESET_IDS)('%s: survives JSON storage unchanged (no value JSON cannot hold)', (id) => {
    const data = policyData(loaded(preset(id)));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('is stored by a save, before the pointer, with the format of this build', async () => {
    const saved = await savePolicy(site, preset('essensys'), meta);
    if (!saved.ok) throw new Error('expected the save to pass');
    const stored = memoryStore.get(compiledPolicyKey(site, 1)) as StoredCompiledPolicy;
    expect(stored.format).toBe(POLICY_FORMAT);
    expect(stored.policy).toEqual(JSON.parse(JSON.stringify(policyData(loaded(preset('essensys'))))));
    expect(compiledPolicyKey({ kind: 'project', projectKey: 'SUP' }, 3)).toBe('policy-compiled:project:SUP:3');
  });

  it('is what a cold runtime compiles: no YAML loader, and the same SLA state as the source gives', async () => {
    const source = preset('byteztech');
    await savePolicy(site, source, meta);
    coldStart();
    const active = await policyForProject('SUP');
    expect(active?.stored.version).toBe(1);
    expect(loaderCalls()).toBe(0);
    const issue = buildIssue({ summary: 'Checkout outage', created: '2026-11-16T14:00:00Z' }); // a Monday
    const now = Date.parse('2026-11-18T21:00:00Z'); // Wednesday
    expect(evaluate(active!.policy, issue, now)).toEqual(evaluate(loaded(source), issue, now));
  });

  it('loads re2js only for a policy whose rules have a regex', async () => {
    expect(ruleRegexSources(loaded(MINIMAL_POLICY_YAML))).toEqual([]);
    await savePolicy({ kind: 'project', projectKey: 'MIN' }, MINIMAL_POLICY_YAML, meta);
    const withRegex = PRESET_IDS.find((id) => ruleRegexSources(loaded(preset(id))).length > 0)!;
    await savePolicy(site, preset(withRegex), meta);
    coldStart();
    expect((await policyForProject('MIN'))?.policy.id).toBe('mini');
    expect(regexCalls()).toBe(0);
    const active = await policyForProject('OTHER');
    expect(active?.policy.id).toBe(withRegex);
    expect(regexCalls()).toBe(1);
    const [pattern] = ruleRegexSources(active!.policy);
    expect(active!.policy.textRegex(pattern!).source).toBe(pattern);
    expect(loaderCalls()).toBe(0);
  });

  it('is left out when its JSON exceeds one Forge storage value, and the runtime compiles the source instead', async () => {
    const data = policyData(loaded(preset('essensys')));
    const huge = { ...data, name: 'x'.repeat(250 * 1024) };
    expect(await storeCompiledPolicy(site, 1, huge)).toBe(false);
    expect(memoryStore.has(compiledPolicyKey(site, 1))).toBe(false);
    expect(await storeCompiledPolicy(site, 1, data)).toBe(true);
  });
});

describe('versions stored by another build', () => {
  it('a version saved before compiled forms existed (source only) compiles from its source once, then from JSON', async () => {
    memoryStore.set('policy:site', { version: 4, source: preset('essensys'), savedAt: '2026-01-01T00:00:00.000Z' });
    expect((await policyForProject('SUP'))?.policy.id).toBe('essensys');
    expect(loaderCalls()).toBe(1);
    expect((memoryStore.get(compiledPolicyKey(site, 4)) as StoredCompiledPolicy).format).toBe(POLICY_FORMAT);
    coldStart();
    expect((await policyForProject('SUP'))?.policy.id).toBe('essensys');
    expect(loaderCalls()).toBe(0);
  });

  it('a compiled form of an older engine is replaced by its source compiled again', async () => {
    const stale = { ...policyData(loaded(preset('essensys'))), name: 'as an older build compiled it' };
    memoryStore.set('policy:site', { version: 2, source: preset('essensys'), savedAt: '2026-01-01T00:00:00.000Z' });
    memoryStore.set(compiledPolicyKey(site, 2), { format: 'older-build', policy: stale });
    const data = await storedPolicyData(site, { version: 2, source: preset('essensys') });
    expect(data?.name).toBe(loaded(preset('essensys')).name);
    expect(memoryStore.get(compiledPolicyKey(site, 2))).toEqual({ format: POLICY_FORMAT, policy: JSON.parse(JSON.stringify(data)) });
  });

  it('keeps the last good compiled form in force when its source no longer validates under this engine', async () => {
    const good = policyData(loaded(preset('essensys')));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    memoryStore.set('policy:site', { version: 5, source: 'id: [no longer valid', savedAt: '2026-01-01T00:00:00.000Z' });
    memoryStore.set(compiledPolicyKey(site, 5), { format: 'older-build', policy: good });
    expect((await policyForProject('SUP'))?.policy.id).toBe('essensys');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('the version compiled when it was saved stays in force'));
    warn.mockRestore();
  });

  it('a version whose source never validated and has no compiled form is no policy', async () => {
    memoryStore.set('policy:site', { version: 6, source: 'not: [valid', savedAt: '2026-01-01T00:00:00.000Z' });
    expect(await policyForProject('SUP')).toBeNull();
  });
});
