/**
 * The site's data as Jira Cloud's REST v3 answers carry it: issues (field selection, embedded comments and
 * changelog with the limits of each endpoint), users, comments, histories, statuses, projects and fields.
 */
import { jiraDateTime } from './rest-text';
import type { SiteDirectory } from './site-directory';
import {
  CHANGELOG_EXPAND_LIMIT,
  ISSUE_COMMENT_EMBED_LIMIT,
  SEARCH_CHANGELOG_EXPAND_LIMIT,
  SEARCH_COMMENT_EMBED_LIMIT,
  SITE_URL,
  STATUS_CATEGORY,
  type ChangeItem,
  type EmbedKind,
  type FieldDef,
  type SiteProject,
  type StatusDef,
  type StoredComment,
  type StoredHistory,
  type StoredIssue,
} from './site-model';

export class RestShapes {
  constructor(private readonly directory: SiteDirectory) {}

  restUser(accountId: string | null): Record<string, unknown> | null {
    if (!accountId) return null;
    const u = this.directory.users.get(accountId);
    const displayName = u?.displayName ?? accountId;
    return {
      self: `${SITE_URL}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
      accountId,
      displayName,
      active: true,
      timeZone: u?.timeZone ?? 'UTC',
      accountType: u?.role === 'app' ? 'app' : u?.role === 'customer' ? 'customer' : 'atlassian',
      avatarUrls: avatar(accountId),
    };
  }

  restComment(c: StoredComment): Record<string, unknown> {
    return {
      self: `${SITE_URL}/rest/api/3/issue/comment/${c.id}`,
      id: c.id,
      author: this.restUser(c.author),
      body: c.body,
      updateAuthor: this.restUser(c.author),
      created: jiraDateTime(c.created),
      updated: jiraDateTime(c.updated),
      jsdPublic: c.jsdPublic,
    };
  }

  restHistory(h: StoredHistory): Record<string, unknown> {
    return { id: h.id, author: this.restUser(h.author), created: jiraDateTime(h.created), items: h.items.map(stripNulls) };
  }

  restStatus(s: StatusDef): Record<string, unknown> {
    const c = STATUS_CATEGORY[s.category];
    return {
      self: `${SITE_URL}/rest/api/3/status/${s.id}`,
      description: '',
      iconUrl: `${SITE_URL}/images/icons/statuses/generic.png`,
      name: s.name,
      id: s.id,
      statusCategory: { self: `${SITE_URL}/rest/api/3/statuscategory/${c.id}`, id: c.id, key: c.key, colorName: c.colorName, name: c.name },
    };
  }

  restProject(p: SiteProject): Record<string, unknown> {
    return {
      self: `${SITE_URL}/rest/api/3/project/${p.id}`,
      id: p.id,
      key: p.key,
      name: p.name,
      projectTypeKey: p.projectTypeKey,
      simplified: false,
      avatarUrls: avatar(p.key),
    };
  }

  standardFields(issue: StoredIssue): Record<string, unknown> {
    const priority = this.directory.priority(issue.priorityId)!;
    const type = this.directory.issueType(issue.issueTypeId)!;
    return {
      summary: issue.summary,
      description: issue.description,
      issuetype: {
        self: `${SITE_URL}/rest/api/3/issuetype/${type.id}`,
        id: type.id,
        name: type.name,
        description: '',
        iconUrl: `${SITE_URL}/images/icons/issuetypes/generic.png`,
        subtask: false,
        hierarchyLevel: 0,
      },
      project: this.restProject(this.directory.projectById(issue.projectId)),
      status: this.restStatus(this.directory.status(issue.statusId)!),
      priority: {
        self: `${SITE_URL}/rest/api/3/priority/${priority.id}`,
        id: priority.id,
        name: priority.name,
        iconUrl: `${SITE_URL}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
      },
      labels: [...issue.labels],
      components: [],
      reporter: this.restUser(issue.reporter),
      creator: this.restUser(issue.creator),
      assignee: this.restUser(issue.assignee),
      created: jiraDateTime(issue.created),
      updated: jiraDateTime(issue.updated),
      statuscategorychangedate: jiraDateTime(issue.statusCategoryChanged),
      resolution: issue.resolution
        ? {
            self: `${SITE_URL}/rest/api/3/resolution/${issue.resolution.id}`,
            id: issue.resolution.id,
            name: issue.resolution.name,
            description: '',
          }
        : null,
      resolutiondate: issue.resolutionDate === null ? null : jiraDateTime(issue.resolutionDate),
    };
  }

  /**
   * An issue as REST v3 returns it. `fields`: ids, `*all`/`*navigable`, `-id` exclusions (default `*all`);
   * `expand`: `names`, `changelog` (the newest 100 histories, newest first, as Jira's expand returns them).
   */
  restIssue(issue: StoredIssue, opts: { fields?: string[]; expand?: string[]; embed?: EmbedKind } = {}): Record<string, unknown> {
    const wanted = resolveFieldSelection(opts.fields ?? ['*all']);
    const embed = opts.embed ?? 'issue';
    const fields: Record<string, unknown> = {};
    const include = (id: string): boolean => (wanted.all ? !wanted.excluded.has(id) : wanted.ids.has(id));
    if (wanted.all || [...wanted.ids].some((id) => !id.startsWith('customfield_') && id !== 'comment')) {
      for (const [k, v] of Object.entries(this.standardFields(issue))) if (include(k)) fields[k] = v;
    }
    if (include('comment')) {
      // The newest comments only, in ascending order; `total` says how many exist (the rest: GET …/comment).
      const limit = embed === 'search' ? SEARCH_COMMENT_EMBED_LIMIT : embed === 'issue' ? ISSUE_COMMENT_EMBED_LIMIT : Infinity;
      const total = issue.comments.length;
      const newest = total > limit ? issue.comments.slice(total - limit) : issue.comments;
      fields.comment = {
        self: `${SITE_URL}/rest/api/3/issue/${issue.id}/comment`,
        maxResults: Number.isFinite(limit) ? limit : total,
        total,
        startAt: total - newest.length,
        comments: newest.map((c) => this.restComment(c)),
      };
    }
    // Only the requested custom fields are visited: a narrow field list costs the same on a site of 2,000 fields.
    const customIds = wanted.all
      ? [...this.directory.fields.values()].filter((f) => f.custom).map((f) => f.id)
      : [...wanted.ids].filter((id) => this.directory.fields.get(id)?.custom);
    for (const id of customIds) {
      if (include(id)) fields[id] = issue.custom.get(id) ?? null;
    }
    const expand = new Set(opts.expand ?? []);
    const out: Record<string, unknown> = {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: String(issue.id),
      self: `${SITE_URL}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
    };
    if (Object.keys(fields).length > 0 || opts.fields === undefined) out.fields = fields;
    if (expand.has('names')) {
      const names: Record<string, string> = {};
      for (const k of Object.keys(fields)) names[k] = this.directory.fields.get(k)?.name ?? k;
      out.names = names;
    }
    if (expand.has('changelog')) {
      // Like Jira Cloud: the newest histories only (100 by GET issue, 40 by search), newest first; older ones need
      // GET /issue/{key}/changelog.
      const limit =
        embed === 'search' ? SEARCH_CHANGELOG_EXPAND_LIMIT : embed === 'issue' ? CHANGELOG_EXPAND_LIMIT : issue.histories.length;
      const newest = issue.histories
        .slice(Math.max(0, issue.histories.length - limit))
        .reverse()
        .map((h) => this.restHistory(h));
      out.changelog = { startAt: 0, maxResults: limit, total: issue.histories.length, histories: newest };
    }
    return out;
  }

  restField(f: FieldDef): Record<string, unknown> {
    const clauseNames = f.custom ? [`cf[${f.id.slice('customfield_'.length)}]`, f.name] : [f.id];
    const out: Record<string, unknown> = {
      id: f.id,
      key: f.id,
      name: f.name,
      custom: f.custom,
      orderable: f.kind !== 'app',
      navigable: true,
      searchable: true,
      clauseNames,
      schema: f.schema,
    };
    return out;
  }
}

/** A changelog item as REST and events carry it: null members are left out (the spec types them as strings). */
export function stripNulls(item: ChangeItem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) if (v !== null) out[k] = v as string;
  return out;
}

/**
 * An avatar as a self-contained `data:` image (a coloured square with the seed's initial): the emulator's site host
 * does not resolve, and a page that loads a broken image logs a console error the browser tests refuse.
 */
function avatar(seed: string): Record<string, string> {
  let hue = 0;
  for (const char of seed) hue = (hue * 31 + char.charCodeAt(0)) % 360;
  const initial = (seed.match(/[A-Za-z0-9]/)?.[0] ?? '?').toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="24" fill="hsl(${hue},45%,45%)"/><text x="24" y="31" font-family="sans-serif" font-size="22" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
  const url = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  return { '16x16': url, '24x24': url, '32x32': url, '48x48': url };
}

interface FieldSelection {
  all: boolean;
  ids: Set<string>;
  excluded: Set<string>;
}
function resolveFieldSelection(list: string[]): FieldSelection {
  const sel: FieldSelection = { all: false, ids: new Set(), excluded: new Set() };
  for (const raw of list.flatMap((s) => s.split(','))) {
    const item = raw.trim();
    if (!item) continue;
    if (item === '*all' || item === '*navigable') sel.all = true;
    else if (item.startsWith('-')) sel.excluded.add(item.slice(1));
    else sel.ids.add(item);
  }
  return sel;
}
