/**
 * A policy with entitlements for engine tests: a Zagreb calendar (months and days begin at midnight there), two
 * plans, a monthly credit quota with a day limit, a yearly report quota counted by label, registered persons, and
 * one organization with its own numbers. `entitlementsPolicy(extra)` appends YAML under `entitlements:` to test
 * validation.
 */
import { loadPolicy, type CompiledPolicy, type OrganizationRequest } from '../../src/engine';

export function entitlementsPolicyYaml(entitlements = DEFAULT_ENTITLEMENTS): string {
  return `
id: entitled
name: Entitlements test policy
defaultCalendar: zagreb
calendars:
  - id: zagreb
    timeZone: Europe/Zagreb
    week: { mon-fri: ["09:00-17:00"] }
  - id: tokyo
    timeZone: Asia/Tokyo
    week: { mon-fri: ["09:00-17:00"] }
priorities:
  - { id: P1, label: Critical }
classification:
  default: P1
plans:
  - { id: basic, label: Basic }
  - { id: premium, label: Premium }
planSelection:
  sources:
    - { from: labelPrefix, prefix: "plan-" }
  default: basic
metrics:
  - id: firstResponse
    label: First response
    start: { on: created }
    stop: [{ on: publicComment }]
targets:
  basic: { P1: { firstResponse: 8h } }
  premium: { P1: { firstResponse: 1h } }
entitlements:
${entitlements}`;
}

export const DEFAULT_ENTITLEMENTS = `  carryOver: false
  quotas:
    - id: credits
      label: credit
      limits:
        - { plan: basic, limit: 1, perDay: 2 }
        - { plan: premium, limit: 5, perDay: 2 }
    - id: reports
      label: report
      per: year
      counts: { labels: [custom-report] }
      limits:
        - { plan: premium, limit: 2 }
  registeredPersons:
    label: registered person
    limits:
      - { plan: basic, limit: 1 }
      - { plan: premium, limit: 3 }
  organizations:
    - { organization: "Big Corp", quotas: [{ quota: credits, limit: 20 }], registeredPersons: 10 }
`;

export function entitlementsPolicy(entitlements?: string): CompiledPolicy {
  const loaded = loadPolicy(entitlementsPolicyYaml(entitlements));
  if (!loaded.ok) throw new Error(loaded.errors.map((problem) => problem.message).join('\n'));
  return loaded.policy;
}

let nextId = 10_000;
/** A stored request: `created` an ISO instant, the rest defaulted (basic plan, the credits quota, reporter `ada`). */
export function request(created: string, overrides: Partial<OrganizationRequest> = {}): OrganizationRequest {
  nextId += 1;
  return { issueId: String(nextId), createdMs: Date.parse(created), reporter: 'ada', plan: 'basic', quotas: ['credits'], ...overrides };
}
