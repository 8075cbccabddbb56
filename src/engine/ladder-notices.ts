/**
 * Who is on a rung, and what the app must tell whom: pure decisions as data, executed by src/forge/ladder-notify.ts.
 *
 * `rungPeople` resolves the people of one ladder level for an issue (organization override, else plan override, else
 * the rung's default; roles become the issue's assignee, reporter or the organization's account managers).
 * `ladderNotices` lists the notices an issue's state calls for: the current escalation level's people (once per
 * issue, level and cycle) and the warning before a breach (once per issue and metric). Each notice carries a
 * `claim`, the identity the adapter claims in storage before sending, so duplicated, late or reordered events and
 * overlapping sweeps send it once.
 */
import type { Directory, DirectoryPerson } from './directory-schema';
import type { SlaState } from './evaluate';
import { jsmField } from './classify';
import type { IssueSnapshot } from './issue';
import type { Policy } from './policy-schema';
import { sameTextIgnoringCase } from './text-match';

/** One recipient: a Jira account or a Jira group, and why they are on the list. */
export type RungRecipient =
  | { kind: 'user'; accountId: string; via: 'accountId' | 'assignee' | 'reporter' | 'accountManager' }
  | { kind: 'group'; name: string; via: 'group' | 'accountManager' };

/** The people of one rung for one issue. */
export interface RungPeople {
  level: string;
  /** Which list applied: an organization's, a plan's, the rung's default, or none (the level has no rung). */
  source: 'organization' | 'plan' | 'default' | 'none';
  /** Why, e.g. `organization 'Acme Corp'`. */
  reason: string;
  /** Users (each account once) and groups, in the order the directory lists them. */
  recipients: RungRecipient[];
  /** Roles that named nobody on this issue, e.g. `assignee (the issue is unassigned)`. */
  unresolved: string[];
}

/** What a rung's roles resolve against on one issue. */
export interface IssueParties {
  /** JSM organizations of the issue (the Organizations field), as plan selection reads them. */
  organizations: readonly string[];
  plan: string;
  assigneeId: string | null;
  reporterId: string | null;
}

/**
 * The people of ladder level `level` for an issue: the first organization override matching one of the issue's
 * organizations (names compared ignoring case), else the plan override, else the rung's default list.
 *
 * @example
 * rungPeople(batoi.directory, 'account-manager', { organizations: ['Acme Corp'], plan: 'enterprise', assigneeId: 'a1', reporterId: null })
 * //=> { level: 'account-manager', source: 'default', recipients: [{ kind: 'user', accountId: 'am-acme', via: 'accountManager' }], … }
 */
export function rungPeople(directory: Directory | undefined, level: string, parties: IssueParties): RungPeople {
  const rung = directory?.rungs.find((candidate) => candidate.level === level);
  if (!directory || !rung)
    return { level, source: 'none', reason: `no rung for level ${level} in the directory`, recipients: [], unresolved: [] };
  let people: readonly DirectoryPerson[] = rung.people;
  let source: RungPeople['source'] = 'default';
  let reason = `the default people of level ${level}`;
  const byOrganization = findOrganization(rung.organizations, parties.organizations);
  const byPlan = rung.plans?.find((entry) => entry.plan === parties.plan);
  if (byOrganization) {
    people = byOrganization.entry.people;
    source = 'organization';
    reason = `organization '${byOrganization.name}'`;
  } else if (byPlan) {
    people = byPlan.people;
    source = 'plan';
    reason = `plan ${byPlan.plan}`;
  }
  const recipients: RungRecipient[] = [];
  const unresolved: string[] = [];
  const addUser = (accountId: string, via: Extract<RungRecipient, { kind: 'user' }>['via']) => {
    if (!recipients.some((one) => one.kind === 'user' && one.accountId === accountId)) recipients.push({ kind: 'user', accountId, via });
  };
  const addGroup = (name: string, via: Extract<RungRecipient, { kind: 'group' }>['via']) => {
    if (!recipients.some((one) => one.kind === 'group' && one.name === name)) recipients.push({ kind: 'group', name, via });
  };
  for (const person of people) {
    if (person.accountId !== undefined) addUser(person.accountId, 'accountId');
    else if (person.group !== undefined) addGroup(person.group, 'group');
    else if (person.role === 'assignee') {
      if (parties.assigneeId !== null) addUser(parties.assigneeId, 'assignee');
      else unresolved.push('assignee (the issue is unassigned)');
    } else if (person.role === 'reporter') {
      if (parties.reporterId !== null) addUser(parties.reporterId, 'reporter');
      else unresolved.push('reporter (the issue has none)');
    } else if (person.role === 'accountManager') {
      const managers = findOrganization(directory.accountManagers, parties.organizations);
      if (!managers) {
        unresolved.push(
          parties.organizations.length === 0
            ? 'accountManager (the issue has no organization)'
            : `accountManager (no account manager for ${parties.organizations.map((name) => `'${name}'`).join(', ')} in directory.accountManagers)`,
        );
        continue;
      }
      for (const manager of managers.entry.people) {
        if (manager.accountId !== undefined) addUser(manager.accountId, 'accountManager');
        else if (manager.group !== undefined) addGroup(manager.group, 'accountManager');
      }
    }
  }
  return { level, source, reason, recipients, unresolved };
}

