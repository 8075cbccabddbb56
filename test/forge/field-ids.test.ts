/**
 * Field id resolution by module key (`schema.custom` ends in `/static/<moduleKey>`), cached in memory and kvs so
 * only the first invocation on a site pays for GET /rest/api/3/field.
 */
import { memoryKvs, memoryStore } from './support/memory-kvs';

jest.mock('@forge/kvs', () => ({ kvs: memoryKvs, default: memoryKvs }));

import { startBudget } from '../../src/forge/clock';
import {
  currentFieldOwner,
  FIELD_IDS_STORAGE_KEY,
  forgetFieldIds,
  mapFieldIds,
  moduleKeyOfField,
  resetFieldIdCache,
  resolveFieldIds,
} from '../../src/forge/field-ids';
import type { JiraContext } from '../../src/forge/jira-client';

const ext = (key: string) => `ari:cloud:ecosystem::extension/app-id/env-id/static/${key}`;
const FIELDS = [
  { id: 'summary', name: 'Summary', schema: { type: 'string', system: 'summary' } },
  {
    id: 'customfield_10050',
    name: 'Support plan',
    schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  },
  { id: 'customfield_10100', name: 'SLA status', schema: { type: 'string', custom: ext('sla-status') } },
  { id: 'customfield_10101', name: 'SLA next check', schema: { type: 'datetime', custom: ext('sla-next-check') } },
];

/** The same module keys declared by the development environment of the same app on the same site. */
const OTHER_ENV_FIELDS = [
  {
    id: 'customfield_10200',
    name: 'SLA status',
    schema: { type: 'string', custom: 'ari:cloud:ecosystem::extension/app-id/dev-env/static/sla-status' },
  },
  {
    id: 'customfield_10201',
    name: 'SLA next check',
    schema: { type: 'datetime', custom: 'ari:cloud:ecosystem::extension/app-id/dev-env/static/sla-next-check' },
  },
];

/** Runs `work` inside a stand-in of the platform's runtime global, the seam @forge/api's getAppContext() reads. */
async function asForgeInvocation<T>(appId: string, environmentId: string, work: () => Promise<T>): Promise<T> {
  const g = globalThis as Record<string, unknown>;
  const previous = g.__forge_runtime__;
  g.__forge_runtime__ = {
    appContext: {
      appId,
      environmentId,
      appVersion: '1',
      environmentType: 'PRODUCTION',
      invocationId: 'i',
      installationId: 'x',
      moduleKey: 'm',
      permissions: { scopes: [] },
    },
    lambdaContext: { getRemainingTimeInMillis: () => 20_000 },
  };
  try {
    return await work();
  } finally {
    g.__forge_runtime__ = previous;
  }
}

function fieldsContext(fields: unknown[] = FIELDS) {
  let calls = 0;
  const ctx: JiraContext = {
    budget: startBudget(10_000),
    fetch: async () => {
      calls += 1;
      return {
        ok: true,
        status: 200,
        statusText: 'OK',
        headers: { get: () => null } as never,
        json: async () => fields,
        text: async () => JSON.stringify(fields),
        arrayBuffer: async () => new ArrayBuffer(0),
      };
    },
  };
  return { ctx, calls: () => calls };
}

beforeEach(() => {
  memoryStore.clear();
  resetFieldIdCache();
});

describe('field ids', () => {
  it('reads the module key from schema.custom of app fields only', () => {
    expect(moduleKeyOfField(FIELDS[2]!)).toBe('sla-status');
    expect(moduleKeyOfField(FIELDS[1]!)).toBeNull();
    expect(moduleKeyOfField(FIELDS[0]!)).toBeNull();
    expect(mapFieldIds(FIELDS, ['sla-status', 'sla-next-check', 'sla-plan'])).toEqual({
      'sla-status': 'customfield_10100',
      'sla-next-check': 'customfield_10101',
    });
  });

  it('asks Jira once, then memory; a cold container reads kvs; forgetting goes back to Jira', async () => {
    const keys = ['sla-status', 'sla-next-check'];
    const jira = fieldsContext();
    const expected = { 'sla-status': 'customfield_10100', 'sla-next-check': 'customfield_10101' };
    expect(await resolveFieldIds(jira.ctx, keys)).toEqual(expected);
    expect(await resolveFieldIds(jira.ctx, keys)).toEqual(expected);
    expect(jira.calls()).toBe(1);
    expect(memoryStore.get(FIELD_IDS_STORAGE_KEY)).toEqual(expected);
    resetFieldIdCache();
    expect(await resolveFieldIds(jira.ctx, keys)).toEqual(expected);
    expect(jira.calls()).toBe(1);
    await forgetFieldIds();
    expect(await resolveFieldIds(jira.ctx, keys)).toEqual(expected);
    expect(jira.calls()).toBe(2);
  });

  it("takes only its own environment's fields when several environments of the app share the site", async () => {
    // Other environment listed last, so "last one wins" would pick the wrong fields.
    const jira = fieldsContext([...FIELDS, ...OTHER_ENV_FIELDS]);
    expect(currentFieldOwner()).toBeNull();
    const own = await asForgeInvocation('app-id', 'env-id', async () => {
      expect(currentFieldOwner()).toEqual({ appId: 'app-id', environmentId: 'env-id' });
      return resolveFieldIds(jira.ctx, ['sla-status', 'sla-next-check']);
    });
    expect(own).toEqual({ 'sla-status': 'customfield_10100', 'sla-next-check': 'customfield_10101' });
    expect(mapFieldIds([...FIELDS, ...OTHER_ENV_FIELDS], ['sla-status'], { appId: 'app-id', environmentId: 'dev-env' })).toEqual({
      'sla-status': 'customfield_10200',
    });
    expect(mapFieldIds(FIELDS, ['sla-status'], { appId: 'another-app', environmentId: 'env-id' })).toEqual({});
  });

  it('does not cache an incomplete map (a field Jira does not know yet is looked up again next time)', async () => {
    const jira = fieldsContext();
    expect(await resolveFieldIds(jira.ctx, ['sla-status', 'sla-plan'])).toEqual({ 'sla-status': 'customfield_10100' });
    await resolveFieldIds(jira.ctx, ['sla-status', 'sla-plan']);
    expect(jira.calls()).toBe(2);
    expect(memoryStore.has(FIELD_IDS_STORAGE_KEY)).toBe(false);
  });
});
