/**
 * A policy whose metrics run more than once, for the cycle tests: New York business hours (Mon–Fri 09:00–18:00,
 * Thanksgiving Thu 2026-11-26 closed) the four ways a metric repeats, and a
 * P1 ladder level on the next-reply cycle. Instants in
 * tests are UTC; 09:00 New York is 14:00Z in November (EST) and 13:00Z before Sun 2026-11-01 (EDT).
 */
import { loadPolicy, type CompiledPolicy } from '../../src/engine';

export const CYCLE_POLICY_YAML = `
id: cycle-vendor
name: Cycle vendor support policy
defaultCalendar: ny
calendars:
  - id: ny
    timeZone: America/New_York
    week: { mon-fri: ["09:00-18:00"] }
    holidays: { dates: [2026-11-26] }
priorities:
  - { id: P1, label: Critical }
  - { id: P3, label: Medium }
classification:
  rules:
    - id: outage-words
      when: { text: { words: [outage] } }
      priority: P1
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
    stop: [{ on: publicComment }, { on: resolution }]
  - id: resolution
    label: Resolution
    start: { on: created }
    stop: [{ on: resolution }]
    repeat: reopen
  - id: nextReply
    label: Next reply
    repeat: nextReply
  - id: update
    label: Status update
    repeat: periodicUpdate
  - id: triage
    label: Triage
    start: { on: status, statuses: [Triage] }
    stop: [{ on: status, statuses: [In Progress] }, { on: resolution }]
    repeat: restart
targets:
  standard:
    P1: { firstResponse: 1h, resolution: 8h, nextReply: 2h, update: 2h, triage: 1h }
    P3: { firstResponse: 4h, resolution: 2d, nextReply: 8h, update: none, triage: 4h }
escalation:
  P1:
    - { id: reply-late, label: Reply late, contact: supportTeam, atPercent: 100, metric: nextReply }
`;

/** The cycle policy, compiled. */
export function cyclePolicy(): CompiledPolicy {
  const result = loadPolicy(CYCLE_POLICY_YAML, { format: 'yaml' });
  if (!result.ok) throw new Error(`cycle policy invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.policy;
}

/**
 * A policy for the reference tests of cycles across daylight-saving changes and holidays: New York hours Mon–Fri
 * 09:00–18:00 plus Sun 00:30–03:30 (a window that holds the spring-forward gap of Sun 2026-03-08 02:00–03:00 and
 * the fall-back overlap of Sun 2026-11-01 01:00–02:00), closed Mon 2026-03-09, Mon 2026-11-02 and Thu 2026-11-26;
 * a plan read from a custom field that changes, priorities from the Jira priority, `1w` targets (calendar walks)
 * beside business-time ones, and two metrics that run once beside three that repeat.
 */
export const DST_CYCLE_POLICY_YAML = `
id: dst-cycle-vendor
name: Cycles across DST and holidays
defaultCalendar: ny
calendars:
  - id: ny
    timeZone: America/New_York
    week: { mon-fri: ["09:00-18:00"], sun: ["00:30-03:30"] }
    holidays: { dates: [2026-03-09, 2026-11-02, 2026-11-26] }
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
  sources:
    - { from: customField, field: "Support plan" }
  default: standard
pause:
  - { when: status, statuses: ["Waiting for customer"] }
metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop: [{ on: publicComment, by: notReporter }, { on: resolution }]
  - id: acknowledge
    label: Acknowledge
    start: { on: status, statuses: [Triage] }
    stop: [{ on: status, statuses: [In Progress] }, { on: resolution }]
  - id: resolution
    label: Resolution
    start: { on: created }
    stop: [{ on: resolution }]
    repeat: reopen
  - id: nextReply
    label: Next reply
    repeat: nextReply
  - id: triage
    label: Triage
    start: { on: status, statuses: [Triage] }
    stop: [{ on: status, statuses: [In Progress] }, { on: resolution }]
    repeat: restart
targets:
  standard:
    P1: { firstResponse: 1h, acknowledge: 30m, resolution: 8h, nextReply: 2h, triage: 30m }
    P3: { firstResponse: 1d, acknowledge: 1w, resolution: 1w, nextReply: 1d, triage: none }
  premium:
    P1: { firstResponse: 30m, acknowledge: 15m, resolution: 4h, nextReply: 1h, triage: 15m }
    P3: { firstResponse: 4h, acknowledge: 4h, resolution: 2d, nextReply: 1w, triage: 4h }
`;

/** The custom field the DST cycle policy reads its plan from, and its display name. */
export const SUPPORT_PLAN_FIELD = { fieldId: 'customfield_10050', name: 'Support plan' } as const;

/** The DST cycle policy, compiled. */
export function dstCyclePolicy(): CompiledPolicy {
  const result = loadPolicy(DST_CYCLE_POLICY_YAML, { format: 'yaml' });
  if (!result.ok) throw new Error(`DST cycle policy invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.policy;
}
