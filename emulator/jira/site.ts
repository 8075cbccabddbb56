/**
 * The in-memory Jira Service Management site behind the emulator, and its workflow: creating, commenting,
 * transitioning and editing issues, writing app field values. Every change records a changelog history the way
 * Jira does and emits an `avi:jira:*` product event (Forge payload shape) that the Forge shim delivers to the
 * app's triggers. The directory (site-directory.ts), permissions, REST shapes and search live beside it; this
 * class also answers their public methods, the API tests and the sandbox use.
 *
 * Instants come from `Date.now()`, which the sandbox fakes, so the site and the app share one clock.
 */
import { applyCustom, appValue, toRestValue } from './field-values';
import type { CompiledJql } from './jql';
import { IssueStore } from './issue-store';
import { adf, adfText } from './rest-text';
import { RestShapes, stripNulls } from './rest-shapes';
import { SiteDirectory, type JiraSiteOptions } from './site-directory';
import {
  APP_ACCOUNT_ID,
  SiteError,
  type Actor,
  type ChangeItem,
  type CreateIssueInput,
  type EmbedKind,
  type FieldDef,
  type SiteEvent,
  type SiteProject,
  type SiteUser,
  type StatusDef,
  type StoredComment,
  type StoredIssue,
  type UserRole,
  type AppFieldModule,
} from './site-model';
import { SitePermissions } from './site-permissions';
import { SiteSearch } from './site-search';

export * from './site-model';
export { adf, adfText, jiraDateTime } from './rest-text';
export { JqlError } from './jql';
export type { JiraSiteOptions } from './site-directory';

export class JiraSite {
  readonly directory: SiteDirectory;
  readonly permissions: SitePermissions;
  readonly rest: RestShapes;
  readonly searcher: SiteSearch;
  private readonly issues = new IssueStore();
  private eventSeq = 0;
  private readonly pending: SiteEvent[] = [];
  private readonly eventListeners: Array<(e: SiteEvent) => void> = [];

  constructor(options: JiraSiteOptions = {}) {
    this.directory = new SiteDirectory(options);
    this.permissions = new SitePermissions(this.directory);
    this.rest = new RestShapes(this.directory);
    this.searcher = new SiteSearch(this.directory, this.issues, this.permissions);
  }

  // The parts' methods that tests and the sandbox call on the site itself.
  get appId(): string {
    return this.directory.appId;
  }
  get environmentId(): string {
    return this.directory.environmentId;
  }
  get users(): Map<string, SiteUser> {
    return this.directory.users;
  }
  get projects(): Map<string, SiteProject> {
    return this.directory.projects;
  }
  get statuses(): StatusDef[] {
    return this.directory.statuses;
  }
  get fields(): Map<string, FieldDef> {
    return this.directory.fields;
  }
  /** issues in creation order (ids ascending) */
  get issueList(): readonly StoredIssue[] {
    return this.issues.list;
  }
  addUser(u: { accountId: string; displayName: string; role: UserRole; emailAddress?: string; timeZone?: string }): SiteUser {
    return this.directory.addUser(u);
  }
  addProject(p: { key: string; name: string }): SiteProject {
    return this.directory.addProject(p);
  }
  registerAppField(m: AppFieldModule): FieldDef {
    return this.directory.registerAppField(m);
  }
  addTextField(name: string): string {
    return this.directory.addTextField(name);
  }
  appField(moduleKey: string): FieldDef | undefined {
    return this.directory.appField(moduleKey);
  }
  field(idOrName: string): FieldDef | undefined {
    return this.directory.field(idOrName);
  }

  status(idOrName: string): StatusDef | undefined {
    return this.directory.status(idOrName);
  }
  priority(idOrName: string): { id: string; name: string } | undefined {
    return this.directory.priority(idOrName);
  }
  issueType(idOrName: string): { id: string; name: string } | undefined {
    return this.directory.issueType(idOrName);
  }

  projectByKeyOrId(keyOrId: string): SiteProject | undefined {
    return this.directory.projectByKeyOrId(keyOrId);
  }
  projectById(id: string): SiteProject {
    return this.directory.projectById(id);
  }

  restField(f: FieldDef): Record<string, unknown> {
    return this.rest.restField(f);
  }

  restIssue(issue: StoredIssue, opts: { fields?: string[]; expand?: string[]; embed?: EmbedKind } = {}): Record<string, unknown> {
    return this.rest.restIssue(issue, opts);
  }
  compileJql(jql: string): CompiledJql {
    return this.searcher.compileJql(jql);
  }

  search(accountId: string, jql: string): StoredIssue[] {
    return this.searcher.search(accountId, jql);
  }

