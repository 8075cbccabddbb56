/**
 * The trigger's own decisions that the end-to-end tests cannot reach on the emulator (it has no issue deletion).
 */
import { startBudget } from '../../src/forge/clock';
import { FIELD_IDS_STORAGE_KEY } from '../../src/forge/field-ids';
import { syncIssueById } from '../../src/forge/issue-events';
import type { JiraContext } from '../../src/forge/jira-client';
import { SLA_FIELD_KEYS } from '../../src/forge/sla-sync';
import { memoryKvs, memoryStore } from './support/memory-kvs';

// No policy stored (an empty key-space query) and the app's field ids already cached: the read is the one Jira call.
jest.mock('@forge/kvs', () => {
  const store = jest.requireActual<typeof import('./support/memory-kvs')>('./support/memory-kvs').memoryKvs;
  const query = () => ({ where: () => query(), limit: () => query(), cursor: () => query(), getMany: async () => ({ results: [] }) });
  const kvs = { ...store, query };
  return { kvs, default: kvs, WhereConditions: { beginsWith: (value: string) => ({ condition: 'BEGINS_WITH', values: [value] }) } };
});

// Outcome records need Forge SQL (covered on the emulator's MariaDB by the e2e suites); here: what is asked of it.
const recorded: Array<{ evaluated: number; gone: readonly string[] }> = [];
jest.mock('../../src/forge/outcomes', () => ({
  recordOutcomes: async (evaluated: unknown[], gone: readonly string[]) => {
    recorded.push({ evaluated: evaluated.length, gone });
    return { upserts: [], unchanged: 0, requests: 1 };
  },
}));

beforeEach(async () => {
  recorded.length = 0;
  memoryStore.clear();
  await memoryKvs.set(FIELD_IDS_STORAGE_KEY, Object.fromEntries(SLA_FIELD_KEYS.map((key, i) => [key, `customfield_${10100 + i}`])));
});

function answering(status: number): { ctx: JiraContext; paths: string[] } {
  const paths: string[] = [];
  const ctx = {
    budget: startBudget(10_000),
    fetch: async (path: unknown) => {
      paths.push(String(path));
      return { ok: status < 300, status, statusText: '', headers: { get: () => null }, json: async () => ({}), text: async () => '' };
    },
  } as unknown as JiraContext;
  return { ctx, paths };
}

describe('syncIssueById', () => {
  it('ignores an event for an issue that no longer exists (404) after its one read', async () => {
    const { ctx, paths } = answering(404);
    await expect(syncIssueById(ctx, '10042')).resolves.toEqual({ kind: 'ignored', reason: 'issue 10042 no longer exists' });
    expect(paths).toHaveLength(1);
    // Its open outcome records are abandoned.
    expect(recorded).toEqual([{ evaluated: 0, gone: ['10042'] }]);
  });

  it('lets other Jira errors through to the handler (which retries only the retryable ones)', async () => {
    const { ctx } = answering(403);
    await expect(syncIssueById(ctx, '10042')).rejects.toMatchObject({ code: 'JIRA_FORBIDDEN' });
  });
});
