/**
 * The policy the end-to-end tests install: a UTC always-open calendar (so expected instants are plain
 * arithmetic), priorities from the Jira priority, the plan from the "Support plan" field, a pause on
 * "Waiting for customer", two metrics and a two-step ladder.
 */
import { loadPolicy, type CompiledPolicy } from '../../../src/engine';
/** What the e2e policies share: the always-open UTC calendar, priorities, classification, plans and pause. */
export const E2E_POLICY_BASE_YAML = `defaultCalendar: utc-always
calendars:
  - id: utc-always
    timeZone: UTC
    week: { mon-sun: ["00:00-24:00"] }
priorities:
  - { id: P1, label: Critical }
  - { id: P2, label: High }
  - { id: P3, label: Normal }
classification:
  rules:
    - { id: highest, when: { jiraPriority: [Highest] }, priority: P1 }
    - { id: high, when: { jiraPriority: [High] }, priority: P2 }
  default: P3
plans:
  - { id: standard, label: Standard }
  - { id: premium, label: Premium }
planSelection:
  sources:
    - { from: customField, field: "Support plan" }
  default: standard
pause:
  - { when: status, statuses: ["Waiting for customer"] }
`;

export const E2E_POLICY_YAML = `
id: e2e
name: End-to-end policy
${E2E_POLICY_BASE_YAML}metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop:
      - { on: publicComment, by: notReporter }
      - { on: resolution }
  - id: resolution
    label: Resolution
    start: { on: created }
    stop:
      - { on: resolution }
targets:
  standard:
    P1: { firstResponse: 2h, resolution: 8h }
    P2: { firstResponse: 4h, resolution: 16h }
    P3: { firstResponse: 8h, resolution: 40h }
  premium:
    P1: { firstResponse: 1h, resolution: 4h }
    P2: { firstResponse: 2h, resolution: 8h }
    P3: { firstResponse: 4h, resolution: 20h }
escalation:
  "*":
    - { id: team-lead, label: Team Lead, contact: lead, after: 3h }
    - { id: manager, label: Support Manager, contact: manager, atPercent: 100, metric: resolution }
`;

/** The same policy with every target halved: saving it must move every due date. */
export const E2E_POLICY_FAST_YAML = E2E_POLICY_YAML.replace('name: End-to-end policy', 'name: End-to-end policy (fast)')
  .replace(/resolution: 40h/, 'resolution: 20h')
  .replace(/P3: \{ firstResponse: 8h/, 'P3: { firstResponse: 4h');

/** A test policy compiled, or the test fails with its problems. */
export function compiledPolicy(yaml: string): CompiledPolicy {
  const result = loadPolicy(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}
