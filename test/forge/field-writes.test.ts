/**
 * Field writes against the emulated site's all-or-nothing bulk write: one refused update (deleted issue, deleted
 * field, a value Jira will not store) is isolated in a bounded number of requests while everything else is
 * written; status and escalation go with a changelog entry, instants without; each refusal is logged once.
 */
import type { APIResponse, Route } from '@forge/api';
import { JiraSite, SiteError } from '../../emulator/jira/site';
import { SLA_FIELDS } from '../../src/engine';
import { startBudget } from '../../src/forge/clock';
import {
  CHANGELOG_FIELD_KEYS,
  groupUpdates,
  ISOLATION_REQUEST_BUDGET,
  jiraMessage,
  MAX_REMEMBERED_FAILURES,
  REPORT_AGAIN_AFTER_MS,
  reportWriteFailures,
  WRITE_FAILURES_STORAGE_KEY,
  writeFailures,
  writeFieldChanges,
  type WriteFailure,
} from '../../src/forge/field-writes';
import type { JiraContext } from '../../src/forge/jira-client';
import { JiraUnavailable } from '../../src/forge/jira-errors';
import { memoryStore } from './support/memory-kvs';

jest.mock('@forge/kvs', () => {
  const { memoryKvs } = jest.requireActual<typeof import('./support/memory-kvs')>('./support/memory-kvs');
  return { kvs: memoryKvs, default: memoryKvs };
});

const APP_FIELDS = SLA_FIELDS.map((field) => ({ key: field.key, name: field.name, type: field.type }));

function reply(status: number, body: unknown): APIResponse {
  return {
    ok: status < 300,
    status,
    statusText: String(status),
    headers: { get: () => null } as unknown as APIResponse['headers'],
    json: async () => body,
    text: async () => (body === undefined ? '' : JSON.stringify(body)),
    arrayBuffer: async () => new ArrayBuffer(0),
  };
}

/** A Jira context whose bulk writes go to `site` exactly as the emulator's REST route applies them. */
function siteContext(site: JiraSite, options: { failWith?: number } = {}) {
  const requests: Array<{ changelog: boolean; updates: Array<{ customField: string; issueIds: number[]; value: unknown }> }> = [];
  const ctx: JiraContext = {
    budget: startBudget(60_000),
    random: () => 0.5,
    sleep: async () => undefined,
    fetch: async (path: Route, init) => {
      const url = new URL(path.value, 'https://site.example');
      const body = JSON.parse(String(init?.body)) as { updates: Array<{ customField: string; issueIds: number[]; value: unknown }> };
      const changelog = url.searchParams.get('generateChangelog') !== 'false';
      requests.push({ changelog, updates: body.updates });
      if (options.failWith) return reply(options.failWith, undefined);
      try {
        site.writeAppFieldValues(
          body.updates.map((u) => ({ fieldIdOrKey: u.customField, issueIds: u.issueIds, value: u.value })),
          changelog,
        );
        return reply(204, undefined);
      } catch (error) {
        if (!(error instanceof SiteError)) throw error;
        return reply(error.status, { errorMessages: [error.message], errors: error.errors });
      }
    },
  };
  return { ctx, requests };
}

function newSite(issues: number) {
  const site = new JiraSite({ appFields: APP_FIELDS });
  const keys = Array.from({ length: issues }, (_, i) => site.createIssue('customer', { projectKey: 'SUP', summary: `Issue ${i}` }).key);
  site.takePendingEvents();
  const fieldIds = Object.fromEntries(APP_FIELDS.map((field) => [field.key, site.appField(field.key)!.id]));
  const ids = new Map(keys.map((key) => [key, String(site.findIssue(key)!.id)]));
  const idOf = (key: string) => ids.get(key)!;
  return { site, keys, fieldIds, idOf };
}

/** Distinct changes per issue: a due instant, a status and an escalation level name. */
function changesFor(index: number) {
  return {
    'sla-resolution-due': new Date(Date.UTC(2026, 2, 2, 10, index)).toISOString(),
    'sla-status': index % 2 ? 'at risk' : 'on track',
    'sla-escalation-level-name': `Level ${index % 3}`,
  };
}

beforeEach(() => memoryStore.clear());

