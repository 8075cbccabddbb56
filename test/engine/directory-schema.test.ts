/**
 * The policy's `directory`: shape and cross-field validation, each problem at its path and line with a fix.
 */
import { loadPolicy } from '../../src/engine';
import { directoryPolicy, directoryYaml, PEOPLE } from '../builders/directory-policy';
import { TEST_POLICY_YAML } from '../builders/test-policy';

function problems(directory: string): Array<{ path: string; message: string; line?: number }> {
  const result = loadPolicy(`${TEST_POLICY_YAML}${directory}`, { format: 'yaml' });
  if (result.ok) return [];
  return result.errors.map((error) => ({
    path: error.path,
    message: error.message,
    ...(error.line !== undefined ? { line: error.line } : {}),
  }));
}

/** The 1-based line of the first line of `text` holding `needle`, counted in the whole policy document. */
function lineOf(directory: string, needle: string): number {
  const lines = `${TEST_POLICY_YAML}${directory}`.split('\n');
  return lines.findIndex((line) => line.includes(needle)) + 1;
}

describe('directory schema', () => {
  it('accepts the builder directory and defaults renotifyAfterDrop to false', () => {
    const policy = directoryPolicy();
    expect(policy.directory?.rungs.map((rung) => rung.level)).toEqual(['support-team', 'account-manager', 'executive']);
    expect(directoryPolicy({ renotifyAfterDrop: true }).directory?.renotifyAfterDrop).toBe(true);
    const withoutFlag = loadPolicy(`${TEST_POLICY_YAML}\ndirectory:\n  rungs: [{ level: executive, people: [{ role: reporter }] }]\n`, {
      format: 'yaml',
    });
    expect(withoutFlag.ok && withoutFlag.policy.directory?.renotifyAfterDrop).toBe(false);
  });

  it('refuses an empty rung at its line, saying how to fix it', () => {
    const text = '\ndirectory:\n  rungs:\n    - level: executive\n      people: []\n';
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe('directory.rungs[0].people');
    expect(found[0]!.message).toMatch(/empty, so nobody would hear of this rung: add at least one person/);
    expect(found[0]!.line).toBe(lineOf(text, 'people: []'));
  });

  it('refuses a level no ladder has, suggesting the nearest', () => {
    const text = '\ndirectory:\n  rungs:\n    - level: acount-manager\n      people: [{ role: assignee }]\n';
    const found = problems(text);
    expect(found).toEqual([expect.objectContaining({ path: 'directory.rungs[0].level', line: lineOf(text, 'acount-manager') })]);
    expect(found[0]!.message).toMatch(/"acount-manager" is not a ladder level id; did you mean "account-manager"\?/);
    expect(found[0]!.message).toMatch(/follow-the-sun/); // lists the known ids of every ladder
  });

  it.each([
    ['jane.doe@example.com', /is an e-mail address, not an account id: pick the person with the user picker/],
    ['Jane Doe', /is not an Atlassian account id \(letters, digits/],
    ['x'.repeat(129), /longer than 128 characters/],
  ])('refuses the malformed accountId %s', (accountId, message) => {
    const text = `\ndirectory:\n  rungs:\n    - level: executive\n      people: [{ accountId: "${accountId}" }]\n`;
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe('directory.rungs[0].people[0].accountId');
    expect(found[0]!.message).toMatch(message);
  });

  it('accepts both Atlassian account id forms', () => {
    const text = `\ndirectory:\n  rungs:\n    - level: executive\n      people: [{ accountId: "${PEOPLE.teamLead}" }, { accountId: "${PEOPLE.acmeDesk}" }]\n`;
    expect(problems(text)).toEqual([]);
  });

  it('wants exactly one of accountId, group and role in a person', () => {
    const both = problems('\ndirectory:\n  rungs:\n    - level: executive\n      people: [{ group: a, role: assignee }]\n');
    expect(both.map((one) => one.message)).toEqual([expect.stringMatching(/not group and role: split it/)]);
    const none = problems('\ndirectory:\n  rungs:\n    - level: executive\n      people: [{}]\n');
    expect(none.map((one) => one.message)).toEqual([expect.stringMatching(/needs one of accountId, group or role/)]);
    const role = problems('\ndirectory:\n  rungs:\n    - level: executive\n      people: [{ role: boss }]\n');
    expect(role.map((one) => one.path)).toEqual(['directory.rungs[0].people[0].role']);
  });

  it('refuses two rungs for one level, an unknown plan, a twice-named organization and an unknown warning metric', () => {
    const text = [
      '',
      'directory:',
      '  rungs:',
      '    - level: executive',
      '      people: [{ role: assignee }]',
      '      plans: [{ plan: platinum, people: [{ role: assignee }] }]',
      '      organizations:',
      '        - { organization: Acme Corp, people: [{ role: assignee }] }',
      '        - { organization: ACME CORP, people: [{ role: reporter }] }',
      '    - level: executive',
      '      people: [{ role: reporter }]',
      '  warnBeforeBreach: { atPercent: 75, notify: rung, metrics: [resolutoin] }',
      '',
    ].join('\n');
    const found = problems(text);
    expect(found.map((one) => one.path).sort()).toEqual(
      [
        'directory.rungs[0].organizations[1].organization',
        'directory.rungs[0].plans[0].plan',
        'directory.rungs[1].level',
        'directory.warnBeforeBreach.metrics[0]',
      ].sort(),
    );
    expect(found.find((one) => one.path === 'directory.rungs[1].level')!.message).toMatch(
      /already has a rung \(directory.rungs\[0\]\): merge/,
    );
    expect(found.find((one) => one.path.endsWith('metrics[0]'))!.message).toMatch(/did you mean "resolution"/);
  });

  it('refuses an account manager given as a role, and a warning at 100 % or more', () => {
    const text = directoryYaml({ warn: '  warnBeforeBreach: { atPercent: 100, notify: assignee }' }).replace(
      `[{ accountId: "${PEOPLE.acmeManager}" }]`,
      '[{ role: assignee }]',
    );
    const found = problems(text);
    expect(found.map((one) => one.path).sort()).toEqual([
      'directory.accountManagers[0].people[0].role',
      'directory.warnBeforeBreach.atPercent',
    ]);
  });

  it('names unknown keys with the nearest valid one', () => {
    const found = problems('\ndirectory:\n  rung: []\n');
    expect(found.map((one) => one.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Unknown key "rung"; did you mean "rungs"\?/)]),
    );
  });
});