function findOrganization<T extends { organization: string }>(
  entries: readonly T[] | undefined,
  organizations: readonly string[],
): { entry: T; name: string } | undefined {
  for (const name of organizations) {
    const entry = entries?.find((candidate) => sameTextIgnoringCase(candidate.organization, name.trim()));
    if (entry) return { entry, name };
  }
  return undefined;
}

/**
 * The parties of an issue a directory resolves roles against: organizations (the policy's Organizations field),
 * the assignee (`fields.assignee.accountId`) and the reporter.
 *
 * @example
 * issueParties(policy, parseIssue(issueJson), 'premium') //=> { organizations: ['Acme Corp'], plan: 'premium', assigneeId: 'agent', reporterId: 'customer' }
 */
export function issueParties(policy: Pick<Policy, 'fields'>, snapshot: IssueSnapshot, plan: string): IssueParties {
  const assignee = snapshot.fields.assignee;
  const assigneeId =
    typeof assignee === 'object' && assignee !== null && typeof (assignee as { accountId?: unknown }).accountId === 'string'
      ? (assignee as { accountId: string }).accountId
      : null;
  return {
    organizations: snapshot.fieldValues(jsmField(policy, 'organizations')),
    plan,
    assigneeId,
    reporterId: snapshot.reporterId,
  };
}

/**
 * How many times the app's "Escalation level" field went from `level` or above to below it, as its changelog shows
 * (values are the numbers the app wrote; an empty value is 0). The notice for a level rising again after such a
 * drop is a new cycle. Counted from the issue's own history, so every reader of the same issue agrees.
 *
 * @example
 * // the field went 0 → 1 → 2 → 0 → 1
 * levelDrops(timeline, 2) //=> 1
 * levelDrops(timeline, 1) //=> 1
 */
export function levelDrops(timeline: readonly { value: string | null }[], level: number): number {
  let drops = 0;
  let previous = 0;
  for (const entry of timeline) {
    const value = entry.value === null ? 0 : Number.parseFloat(entry.value);
    const current = Number.isFinite(value) ? value : 0;
    if (previous >= level && current < level) drops += 1;
    previous = current;
  }
  return drops;
}

/**
 * The cycle of the issue's current `level`: 0 unless `renotifyAfterDrop`, then the drops below it (`levelDrops`) in
 * the app's "Escalation level" field `levelField`. Notices and acknowledgements of a level are per cycle.
 *
 * @example
 * levelCycle({ renotifyAfterDrop: false }, snapshot, 2, 'customfield_10106') //=> 0
 */
export function levelCycle(
  directory: Pick<Directory, 'renotifyAfterDrop'>,
  snapshot: IssueSnapshot,
  level: number,
  levelField: string | null,
): number {
  return directory.renotifyAfterDrop && levelField !== null ? levelDrops(snapshot.fieldTimeline(levelField), level) : 0;
}

/** One thing to tell people about an issue. */
export interface LadderNotice {
  kind: 'escalation' | 'warning';
  /** The notice's identity on its issue: `level:<level id>:<cycle>` or `warn:<metric id>`; claimed before sending. */
  claim: string;
  level: number;
  levelId: string | null;
  levelLabel: string | null;
  metricId: string | null;
  /** When the level was reached, or when the evaluation saw the metric past the warning share. */
  at: string;
  people: RungPeople;
  subject: string;
  text: string;
}

