/**
 * What `npm start` prints once the sandbox serves: the two pages, the emulated Jira's address, and a copy-paste
 * `curl` that fetches an issue the way `sla evaluate --issue` reads it (`?expand=changelog,names`), with the
 * matching `sla evaluate` line at the sandbox clock.
 */
import type { Sandbox } from './index';

/** The command lines that fetch `issueKey` from the emulated Jira as `accountId` and evaluate it under `policyId`. */
export function evaluateExample(jiraUrl: string, issueKey: string, policyId: string, nowIso: string, accountId = 'agent'): string[] {
  return [
    `curl -s -H 'x-emulator-principal: user:${accountId}' '${jiraUrl}/rest/api/3/issue/${issueKey}?expand=changelog,names' > issue.json`,
    `npx sla evaluate --policy ${policyId} --issue issue.json --now ${nowIso}`,
  ];
}

/**
 * The start-up text (after the "ready" line).
 * @example startupMessage(sandbox) //=> '  issue view:  http://127.0.0.1:4610/  (signed in as Alex Agent)\n  admin page: …'
 */
export function startupMessage(sandbox: Pick<Sandbox, 'url' | 'forge' | 'demo'>): string {
  const now = new Date(sandbox.forge.clock.now()).toISOString();
  const project = sandbox.demo?.projects.find((candidate) => candidate.presetId?.startsWith('byteztech')) ?? sandbox.demo?.projects[0];
  const issue = project ? sandbox.forge.jira.issueList.find((candidate) => candidate.key.startsWith(`${project.key}-`)) : undefined;
  const lines = [
    `  issue view:  ${sandbox.url}/  (opens as Alex Agent; switch with "Signed in as")`,
    `  admin page:  ${sandbox.url}/admin  (opens as Ada Admin, a Jira admin)`,
    `  demo site:   ${sandbox.demo?.projects.length ?? 0} projects, ${sandbox.demo?.issueCount ?? 0} issues; sandbox clock ${now}`,
    `  Jira (emulated REST API v3): ${sandbox.forge.baseUrl}  (say who calls with the header x-emulator-principal: user:<accountId>)`,
  ];
  if (issue && project?.presetId) {
    lines.push(`  fetch ${issue.key} and evaluate it as the app does:`);
    for (const line of evaluateExample(sandbox.forge.baseUrl, issue.key, project.presetId, now)) lines.push(`    ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
