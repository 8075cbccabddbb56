/**
 * Who is on a rung (`rungPeople`) and which notices an issue's state calls for (`ladderNotices`). Calendar: New York
 * Mon–Fri 09:00–18:00 (UTC−5 in November). P1 ladder: support-team after 4h, account-manager after 1d (9h),
 * executive at 100 % of resolution.
 */
import { evaluate, ladderNotices, levelDrops, parseIssue, rungPeople, type CompiledPolicy } from '../../src/engine';
import { buildIssue, withFieldChange, withPriorityChange, withResolution, REPORTER, type BuiltIssue } from '../builders/jira-issue';
import { directoryPolicy, PEOPLE } from '../builders/directory-policy';
import { FIELD, FIELD_NAMES } from '../builders/test-policy';

const LEVEL_FIELD = 'customfield_10106';
const ASSIGNEE = 'agent-7';

function p1(options: { organization?: string; plan?: string; assignee?: string | null } = {}): BuiltIssue {
  return buildIssue({
    created: '2026-11-16T14:00:00Z', // Mon 09:00 New York
    priority: 'Highest',
    fields: {
      assignee: options.assignee === null ? null : { accountId: options.assignee ?? ASSIGNEE },
      ...(options.organization ? { [FIELD.organizations]: [{ id: '1', name: options.organization }] } : {}),
      ...(options.plan ? { [FIELD.supportPlan]: { value: options.plan } } : {}),
    },
    names: { ...FIELD_NAMES, [LEVEL_FIELD]: 'Escalation level' },
  });
}

function notices(policy: CompiledPolicy, issue: BuiltIssue, nowIso: string) {
  const now = Date.parse(nowIso);
  return ladderNotices({ policy, snapshot: parseIssue(issue), state: evaluate(policy, issue, now), levelField: LEVEL_FIELD });
}

const parties = { organizations: [] as string[], plan: 'standard', assigneeId: ASSIGNEE, reporterId: REPORTER };

describe('rungPeople', () => {
  const directory = directoryPolicy().directory;

  it('uses the default list, resolving the assignee role and keeping groups', () => {
    const people = rungPeople(directory, 'support-team', parties);
    expect(people.source).toBe('default');
    expect(people.recipients).toEqual([
      { kind: 'user', accountId: ASSIGNEE, via: 'assignee' },
      { kind: 'group', name: 'support-team', via: 'group' },
    ]);
  });

  it('prefers an organization override (names ignoring case) and lists each account once', () => {
    const people = rungPeople(directory, 'support-team', { ...parties, organizations: ['ACME CORP'], assigneeId: PEOPLE.acmeDesk });
    expect(people.source).toBe('organization');
    expect(people.reason).toBe("organization 'ACME CORP'");
    expect(people.recipients).toEqual([{ kind: 'user', accountId: PEOPLE.acmeDesk, via: 'accountId' }]);
  });

  it('uses the plan override, and the organization override over it', () => {
    expect(rungPeople(directory, 'account-manager', { ...parties, plan: 'premium' }).recipients).toEqual([
      { kind: 'user', accountId: PEOPLE.premiumManager, via: 'accountId' },
    ]);
    // account-manager has no organization override, so Acme on premium still gets the premium list
    expect(rungPeople(directory, 'account-manager', { ...parties, plan: 'premium', organizations: ['Acme Corp'] }).source).toBe('plan');
  });

  it("resolves the accountManager role to the organization's account managers, or says why not", () => {
    expect(rungPeople(directory, 'account-manager', { ...parties, organizations: ['Other Ltd', 'Acme Corp'] }).recipients).toEqual([
      { kind: 'user', accountId: PEOPLE.acmeManager, via: 'accountManager' },
    ]);
    expect(rungPeople(directory, 'account-manager', parties)).toMatchObject({
      recipients: [],
      unresolved: ['accountManager (the issue has no organization)'],
    });
    expect(rungPeople(directory, 'account-manager', { ...parties, organizations: ['Other Ltd'] }).unresolved).toEqual([
      "accountManager (no account manager for 'Other Ltd' in directory.accountManagers)",
    ]);
  });

  it('says an unassigned issue has no assignee, and a level without a rung has no people', () => {
    expect(rungPeople(directory, 'support-team', { ...parties, assigneeId: null }).unresolved).toEqual([
      'assignee (the issue is unassigned)',
    ]);
    expect(rungPeople(directory, 'follow-the-sun', parties)).toMatchObject({ source: 'none', recipients: [] });
    expect(rungPeople(undefined, 'support-team', parties).source).toBe('none');
  });
});

