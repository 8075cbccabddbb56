/**
 * The e2e policy with cycles: the same UTC always-open calendar, priorities, plans and pause as
 * `E2E_POLICY_YAML`, with resolution starting a new cycle when the issue is reopened (`repeat: reopen`) and a
 * next-reply metric (`repeat: nextReply`: each unanswered public customer comment starts a cycle, the next public
 * agent reply stops it). Expected instants are plain arithmetic: P1 standard is first response 2h, resolution 8h,
 * next reply 1h.
 */
import { E2E_POLICY_BASE_YAML } from './e2e-policy';
export const CYCLES_POLICY_YAML = `
id: e2e-cycles
name: End-to-end policy with cycles
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
    repeat: reopen
  - id: nextReply
    label: Next reply
    repeat: nextReply
targets:
  standard:
    P1: { firstResponse: 2h, resolution: 8h, nextReply: 1h }
    P2: { firstResponse: 4h, resolution: 16h, nextReply: 2h }
    P3: { firstResponse: 8h, resolution: 40h, nextReply: 4h }
  premium:
    P1: { firstResponse: 1h, resolution: 4h, nextReply: 30m }
    P2: { firstResponse: 2h, resolution: 8h, nextReply: 1h }
    P3: { firstResponse: 4h, resolution: 20h, nextReply: 2h }
escalation:
  "*":
    - { id: team-lead, label: Team Lead, contact: lead, after: 3h }
    - { id: manager, label: Support Manager, contact: manager, atPercent: 100, metric: resolution }
`;