  issueCount(): number {
    return this.issues.list.length;
  }

  findIssue(keyOrId: string): StoredIssue | undefined {
    return this.issues.find(keyOrId);
  }

  issueById(id: number): StoredIssue | undefined {
    return this.issues.get(id);
  }

  /** The issue when `accountId` may browse it; otherwise 404, as Jira answers for issues you cannot see. */
  visibleIssue(accountId: string, keyOrId: string): StoredIssue {
    const issue = this.findIssue(keyOrId);
    if (!issue || !this.permissions.canBrowse(accountId, issue)) {
      throw new SiteError(404, 'Issue does not exist or you do not have permission to see it.');
    }
    return issue;
  }

  /** Raw REST v3 JSON of an issue with every field (app field values included) and `names`. */
  getIssue(key: string): Record<string, unknown> {
    const issue = this.findIssue(key);
    if (!issue) throw new SiteError(404, `Issue ${key} does not exist.`);
    return this.restIssue(issue, { expand: ['names'] });
  }

  onEvent(listener: (e: SiteEvent) => void): () => void {
    this.eventListeners.push(listener);
    return () => {
      const i = this.eventListeners.indexOf(listener);
      if (i >= 0) this.eventListeners.splice(i, 1);
    };
  }

  /** Removes and returns the events not yet delivered, oldest first. */
  takePendingEvents(): SiteEvent[] {
    return this.pending.splice(0, this.pending.length);
  }

  pendingEventCount(): number {
    return this.pending.length;
  }

  private emit(eventType: string, issue: StoredIssue, actor: Actor, extra: Record<string, unknown> = {}): void {
    const payload: Record<string, unknown> = {
      eventType,
      issue: this.eventIssue(issue),
      atlassianId: actor.accountId,
      associatedUsers: [{ accountId: actor.accountId }],
      ...extra,
    };
    const event: SiteEvent = { seq: ++this.eventSeq, eventType, payload, causedByApp: actor.app };
    this.pending.push(event);
    for (const l of this.eventListeners) l(event);
  }

  /** The issue as Forge product events carry it: standard fields only, never custom fields. */
  private eventIssue(issue: StoredIssue): Record<string, unknown> {
    const f = this.rest.standardFields(issue);
    return {
      id: String(issue.id),
      key: issue.key,
      fields: {
        summary: f.summary,
        issuetype: f.issuetype,
        creator: { accountId: issue.creator },
        created: f.created,
        project: f.project,
        reporter: { accountId: issue.reporter },
        assignee: issue.assignee ? { accountId: issue.assignee } : null,
        updated: f.updated,
        status: f.status,
        priority: f.priority,
        labels: f.labels,
        resolution: f.resolution,
        resolutiondate: f.resolutiondate,
      },
    };
  }

  // ---------------------------------------------------------------------------------------------- actions (as users)

  private actor(as: string | Actor): Actor {
    if (typeof as !== 'string') return as;
    this.directory.user(as);
    return { accountId: as, app: false };
  }

  createIssue(as: string | Actor, input: CreateIssueInput): StoredIssue {
    const actor = this.actor(as);
    const project = this.directory.projects.get(input.projectKey.toUpperCase());
    if (!project) throw new SiteError(400, `Project ${input.projectKey} does not exist.`, { project: 'valid project is required' });
    if (!input.summary) throw new SiteError(400, 'Summary is required.', { summary: 'You must specify a summary of the issue.' });
    const priority = this.directory.priority(input.priority ?? 'Medium');
    if (!priority) throw new SiteError(400, `Priority ${input.priority} does not exist.`, { priority: 'invalid priority' });
    const issueType = this.directory.issueType(input.issueType ?? 'Service request');
    if (!issueType) throw new SiteError(400, `Issue type ${input.issueType} does not exist.`, { issuetype: 'invalid issue type' });
    const now = Date.now();
    const id = this.issues.newIssueId();
    const issue: StoredIssue = {
      id,
      key: `${project.key}-${project.nextNumber++}`,
      projectId: project.id,
      summary: input.summary,
      description:
        input.description === undefined ? null : typeof input.description === 'string' ? adf(input.description) : input.description,
      issueTypeId: issueType.id,
      statusId: this.directory.statuses[0]!.id,
      priorityId: priority.id,
      labels: [...(input.labels ?? [])],
      reporter: input.reporter ?? actor.accountId,
      creator: actor.accountId,
      assignee: null,
      created: now,
      updated: now,
      statusCategoryChanged: now,
      resolution: null,
      resolutionDate: null,
      custom: new Map(),
      comments: [],
      histories: [],
    };
    for (const [k, v] of Object.entries(input.fields ?? {})) {
      const f = this.directory.field(k);
      if (!f || !f.custom) throw new SiteError(400, `Field ${k} does not exist or cannot be set.`, { [k]: 'unknown field' });
      if (f.kind === 'app') throw new SiteError(400, `Field ${f.name} is read-only.`, { [f.id]: 'read-only field' });
      const value = toRestValue(this.directory, f, v);
      if (value !== null) issue.custom.set(f.id, value);
    }
    this.issues.add(issue);
    this.emit('avi:jira:created:issue', issue, actor);
    return issue;
  }

