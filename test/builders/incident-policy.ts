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
