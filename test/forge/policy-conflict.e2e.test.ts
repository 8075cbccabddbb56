/**
 * Concurrent policy saves on the emulator (the real resolvers and @forge/kvs against the emulated Forge storage):
 * saves are compare-and-set on the version the editor loaded, so of three admins saving at once one wins and two
 * get a CONFLICT answer with the version now in force; no policy vanishes.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { E2E_POLICY_FAST_YAML, E2E_POLICY_YAML } from './support/e2e-policy';

let sb: ForgeSandbox;

const save = (accountId: string, source: string, expectedVersion?: number) =>
  sb.invokeResolver(
    'sla-admin',
    'savePolicy',
    { scope: { kind: 'site' }, source, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    { accountId },
  ) as Promise<Record<string, any>>;

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('concurrent policy saves', () => {
  const third = E2E_POLICY_YAML.replace(/^name: .*$/m, 'name: Third admin policy');

  it('three saves on version 1 at once: one is version 2, two conflict naming it; every source is still readable', async () => {
    expect((await save('admin', E2E_POLICY_YAML, 0)).ok).toBe(true);
    const answers = await Promise.all([E2E_POLICY_FAST_YAML, third, E2E_POLICY_YAML].map((source) => save('admin', source, 1)));
    const saved = answers.filter((answer) => answer.ok);
    const conflicts = answers.filter((answer) => !answer.ok);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.policy.version).toBe(2);
    expect(conflicts).toHaveLength(2);
    for (const conflict of conflicts) {
      expect(conflict).toMatchObject({ code: 'CONFLICT', expectedVersion: 1, current: { version: 2, source: saved[0]!.policy.source } });
      expect(conflict.message).toContain('version 2');
    }
    const inForce = (await sb.invokeResolver('sla-admin', 'getPolicy', { scope: { kind: 'site' } }, { accountId: 'admin' })) as Record<
      string,
      any
    >;
    expect(inForce.policy).toMatchObject({ version: 2, source: saved[0]!.policy.source });
    expect(sb.kvs.get('policy-history:site:1')).toMatchObject({ version: 1, source: E2E_POLICY_YAML });
    expect(sb.kvs.has('policy-history:site:3')).toBe(false);
    // The losers compare, then save on version 2: nothing they wrote was lost, it simply was not saved yet.
    const retry = await save('admin', third, 2);
    expect(retry).toMatchObject({ ok: true, policy: { version: 3, source: third } });
  });
});
