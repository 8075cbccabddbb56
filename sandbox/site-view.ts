/**
 * What the sandbox's issue-view page shows about the emulated site, read straight from the emulator's JiraSite
 * (the page is the "Jira" around the app, so it reads Jira's data, not the app's).
 */
import { adfText, type JiraSite, type StoredIssue } from '../emulator/jira/site';
import { fieldValueStrings } from '../src/engine/issue';

/** App-owned fields shown under the issue (manifest `jira:customField` keys). */
export const SHOWN_APP_FIELDS = [
  'sla-status',
  'sla-priority',
  'sla-plan',
  'sla-first-response-due',
  'sla-workaround-due',
  'sla-resolution-due',
  'sla-escalation-level-name',
  'sla-next-breach',
  'sla-resolution-breached-cycles',
] as const;

export const PLAN_FIELD = 'Support plan';

/**
 * The issue fields a policy may read besides priority, status and plan, as the issue view offers them: JSM's
 * Organizations (plan by organization), Region (essensys picks its calendar by it), Impact and Urgency
 * (classification rules). `options` are the values the presets name; an empty list is free text.
 */
export const POLICY_FIELDS: ReadonlyArray<{ name: string; options: readonly string[] }> = [
  { name: 'Organizations', options: [] },
  { name: 'Region', options: ['UK EU', 'US EST', 'US CT', 'US PST', 'APAC'] },
  { name: 'Impact', options: ['Extensive / Widespread', 'Significant / Large', 'Moderate / Limited', 'Minor / Localized'] },
  { name: 'Urgency', options: ['Critical', 'High', 'Medium', 'Low'] },
];

export interface IssueRow {
  key: string;
  projectKey: string;
  summary: string;
  status: string;
  statusCategory: string;
  priority: string;
  plan: string | null;
  slaStatus: string | null;
  escalation: string | null;
}

export interface IssueDetail extends IssueRow {
  description: string;
  reporter: string;
  /** The reporter's account id: "comment as the customer" comments as this person. */
  reporterId: string | null;
  created: string;
  /** The POLICY_FIELDS' current values as text (null: empty). */
  policyFields: Array<{ name: string; value: string | null; options: readonly string[] }>;
  labels: string[];
  resolution: string | null;
  comments: Array<{ author: string; body: string; created: string; public: boolean }>;
  appFields: Array<{ key: string; name: string; value: unknown }>;
}

/** A field value as text (a select's option, a string), as the engine reads it; null when empty. */
function selectText(value: unknown): string | null {
  return fieldValueStrings(value)[0] ?? null;
}

function appValue(site: JiraSite, key: string, moduleKey: string): unknown {
  try {
    return site.appFieldValue(key, moduleKey) ?? null;
  } catch {
    return null;
  }
}

export function issueRow(site: JiraSite, issue: StoredIssue): IssueRow {
  const planField = site.field(PLAN_FIELD);
  const project = site.projectById(issue.projectId);
  const status = site.status(issue.statusId);
  const escalation = appValue(site, issue.key, 'sla-escalation-level-name');
  return {
    key: issue.key,
    projectKey: project.key,
    summary: issue.summary,
    status: status?.name ?? issue.statusId,
    statusCategory: status?.category ?? 'new',
    priority: site.priority(issue.priorityId)?.name ?? issue.priorityId,
    plan: planField ? selectText(issue.custom.get(planField.id)) : null,
    slaStatus: selectText(appValue(site, issue.key, 'sla-status')),
    escalation: escalation === null || escalation === 'None' ? null : selectText(escalation),
  };
}

export function issueDetail(site: JiraSite, issue: StoredIssue): IssueDetail {
  const name = (accountId: string | null) => (accountId ? (site.users.get(accountId)?.displayName ?? accountId) : 'nobody');
  return {
    ...issueRow(site, issue),
    description: issue.description ? adfText(issue.description) : '',
    reporter: name(issue.reporter),
    reporterId: issue.reporter,
    policyFields: POLICY_FIELDS.map(({ name: fieldName, options }) => {
      const field = site.field(fieldName);
      return { name: fieldName, value: field ? fieldValueStrings(issue.custom.get(field.id)).join(', ') || null : null, options };
    }),
    created: new Date(issue.created).toISOString(),
    labels: [...issue.labels],
    resolution: issue.resolution?.name ?? null,
    comments: issue.comments.map((c) => ({
      author: name(c.author),
      body: adfText(c.body),
      created: new Date(c.created).toISOString(),
      public: c.jsdPublic,
    })),
    appFields: SHOWN_APP_FIELDS.map((moduleKey) => ({
      key: moduleKey,
      name: site.appField(moduleKey)?.name ?? moduleKey,
      value: appValue(site, issue.key, moduleKey),
    })),
  };
}
