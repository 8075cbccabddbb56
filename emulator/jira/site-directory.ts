/**
 * The site's directory: users, projects, statuses, priorities, issue types, resolutions and fields (with select
 * options), and the lookups by id or name that the workflow, the REST shapes and JQL share. Holds no issues.
 */
import type { JqlContext } from './jql-context';
import {
  APP_ACCOUNT_ID,
  DEFAULT_STATUSES,
  ISSUE_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  SITE_URL,
  SiteError,
  type AppFieldModule,
  type FieldDef,
  type SiteProject,
  type SiteUser,
  type StatusDef,
  type StoredIssue,
  type UserRole,
} from './site-model';

export interface JiraSiteOptions {
  appId?: string;
  environmentId?: string;
  /** jira:customField modules of the manifest, registered as app-owned fields */
  appFields?: AppFieldModule[];
  /** the number of the first app field (`customfield_<n>`, default 10100): sites number their fields differently */
  firstAppFieldNumber?: number;
}

export class SiteDirectory implements JqlContext {
  readonly appId: string;
  readonly environmentId: string;
  readonly users = new Map<string, SiteUser>();
  readonly projects = new Map<string, SiteProject>();
  readonly statuses: StatusDef[] = [...DEFAULT_STATUSES];
  readonly fields = new Map<string, FieldDef>();
  private readonly fieldsByName = new Map<string, FieldDef>();
  private readonly appFieldsByModule = new Map<string, FieldDef>();
  private nextCustomFieldId = 10100;
  private nextOptionId = 10500;