  comment(as: string | Actor, key: string, body: string | unknown, opts: { public?: boolean } = {}): StoredComment {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const now = Date.now();
    const comment: StoredComment = {
      id: this.issues.newCommentId(),
      author: actor.accountId,
      body: typeof body === 'string' ? adf(body) : body,
      created: now,
      updated: now,
      jsdPublic: opts.public ?? true,
    };
    issue.comments.push(comment);
    issue.updated = now;
    this.emit('avi:jira:commented:issue', issue, actor, { comment: this.rest.restComment(comment) });
    return comment;
  }

  transition(as: string | Actor, key: string, statusName: string, resolutionName?: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const to = this.directory.status(statusName);
    if (!to) throw new SiteError(400, `Status ${statusName} does not exist.`);
    const from = this.directory.status(issue.statusId)!;
    if (from.id === to.id) return;
    const items: ChangeItem[] = [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name },
    ];
    const now = Date.now();
    issue.statusId = to.id;
    if (from.category !== to.category) issue.statusCategoryChanged = now;
    if (to.category === 'done' && !issue.resolution) {
      const res = this.directory.resolutionByName(resolutionName ?? 'Done');
      if (!res) throw new SiteError(400, `Resolution ${resolutionName} does not exist.`);
      issue.resolution = res;
      issue.resolutionDate = now;
      items.push({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: null,
        fromString: null,
        to: res.id,
        toString: res.name,
      });
    } else if (to.category !== 'done' && issue.resolution) {
      items.push({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: issue.resolution.id,
        fromString: issue.resolution.name,
        to: null,
        toString: null,
      });
      issue.resolution = null;
      issue.resolutionDate = null;
    }
    this.recordUpdate(issue, actor, items);
  }

  /**
   * What a JSM customer does from the portal: runs the customer transition `transitionName` (a status's
   * `portalTransition`) on a request they can see, so the changelog entry's author is the customer. Only customers
   * use the portal's transitions, and only those the workflow shows them; agents transition with `transition`.
   */
  portalTransition(as: string, key: string, transitionName: string): void {
    const user = this.directory.user(as);
    if (user.role !== 'customer') throw new SiteError(403, `${user.displayName} is not a customer: portal transitions are the customer's.`);
    const issue = this.requireIssue(this.actor(as), key);
    const lower = transitionName.toLowerCase();
    const to = this.directory.statuses.find((status) => status.portalTransition?.toLowerCase() === lower);
    if (!to || to.id === issue.statusId) {
      throw new SiteError(400, `The portal offers no transition '${transitionName}' on ${key}.`);
    }
    this.transition(as, key, to.name);
  }

  resolve(as: string | Actor, key: string, resolution = 'Done'): void {
    this.transition(as, key, 'Resolved', resolution);
  }

  setPriority(as: string | Actor, key: string, name: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const to = this.directory.priority(name);
    if (!to) throw new SiteError(400, `Priority ${name} does not exist.`, { priority: 'invalid priority' });
    const items = this.priorityItems(issue, to);
    if (items.length) this.recordUpdate(issue, actor, items);
  }

  setLabels(as: string | Actor, key: string, labels: string[]): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const items = this.labelItems(issue, [...new Set(labels)]);
    if (items.length) this.recordUpdate(issue, actor, items);
  }

  setSummary(as: string | Actor, key: string, summary: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const items = this.summaryItems(issue, summary);
    if (items.length) this.recordUpdate(issue, actor, items);
  }

  /** Sets a (non app-owned) custom field by id or name; `null` clears it. Select values are option texts. */
  setField(as: string | Actor, key: string, fieldIdOrName: string, value: unknown): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    const f = this.directory.field(fieldIdOrName);
    if (!f || !f.custom)
      throw new SiteError(400, `Field ${fieldIdOrName} does not exist or cannot be set.`, { [fieldIdOrName]: 'unknown field' });
    if (f.kind === 'app') throw new SiteError(400, `Field ${f.name} is read-only.`, { [f.id]: 'read-only field' });
    const item = applyCustom(issue, f, toRestValue(this.directory, f, value));
    if (item) this.recordUpdate(issue, actor, [item]);
  }

  /** Edits several fields at once (REST `PUT /issue/{key}`), recording one history. */
  editFields(actor: Actor, key: string, fields: Record<string, unknown>, update: Record<string, unknown> = {}): void {
    const issue = this.requireIssue(actor, key);
    const items: ChangeItem[] = [];
    for (const [k, raw] of Object.entries(fields)) {
      if (k === 'priority') {
        const ref = raw as { id?: string; name?: string } | null;
        const to = ref && this.directory.priority(ref.id ?? ref.name ?? '');
        if (!to) throw new SiteError(400, 'The priority selected is invalid.', { priority: 'The priority selected is invalid.' });
        items.push(...this.priorityItems(issue, to));
      } else if (k === 'labels') {
        if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string' || /\s/.test(l)))
          throw new SiteError(400, 'Labels must be strings without spaces.', { labels: 'invalid labels' });
        items.push(...this.labelItems(issue, [...new Set(raw as string[])]));
      } else if (k === 'summary') {
        if (typeof raw !== 'string' || !raw)
          throw new SiteError(400, 'Summary is required.', { summary: 'You must specify a summary of the issue.' });
        items.push(...this.summaryItems(issue, raw));
      } else if (k === 'description') {
        issue.description = raw;
        items.push({
          field: 'description',
          fieldtype: 'jira',
          fieldId: 'description',
          from: null,
          fromString: null,
          to: null,
          toString: adfText(raw),
        });
      } else {
        const f = this.directory.fields.get(k);
        if (!f || !f.custom)
          throw new SiteError(400, `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`, {
            [k]: `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`,
          });
        if (f.kind === 'app') throw new SiteError(400, `Field '${f.name}' is read-only.`, { [k]: 'read-only field' });
        const item = applyCustom(issue, f, toRestValue(this.directory, f, raw));
        if (item) items.push(item);
      }
    }
    const labelOps = update.labels;
    if (Array.isArray(labelOps)) {
      const next = new Set(issue.labels);
      for (const op of labelOps as Array<{ add?: string; remove?: string; set?: string[] }>) {
        if (op.add) next.add(op.add);
        if (op.remove) next.delete(op.remove);
        if (op.set) {
          next.clear();
          op.set.forEach((l) => next.add(l));
        }
      }
      items.push(...this.labelItems(issue, [...next]));
    }
    if (items.length) this.recordUpdate(issue, actor, items);
  }

  // Each sets one field and answers the changelog item of the change (none when the value is the same).

  private priorityItems(issue: StoredIssue, to: { id: string; name: string }): ChangeItem[] {
    const from = this.directory.priority(issue.priorityId)!;
    if (from.id === to.id) return [];
    issue.priorityId = to.id;
    return [
      { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: from.id, fromString: from.name, to: to.id, toString: to.name },
    ];
  }

  private summaryItems(issue: StoredIssue, summary: string): ChangeItem[] {
    if (issue.summary === summary) return [];
    const before = issue.summary;
    issue.summary = summary;
    return [{ field: 'summary', fieldtype: 'jira', fieldId: 'summary', from: null, fromString: before, to: null, toString: summary }];
  }

  private labelItems(issue: StoredIssue, next: string[]): ChangeItem[] {
    const before = issue.labels.join(' ');
    if (before === next.join(' ')) return [];
    issue.labels = next;
    return [
      {
        field: 'labels',
        fieldtype: 'jira',
        fieldId: 'labels',
        from: null,
        fromString: before || null,
        to: null,
        toString: next.join(' ') || null,
      },
    ];
  }

  private requireIssue(actor: Actor, key: string): StoredIssue {
    return this.visibleIssue(actor.accountId, key);
  }

  private recordUpdate(issue: StoredIssue, actor: Actor, items: ChangeItem[]): void {
    const now = Date.now();
    issue.updated = now;
    issue.histories.push({ id: this.issues.newHistoryId(), author: actor.accountId, created: now, items });
    this.emit('avi:jira:updated:issue', issue, actor, {
      changelog: { id: issue.histories[issue.histories.length - 1]!.id, items: items.map(stripNulls) },
    });
  }

  // ---------------------------------------------------------------------------------------------- custom values

  /**
   * Writes app-owned field values (REST `POST /app/field/value`): only fields of the calling app, values checked
   * against the field type; datetimes are stored without milliseconds, like Jira. Each issue gets one history
   * (when `generateChangelog`) and one `avi:jira:updated:issue` event caused by the app.
   *
   * All or nothing, as the operation's contract reads (one 204, 400, 403 or 404 for the whole request, no
   * per-update result): every update is checked before any is applied, and the first problem refuses the request
   * with Jira's error collection. 404 when a field does not exist (deleted, or an id from another site); 403 when
   * the field is not the app's; 400 for anything else in the body: a value of the wrong type, a string over 255
   * characters, an issue id that does not exist (deleted meanwhile), or a field and issue named twice.
   */
  writeAppFieldValues(updates: Array<{ fieldIdOrKey: string; issueIds: number[]; value: unknown }>, generateChangelog = true): void {
    const resolved = updates.map((u) => {
      const f = this.directory.fields.get(u.fieldIdOrKey) ?? this.directory.appFieldByKey(u.fieldIdOrKey);
      if (!f) throw new SiteError(404, `The custom field ${u.fieldIdOrKey} was not found.`);
      if (f.kind !== 'app') throw new SiteError(403, `The app is not the owner of field ${u.fieldIdOrKey}.`);
      return { f, issueIds: u.issueIds, value: appValue(f, u.value) };
    });
    const perIssue = new Map<number, Array<{ f: FieldDef; value: unknown }>>();
    for (const r of resolved) {
      for (const id of r.issueIds) {
        if (!this.issues.get(id)) throw new SiteError(400, `Issue ${id} does not exist or you do not have permission to see it.`);
        let list = perIssue.get(id);
        if (!list) perIssue.set(id, (list = []));
        if (list.some((c) => c.f === r.f))
          throw new SiteError(
            400,
            `Field ${r.f.id} is updated more than once for issue ${id}: combinations of custom field and issue must be unique within the request.`,
          );
        list.push({ f: r.f, value: r.value });
      }
    }
    const actor: Actor = { accountId: APP_ACCOUNT_ID, app: true };
    for (const [id, changes] of perIssue) {
      const issue = this.issues.get(id)!;
      const items: ChangeItem[] = [];
      for (const { f, value } of changes) {
        const before = issue.custom.get(f.id) ?? null;
        if (before === value) continue;
        if (value === null) issue.custom.delete(f.id);
        else issue.custom.set(f.id, value);
        items.push({
          field: f.name,
          fieldtype: 'custom',
          fieldId: f.id,
          from: null,
          fromString: before === null ? null : String(before),
          to: null,
          toString: value === null ? null : String(value),
        });
      }
      if (items.length === 0) continue;
      if (generateChangelog) this.recordUpdate(issue, actor, items);
      else {
        issue.updated = Date.now();
        this.emit('avi:jira:updated:issue', issue, actor);
      }
    }
  }

  /**
   * Deletes an issue (REST `DELETE /issue/{key}` by someone with the permission): it disappears from reads and
   * searches, later writes naming it are refused, and `avi:jira:deleted:issue` is emitted.
   */
  deleteIssue(as: string | Actor, key: string): void {
    const actor = this.actor(as);
    const issue = this.requireIssue(actor, key);
    this.issues.remove(issue);
    this.emit('avi:jira:deleted:issue', issue, actor);
  }

  /**
   * Moves a custom field to the trash (an admin in *Settings → Issues → Custom fields*, or `DELETE /field/{id}`):
   * it leaves /field, JQL and issue reads, and writes naming its id are answered 404.
   */
  deleteField(fieldId: string): void {
    const f = this.directory.removeField(fieldId);
    for (const issue of this.issues.list) issue.custom.delete(f.id);
    this.searcher.invalidate();
  }

  /** Seeds an app field value directly (no history, no event), e.g. to prepare 10,000 issues for a sweep benchmark. */
  seedAppFieldValue(key: string, moduleKey: string, value: unknown): void {
    const f = this.directory.appField(moduleKey);
    const issue = this.findIssue(key);
    if (!f || !issue) throw new SiteError(404, `Unknown field module ${moduleKey} or issue ${key}`);
    const v = appValue(f, value);
    if (v === null) issue.custom.delete(f.id);
    else issue.custom.set(f.id, v);
  }

  /** The stored value of an app-owned field (REST shape: datetime as Jira string), or null. */
  appFieldValue(key: string, moduleKey: string): unknown {
    const f = this.directory.appField(moduleKey);
    const issue = this.findIssue(key);
    if (!f) throw new SiteError(404, `No app field for module ${moduleKey}`);
    if (!issue) throw new SiteError(404, `Issue ${key} does not exist.`);
    return issue.custom.get(f.id) ?? null;
  }

  // ---------------------------------------------------------------------------------------------- REST shapes
}