export interface NoticeInput {
  policy: Pick<Policy, 'directory' | 'fields' | 'id'>;
  snapshot: IssueSnapshot;
  state: SlaState;
  /** The app's "Escalation level" field id (its changelog gives the cycle), or null when unknown. */
  levelField: string | null;
}

/**
 * The notices an issue's state calls for (none without a directory, once resolved, or before the first level):
 * the current level's people when a level is reached, and a warning per running metric that has used
 * `warnBeforeBreach.atPercent` of its target (not yet breached). The adapter sends each notice whose claim is new.
 *
 * @example
 * // Batoi P1, level 2 (account-manager) reached at 2026-03-05T14:00:00Z, the field never dropped
 * ladderNotices({ policy, snapshot, state, levelField: 'customfield_10106' }).map((notice) => notice.claim) //=> ['level:account-manager:0']
 */
export function ladderNotices(input: NoticeInput): LadderNotice[] {
  const { policy, snapshot, state } = input;
  const directory = policy.directory;
  if (!directory) return [];
  const evaluatedAt = Date.parse(state.evaluatedAt);
  if (snapshot.resolvedAt !== null && snapshot.resolvedAt <= evaluatedAt) return [];
  const parties = issueParties(policy, snapshot, state.plan.id);
  const escalation = state.escalation;
  const notices: LadderNotice[] = [];
  const ladderSize = escalation.ladder.length;
  if (escalation.level > 0 && escalation.id !== null && escalation.since !== null) {
    const people = rungPeople(directory, escalation.id, parties);
    if (people.source !== 'none') {
      const cycle = levelCycle(directory, snapshot, escalation.level, input.levelField);
      notices.push({
        kind: 'escalation',
        claim: `level:${escalation.id}:${cycle}`,
        level: escalation.level,
        levelId: escalation.id,
        levelLabel: escalation.label,
        metricId: null,
        at: escalation.since,
        people,
        subject: `${snapshot.key} escalated to ${escalation.label ?? escalation.id} (level ${escalation.level} of ${ladderSize})`,
        text: [
          `${snapshot.key} "${snapshot.summary}" reached escalation level ${escalation.level} of ${ladderSize}, ${escalation.label ?? escalation.id}, at ${escalation.since} under the SLA policy ${policy.id}.`,
          `You are on this rung (${people.reason}). Acknowledge it in the SLA panel of the issue.`,
          escalation.next
            ? `Next: ${escalation.next.label}${escalation.next.at ? ` at ${escalation.next.at}` : ''}.`
            : 'This is the top of the ladder.',
        ].join('\n'),
      });
    }
  }
  const warn = directory.warnBeforeBreach;
  if (warn) {
    const rungLevel = escalation.id ?? escalation.next?.id ?? null;
    for (const metric of state.metrics) {
      if (warn.metrics && !warn.metrics.includes(metric.id)) continue;
      // Whole minutes, not the rounded percentUsed: 74.98 % must not read as 75 %.
      if (metric.status !== 'running' || metric.targetMinutes === null || metric.targetMinutes === 0) continue;
      if (metric.elapsedMinutes * 100 < metric.targetMinutes * warn.atPercent) continue;
      const people: RungPeople =
        warn.notify === 'assignee'
          ? parties.assigneeId !== null
            ? {
                level: '',
                source: 'default',
                reason: 'the assignee',
                recipients: [{ kind: 'user', accountId: parties.assigneeId, via: 'assignee' }],
                unresolved: [],
              }
            : { level: '', source: 'default', reason: 'the assignee', recipients: [], unresolved: ['assignee (the issue is unassigned)'] }
          : rungLevel !== null
            ? rungPeople(directory, rungLevel, parties)
            : { level: '', source: 'none', reason: 'the issue has no ladder', recipients: [], unresolved: [] };
      notices.push({
        kind: 'warning',
        claim: `warn:${metric.id}`,
        level: escalation.level,
        levelId: null,
        levelLabel: null,
        metricId: metric.id,
        at: state.evaluatedAt,
        people,
        subject: `${snapshot.key}: ${metric.label} has used ${metric.percentUsed} % of its target`,
        text: [
          `${snapshot.key} "${snapshot.summary}": ${metric.label} has used ${metric.percentUsed} % of its ${metric.target?.duration ?? ''} target${metric.dueAt ? ` and breaches at ${metric.dueAt}` : ''}.`,
          `You are told ${warn.atPercent} % ahead, once (${people.reason}).`,
        ].join('\n'),
      });
    }
  }
  return notices;
}
