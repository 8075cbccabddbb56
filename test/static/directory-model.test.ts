/**
 * The admin directory editor's YAML edits (static/admin/directory-model.ts): a person picked with Jira's user search
 * lands in the rung's default people, the rest of the policy (comments included) stays as written, and the result
 * validates as a policy.
 */
import { loadPolicy } from '../../src/engine';
import { addPerson, readDirectory, removePerson } from '../../static/admin/directory-model';
import { TEST_POLICY_YAML } from '../builders/test-policy';

const ID = '5b10ac8d82e05b22cc7d4ef5';

describe('directory model', () => {
  it('lists every ladder level once and no rung before a directory exists', () => {
    expect(readDirectory(TEST_POLICY_YAML)).toEqual({
      levels: ['support-team', 'account-manager', 'executive', 'follow-the-sun'],
      rungs: [],
    });
    expect(readDirectory('a: [')).toBeNull();
  });

  it('adds a picked account to a new rung, keeps comments, and the result is a valid policy', () => {
    const source = `# Vendor policy\n${TEST_POLICY_YAML}`;
    const added = addPerson(source, 'executive', ID)!;
    expect(added.startsWith('# Vendor policy')).toBe(true);
    expect(readDirectory(added)!.rungs).toEqual([{ level: 'executive', people: [{ accountId: ID }] }]);
    const loaded = loadPolicy(added, { format: 'yaml' });
    expect(loaded.ok && loaded.policy.directory?.rungs[0]?.people).toEqual([{ accountId: ID }]);
    expect(addPerson(added, 'executive', ID)).toBe(added); // already there
    const second = addPerson(added, 'executive', 'other-1')!;
    expect(readDirectory(second)!.rungs[0]!.people).toEqual([{ accountId: ID }, { accountId: 'other-1' }]);
  });

  it('removes an account, leaving the others', () => {
    const two = addPerson(addPerson(TEST_POLICY_YAML, 'support-team', ID)!, 'support-team', 'other-1')!;
    expect(readDirectory(removePerson(two, 'support-team', ID)!)!.rungs).toEqual([
      { level: 'support-team', people: [{ accountId: 'other-1' }] },
    ]);
  });
});