describe('writeFieldChanges', () => {
  it('writes instants without and status or escalation with a changelog entry: two requests, instants first', async () => {
    const { site, keys, fieldIds, idOf } = newSite(3);
    const { ctx, requests } = siteContext(site);
    const decisions = keys.map((key, i) => ({ issueId: idOf(key), changes: changesFor(i) }));
    const result = await writeFieldChanges(ctx, decisions, fieldIds);
    expect(result).toEqual({ requests: 2, rejected: [] });
    expect(requests.map((r) => r.changelog)).toEqual([false, true]);
    const keyOf = new Map(Object.entries(fieldIds).map(([key, id]) => [id, key]));
    for (const request of requests) {
      for (const update of request.updates)
        expect({ field: keyOf.get(update.customField), changelog: request.changelog }).toEqual({
          field: keyOf.get(update.customField),
          changelog: CHANGELOG_FIELD_KEYS.has(keyOf.get(update.customField)!),
        });
    }
    const history = site.findIssue(keys[1]!)!.histories;
    expect(history).toHaveLength(1);
    expect(history[0]!.items.map((item) => [item.fieldId, item.toString])).toEqual([
      [fieldIds['sla-status'], 'at risk'],
      [fieldIds['sla-escalation-level-name'], 'Level 1'],
    ]);
  });

  it('sends one request of each kind only when that kind changed, and nothing when nothing changed', async () => {
    const { site, keys, fieldIds, idOf } = newSite(1);
    const { ctx, requests } = siteContext(site);
    expect(await writeFieldChanges(ctx, [{ issueId: idOf(keys[0]!), changes: {} }], fieldIds)).toEqual({ requests: 0, rejected: [] });
    expect(
      await writeFieldChanges(ctx, [{ issueId: idOf(keys[0]!), changes: { 'sla-next-check': '2026-03-02T11:00:00Z' } }], fieldIds),
    ).toEqual({ requests: 1, rejected: [] });
    expect(requests.map((r) => r.changelog)).toEqual([false]);
    expect(site.findIssue(keys[0]!)!.histories).toHaveLength(0);
  });

  const refusals: Array<{
    name: string;
    spoil: (s: ReturnType<typeof newSite>) => { issueKeys: string[]; fieldKeys: string[] };
    status: number;
    message: RegExp;
  }> = [
    {
      name: 'an issue deleted after it was read',
      spoil: ({ site, keys }) => {
        site.deleteIssue('admin', keys[37]!);
        return { issueKeys: [keys[37]!], fieldKeys: ['sla-resolution-due', 'sla-status', 'sla-escalation-level-name'] };
      },
      status: 400,
      message: /Issue \d+ does not exist/,
    },
    {
      name: 'two issues deleted, in different halves',
      spoil: ({ site, keys }) => {
        site.deleteIssue('admin', keys[3]!);
        site.deleteIssue('admin', keys[88]!);
        return { issueKeys: [keys[3]!, keys[88]!], fieldKeys: ['sla-resolution-due', 'sla-status', 'sla-escalation-level-name'] };
      },
      status: 400,
      message: /does not exist/,
    },
    {
      name: 'a field deleted (an id that no longer exists)',
      spoil: ({ site, keys, fieldIds }) => {
        site.deleteField(fieldIds['sla-escalation-level-name']!);
        return { issueKeys: [...keys], fieldKeys: ['sla-escalation-level-name'] };
      },
      status: 404,
      message: /was not found/,
    },
  ];

  it.each(refusals)('isolates $name in few requests and writes every other value', async ({ spoil, status, message }) => {
    const world = newSite(100);
    const { site, keys, fieldIds, idOf } = world;
    const decisions = keys.map((key, i) => ({ issueId: idOf(key), changes: changesFor(i) }));
    const bad = spoil(world);
    const { ctx, requests } = siteContext(site);
    const result = await writeFieldChanges(ctx, decisions, fieldIds);
    expect(result.requests).toBe(requests.length);
    expect(result.requests).toBeLessThanOrEqual(2 + ISOLATION_REQUEST_BUDGET);
    const failures = writeFailures(result.rejected, new Map(keys.map((key) => [idOf(key), key])), fieldIds);
    const refused = failures.map((f) => `${f.issueKey}/${f.fieldKey}`).sort();
    expect(refused).toEqual(bad.issueKeys.flatMap((key) => bad.fieldKeys.map((field) => `${key}/${field}`)).sort());
    for (const failure of failures) expect(failure).toMatchObject({ status, isolated: true, message: expect.stringMatching(message) });
    // Everything else is on the issues.
    keys.forEach((key, i) => {
      if (!site.findIssue(key)) return;
      for (const [field, value] of Object.entries(changesFor(i))) {
        if (bad.issueKeys.includes(key) && bad.fieldKeys.includes(field)) continue;
        const stored = site.appFieldValue(key, field);
        expect({ key, field, stored: typeof stored === 'string' && field.endsWith('-due') ? Date.parse(stored) : stored }).toEqual({
          key,
          field,
          stored: field.endsWith('-due') ? Date.parse(value) : value,
        });
      }
    });
  });

  it('spends at most its isolation budget when many updates are refused, writing none of them and reporting the rest as unisolated', async () => {
    const world = newSite(100);
    const { site, keys, fieldIds, idOf } = world;
    const decisions = keys.map((key, i) => ({ issueId: idOf(key), changes: changesFor(i) }));
    const doomed = keys.filter((_, i) => i % 4 === 0);
    for (const key of doomed) site.deleteIssue('admin', key);
    const { ctx, requests } = siteContext(site);
    const result = await writeFieldChanges(ctx, decisions, fieldIds);
    expect(requests.length).toBeLessThanOrEqual(2 + ISOLATION_REQUEST_BUDGET);
    const failures = writeFailures(result.rejected, new Map(keys.map((key) => [idOf(key), key])), fieldIds);
    // Every refused cell is accounted for; some innocent ones may be among the unisolated.
    for (const key of doomed)
      for (const field of Object.keys(changesFor(0))) expect(failures.some((f) => f.issueKey === key && f.fieldKey === field)).toBe(true);
    expect(failures.some((f) => !f.isolated)).toBe(true);
    // Halving still wrote some innocent issues before the budget ran out.
    const written = keys.filter((key) => site.findIssue(key) && site.appFieldValue(key, 'sla-resolution-due') !== null);
    expect(written.length).toBeGreaterThan(0);
  });

  it('lets errors that are not refusals (Jira down after retries) propagate', async () => {
    const { site, keys, fieldIds, idOf } = newSite(2);
    const { ctx } = siteContext(site, { failWith: 503 });
    await expect(
      writeFieldChanges(
        ctx,
        keys.map((key, i) => ({ issueId: idOf(key), changes: changesFor(i) })),
        fieldIds,
      ),
    ).rejects.toBeInstanceOf(JiraUnavailable);
  });
});

