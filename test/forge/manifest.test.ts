/**
 * manifest.yml validated offline with @forge/manifest's own validator (schema, handler files, resources), plus the
 * contracts the validator cannot know: every handler names an export of src/index.ts, the custom fields are the
 * engine's SLA_FIELDS, the triggers ignore the app's own writes, the scopes are the minimal set.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@forge/manifest';
import { parse } from 'yaml';
import { SLA_FIELDS } from '../../src/engine';
import { RECOMPUTE_QUEUE_KEY } from '../../src/forge/recompute-queue';

const repo = join(__dirname, '..', '..');
const manifestText = readFileSync(join(repo, 'manifest.yml'), 'utf8');

interface Manifest {
  app: { runtime: { name: string } };
  permissions: { scopes: string[] };
  modules: Record<string, Array<Record<string, unknown>>>;
  resources: Array<{ key: string; path: string }>;
}
const manifest = parse(manifestText) as Manifest;

/**
 * A directory holding `text` as manifest.yml, the real src/ (so handler paths resolve against src/index.ts) and
 * placeholder Custom UI builds (static/*\/dist is build output, not committed).
 */
function stage(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sla-manifest-'));
  writeFileSync(join(dir, 'manifest.yml'), text);
  symlinkSync(join(repo, 'src'), join(dir, 'src'), 'dir');
  for (const resource of manifest.resources) {
    mkdirSync(join(dir, resource.path), { recursive: true });
    writeFileSync(join(dir, resource.path, 'index.html'), '<!doctype html><html><body></body></html>');
  }
  return dir;
}

async function validateText(text: string) {
  const dir = stage(text);
  try {
    return await validate(false, join(dir, 'manifest.yml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fieldKeys = SLA_FIELDS.map((field) => field.key);

describe('manifest.yml', () => {
  it('passes @forge/manifest full validation', async () => {
    const result = await validateText(manifestText);
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('is rejected by the same validator when a handler file does not exist (the check is live)', async () => {
    const result = await validateText(manifestText.replace('handler: index.sweep', 'handler: missing.sweep'));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.errors)).toContain('missing');
  });

  it('points every function handler at a function exported by src/index.ts', () => {
    const index = require('../../src/index') as Record<string, unknown>;
    const handlers = manifest.modules.function!.map((fn) => String(fn.handler));
    expect(handlers.length).toBeGreaterThan(0);
    for (const handler of handlers) {
      const [file, exportName] = handler.split('.');
      expect(file).toBe('index');
      expect(typeof index[exportName!]).toBe('function');
    }
  });

  it("declares one read-only custom field per key of the engine table, of the engine's type, with a description for JQL users", () => {
    const fields = manifest.modules['jira:customField']!;
    expect(fields.map((field) => field.key).sort()).toEqual([...fieldKeys].sort());
    for (const field of fields) {
      expect(field.readOnly).toBe(true);
      expect(String(field.description ?? '').length).toBeGreaterThan(20);
    }
    const manifestTypes = Object.fromEntries(fields.map((field) => [field.key, field.type]));
    const engineTypes = Object.fromEntries(SLA_FIELDS.map((field) => [field.key, field.type]));
    expect(manifestTypes).toEqual(engineTypes);
    expect(manifestTypes['sla-next-check']).toBe('datetime');
    expect(manifestTypes['sla-escalation-level']).toBe('number');
  });

  it('runs on nodejs24.x with the minimal scopes and no JSM scope', () => {
    expect(manifest.app.runtime.name).toBe('nodejs24.x');
    expect([...manifest.permissions.scopes].sort()).toEqual([
      'read:jira-user',
      'read:jira-work',
      'storage:app',
      'write:app-data:jira',
      'write:jira-work',
    ]);
  });

  it('listens to issue created/updated/commented/deleted events ignoring its own writes, sweeps every five minutes, deletes expired outcomes daily, consumes the recompute queue', () => {
    const [trigger] = manifest.modules.trigger!;
    expect(trigger!.events).toEqual([
      'avi:jira:created:issue',
      'avi:jira:updated:issue',
      'avi:jira:commented:issue',
      'avi:jira:deleted:issue',
    ]);
    expect(trigger!.filter).toEqual({ ignoreSelf: true });
    expect(manifest.modules.scheduledTrigger!.map((t) => t.interval)).toEqual(['fiveMinute', 'week', 'day']);
    expect(manifest.modules.consumer!.map((c) => c.queue)).toEqual([RECOMPUTE_QUEUE_KEY]);
    // Forge SQL is enabled by exactly one sql module (engine mysql), as the manifest reference requires.
    expect(manifest.modules.sql).toEqual([{ key: 'sla-outcomes', engine: 'mysql' }]);
    const timeouts = Object.fromEntries(manifest.modules.function!.map((fn) => [fn.key, fn.timeoutSeconds]));
    expect(timeouts.sweep).toBe(900);
    expect(timeouts['recompute-consumer']).toBe(900);
    expect(timeouts['outcome-retention']).toBe(900);
  });

  it('wires the SLA panel and the admin page to the Custom UI builds and the resolver function', () => {
    const resources = Object.fromEntries(manifest.resources.map((r) => [r.key, r.path]));
    const panel = manifest.modules['jira:issueContext']![0]!;
    const admin = manifest.modules['jira:adminPage']![0]!;
    expect(resources[String(panel.resource)]).toBe('static/sla-panel/dist');
    expect(resources[String(admin.resource)]).toBe('static/admin/dist');
    expect(panel.resolver).toEqual({ function: 'resolver' });
    expect(admin.resolver).toEqual({ function: 'resolver' });
  });
});