describe('levelDrops', () => {
  it('counts the times the field went from the level or above to below it', () => {
    const timeline = ['0', '1', '2', '0', '1', '2', '1'].map((value) => ({ value }));
    expect(levelDrops(timeline, 2)).toBe(2);
    expect(levelDrops(timeline, 1)).toBe(1);
    expect(levelDrops([{ value: null }, { value: '1.0' }, { value: null }], 1)).toBe(1);
  });
});

describe('ladderNotices', () => {
  const policy = directoryPolicy();

  it('asks for nothing before the first level, and for level 1 from its instant (Mon 13:00 New York)', () => {
    expect(notices(policy, p1(), '2026-11-16T17:59:00Z').filter((notice) => notice.kind === 'escalation')).toEqual([]); // Mon 12:59
    const [notice] = notices(policy, p1(), '2026-11-16T18:00:00Z'); // Mon 13:00
    expect(notice).toMatchObject({ kind: 'escalation', claim: 'level:support-team:0', level: 1, at: '2026-11-16T18:00:00.000Z' });
    expect(notice!.people.recipients.map((one) => (one.kind === 'user' ? one.accountId : one.name))).toEqual([ASSIGNEE, 'support-team']);
    expect(notice!.subject).toBe('SUP-1 escalated to Support Team (level 1 of 3)');
  });

  it('names the current level only, with the same claim on every evaluation of it', () => {
    // Tue 09:00 New York = 9 business hours after Mon 09:00: account-manager
    const first = notices(policy, p1({ organization: 'Acme Corp' }), '2026-11-17T14:00:00Z');
    const later = notices(policy, p1({ organization: 'Acme Corp' }), '2026-11-17T16:30:00Z'); // Tue 11:30
    expect(first.filter((notice) => notice.kind === 'escalation').map((notice) => notice.claim)).toEqual(['level:account-manager:0']);
    expect(later.filter((notice) => notice.kind === 'escalation').map((notice) => notice.claim)).toEqual(['level:account-manager:0']);
    // planSelection maps Acme Corp to premium, and account-manager has a premium list (no Acme override)
    expect(first[0]!.people).toMatchObject({
      source: 'plan',
      recipients: [{ kind: 'user', accountId: PEOPLE.premiumManager, via: 'accountId' }],
    });
  });

  it('asks for nothing once the issue is resolved', () => {
    const resolved = withResolution(p1(), '2026-11-16T19:00:00Z');
    expect(notices(policy, resolved, '2026-11-17T15:00:00Z')).toEqual([]);
  });

  it('keeps the claim after a drop and rise unless renotifyAfterDrop, then starts a new cycle', () => {
    // The app wrote Escalation level 1 at Mon 13:00, 0 after a priority drop at 14:00, 1 again at 15:00.
    let issue = p1();
    issue = withFieldChange(issue, '2026-11-16T18:00:00Z', { fieldId: LEVEL_FIELD, name: 'Escalation level', value: 1, text: '1' });
    issue = withPriorityChange(issue, '2026-11-16T19:00:00Z', 'Highest', 'Medium');
    issue = withFieldChange(issue, '2026-11-16T19:00:01Z', { fieldId: LEVEL_FIELD, name: 'Escalation level', value: 0, text: '0' });
    issue = withPriorityChange(issue, '2026-11-16T20:00:00Z', 'Medium', 'Highest');
    const now = '2026-11-16T20:00:05Z';
    expect(notices(policy, issue, now)[0]!.claim).toBe('level:support-team:0');
    expect(notices(directoryPolicy({ renotifyAfterDrop: true }), issue, now)[0]!.claim).toBe('level:support-team:1');
  });

  it('warns the assignee once resolution has used 75 % of its target, with a claim per metric', () => {
    // resolution 1w from Mon 09:00 New York (45 business hours); 75 % = 33h45m → Thu 15:45 New York = 20:45Z
    expect(notices(policy, p1(), '2026-11-19T20:44:00Z').filter((notice) => notice.kind === 'warning')).toEqual([]);
    const warnings = notices(policy, p1(), '2026-11-19T20:46:00Z').filter((notice) => notice.kind === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ claim: 'warn:resolution', metricId: 'resolution' });
    expect(warnings[0]!.people.recipients).toEqual([{ kind: 'user', accountId: ASSIGNEE, via: 'assignee' }]);
  });

  it('warns the current rung when notify is rung', () => {
    // 50 % of 45 business hours = 22h30m → Wed 13:30 New York; at Wed 14:00 the issue is on account-manager
    const rung = directoryPolicy({ warn: '  warnBeforeBreach: { atPercent: 50, notify: rung }' });
    const warnings = notices(rung, p1({ assignee: null }), '2026-11-18T19:00:00Z').filter((notice) => notice.kind === 'warning');
    expect(warnings.map((notice) => notice.claim)).toContain('warn:resolution');
    expect(warnings.every((notice) => notice.people.level === 'account-manager')).toBe(true);
  });
});
