import { parse } from 'yaml';

/** A small valid policy for the policy schema and loader tests, laid out so tests can name the line of each key. */
export const MINIMAL_POLICY_YAML = `id: mini
name: Mini policy
defaultCalendar: office
calendars:
  - id: office
    timeZone: Europe/London
    week:
      mon-fri: ["09:00-17:00"]
priorities:
  - { id: P1, label: Critical }
  - { id: P2, label: Normal }
classification:
  rules:
    - id: highest
      when: { jiraPriority: [Highest] }
      priority: P1
  default: P2
plans:
  - { id: standard, label: Standard }
  - { id: premium, label: Premium }
planSelection:
  sources:
    - { from: labelPrefix, prefix: "plan-" }
  default: standard
pause:
  - { when: status, statuses: ["Waiting for customer"] }
metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop: [{ on: publicComment }]
  - id: resolution
    label: Resolution
    start: { on: created }
    stop: [{ on: resolution }]
targets:
  standard:
    P1: { firstResponse: 4h, resolution: 2d }
    P2: { firstResponse: 8h }
  premium:
    P1:
      firstResponse: { duration: 1h, calendar: 24x7 }
    P2: { firstResponse: 4h, resolution: none }
escalation:
  P1:
    - { id: support, label: Support Team, contact: supportTeam, after: 4h }
    - { id: manager, label: Account Manager, contact: accountManager, atPercent: 100, metric: resolution }
`;

/** The same policy as a plain object (a fresh copy per call, safe to mutate). */
export function minimalPolicy(): Record<string, any> {
  return parse(MINIMAL_POLICY_YAML);
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}
