/**
 * The engine test policy (test-policy.ts) with a `directory`: the P1 ladder's rungs with a default, an
 * organization override and a plan override, account managers per organization, and a warning at 75 %.
 */
import { loadPolicy, type CompiledPolicy } from '../../src/engine';
import { TEST_POLICY_YAML } from './test-policy';

/** Account ids the directory names (Atlassian's 24-hex and prefixed forms). */
export const PEOPLE = {
  teamLead: '5b10ac8d82e05b22cc7d4ef5',
  acmeDesk: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  acmeManager: '5b10a2844c20165700ede21g',
  premiumManager: '5c2f1e0a9d8b7c6a5e4d3c2b',
  executive: '712020:0c9b1a2e-3d4f-4a5b-8c6d-7e8f9a0b1c2d',
} as const;

/** The directory as YAML (indented for the policy's top level). */
export function directoryYaml(options: { renotifyAfterDrop?: boolean; warn?: string } = {}): string {
  return `
directory:
  renotifyAfterDrop: ${options.renotifyAfterDrop === true ? 'true' : 'false'}
  accountManagers:
    - { organization: "Acme Corp", people: [{ accountId: "${PEOPLE.acmeManager}" }] }
  rungs:
    - level: support-team
      people: [{ role: assignee }, { group: support-team }]
      organizations:
        - { organization: "Acme Corp", people: [{ accountId: "${PEOPLE.acmeDesk}" }, { role: assignee }] }
    - level: account-manager
      people: [{ role: accountManager }]
      plans:
        - { plan: premium, people: [{ accountId: "${PEOPLE.premiumManager}" }] }
    - level: executive
      people: [{ accountId: "${PEOPLE.executive}" }, { accountId: "${PEOPLE.teamLead}" }]
${options.warn ?? '  warnBeforeBreach: { atPercent: 75, notify: assignee, metrics: [resolution] }'}
`;
}

/** The test policy with `directoryYaml(options)`, compiled. */
export function directoryPolicy(options: { renotifyAfterDrop?: boolean; warn?: string } = {}): CompiledPolicy {
  const result = loadPolicy(`${TEST_POLICY_YAML}${directoryYaml(options)}`, { format: 'yaml' });
  if (!result.ok) throw new Error(`directory policy invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.policy;
}
