/**
 * A policy whose escalation requests are acknowledged in the SLA panel: one metric per request kind (request
 * type, a customer's comment matching a text rule, a customer's portal transition, a label), each stopped by an
 * acknowledgement and restarted by the next request, on Mon–Fri 09:00–18:00 New York with a 4h target.
 */
import { loadPolicy, type CompiledPolicy } from '../../src/engine';

/** The JSM request type field as the policy and the issues name it. */
export const REQUEST_TYPE_FIELD = { fieldId: 'customfield_10010', name: 'Request Type' } as const;

/** The policy as YAML; `warn` replaces the directory's warnBeforeBreach line (none by default). */
export function ackPolicyYaml(options: { warn?: string } = {}): string {
  return `
id: ack-requests
name: Escalation requests acknowledged in the panel
defaultCalendar: ny
calendars:
  - { id: ny, timeZone: America/New_York, week: { mon-fri: ["09:00-18:00"] } }
priorities: [{ id: P1, label: Critical }]
classification: { default: P1 }
plans: [{ id: standard, label: Standard }]
planSelection: { default: standard }
metrics:
  - id: byType
    label: Escalation by request type
    start: { on: requestType, requestTypes: ["Escalate a request"] }
    stop: [{ on: acknowledgement }, { on: resolution }]
    repeat: restart
  - id: byComment
    label: Escalation by comment
    start: { on: comment, text: { words: [escalate], regex: "(?i)speak to (a|your) manager" } }
    stop: [{ on: acknowledgement }, { on: resolution }]
    repeat: restart
  - id: byPortal
    label: Escalation from the portal
    start: { on: portalAction, statuses: [Escalated] }
    stop: [{ on: acknowledgement }, { on: resolution }]
    repeat: restart
  - id: byLabel
    label: Escalation by label
    start: { on: label, label: escalation-requested }
    stop: [{ on: acknowledgement }, { on: resolution }]
    repeat: restart
targets:
  standard:
    P1: { byType: 4h, byComment: 4h, byPortal: 4h, byLabel: 4h }
escalation:
  "*":
    - { id: support, label: Support Team, contact: support, atPercent: 100, metric: byLabel }
directory:
  rungs:
    - level: support
      people: [{ role: assignee }]
${options.warn ?? ''}
`;
}

/** `ackPolicyYaml(options)`, compiled. */
export function ackPolicy(options: { warn?: string } = {}): CompiledPolicy {
  const result = loadPolicy(ackPolicyYaml(options), { format: 'yaml' });
  if (!result.ok) throw new Error(`ack policy invalid:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return result.policy;
}
