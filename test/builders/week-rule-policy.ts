/**
 * A policy with one target and one ladder level of each calendar length (`1w`, `1mo`) on Mon–Fri 09:00–18:00
 * New York with no holidays: the fixture of the week-and-month rule (docs/policy.md, worked examples).
 */
export const WEEK_RULE_YAML = `
id: week-rule
name: Week and month targets and levels
defaultCalendar: ny
calendars:
  - { id: ny, timeZone: America/New_York, week: { mon-fri: ["09:00-18:00"] } }
priorities:
  - { id: weekly, label: Weekly }
  - { id: monthly, label: Monthly }
classification:
  rules:
    - { id: monthly, when: { labels: [monthly] }, priority: monthly }
  default: weekly
plans:
  - { id: standard, label: Standard }
planSelection: { default: standard }
pause:
  - { when: status, statuses: ["Waiting for customer"] }
metrics:
  - { id: resolution, label: Resolution, start: { on: created }, stop: [{ on: resolution }] }
targets:
  standard:
    weekly: { resolution: 1w }
    monthly: { resolution: 1mo }
escalation:
  weekly: [{ id: manager, label: Manager, contact: manager, after: 1w }]
  monthly: [{ id: manager, label: Manager, contact: manager, after: 1mo }]
`;
