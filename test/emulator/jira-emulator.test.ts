import { JiraSite, startJiraEmulator, type JiraEmulator } from '../../emulator';
import { APP_ACCOUNT_ID } from '../../emulator/jira/site';
import { installClock } from '../../emulator/forge/clock';
import { call } from './helpers';

const APP_FIELDS = [
  { key: 'sla-next-check', name: 'SLA next check', type: 'datetime' as const },
  { key: 'sla-status', name: 'SLA status', type: 'string' as const },
  { key: 'sla-escalation-level', name: 'Escalation level', type: 'number' as const },
];

describe('Jira emulator', () => {
  let emu: JiraEmulator;
  let site: JiraSite;
  const as = (who: string, method: string, path: string, body?: unknown) => call(emu.baseUrl, who, method, path, body);
  const search = (who: string, body: Record<string, unknown>) => as(who, 'POST', '/rest/api/3/search/jql', body);

  beforeEach(async () => {
    site = new JiraSite({ appFields: APP_FIELDS });
    emu = await startJiraEmulator({ site });
  });
  afterEach(async () => {
    expect(emu.specViolations).toEqual([]);
    await emu.close();
  });

  describe('JQL subset and pagination', () => {
    const nextCheck = () => site.appField('sla-next-check')!;

    function seed(n: number): string[] {
      const keys: string[] = [];
      for (let i = 0; i < n; i++) {
        const issue = site.createIssue('customer', {
          projectKey: i % 3 === 0 ? 'OPS' : 'SUP',
          summary: `Issue ${i}`,
          labels: i % 5 === 0 ? ['vip'] : [],
        });
        // minutes 0..n-1 after 10:00, in reverse creation order so ORDER BY differs from id order
        site.seedAppFieldValue(issue.key, 'sla-next-check', new Date(Date.UTC(2026, 2, 2, 10, 0) + (n - 1 - i) * 60_000).toISOString());
        keys.push(issue.key);
      }
      return keys;
    }

    it('filters on project, resolution, status category, labels and an app datetime field by name or cf[id]', async () => {
      const keys = seed(30);
      site.resolve('agent', keys[1]!);
      site.transition('agent', keys[2]!, 'Closed');
      const cf = `cf[${nextCheck().id.slice('customfield_'.length)}]`;
      const queries: Array<[string, (i: number) => boolean]> = [
        ['project = OPS', (i) => i % 3 === 0],
        ['project in (SUP, OPS) AND resolution = EMPTY', (i) => i !== 1 && i !== 2],
        ['statusCategory != Done AND labels = vip', (i) => i % 5 === 0],
        // minute offset (29 - i) <= 10  ⇔  i >= 19
        ['"SLA next check" <= "2026-03-02 10:10" AND resolution is EMPTY', (i) => i >= 19],
        [`${cf} > "2026/03/02 10:25"`, (i) => 29 - i > 25],
        ['project = SUP AND (labels = vip OR summary ~ "Issue 1*")', (i) => i % 3 !== 0 && (i % 5 === 0 || String(i).startsWith('1'))],
        ['resolution = Unresolved AND NOT project = SUP', (i) => i % 3 === 0 && i !== 1 && i !== 2],
      ];
      for (const [jql, expected] of queries) {
        const res = await search('app', { jql, maxResults: 100, fields: ['id'] });
        expect({ jql, status: res.status }).toEqual({ jql, status: 200 });
        const got = (res.body.issues as Array<{ key: string }>).map((x) => x.key).sort();
        expect({ jql, got }).toEqual({ jql, got: keys.filter((_, i) => expected(i)).sort() });
      }
    });

    it('refuses ~ where Jira does: on fields that are not free text, and queries its word search cannot read', async () => {
      seed(3);
      for (const jql of [
        'labels ~ "vip"',
        'priority ~ "High"',
        '"SLA next check" ~ "2026"',
        'summary ~ "*ssue"',
        'summary ~ "Issue OR Bug"',
        'summary ~ "the"',
      ]) {
        const res = await search('app', { jql, maxResults: 10, fields: ['id'] });
        expect({ jql, status: res.status }).toEqual({ jql, status: 400 });
      }
    });

    it('answers id/key lookups (also combined with AND/OR/NOT) from the index with the same results as a scan', async () => {
      const keys = seed(12);
      const ids = keys.map((k) => site.findIssue(k)!.id);
      const cases: Array<[string, string[], boolean]> = [
        [`id in (${ids[1]}, ${ids[4]}, 99999)`, [keys[1]!, keys[4]!], true],
        [`id in (${ids[0]}, ${ids[1]}, ${ids[3]}) AND project = OPS`, [keys[0]!, keys[3]!], true],
        [`key = ${keys[2]} OR issuekey in (${keys[5]}, "${keys[6]}")`, [keys[2]!, keys[5]!, keys[6]!], true],
        [`key = ${keys[2]} OR project = OPS`, keys.filter((_, i) => i === 2 || i % 3 === 0), false],
        [`NOT id in (${ids.slice(1).join(', ')})`, [keys[0]!], false],
      ];
      for (const [jql, expected, indexed] of cases) {
        expect({ jql, indexed: site.compileJql(jql).candidates !== null }).toEqual({ jql, indexed });
        const got = (await search('app', { jql, maxResults: 100 })).body.issues.map((x: { key: string }) => x.key).sort();
        expect({ jql, got }).toEqual({ jql, got: [...expected].sort() });
      }
    });

    it('orders by a field and pages with nextPageToken until isLast', async () => {
      const keys = seed(23);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await search('app', {
          jql: 'project in (SUP, OPS) ORDER BY "SLA next check" ASC',
          maxResults: 5,
          fields: ['id'],
          ...(token ? { nextPageToken: token } : {}),
        });
        expect(res.status).toBe(200);
        expect(res.body.issues.length).toBeLessThanOrEqual(5);
        seen.push(...res.body.issues.map((x: { key: string }) => x.key));
        token = res.body.nextPageToken;
        expect(res.body.isLast).toBe(token === undefined);
        pages++;
      } while (token);
      expect(pages).toBe(5);
      expect(seen).toEqual([...keys].reverse());
    });

    it('answers full-field searches with shorter pages when told to (fullFieldsPageLimit), id-only searches unchanged', async () => {
      seed(12);
      emu.faults.set({ fullFieldsPageLimit: 5 });
      const full = await search('app', { jql: 'project = SUP ORDER BY key ASC', maxResults: 100, fields: ['*all'] });
      expect(full.body.issues).toHaveLength(5);
      expect(full.body.isLast).toBe(false);
      const rest = await search('app', {
        jql: 'project = SUP ORDER BY key ASC',
        maxResults: 100,
        fields: ['*all'],
        nextPageToken: full.body.nextPageToken,
      });
      expect(rest.body.issues).toHaveLength(3);
      expect(rest.body.isLast).toBe(true);
      const ids = await search('app', { jql: 'project = SUP ORDER BY key ASC', maxResults: 100, fields: ['id'] });
      expect(ids.body.issues).toHaveLength(8);
    });

    it('does not skip issues when the sweep moves the searched field between pages', async () => {
      const keys = seed(40);
      const due = 'resolution = EMPTY AND "SLA next check" <= "2026-03-02 11:00" ORDER BY "SLA next check" ASC';
      const handled: string[] = [];
      let token: string | undefined;
      do {
        const res = await search('app', { jql: due, maxResults: 7, fields: ['id'], ...(token ? { nextPageToken: token } : {}) });
        for (const issue of res.body.issues as Array<{ id: string; key: string }>) {
          handled.push(issue.key);
          const write = await as('app', 'POST', '/rest/api/3/app/field/value', {
            updates: [{ customField: nextCheck().id, issueIds: [Number(issue.id)], value: '2026-03-09T10:00:00Z' }],
          });
          expect(write.status).toBe(204);
        }
        token = res.body.nextPageToken;
      } while (token);
      expect(handled.sort()).toEqual([...keys].sort());
    });

    it('reads now() and relative dates from the clock at each search, not when the query was first seen', async () => {
      const clock = installClock('2026-03-02T09:00:00Z');
      try {
        const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'due soon' });
        site.seedAppFieldValue(issue.key, 'sla-next-check', '2026-03-02T09:12:00Z');
        const cf = `cf[${nextCheck().id.slice('customfield_'.length)}]`;
        const keysFor = async (jql: string) => (await search('app', { jql })).body.issues.map((i: { key: string }) => i.key);
        expect(await keysFor(`${cf} <= now() AND resolution IS EMPTY ORDER BY ${cf} ASC`)).toEqual([]);
        expect(await keysFor(`${cf} <= -10m`)).toEqual([]);
        clock.advance(25 * 60_000);
        expect(await keysFor(`${cf} <= now() AND resolution IS EMPTY ORDER BY ${cf} ASC`)).toEqual([issue.key]);
        expect(await keysFor(`${cf} <= -10m`)).toEqual([issue.key]);
        expect(await keysFor(`${cf} <= "2026-03-02 09:11"`)).toEqual([]);
        // Today's window: from 00:00 to 23:59:59.999 of the searching user's day (UTC here), read at each search.
        expect(await keysFor(`${cf} >= startOfDay() AND ${cf} <= endOfDay()`)).toEqual([issue.key]);
        clock.advance(15 * 3_600_000);
        expect(await keysFor(`${cf} >= startOfDay() AND ${cf} <= endOfDay()`)).toEqual([]);
        expect(await keysFor(`${cf} < startOfDay()`)).toEqual([issue.key]);
        site.seedAppFieldValue(issue.key, 'sla-next-check', '2026-03-03T23:59:59Z');
        expect(await keysFor(`${cf} <= endOfDay() AND ${cf} > now()`)).toEqual([issue.key]);
      } finally {
        clock.uninstall();
      }
    });

    it('answers 400 for JQL outside the subset, ISO literals and foreign page tokens', async () => {
      seed(3);
      for (const jql of [
        '"SLA next check" <= "2026-03-02T10:00:00Z"',
        'nosuchfield = 1',
        'project = SUP AND',
        'status = "No such status"',
        '',
        'ORDER BY created DESC',
        'project in (SUP, NOPE)',
      ]) {
        const res = await search('app', { jql });
        expect({ jql, status: res.status }).toEqual({ jql, status: 400 });
        expect(res.body.errorMessages[0]).toEqual(expect.any(String));
      }
      const first = await search('app', { jql: 'project = SUP', maxResults: 1 });
      const other = await search('app', { jql: 'project = OPS', nextPageToken: first.body.nextPageToken });
      expect(other.status).toBe(400);
    });

    it('returns only ids by default and the requested fields and expansions otherwise', async () => {
      seed(2);
      const bare = await search('app', { jql: 'project = SUP' });
      expect(bare.body.issues[0].fields).toBeUndefined();
      const rich = await as(
        'app',
        'GET',
        `/rest/api/3/search/jql?jql=${encodeURIComponent('project = SUP')}&fields=summary,${nextCheck().id}&expand=names,changelog`,
      );
      expect(Object.keys(rich.body.issues[0].fields).sort()).toEqual([nextCheck().id, 'summary'].sort());
      expect(rich.body.issues[0].names[nextCheck().id]).toBe('SLA next check');
      expect(rich.body.issues[0].changelog.histories).toEqual([]);
    });
  });

  describe('permissions', () => {
    it('hides everything from an outsider with 404s and empty searches', async () => {
      const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'private' });
      expect((await as('outsider', 'GET', `/rest/api/3/issue/${issue.key}`)).status).toBe(404);
      expect((await as('outsider', 'GET', `/rest/api/3/issue/${issue.key}/comment`)).status).toBe(404);
      expect(
        (await as('outsider', 'POST', `/rest/api/3/issue/${issue.key}/comment`, { body: { type: 'doc', version: 1, content: [] } })).status,
      ).toBe(404);
      expect((await search('outsider', { jql: 'resolution IS EMPTY' })).body.issues).toEqual([]);
      const named = await search('outsider', { jql: 'project = SUP' });
      expect(named.status).toBe(400);
      expect(named.body.errorMessages).toEqual(["The value 'SUP' does not exist for the field 'project'."]);
      expect((await as('outsider', 'GET', `/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&issueKey=${issue.key}`)).status).toBe(404);
      expect((await as('outsider', 'GET', '/rest/api/3/project/search')).body.values).toEqual([]);
      expect(site.getIssue(issue.key).fields).toBeDefined();
    });

    it('lets a customer browse only the requests they reported', async () => {
      const mine = site.createIssue('customer', { projectKey: 'SUP', summary: 'mine' });
      const theirs = site.createIssue('agent', { projectKey: 'SUP', summary: 'theirs' });
      expect((await as('customer', 'GET', `/rest/api/3/issue/${mine.key}`)).status).toBe(200);
      expect((await as('customer', 'GET', `/rest/api/3/issue/${theirs.key}`)).status).toBe(404);
      expect((await search('customer', { jql: 'project = SUP' })).body.issues.map((i: { key: string }) => i.key)).toEqual([mine.key]);
    });

    it('grants ADMINISTER to the admin only', async () => {
      const perms = async (who: string) =>
        (await as(who, 'GET', '/rest/api/3/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS&projectKey=SUP')).body?.permissions;
      expect((await perms('admin')).ADMINISTER.havePermission).toBe(true);
      expect((await perms('agent')).ADMINISTER.havePermission).toBe(false);
      expect((await perms('agent')).BROWSE_PROJECTS.havePermission).toBe(true);
      expect((await perms('app')).ADMINISTER.havePermission).toBe(false);
      expect((await as('agent', 'GET', '/rest/api/3/mypermissions')).status).toBe(400);
    });

    it('rejects calls without a known principal and answers CORS preflights without recording them', async () => {
      const res = await fetch(`${emu.baseUrl}/rest/api/3/myself`);
      expect(res.status).toBe(401);
      const preflight = await fetch(`${emu.baseUrl}/rest/api/3/myself`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('x-emulator-principal');
      expect(emu.calls.map((c) => c.method)).toEqual(['GET']);
      expect((await as('nobody', 'GET', '/rest/api/3/myself')).status).toBe(401);
    });
  });

  describe('app-owned field values', () => {
    it('writes values that appear on the issue, in the changelog, in JQL, and emits an app-caused event', async () => {
      const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'x' });
      site.takePendingEvents();
      const [nextCheck, status, level] = APP_FIELDS.map((f) => site.appField(f.key)!.id);
      const res = await as('app', 'POST', '/rest/api/3/app/field/value', {
        updates: [
          { customField: nextCheck, issueIds: [issue.id], value: '2026-03-02T10:15:42.123Z' },
          { customField: status, issueIds: [issue.id], value: 'at risk' },
          { customField: level, issueIds: [issue.id], value: 2 },
        ],
      });
      expect(res.status).toBe(204);
      const got = await as('agent', 'GET', `/rest/api/3/issue/${issue.key}?expand=changelog`);
      expect(got.body.fields[nextCheck!]).toBe('2026-03-02T10:15:42.000+0000');
      expect(got.body.fields[status!]).toBe('at risk');
      expect(got.body.fields[level!]).toBe(2);
      expect(got.body.changelog.histories[0].items.map((i: { field: string }) => i.field)).toEqual([
        'SLA next check',
        'SLA status',
        'Escalation level',
      ]);
      const events = site.takePendingEvents();
      expect(events.map((e) => [e.eventType, e.causedByApp])).toEqual([['avi:jira:updated:issue', true]]);
      expect(
        (await search('app', { jql: '"SLA status" = "at risk" AND "Escalation level" >= 2' })).body.issues.map(
          (i: { key: string }) => i.key,
        ),
      ).toEqual([issue.key]);

      // writing the same values again changes nothing and emits nothing
      await as('app', 'PUT', `/rest/api/3/app/field/${status}/value`, { updates: [{ issueIds: [issue.id], value: 'at risk' }] });
      expect(site.takePendingEvents()).toEqual([]);
      expect(site.findIssue(issue.key)!.histories).toHaveLength(1);
    });

    it('refuses user writes, foreign fields and values of the wrong type', async () => {
      const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'x' });
      const status = site.appField('sla-status')!.id;
      const level = site.appField('sla-escalation-level')!.id;
      expect(
        (
          await as('admin', 'POST', '/rest/api/3/app/field/value', {
            updates: [{ customField: status, issueIds: [issue.id], value: 'met' }],
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await as('app', 'POST', '/rest/api/3/app/field/value', {
            updates: [{ customField: 'customfield_10050', issueIds: [issue.id], value: 'x' }],
          })
        ).status,
      ).toBe(403);
      expect(
        (await as('app', 'POST', '/rest/api/3/app/field/value', { updates: [{ customField: level, issueIds: [issue.id], value: 'two' }] }))
          .status,
      ).toBe(400);
      expect(
        (
          await as('app', 'POST', '/rest/api/3/app/field/value', {
            updates: [{ customField: site.appField('sla-next-check')!.id, issueIds: [issue.id], value: 'tomorrow' }],
          })
        ).status,
      ).toBe(400);
      expect((await as('agent', 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { [status]: 'met' } })).status).toBe(400);
      expect(site.appFieldValue(issue.key, 'sla-status')).toBeNull();
    });

    it('refuses a bulk write with one bad update as a whole (all or nothing), with an error collection', async () => {
      const cases: Array<{
        name: string;
        status: number;
        message: RegExp;
        bad: (ids: { good: number; other: number }) => { customField: string; issueIds: number[]; value: unknown };
      }> = [
        {
          name: 'a string over 255 characters',
          status: 400,
          message: /at most 255 characters/,
          bad: ({ other }) => ({ customField: site.appField('sla-status')!.id, issueIds: [other], value: 'x'.repeat(256) }),
        },
        {
          name: 'a number field given text',
          status: 400,
          message: /requires a number/,
          bad: ({ other }) => ({ customField: site.appField('sla-escalation-level')!.id, issueIds: [other], value: 'two' }),
        },
        {
          name: 'an issue deleted meanwhile',
          status: 400,
          message: /Issue \d+ does not exist/,
          bad: () => {
            const doomed = site.createIssue('customer', { projectKey: 'SUP', summary: 'doomed' });
            site.deleteIssue('admin', doomed.key);
            return { customField: site.appField('sla-escalation-level')!.id, issueIds: [doomed.id], value: 1 };
          },
        },
        {
          name: 'a field and issue named twice',
          status: 400,
          message: /more than once/,
          bad: ({ good }) => ({ customField: site.appField('sla-next-check')!.id, issueIds: [good], value: '2026-03-09T11:00:00Z' }),
        },
        {
          name: 'a deleted field',
          status: 404,
          message: /was not found/,
          bad: ({ other }) => {
            const gone = site.registerAppField({ key: 'sla-gone', name: 'SLA gone', type: 'string' });
            site.deleteField(gone.id);
            return { customField: gone.id, issueIds: [other], value: 'x' };
          },
        },
      ];
      for (const { name, status, message, bad } of cases) {
        const good = site.createIssue('customer', { projectKey: 'SUP', summary: `good ${name}` });
        const other = site.createIssue('customer', { projectKey: 'SUP', summary: `other ${name}` });
        const badUpdate = bad({ good: good.id, other: other.id });
        site.takePendingEvents();
        const res = await as('app', 'POST', '/rest/api/3/app/field/value', {
          updates: [
            { customField: site.appField('sla-next-check')!.id, issueIds: [good.id, other.id], value: '2026-03-09T10:00:00Z' },
            badUpdate,
          ],
        });
        expect({ name, status: res.status }).toEqual({ name, status });
        expect(res.body.errorMessages[0]).toMatch(message);
        expect(res.body.errors).toEqual({});
        // Nothing of the request was applied: no value, no history, no event.
        expect({
          name,
          good: site.appFieldValue(good.key, 'sla-next-check'),
          other: site.appFieldValue(other.key, 'sla-next-check'),
        }).toEqual({ name, good: null, other: null });
        expect(site.findIssue(good.key)!.histories).toHaveLength(0);
        expect(site.takePendingEvents()).toEqual([]);
      }
    });

    it('records a changelog history for an app field write only when generateChangelog is true, as Jira does', async () => {
      const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'x' });
      const [nextCheck, status, level] = APP_FIELDS.map((f) => site.appField(f.key)!.id);
      const histories = async () =>
        (await as('agent', 'GET', `/rest/api/3/issue/${issue.key}/changelog`)).body.values as Array<{
          author: { accountId: string };
          items: Array<Record<string, string>>;
        }>;
      expect(
        (
          await as('app', 'POST', '/rest/api/3/app/field/value?generateChangelog=false', {
            updates: [
              { customField: nextCheck, issueIds: [issue.id], value: '2026-03-09T10:00:00Z' },
              { customField: status, issueIds: [issue.id], value: 'on track' },
            ],
          })
        ).status,
      ).toBe(204);
      expect(await histories()).toEqual([]);
      expect(site.appFieldValue(issue.key, 'sla-status')).toBe('on track');
      expect(
        (
          await as('app', 'POST', '/rest/api/3/app/field/value?generateChangelog=true', {
            updates: [
              { customField: status, issueIds: [issue.id], value: 'breached' },
              { customField: level, issueIds: [issue.id], value: 1 },
            ],
          })
        ).status,
      ).toBe(204);
      const written = await histories();
      expect(written).toHaveLength(1);
      expect(written[0]!.author.accountId).toBe(APP_ACCOUNT_ID);
      expect(written[0]!.items).toEqual([
        { field: 'SLA status', fieldtype: 'custom', fieldId: status, fromString: 'on track', toString: 'breached' },
        { field: 'Escalation level', fieldtype: 'custom', fieldId: level, toString: '1' },
      ]);
      // The default (no parameter) is true, as the operation documents.
      await as('app', 'POST', '/rest/api/3/app/field/value', { updates: [{ customField: level, issueIds: [issue.id], value: 2 }] });
      expect((await histories()).map((h) => h.items.map((i) => `${i.field}: ${i.fromString} → ${i.toString}`))).toEqual([
        ['SLA status: on track → breached', 'Escalation level: undefined → 1'],
        ['Escalation level: 1 → 2'],
      ]);
    });

    it('exposes app fields in /field with the Forge extension ARI and module key', async () => {
      const fields = (await as('app', 'GET', '/rest/api/3/field')).body as Array<{
        id: string;
        name: string;
        schema: { custom?: string; type: string };
      }>;
      const f = fields.find((x) => x.name === 'SLA next check')!;
      expect(f.schema.type).toBe('datetime');
      expect(f.schema.custom).toBe(`ari:cloud:ecosystem::extension/${site.appId}/${site.environmentId}/static/sla-next-check`);
      expect(fields.find((x) => x.name === 'Organizations')!.id).toBe('customfield_10002');
    });
  });

  describe('issues as users', () => {
    it('records status, resolution, priority, label and field changes in changelog order with comments and jsdPublic', async () => {
      const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'S', fields: { 'Support plan': 'Standard' } });
      site.comment('customer', issue.key, 'any news?');
      site.comment('agent', issue.key, 'internal note', { public: false });
      site.transition('agent', issue.key, 'Waiting for customer');
      site.setField('agent', issue.key, 'Support plan', 'Premium');
      site.setPriority('agent', issue.key, 'Highest');
      site.resolve('agent', issue.key);
      const log = (await as('agent', 'GET', `/rest/api/3/issue/${issue.key}/changelog`)).body;
      expect(
        log.values.map((h: { items: Array<{ field: string; toString?: string }> }) => h.items.map((i) => `${i.field}:${i.toString ?? ''}`)),
      ).toEqual([['status:Waiting for customer'], ['Support plan:Premium'], ['priority:Highest'], ['status:Resolved', 'resolution:Done']]);
      const full = (await as('agent', 'GET', `/rest/api/3/issue/${issue.key}?fields=comment,resolution,customfield_10050&expand=changelog`))
        .body;
      expect(
        full.fields.comment.comments.map((c: { jsdPublic: boolean; author: { accountId: string } }) => [c.author.accountId, c.jsdPublic]),
      ).toEqual([
        ['customer', true],
        ['agent', false],
      ]);
      expect(full.fields.resolution.name).toBe('Done');
      expect(full.fields.customfield_10050.value).toBe('Premium');
      // expand=changelog lists histories newest first, like Jira
      expect(full.changelog.histories[0].items[0].field).toBe('status');
      expect(full.changelog.histories[3].items[0].toString).toBe('Waiting for customer');
      site.transition('agent', issue.key, 'In Progress');
      expect(site.getIssue(issue.key)).toMatchObject({ fields: { resolution: null, resolutiondate: null } });
    });

    it('caps expand=changelog at the newest 100 histories; /changelog pages through all of them', async () => {
      const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'busy' });
      for (let i = 0; i < 105; i++) site.setLabels('agent', issue.key, [`l${i}`]);
      const expanded = (await as('agent', 'GET', `/rest/api/3/issue/${issue.key}?fields=labels&expand=changelog`)).body.changelog;
      expect(expanded.total).toBe(105);
      expect(expanded.histories).toHaveLength(100);
      expect(expanded.histories[0].items[0].toString).toBe('l104');
      expect(expanded.histories[99].items[0].toString).toBe('l5');
      const all: string[] = [];
      for (let startAt = 0; ; startAt += 50) {
        const page = (await as('agent', 'GET', `/rest/api/3/issue/${issue.key}/changelog?startAt=${startAt}&maxResults=50`)).body;
        all.push(...page.values.map((h: { items: Array<{ toString: string }> }) => h.items[0]!.toString));
        if (page.isLast) break;
      }
      expect(all).toEqual(Array.from({ length: 105 }, (_, i) => `l${i}`));
    });
  });
});
