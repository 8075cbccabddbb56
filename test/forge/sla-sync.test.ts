/**
 * The write-decision core: values compare the way Jira stores them (whole seconds, +0000 offsets), an issue that
 * already holds its values needs no write, and changes group into bulk updates by (field, value).
 */
import { evaluate, slaFieldValues } from '../../src/engine';
import { decideIssue, groupUpdates, normaliseFieldValue, SLA_FIELD_KEYS } from '../../src/forge/sla-sync';
import type { ActivePolicy } from '../../src/forge/policy-store';
import { buildIssue, jiraTime, withComment, AGENT } from '../builders/jira-issue';
import { testPolicy } from '../builders/test-policy';

const fieldIds = Object.fromEntries(SLA_FIELD_KEYS.map((key, index) => [key, `customfield_${10100 + index}`]));
const active: ActivePolicy = {
  scope: { kind: 'site' },
  stored: { version: 1, source: '', savedAt: '2026-11-16T00:00:00.000Z' },
  policy: testPolicy(),
};
const NOW = Date.parse('2026-11-16T15:00:00Z');

/** What Jira would return after the app wrote `values`: datetimes as `…000+0000`, numbers as numbers. */
function storedAsJira(issue: ReturnType<typeof buildIssue>, values: Record<string, string | number | null>) {
  const fields: Record<string, unknown> = { ...issue.fields };
  for (const [key, value] of Object.entries(values)) {
    fields[fieldIds[key]!] =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? jiraTime(value.replace(/\.\d{3}Z$/, 'Z')) : value;
  }
  return { ...issue, fields };
}

describe('normaliseFieldValue', () => {
  it('compares instants at whole seconds regardless of offset notation, and empties as null', () => {
    expect(normaliseFieldValue('2026-03-02T10:00:00.000+0000')).toBe(normaliseFieldValue('2026-03-02T10:00:00.750Z'));
    expect(normaliseFieldValue('2026-03-02T11:00:00.000+0100')).toBe('2026-03-02T10:00:00Z');
    expect(normaliseFieldValue('')).toBeNull();
    expect(normaliseFieldValue(undefined)).toBeNull();
    expect(normaliseFieldValue('premium')).toBe('premium');
    expect(normaliseFieldValue(2)).toBe(2);
    // A string field holding digits stays a string, so it compares equal to the engine's string value.
    expect(normaliseFieldValue('1')).toBe('1');
  });
});

describe('decideIssue', () => {
  it('writes every non-empty value for a fresh issue, and nothing once Jira holds them', () => {
    const issue = buildIssue();
    const first = decideIssue(active, issue, fieldIds, NOW);
    const expected = slaFieldValues(evaluate(active.policy, issue, NOW));
    const nonNull = Object.entries(expected)
      .filter(([, value]) => value !== null)
      .map(([key]) => key);
    expect(Object.keys(first.changes).sort()).toEqual(nonNull.sort());
    const again = decideIssue(active, storedAsJira(issue, first.changes), fieldIds, NOW);
    expect(again.changes).toEqual({});
  });

  it('after an agent comment writes only the fields that changed', () => {
    const issue = buildIssue();
    const before = decideIssue(active, issue, fieldIds, NOW);
    const commented = storedAsJira(withComment(issue, { at: '2026-11-16T14:30:00Z', by: AGENT }), before.changes);
    const after = decideIssue(active, commented, fieldIds, NOW);
    const engineBefore = slaFieldValues(evaluate(active.policy, issue, NOW));
    const engineAfter = slaFieldValues(evaluate(active.policy, commented, NOW));
    const differing = SLA_FIELD_KEYS.filter(
      (key) =>
        normaliseFieldValue(engineBefore[key as keyof typeof engineBefore]) !==
        normaliseFieldValue(engineAfter[key as keyof typeof engineAfter]),
    );
    expect(engineAfter['sla-status']).toBe('met');
    expect(Object.keys(after.changes).sort()).toEqual([...differing].sort());
    expect(after.changes['sla-status']).toBe('met');
    expect(Object.keys(after.changes)).not.toContain('sla-plan');
  });

  it('ignores keys whose field id Jira does not know', () => {
    const partial = { 'sla-status': 'customfield_1' };
    const decision = decideIssue(active, buildIssue(), partial, NOW);
    expect(Object.keys(decision.changes)).toEqual(['sla-status']);
  });
});

