import { join } from 'node:path';
import { parseShimManifest, readShimManifest, REPO_ROOT } from '../../emulator';

describe('reading manifest.yml for the shim', () => {
  it('maps modules to handler exports, trigger filters, consumers, resolvers and custom fields', () => {
    const m = readShimManifest(join(__dirname, 'fixtures', 'manifest.yml'));
    expect(m.appId).toBe('11111111-2222-4333-8444-555555555555');
    expect(m.functions.get('on-issue')).toBe('onIssue');
    expect(m.triggers.map((t) => [t.key, t.ignoreSelf, t.events.length])).toEqual([
      ['issue-trigger', true, 3],
      ['audit-trigger', false, 1],
    ]);
    expect(m.consumers).toEqual([
      { key: 'work-consumer', queue: 'work-queue', kind: 'function', functionKey: 'on-work' },
      { key: 'legacy-consumer', queue: 'legacy-queue', kind: 'resolver', functionKey: 'legacy-fn', method: 'listen' },
    ]);
    expect(m.resolverModules).toEqual([{ key: 'sla-panel', type: 'jira:issueContext', resource: 'panel', functionKey: 'resolver-fn' }]);
    expect(m.customFields.map((f) => [f.key, f.type])).toEqual([
      ['sla-status', 'string'],
      ['sla-next-check', 'datetime'],
      ['sla-escalation-level', 'number'],
    ]);
  });

  it('reads timeoutSeconds and tolerates a manifest without modules', () => {
    const m = parseShimManifest(
      'app:\n  id: ari:cloud:ecosystem::app/abc\nmodules:\n  function:\n    - key: f\n      handler: index.f\n      timeoutSeconds: 900\n',
    );
    expect(m.functionTimeouts.get('f')).toBe(900);
    expect(parseShimManifest('').triggers).toEqual([]);
  });

  it("resolves every module of the app's own manifest.yml to a declared function", () => {
    const m = readShimManifest(join(REPO_ROOT, 'manifest.yml'));
    const used = [
      ...m.triggers.map((t) => t.functionKey),
      ...m.scheduledTriggers.map((t) => t.functionKey),
      ...m.consumers.map((c) => c.functionKey),
      ...m.resolverModules.map((r) => r.functionKey),
    ];
    expect(used.length).toBeGreaterThan(0);
    for (const key of used) expect({ key, handler: m.functions.get(key) }).toEqual({ key, handler: expect.any(String) });
    expect(m.customFields.every((f) => ['datetime', 'string', 'number'].includes(f.type))).toBe(true);
  });
});
