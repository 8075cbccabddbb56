/**
 * The emulator's model of Jira's rate limits (points per clock hour, per-issue writes) and its embed limits, as the
 * app meets them over HTTP. The clock is faked (Date only) so windows pass without waiting.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { JiraSite, startJiraEmulator, type JiraEmulator } from '../../emulator';
import { SEARCH_CHANGELOG_EXPAND_LIMIT, SEARCH_COMMENT_EMBED_LIMIT } from '../../emulator/jira/site';
import { objectsIn } from '../../emulator/jira/rate-limit';
import { call } from './helpers';

let emu: JiraEmulator;
let clock: ReturnType<typeof FakeTimers.install>;
let site: JiraSite;

beforeEach(async () => {
  clock = FakeTimers.install({ now: Date.parse('2026-03-02T09:00:00Z'), toFake: ['Date'] });
  site = new JiraSite({ appFields: [{ key: 'sla-status', name: 'SLA status', type: 'string' }] });
  emu = await startJiraEmulator({ site });
});

afterEach(async () => {
  await emu.close();
  clock.uninstall();
});

const write = (issueIds: number[]) =>
  call(emu.baseUrl, 'app', 'POST', '/rest/api/3/app/field/value?generateChangelog=false', {
    updates: [{ customField: site.appField('sla-status')!.id, issueIds, value: 'met' }],
  });

describe('points per hour', () => {
  it('charges 1 point plus 1 per returned object, refuses once spent with Retry-After to the next hour, and refills then', async () => {
    const fieldCount = site.fields.size;
    emu.faults.set({ rateLimit: { pointsPerHour: fieldCount + 2 } });
    expect((await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/field')).status).toBe(200);
    expect(emu.rateLimiter.pointsSpent()).toBe(1 + fieldCount);
    expect((await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/myself')).status).toBe(200);
    clock.setSystemTime(Date.parse('2026-03-02T09:59:30Z'));
    const refused = await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/myself');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    clock.setSystemTime(Date.parse('2026-03-02T10:00:00Z'));
    expect((await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/myself')).status).toBe(200);
    expect(emu.specViolations).toEqual([]);
  });

  it.each([
    { body: { issues: [{}, {}, {}] }, objects: 3 },
    { body: { values: [{}] }, objects: 1 },
    { body: { comments: [] }, objects: 0 },
    { body: [{}, {}], objects: 2 },
    { body: { id: '1' }, objects: 1 },
    { body: undefined, objects: 0 },
  ])('counts $objects objects in a response', ({ body, objects }) => {
    expect(objectsIn(body)).toBe(objects);
  });
});

describe('per-issue writes', () => {
  it('allows the configured writes per issue and window, then answers 429 until the oldest leaves the window', async () => {
    const [a, b] = [
      site.createIssue('customer', { projectKey: 'SUP', summary: 'A' }),
      site.createIssue('customer', { projectKey: 'SUP', summary: 'B' }),
    ];
    emu.faults.set({ rateLimit: { issueWrites: 3, issueWriteWindowSeconds: 10 } });
    for (let i = 0; i < 3; i += 1) {
      expect((await write([a.id])).status).toBe(204);
      clock.tick(1_000);
    }
    const refused = await write([a.id, b.id]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect((await write([b.id])).status).toBe(204);
    clock.tick(7_000);
    expect((await write([a.id])).status).toBe(204);
  });

  it('meters nothing while no rate limit is set', async () => {
    const a = site.createIssue('customer', { projectKey: 'SUP', summary: 'A' });
    for (let i = 0; i < 30; i += 1) expect((await write([a.id])).status).toBe(204);
  });
});

describe('what search embeds', () => {
  it('embeds the newest 40 histories (newest first) and the newest 20 comments (oldest first), with the totals', async () => {
    const issue = site.createIssue('customer', { projectKey: 'SUP', summary: 'Busy' });
    for (let i = 0; i < 45; i += 1) site.setLabels('agent', issue.key, [`l${i}`]);
    for (let i = 0; i < 25; i += 1) site.comment('agent', issue.key, `c${i}`);
    const found = await call(emu.baseUrl, 'app', 'POST', '/rest/api/3/search/jql', {
      jql: `key = ${issue.key}`,
      fields: ['comment'],
      expand: 'changelog',
    });
    const [embedded] = found.body.issues;
    const histories = issue.histories.map((h) => h.id);
    expect(embedded.changelog.total).toBe(45);
    expect(embedded.changelog.histories.map((h: { id: string }) => h.id)).toEqual(
      histories.slice(-SEARCH_CHANGELOG_EXPAND_LIMIT).reverse(),
    );
    expect(embedded.fields.comment).toMatchObject({ total: 25, maxResults: SEARCH_COMMENT_EMBED_LIMIT, startAt: 5 });
    expect(embedded.fields.comment.comments.map((c: { id: string }) => c.id)).toEqual(
      issue.comments.slice(-SEARCH_COMMENT_EMBED_LIMIT).map((c) => c.id),
    );
    expect(emu.specViolations).toEqual([]);
  });
});
