/**
 * `getIncidentReport` (contract: src/contracts/incident-report.ts): the incident report of one issue. The issue is
 * read as the calling user with its full changelog, so a viewer who cannot browse it gets NOT_FOUND (Jira's 404,
 * resolver-errors.ts); the policy in force and the escalation audit trail are read as the app; the engine
 * (src/engine/incident-report.ts, loaded lazily: only this resolver needs it) builds the timeline; people are named
 * through Jira's user endpoint as the viewer sees them. Registered in ./resolvers.ts, loaded through ./lazy-handlers.ts.
 */
import type { GetIncidentReportInput, GetIncidentReportOk } from '../contracts/incident-report';
import { evaluate } from '../engine/evaluate';
import { evaluationInput } from './acknowledgements';
import { currentInstant } from './clock';
import { issueFieldsFor } from './issue-fields';
import { asUserContext, getIssueForSla } from './jira-client';
import { usersByAccountId } from './jira-users';
import { readAuditTrail } from './ladder-notify';
import { loadIncidentReport } from './lazy-engine';
import { listPoliciesInForce } from './policies-in-force';
import { policyForProject } from './policy-store';
import { projectKeyOf } from './sla-sync';

/** Resolvers answer within Forge's 25 s UI invocation limit (as ./resolvers). */
const RESOLVER_BUDGET_MS = 20_000;

/** Fields beyond what the policies read: the title and who created the issue. */
const REPORT_FIELDS = ['summary', 'creator'];

export async function incidentReportAnswer({ issueKey }: GetIncidentReportInput): Promise<GetIncidentReportOk> {
  const userCtx = asUserContext(RESOLVER_BUDGET_MS);
  const fields = await issueFieldsFor(
    userCtx,
    (await listPoliciesInForce()).map((active) => active.policy),
    REPORT_FIELDS,
  );
  const issue = await getIssueForSla(userCtx, issueKey, fields);
  const now = currentInstant();
  const active = await policyForProject(projectKeyOf(issue));
  const base = { ok: true as const, now: new Date(now).toISOString(), issueKey: issue.key };
  if (!active) return { ...base, policy: null, report: null, people: [] };
  const [{ incidentReport }, audit] = await Promise.all([loadIncidentReport(), readAuditTrail(issue.id)]);
  const report = incidentReport({
    policy: active.policy,
    issue,
    state: evaluate(active.policy, issue, now, await evaluationInput(active.policy, issue.id)),
    audit,
    now,
  });
  const accountIds = new Set<string>();
  for (const entry of report.entries) {
    if (entry.actor !== null) accountIds.add(entry.actor);
    for (const person of entry.people) if (!person.startsWith('group:')) accountIds.add(person);
  }
  return {
    ...base,
    policy: { id: active.policy.id, name: active.policy.name, version: active.stored.version },
    report,
    people: accountIds.size === 0 ? [] : await usersByAccountId(userCtx, [...accountIds]),
  };
}
