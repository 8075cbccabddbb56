/**
 * The fields a read asks for, from the policy: every field the engine reads for that policy and nothing else.
 */
import { loadPolicy, type Policy } from '../../src/engine';
import { BASE_ISSUE_FIELDS, policyFieldNeeds } from '../../src/forge/issue-fields';
import { E2E_POLICY_YAML } from './support/e2e-policy';

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
    { name: 'a text rule', edits: [[HIGH_RULE, '- { id: high, when: { text: { words: [down] } }, priority: P2 }']], ids: ['summary', 'description'], notIds: [], refs: ['Support plan'] },
    { name: 'an impact rule', edits: [[HIGH_RULE, '- { id: high, when: { impact: [Extensive] }, priority: P2 }']], ids: [], notIds: ['summary'], refs: ['Impact', 'Support plan'] },
    {
      name: 'an impact rule with the field id given',
      edits: [[HIGH_RULE, '- { id: high, when: { impact: [Extensive] }, priority: P2 }'], ['planSelection:', 'fields: { impact: customfield_10004 }\nplanSelection:']],
      ids: [], notIds: [], refs: ['customfield_10004', 'Support plan'],
    },
    { name: 'a field pause', edits: [[PAUSE, '- { when: field, field: "Pending reason" }']], ids: [], notIds: [], refs: ['Pending reason', 'Support plan'] },
    { name: 'an organization plan source', edits: [[PLAN_SOURCE, '- { from: organization }']], ids: [], notIds: [], refs: ['Organizations'] },
    { name: 'no public-comment stop', edits: [[FIRST_RESPONSE_STOP, '- { on: status, statuses: ["In Progress"] }']], ids: [], notIds: ['comment'], refs: ['Support plan'] },
  ] as Array<{ name: string; edits: Array<[string, string]>; ids: string[]; notIds: string[]; refs: string[] }>)('$name', ({ edits, ids, notIds, refs }) => {
    const needs = policyFieldNeeds([variant(edits)]);
    for (const id of [...BASE_ISSUE_FIELDS, ...ids]) expect(needs.ids).toContain(id);
    for (const id of notIds) expect(needs.ids).not.toContain(id);
    expect([...needs.refs].sort()).toEqual([...refs].sort());
    expect(needs.ids).not.toContain('*all');
  });

  it('unites what several policies read', () => {
    const text = variant([[HIGH_RULE, '- { id: high, when: { text: { words: [down] } }, priority: P2 }']]);
    const organizations = variant([[PLAN_SOURCE, '- { from: organization }']]);
    const needs = policyFieldNeeds([text, organizations]);
    expect(needs.ids).toContain('summary');
    expect([...needs.refs].sort()).toEqual(['Organizations', 'Support plan']);
  });
});