describe('groupUpdates', () => {
  it('names each field and issue once (Jira refuses repeats): an issue listed twice keeps its last value', () => {
    const ids = { 'sla-status': 'customfield_1', 'sla-next-check': 'customfield_2' };
    expect(
      groupUpdates(
        [
          { issueId: '1', changes: { 'sla-status': 'at risk', 'sla-next-check': null } },
          { issueId: '2', changes: { 'sla-status': 'at risk' } },
          { issueId: '1', changes: { 'sla-status': 'breached' } },
        ],
        ids,
      ),
    ).toEqual([
      { customField: 'customfield_2', issueIds: [1], value: null },
      { customField: 'customfield_1', issueIds: [2], value: 'at risk' },
      { customField: 'customfield_1', issueIds: [1], value: 'breached' },
    ]);
  });
});

describe('jiraMessage', () => {
  it.each([
    ['writeAppFieldValues: HTTP 400: {"errorMessages":["Issue 10001 does not exist."],"errors":{}}', 'Issue 10001 does not exist.'],
    ['writeAppFieldValues: HTTP 400: {"errorMessages":[],"errors":{"customfield_10100":"Too long"}}', 'customfield_10100: Too long'],
    ['writeAppFieldValues: HTTP 400: <html>Bad gateway</html>', 'HTTP 400: <html>Bad gateway</html>'],
  ])('%s', (text, expected) => {
    expect(jiraMessage(text)).toBe(expected);
  });
});

describe('reportWriteFailures', () => {
  const failure = (issueId: number, message = 'Issue does not exist.'): WriteFailure => ({
    issueId,
    issueKey: `SUP-${issueId}`,
    fieldKey: 'sla-status',
    customField: 'customfield_10105',
    status: 400,
    message,
    isolated: true,
  });

  it('logs a refusal once with issue, field and Jira message, again when the message changes or a day has passed', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-02T10:00:00Z'));
    try {
      expect(await reportWriteFailures([failure(1)])).toHaveLength(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /issue SUP-1 \(id 1\), field sla-status \(customfield_10105\), HTTP 400: Issue does not exist\./,
      );
      expect(await reportWriteFailures([failure(1)])).toHaveLength(0);
      expect(await reportWriteFailures([failure(1), failure(2)])).toEqual([failure(2)]);
      expect(await reportWriteFailures([failure(1, 'Field value too long.')])).toHaveLength(1);
      now.mockReturnValue(Date.parse('2026-03-02T10:00:00Z') + REPORT_AGAIN_AFTER_MS);
      expect(await reportWriteFailures([failure(2)])).toHaveLength(1);
      expect(warn).toHaveBeenCalledTimes(4);
    } finally {
      warn.mockRestore();
      now.mockRestore();
    }
  });

  it('remembers at most the newest failures, in one kvs value', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await reportWriteFailures(Array.from({ length: MAX_REMEMBERED_FAILURES + 50 }, (_, i) => failure(i)));
      const stored = memoryStore.get(WRITE_FAILURES_STORAGE_KEY) as { entries: Array<{ at: string }> };
      expect(stored.entries).toHaveLength(MAX_REMEMBERED_FAILURES);
      expect(stored.entries[0]!.at).toBe('50:customfield_10105');
      expect(JSON.stringify(stored).length).toBeLessThan(100_000);
      // The oldest were forgotten, so they are logged again; the newest are not.
      expect(await reportWriteFailures([failure(0), failure(MAX_REMEMBERED_FAILURES + 49)])).toEqual([failure(0)]);
    } finally {
      warn.mockRestore();
    }
  });
});
