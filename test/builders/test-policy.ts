/**
 * A small policy for engine tests, written like a preset: New York business hours (Mon–Fri 09:00–18:00, no
 * holidays, 9h days), a London calendar for the UK region, two plans, P1–P4, four metrics and a P1 ladder.
 * Instants in tests are UTC; in November New York is UTC−5, so 09:00 New York = 14:00Z.
 */
import { loadPolicy, type CompiledPolicy } from '../../src/engine';

export const TEST_POLICY_YAML = `
id: test-vendor
name: Test vendor support policy
defaultCalendar: ny
calendars:
  - id: ny
    timeZone: America/New_York
    week: { mon-fri: ["09:00-18:00"] }
  - id: london
    timeZone: Europe/London
    week: { mon-fri: ["08:00-16:00"] }
priorities:
  - { id: P1, label: Critical }
  - { id: P2, label: High }
  - { id: P3, label: Medium }
  - { id: P4, label: Low }
classification:
  rules:
    - id: outage-words
      when: { text: { words: [outage, down] } }
      priority: P1
    - id: highest
      when: { jiraPriority: [Highest] }
      priority: P1
    - id: wide-impact
      when: { impact: ["Extensive / Widespread"], urgency: [High, Critical] }
      priority: P2
    - id: api-bug
      when: { components: [API], issueType: [Bug] }
      priority: P2
    - id: login-trouble
      when: { text: { regex: "(?i)cannot log ?in" } }
      priority: P2
    - id: questions
      when: { requestType: ["Ask a question"] }
      priority: P4
    - id: cosmetic-label
      when: { labels: [cosmetic, typo] }
      priority: P4
  default: P3
plans:
  - { id: standard, label: Standard }
  - { id: premium, label: Premium }
planSelection:
  sources:
    - { from: customField, field: "Support plan" }
    - { from: organization, map: { "Acme Corp": premium } }
    - { from: labelPrefix, prefix: "plan-" }
  default: standard
regions:
  source: { from: customField, field: Region }
  map: { UK: london, US: ny }
  default: ny
pause:
  - { when: status, statuses: ["Waiting for customer"] }
  - { when: field, field: "Pending reason", equals: [Customer] }
metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop: [{ on: publicComment, by: notReporter }, { on: resolution }]
  - id: workaround
    label: Workaround
    start: { on: created }
    stop: [{ on: field, field: Workaround }, { on: resolution }]
  - id: resolution
    label: Resolution
    start: { on: created }
    stop: [{ on: resolution }]
  - id: escalationAck
    label: Escalation acknowledged
    start: { on: label, label: escalation-requested }
    stop: [{ on: publicComment }]
    pause: []
targets:
  standard:
    P1: { firstResponse: 4h, workaround: 1d, resolution: 1w, escalationAck: 4h }
    P2: { firstResponse: 8h, workaround: 2d, resolution: 1mo, escalationAck: 4h }
    P3: { firstResponse: 2d, workaround: none, resolution: none, escalationAck: 4h }
    P4: { firstResponse: immediate }
  premium:
    P1: { firstResponse: { duration: 1h, calendar: 24x7 }, workaround: 4h, resolution: 2d, escalationAck: 1h }
    P2: { firstResponse: 4h, workaround: 1d, resolution: 1w, escalationAck: 2h }
    P3: { firstResponse: 1d, resolution: 2w }
    P4: { firstResponse: 2d }
escalation:
  P1:
    - { id: support-team, label: Support Team, contact: supportTeam, after: 4h }
    - { id: account-manager, label: Account Manager, contact: accountManager, after: 1d }
    - { id: executive, label: Executive Management, contact: executive, atPercent: 100, metric: resolution }
  "*":
    - { id: follow-the-sun, label: Follow the sun, contact: supportTeam, after: 8h, calendar: 24x7 }
    - { id: support-team, label: Support Team, contact: supportTeam, after: 2d }
fields:
  organizations: customfield_10002
  requestType: customfield_10010
  impact: customfield_10004
  urgency: customfield_10005
`;

/** Custom field ids the test issues use, with their display names (the issue's `names`). */
export const FIELD = {
  supportPlan: 'customfield_10050',
  region: 'customfield_10051',
  pendingReason: 'customfield_10052',
  workaround: 'customfield_10053',
  organizations: 'customfield_10002',
  requestType: 'customfield_10010',
  impact: 'customfield_10004',
  urgency: 'customfield_10005',
} as const;

export const FIELD_NAMES: Record<string, string> = {
  [FIELD.supportPlan]: 'Support plan',
  [FIELD.region]: 'Region',
  [FIELD.pendingReason]: 'Pending reason',
  [FIELD.workaround]: 'Workaround',
  [FIELD.organizations]: 'Organizations',
  [FIELD.requestType]: 'Request Type',
  [FIELD.impact]: 'Impact',
  [FIELD.urgency]: 'Urgency',
};

/** The test policy, compiled. */
export function testPolicy(): CompiledPolicy {
  const result = loadPolicy(TEST_POLICY_YAML, { format: 'yaml' });
  if (!result.ok) throw new Error(`test policy invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.policy;
}
