/**
 * A policy for the incident report tests: New York business hours Mon–Fri 09:00–17:00 (8h days) with Thanksgiving
 * (Thu 2026-11-26) closed, a pause on "Waiting for customer", two metrics and a P1 ladder. New York leaves summer
 * time on Sun 2026-11-01: 09:00 is 13:00Z before and 14:00Z after.
 */
import { loadPolicy, type CompiledPolicy } from '../../src/engine';

export const INCIDENT_POLICY_YAML = `
id: incident-vendor
name: Incident vendor support policy
defaultCalendar: ny
calendars:
  - id: ny
    timeZone: America/New_York
    week: { mon-fri: ["09:00-17:00"] }
    holidays: { dates: [2026-11-26] }
priorities:
  - { id: P1, label: Critical }
  - { id: P3, label: Medium }
classification:
  rules:
    - id: highest
      when: { jiraPriority: [Highest] }
      priority: P1
  default: P3
plans:
  - { id: standard, label: Standard }
planSelection: { default: standard }
pause:
  - { when: status, statuses: ["Waiting for customer"] }
metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop: [{ on: publicComment, by: notReporter }, { on: resolution }]
  - id: resolution
    label: Resolution
    start: { on: created }
    stop: [{ on: resolution }]
targets:
  standard:
    P1: { firstResponse: 1h, resolution: 8h }
    P3: { firstResponse: 4h, resolution: 16h }
escalation:
  P1:
    - { id: support-team, label: Support Team, contact: supportTeam, after: 2h }
    - { id: account-manager, label: Account Manager, contact: accountManager, after: 1d }
`;

/** The incident policy, compiled. */
export function incidentPolicy(): CompiledPolicy {
  const result = loadPolicy(INCIDENT_POLICY_YAML, { format: 'yaml' });
  if (!result.ok) throw new Error(`incident policy invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.policy;
}

/**
 * The incident policy with a second plan and calendar chosen from custom fields ("Support plan": standard or
 * premium; "Region": US → ny, Germany → de, Berlin 09:00–17:00) and metrics with their own pause lists: first
 * response pauses exactly as the policy does, resolution also on "Pending vendor".
 */
export const INCIDENT_SELECTION_POLICY_YAML = `
id: incident-vendor-regions
name: Incident vendor support policy with plans and regions
defaultCalendar: ny
calendars:
  - id: ny
    timeZone: America/New_York
    week: { mon-fri: ["09:00-17:00"] }
    holidays: { dates: [2026-11-26] }
  - id: de
    timeZone: Europe/Berlin
    week: { mon-fri: ["09:00-17:00"] }
priorities:
  - { id: P1, label: Critical }
  - { id: P3, label: Medium }
classification:
  rules:
    - id: highest
      when: { jiraPriority: [Highest] }
      priority: P1
  default: P3
plans:
  - { id: standard, label: Standard }
  - { id: premium, label: Premium }
planSelection:
  sources: [{ from: customField, field: "Support plan" }]
  default: standard
regions:
  source: { from: customField, field: Region }
  map: { US: ny, Germany: de }
  default: ny
pause:
  - { when: status, statuses: ["Waiting for customer"] }
metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop: [{ on: publicComment, by: notReporter }, { on: resolution }]
    pause: [{ when: status, statuses: ["Waiting for customer"] }]
  - id: resolution
    label: Resolution
    start: { on: created }
    stop: [{ on: resolution }]
    pause: [{ when: status, statuses: ["Waiting for customer", "Pending vendor"] }]
targets:
  standard:
    P1: { firstResponse: 1h, resolution: 8h }
    P3: { firstResponse: 4h, resolution: 16h }
  premium:
    P1: { firstResponse: 30m, resolution: 4h }
    P3: { firstResponse: 2h, resolution: 8h }
`;

/** The incident policy with plans, regions and metric pause lists, compiled. */
export function incidentSelectionPolicy(): CompiledPolicy {
  const result = loadPolicy(INCIDENT_SELECTION_POLICY_YAML, { format: 'yaml' });
  if (!result.ok) throw new Error(`incident selection policy invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.policy;
}
