/**
 * The fields a read asks for, from the policy: every field the engine reads for that policy and nothing else.
 */
import { loadPolicy, type Policy } from '../../src/engine';
import { startBudget } from '../../src/forge/clock';
import {
  BASE_ISSUE_FIELDS,
  policyFieldNeeds,
  resetFieldRefCache,
  resolveFieldRefs,
  UNKNOWN_FIELD_RETRY_MS,
} from '../../src/forge/issue-fields';
import type { JiraContext } from '../../src/forge/jira-client';
import { E2E_POLICY_YAML } from './support/e2e-policy';
import { memoryKvs, memoryStore } from './support/memory-kvs';

jest.mock('@forge/kvs', () => {
  const store = jest.requireActual<typeof import('./support/memory-kvs')>('./support/memory-kvs').memoryKvs;
  return { kvs: store, default: store };
});

function variant(replace: Array<[string, string]>): Policy {
  let yaml = E2E_POLICY_YAML;
  for (const [from, to] of replace) {
    if (!yaml.includes(from)) throw new Error(`the e2e policy no longer contains ${from}`);
    yaml = yaml.replace(from, to);
  }
  const loaded = loadPolicy(yaml);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.policy;
}

const HIGH_RULE = '- { id: high, when: { jiraPriority: [High] }, priority: P2 }';
const PAUSE = '- { when: status, statuses: ["Waiting for customer"] }';
const PLAN_SOURCE = '- { from: customField, field: "Support plan" }';
const FIRST_RESPONSE_STOP = '- { on: publicComment, by: notReporter }';

describe('policyFieldNeeds', () => {
  it.each([
    { name: 'the e2e policy', edits: [], ids: ['comment'], notIds: ['summary', 'description'], refs: ['Support plan'] },
    {
      name: 'a text rule',
      edits: [[HIGH_RULE, '- { id: high, when: { text: { words: [down] } }, priority: P2 }']],
      ids: ['summary', 'description'],
      notIds: [],
      refs: ['Support plan'],
    },
    {
      name: 'an impact rule',
      edits: [[HIGH_RULE, '- { id: high, when: { impact: [Extensive] }, priority: P2 }']],
      ids: [],
      notIds: ['summary'],
      refs: ['Impact', 'Support plan'],
    },
    {
      name: 'an impact rule with the field id given',
      edits: [
        [HIGH_RULE, '- { id: high, when: { impact: [Extensive] }, priority: P2 }'],
        ['planSelection:', 'fields: { impact: customfield_10004 }\nplanSelection:'],
      ],
      ids: [],
      notIds: [],
      refs: ['customfield_10004', 'Support plan'],
    },
    {
      name: 'a field pause',
      edits: [[PAUSE, '- { when: field, field: "Pending reason" }']],
      ids: [],
      notIds: [],
      refs: ['Pending reason', 'Support plan'],
    },
    {
      name: 'an organization plan source',
      edits: [[PLAN_SOURCE, '- { from: organization }']],
      ids: [],
      notIds: [],
      refs: ['Organizations'],
    },
    {
      name: 'no public-comment stop',
      edits: [[FIRST_RESPONSE_STOP, '- { on: status, statuses: ["In Progress"] }']],
      ids: [],
      notIds: ['comment'],
      refs: ['Support plan'],
    },
  ] as Array<{ name: string; edits: Array<[string, string]>; ids: string[]; notIds: string[]; refs: string[] }>)(
    '$name',
    ({ edits, ids, notIds, refs }) => {
      const needs = policyFieldNeeds([variant(edits)]);
      for (const id of [...BASE_ISSUE_FIELDS, ...ids]) expect(needs.ids).toContain(id);
      for (const id of notIds) expect(needs.ids).not.toContain(id);
      // Every policy's reads include the JSM organization: outcome records name it (src/forge/outcomes.ts).
      expect([...needs.refs].sort()).toEqual([...new Set([...refs, 'Organizations'])].sort());
      expect(needs.ids).not.toContain('*all');
    },
  );

  it('unites what several policies read', () => {
    const text = variant([[HIGH_RULE, '- { id: high, when: { text: { words: [down] } }, priority: P2 }']]);
    const organizations = variant([[PLAN_SOURCE, '- { from: organization }']]);
    const needs = policyFieldNeeds([text, organizations]);
    expect(needs.ids).toContain('summary');
    expect([...needs.refs].sort()).toEqual(['Organizations', 'Support plan']);
  });
});

describe('resolveFieldRefs', () => {
  const siteFields = [
    { id: 'summary', name: 'Summary' },
    { id: 'customfield_10050', name: 'Support plan' },
    { id: 'customfield_10060', name: 'Region' },
    { id: 'customfield_10061', name: 'Region' },
  ];
  function fieldsApi(): { ctx: JiraContext; calls: () => number } {
    let calls = 0;
    const ctx = {
      budget: startBudget(10_000),
      fetch: async () => {
        calls += 1;
        return { ok: true, status: 200, statusText: '', headers: { get: () => null }, json: async () => siteFields, text: async () => '' };
      },
    } as unknown as JiraContext;
    return { ctx, calls: () => calls };
  }

  beforeEach(() => {
    memoryStore.clear();
    resetFieldRefCache();
  });

  it('maps names (any case) and ids to every id they name, and reads /field again only for something new', async () => {
    const { ctx, calls } = fieldsApi();
    const now = Date.parse('2026-03-02T09:00:00Z');
    const first = await resolveFieldRefs(ctx, new Set(['support PLAN', 'Region']), now);
    expect(first['support plan']).toEqual(['customfield_10050']);
    expect(first.region).toEqual(['customfield_10060', 'customfield_10061']);
    // A subset, the same set again, or what another caller asks in another order: no call.
    await resolveFieldRefs(ctx, new Set(['Region']), now);
    await resolveFieldRefs(ctx, new Set(['Region', 'Support plan']), now);
    expect(calls()).toBe(1);
    // Another container of the same installation finds the map in kvs.
    resetFieldRefCache();
    await resolveFieldRefs(ctx, new Set(['Region']), now);
    expect(calls()).toBe(1);
    const grown = await resolveFieldRefs(ctx, new Set(['summary']), now);
    expect(calls()).toBe(2);
    expect(grown.summary).toEqual(['summary']);
    expect(grown.region).toEqual(['customfield_10060', 'customfield_10061']);
    expect(await memoryKvs.get('fields:policy-refs')).toMatchObject({ map: { region: ['customfield_10060', 'customfield_10061'] } });
  });

  it('looks up a field Jira did not know again only after a while', async () => {
    const { ctx, calls } = fieldsApi();
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect((await resolveFieldRefs(ctx, new Set(['Escalation requested']), now))['escalation requested']).toEqual([]);
    await resolveFieldRefs(ctx, new Set(['Escalation requested']), now + UNKNOWN_FIELD_RETRY_MS - 1);
    expect(calls()).toBe(1);
    await resolveFieldRefs(ctx, new Set(['Escalation requested']), now + UNKNOWN_FIELD_RETRY_MS);
    expect(calls()).toBe(2);
  });
});