describe('groupUpdates', () => {
  it('groups equal values of one field across issues into one update with numeric issue ids', () => {
    const updates = groupUpdates(
      [
        { issueId: '10001', changes: { 'sla-status': 'met', 'sla-escalation-level': 1 } },
        { issueId: '10002', changes: { 'sla-status': 'met', 'sla-next-check': null } },
        { issueId: '10003', changes: { 'sla-status': 'breached' } },
      ],
      fieldIds,
    );
    expect(updates).toEqual([
      { customField: fieldIds['sla-status'], issueIds: [10001, 10002], value: 'met' },
      { customField: fieldIds['sla-escalation-level'], issueIds: [10001], value: 1 },
      { customField: fieldIds['sla-next-check'], issueIds: [10002], value: null },
      { customField: fieldIds['sla-status'], issueIds: [10003], value: 'breached' },
    ]);
  });
});

describe('syncIssues', () => {
  it('evaluates, writes the changes in two requests (instants, then values with a changelog), and refreshes stale field ids on a 404 write', async () => {
    const { memoryKvs, memoryStore } = jest.requireActual<typeof import('./support/memory-kvs')>('./support/memory-kvs');
    jest.resetModules();
    jest.doMock('@forge/kvs', () => ({ kvs: memoryKvs, default: memoryKvs }));
    // Outcome records need Forge SQL (the e2e suites run them on the emulator's MariaDB); here: which issues go there.
    const recorded: Array<{ evaluated: string[]; gone: readonly string[] }> = [];
    jest.doMock('../../src/forge/outcomes', () => ({
      recordOutcomes: async (evaluated: Array<{ issue: { id: string } }>, gone: readonly string[]) => {
        recorded.push({ evaluated: evaluated.map((one) => one.issue.id), gone });
        return { upserts: [], unchanged: 0, requests: 1 };
      },
    }));
    const sync = await import('../../src/forge/sla-sync');
    const errors = await import('../../src/forge/jira-errors');
    const { startBudget } = await import('../../src/forge/clock');
    memoryStore.set('fields:ids', fieldIds);
    // Two accepted writes, then a site where every field id is stale (404 to every request).
    const statuses = [204, 204];
    const requests: Array<{ path: string; body: { updates: Array<{ customField: string }> } }> = [];
    const ctx = {
      budget: startBudget(10_000),
      fetch: async (path: { value: string }, init?: { body?: unknown }) => {
        requests.push({ path: path.value, body: JSON.parse(String(init?.body)) });
        const status = statuses.shift() ?? 404;
        const body = status === 404 ? '{"errorMessages":["The custom field was not found."],"errors":{}}' : '';
        return {
          ok: status < 300,
          status,
          statusText: '',
          headers: { get: () => null },
          json: async () => ({}),
          text: async () => body,
          arrayBuffer: async () => new ArrayBuffer(0),
        };
      },
    } as unknown as import('../../src/forge/jira-client').JiraContext;
    const issue = buildIssue();
    const report = await sync.syncIssues(ctx, [issue], fieldIds, NOW, async () => active);
    expect(report).toMatchObject({ evaluated: 1, changed: 1, writeRequests: 2, failed: [], rejected: 0 });
    expect(requests.map((request) => new URL(request.path, 'https://x').searchParams.get('generateChangelog'))).toEqual(['false', 'true']);
    const logged = requests[1]!.body.updates.map((update) => update.customField).sort();
    expect(logged).toEqual(
      ['sla-priority', 'sla-plan', 'sla-status', 'sla-escalation-level', 'sla-escalation-level-name'].map((key) => fieldIds[key]).sort(),
    );
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = await sync.syncIssues(ctx, [issue], fieldIds, NOW, async () => active).catch((e: unknown) => e);
    expect(warn.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/issue SUP-1 .*HTTP 404: The custom field was not found\./);
    warn.mockRestore();
    expect(error).toBeInstanceOf(errors.JiraUnavailable);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect(memoryStore.has('fields:ids')).toBe(false);
    const noPolicy = await sync.syncIssues(ctx, [issue], fieldIds, NOW, async () => null);
    expect(noPolicy).toMatchObject({ evaluated: 0, skipped: 1, writeRequests: 0 });
    // Outcomes go first (before the field writes), and an issue without a policy abandons its open ones.
    expect(recorded).toEqual([
      { evaluated: [issue.id], gone: [] },
      { evaluated: [issue.id], gone: [] },
      { evaluated: [], gone: [issue.id] },
    ]);
  });
});