  constructor(options: JiraSiteOptions = {}) {
    this.appId = options.appId ?? '00000000-0000-4000-8000-00000000a11d';
    this.environmentId = options.environmentId ?? '00000000-0000-4000-8000-0000000e0e1d';
    if (options.firstAppFieldNumber !== undefined) this.nextCustomFieldId = options.firstAppFieldNumber;
    this.addUser({ accountId: 'admin', displayName: 'Ada Admin', role: 'admin' });
    this.addUser({ accountId: 'agent', displayName: 'Alex Agent', role: 'agent' });
    this.addUser({ accountId: 'customer', displayName: 'Casey Customer', role: 'customer' });
    this.addUser({ accountId: 'outsider', displayName: 'Olive Outsider', role: 'outsider' });
    this.addUser({ accountId: APP_ACCOUNT_ID, displayName: 'SLA Ladder', role: 'app' });
    this.addProject({ key: 'SUP', name: 'Customer Support' });
    this.addProject({ key: 'OPS', name: 'Operations Desk' });
    for (const f of [
      'summary',
      'description',
      'issuetype',
      'project',
      'status',
      'priority',
      'labels',
      'components',
      'reporter',
      'creator',
      'assignee',
      'created',
      'updated',
      'resolution',
      'resolutiondate',
      'comment',
      'statuscategorychangedate',
    ]) {
      this.registerField({
        id: f,
        name:
          f === 'issuetype'
            ? 'Issue Type'
            : f === 'statuscategorychangedate'
              ? 'Status Category Changed'
              : f === 'resolutiondate'
                ? 'Resolved'
                : f[0]!.toUpperCase() + f.slice(1),
        custom: false,
        kind: 'system',
        schema: { type: systemType(f), system: f },
      });
    }
    this.registerField({
      id: 'customfield_10002',
      name: 'Organizations',
      custom: true,
      kind: 'organizations',
      schema: {
        type: 'array',
        items: 'sd-customerorganization',
        custom: 'com.atlassian.servicedesk:sd-customer-organizations',
        customId: 10002,
      },
    });
    this.registerField({
      id: 'customfield_10004',
      name: 'Impact',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10004),
    });
    this.registerField({
      id: 'customfield_10005',
      name: 'Urgency',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10005),
    });
    this.registerField({
      id: 'customfield_10010',
      name: 'Request Type',
      custom: true,
      kind: 'requestType',
      schema: { type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin', customId: 10010 },
    });
    this.registerField({
      id: 'customfield_10050',
      name: 'Support plan',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10050),
    });
    this.registerField({
      id: 'customfield_10060',
      name: 'Region',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10060),
    });
    this.registerField({
      id: 'customfield_10070',
      name: 'Pending reason',
      custom: true,
      kind: 'select',
      options: new Map(),
      schema: selectSchema(10070),
    });
    this.registerField({
      id: 'customfield_10080',
      name: 'Workaround',
      custom: true,
      kind: 'text',
      schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 10080 },
    });
    for (const m of options.appFields ?? []) this.registerAppField(m);
  }

  addUser(u: { accountId: string; displayName: string; role: UserRole; emailAddress?: string; timeZone?: string }): SiteUser {
    const user: SiteUser = { ...u, emailAddress: u.emailAddress ?? `${u.accountId.replace(/[^a-z0-9]/gi, '')}@example.com` };
    this.users.set(u.accountId, user);
    return user;
  }

  /** A workflow status beyond the defaults (e.g. `Escalated`, with the portal transition customers use to reach it). */
  addStatus(status: StatusDef): StatusDef {
    if (this.status(status.id) || this.status(status.name)) throw new Error(`status ${status.id} / ${status.name} exists already`);
    this.statuses.push({ ...status });
    return status;
  }

  addProject(p: { key: string; name: string }): SiteProject {
    const project: SiteProject = {
      id: String(10000 + this.projects.size),
      key: p.key,
      name: p.name,
      projectTypeKey: 'service_desk',
      nextNumber: 1,
    };
    this.projects.set(p.key, project);
    return project;
  }

  private registerField(f: FieldDef): FieldDef {
    this.fields.set(f.id, f);
    this.fieldsByName.set(f.name.toLowerCase(), f);
    return f;
  }

  /** Registers an app-owned field for a manifest `jira:customField` module (id `customfield_<n>`). */
  registerAppField(m: AppFieldModule): FieldDef {
    const existing = this.appFieldsByModule.get(m.key);
    if (existing) return existing;
    const customId = this.nextCustomFieldId++;
    const f = this.registerField({
      id: `customfield_${customId}`,
      name: m.name,
      custom: true,
      kind: 'app',
      appType: m.type,
      moduleKey: m.key,
      schema: { type: m.type, custom: `ari:cloud:ecosystem::extension/${this.appId}/${this.environmentId}/static/${m.key}`, customId },
    });
    this.appFieldsByModule.set(m.key, f);
    return f;
  }

  /**
   * Adds a plain text custom field (e.g. to give the site the 2,000 fields of a large instance); returns its id.
   *
   * @example
   * site.addTextField('Legacy code 17') //=> 'customfield_10113'
   */
  addTextField(name: string): string {
    const customId = this.nextCustomFieldId++;
    const id = `customfield_${customId}`;
    this.registerField({
      id,
      name,
      custom: true,
      kind: 'text',
      schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId },
    });
    return id;
  }

  appField(moduleKey: string): FieldDef | undefined {
    return this.appFieldsByModule.get(moduleKey);
  }

  /** A field by id (`customfield_10050`), `cf[10050]` or name (case-insensitive). */
  field(idOrName: string): FieldDef | undefined {
    const cf = /^cf\[(\d+)\]$/i.exec(idOrName);
    if (cf) return this.fields.get(`customfield_${cf[1]}`);
    return this.fields.get(idOrName) ?? this.fieldsByName.get(idOrName.toLowerCase());
  }

  user(accountId: string): SiteUser {
    const u = this.users.get(accountId);
    if (!u) throw new SiteError(404, `User ${accountId} does not exist.`);
    return u;
  }

  status(idOrName: string): StatusDef | undefined {
    const lower = idOrName.toLowerCase();
    return this.statuses.find((s) => s.id === idOrName || s.name.toLowerCase() === lower);
  }

  priority(idOrName: string): { id: string; name: string } | undefined {
    const lower = idOrName.toLowerCase();
    return PRIORITIES.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  issueType(idOrName: string): { id: string; name: string } | undefined {
    const lower = idOrName.toLowerCase();
    return ISSUE_TYPES.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  resolutionByName(idOrName: string): { id: string; name: string } | undefined {
    const lower = idOrName.toLowerCase();
    return RESOLUTIONS.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  projectByKeyOrId(keyOrId: string): SiteProject | undefined {
    const direct = this.projects.get(keyOrId.toUpperCase());
    if (direct) return direct;
    for (const p of this.projects.values()) if (p.id === keyOrId) return p;
    return undefined;
  }

  projectById(id: string): SiteProject {
    for (const p of this.projects.values()) if (p.id === id) return p;
    throw new SiteError(404, `No project with id ${id}`);
  }

  // ---------------------------------------------------------------------------------------------- permissions

  /** JqlContext's name for `projectByKeyOrId`. */
  project(keyOrId: string): SiteProject | undefined {
    return this.projectByKeyOrId(keyOrId);
  }

  statusCategoryOf(issue: StoredIssue): StatusDef['category'] {
    return this.status(issue.statusId)!.category;
  }

  /** The option of a select field with this text, created on first use (like an admin adding it). */
  optionFor(f: FieldDef, value: string): { self: string; value: string; id: string } {
    const options = f.options!;
    let id = options.get(value);
    if (!id) {
      id = String(this.nextOptionId++);
      options.set(value, id);
    }
    return { self: `${SITE_URL}/rest/api/3/customFieldOption/${id}`, value, id };
  }

  appFieldByKey(key: string): FieldDef | undefined {
    // Forge accepts the field key `<appId>__<envId>__<moduleKey>` as well as the id; the module key alone is a convenience.
    const moduleKey = key.includes('__') ? key.split('__').pop()! : key;
    return this.appFieldsByModule.get(moduleKey);
  }

  /** Forgets a custom field (trashed): it leaves the id, name and module indexes. */
  removeField(fieldId: string): FieldDef {
    const f = this.fields.get(fieldId);
    if (!f || !f.custom) throw new SiteError(404, `The custom field ${fieldId} was not found.`);
    this.fields.delete(f.id);
    if (this.fieldsByName.get(f.name.toLowerCase()) === f) this.fieldsByName.delete(f.name.toLowerCase());
    if (f.moduleKey && this.appFieldsByModule.get(f.moduleKey) === f) this.appFieldsByModule.delete(f.moduleKey);
    return f;
  }
}

function selectSchema(customId: number): Record<string, unknown> {
  return { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId };
}

function systemType(id: string): string {
  switch (id) {
    case 'labels':
    case 'components':
      return 'array';
    case 'created':
    case 'updated':
    case 'resolutiondate':
    case 'statuscategorychangedate':
      return 'datetime';
    case 'reporter':
    case 'creator':
    case 'assignee':
      return 'user';
    case 'comment':
      return 'comments-page';
    case 'summary':
    case 'description':
      return 'string';
    default:
      return id;
  }
}
