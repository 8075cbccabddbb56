import { JiraSite, startJiraEmulator, type JiraEmulator } from '../../emulator';
import { SpecValidator } from '../../emulator/jira/spec-validator';
import { call } from './helpers';

describe('OpenAPI validation of the Jira emulator', () => {
  const validator = new SpecValidator();

  it('accepts a well-formed issue and rejects one with wrongly typed properties', () => {
    const site = new JiraSite();
    const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'ok' });
    site.transition('agent', issue.key, 'In Progress');
    const good = site.restIssue(issue, { expand: ['changelog', 'names'] });
    expect(validator.validateResponse('GET', '/rest/api/3/issue/{issueIdOrKey}', 200, good)).toEqual([]);
    const bad = { ...good, id: 10000, changelog: { histories: [{ id: '1', created: 'yesterday', items: [] }] } };
    const problems = validator.validateResponse('GET', '/rest/api/3/issue/{issueIdOrKey}', 200, bad);
    expect(problems.join('\n')).toMatch(/\/id must be string/);
    expect(problems.join('\n')).toMatch(/created must match format "date-time"/);
  });

  it('checks request bodies, undocumented statuses and unknown operations', () => {
    expect(
      validator.validateRequest('POST', '/rest/api/3/app/field/value', {
        updates: [{ customField: 'customfield_1', issueIds: [1], value: 'x' }],
      }),
    ).toEqual([]);
    expect(
      validator.validateRequest('POST', '/rest/api/3/app/field/value', {
        updates: [{ customField: 'customfield_1', issueIds: ['SUP-1'], value: 'x' }],
      })[0],
    ).toMatch(/issueIds\/0 must be integer/);
    expect(validator.validateResponse('GET', '/rest/api/3/myself', 418, {})[0]).toMatch(/status not documented/);
    expect(validator.validateResponse('GET', '/rest/api/3/no-such-thing', 200, {})[0]).toMatch(/not in the spec/);
  });

  it("does not mistake Object.prototype members for properties (ChangeDetails' toString)", () => {
    const page = (items: unknown[]) => ({ startAt: 0, maxResults: 100, total: 1, isLast: true, values: [{ id: '1', items }] });
    const op = '/rest/api/3/issue/{issueIdOrKey}/changelog';
    expect(validator.validateResponse('GET', op, 200, page([{ field: 'labels', fieldtype: 'jira', fromString: 'a' }]))).toEqual([]);
    expect(validator.validateResponse('GET', op, 200, page([{ field: 'labels', toString: 5 }]))[0]).toMatch(
      /items\/0\/toString must be string/,
    );
  });

  it('checks query parameters: undeclared names, scalar types, required ones', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(validator.validateQuery('GET', '/rest/api/3/issue/{issueIdOrKey}', q('fields=summary,status&expand=changelog,names'))).toEqual(
      [],
    );
    expect(validator.validateQuery('GET', '/rest/api/3/search/jql', q('jql=project%3DSUP&startAt=50'))[0]).toMatch(
      /unknown parameter 'startAt'/,
    );
    expect(validator.validateQuery('GET', '/rest/api/3/issue/{issueIdOrKey}/changelog', q('maxResults=ten'))[0]).toMatch(
      /'maxResults' must be an integer/,
    );
    expect(validator.validateQuery('POST', '/rest/api/3/app/field/value', q('generateChangelog=no'))[0]).toMatch(/must be true or false/);
  });

  describe('inside the emulator', () => {
    let emu: JiraEmulator;
    afterEach(async () => emu.close());

    it('records a deliberately wrong response and, in strict mode, refuses to serve it', async () => {
      const site = new JiraSite();
      const original = site.restField.bind(site);
      site.restField = (f) => ({ ...original(f), clauseNames: 'not-an-array' });
      emu = await startJiraEmulator({ site });
      const res = await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/field');
      expect(res.status).toBe(200);
      expect(emu.specViolations[0]).toMatch(/GET \/rest\/api\/3\/field response 200: \/0\/clauseNames must be array/);
      await emu.close();

      emu = await startJiraEmulator({ site, strictSpec: true });
      const strict = await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/field');
      expect(strict.status).toBe(500);
      expect(strict.body.errorMessages[0]).toMatch(/spec violation/);
    });

    it('records a request body that does not match the operation', async () => {
      emu = await startJiraEmulator();
      const issue = emu.site.createIssue('customer', { projectKey: 'SUP', summary: 'x' });
      await call(emu.baseUrl, 'agent', 'POST', `/rest/api/3/issue/${issue.key}/transitions`, { transition: { id: 41 } });
      expect(emu.specViolations.some((v) => /transitions request: \/transition\/id must be string/.test(v))).toBe(true);
      await call(emu.baseUrl, 'agent', 'GET', `/rest/api/3/search/jql?jql=project%20%3D%20SUP&startAt=0`);
      expect(emu.specViolations.some((v) => /search\/jql query: unknown parameter 'startAt'/.test(v))).toBe(true);
    });

    it('serves every emulated operation without a violation', async () => {
      emu = await startJiraEmulator();
      const site = emu.site;
      const a = site.createIssue('customer', {
        projectKey: 'SUP',
        summary: 'A',
        fields: {
          Organizations: ['Acme Corp'],
          'Request Type': 'Report a system problem',
          Impact: 'Extensive / Widespread',
          'Support plan': 'Premium',
        },
      });
      site.comment('agent', a.key, 'Looking', { public: false });
      site.setLabels('agent', a.key, ['vip', 'outage']);
      site.setLabels('agent', a.key, []);
      site.resolve('agent', a.key);
      const u = (as: string, m: string, p: string, b?: unknown) => call(emu.baseUrl, as, m, p, b);
      const created = await u('agent', 'POST', '/rest/api/3/issue', {
        fields: {
          project: { key: 'SUP' },
          summary: 'B',
          issuetype: { name: 'Incident' },
          priority: { name: 'High' },
          labels: ['x'],
          customfield_10050: { value: 'Standard' },
        },
      });
      expect(created.status).toBe(201);
      const b = created.body.key as string;
      const steps = [
        await u('agent', 'GET', `/rest/api/3/issue/${a.key}?expand=changelog,names`),
        await u('agent', 'GET', `/rest/api/3/issue/${b}?fields=summary,comment,customfield_10050`),
        await u('agent', 'PUT', `/rest/api/3/issue/${b}`, {
          fields: { priority: { name: 'Low' }, customfield_10004: { value: 'Moderate / Limited' } },
          update: { labels: [{ add: 'y' }] },
        }),
        await u('agent', 'POST', `/rest/api/3/issue/${b}/comment`, { body: { type: 'doc', version: 1, content: [] } }),
        await u('agent', 'GET', `/rest/api/3/issue/${b}/comment`),
        await u('agent', 'GET', `/rest/api/3/issue/${b}/changelog`),
        await u('agent', 'GET', `/rest/api/3/issue/${b}/transitions`),
        await u('agent', 'POST', `/rest/api/3/issue/${b}/transitions`, { transition: { id: '21' } }),
        await u('agent', 'GET', '/rest/api/3/search/jql?jql=project%20%3D%20SUP&fields=*all&expand=names'),
        await u('agent', 'POST', '/rest/api/3/search/jql', {
          jql: 'project = SUP ORDER BY created DESC',
          fields: ['summary', 'status'],
          maxResults: 1,
        }),
        await u('agent', 'GET', '/rest/api/3/field'),
        await u('agent', 'GET', '/rest/api/3/myself'),
        await u('agent', 'GET', '/rest/api/3/project/search'),
        await u('agent', 'GET', `/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,ADMINISTER&issueKey=${b}`),
        await u('outsider', 'GET', `/rest/api/3/issue/${b}`),
      ];
      expect(steps.map((s) => s.status)).toEqual([200, 200, 204, 201, 200, 200, 200, 204, 200, 200, 200, 200, 200, 200, 404]);
      expect(site.getIssue(b)).toMatchObject({
        fields: { status: { name: 'In Progress' }, priority: { name: 'Low' }, labels: ['x', 'y'] },
      });
      expect(emu.specViolations).toEqual([]);
    });
  });
});
