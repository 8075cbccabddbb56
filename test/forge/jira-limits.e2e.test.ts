/**
 * Jira's limits, end to end on the emulator: what search and GET issue embed (the newest 40/100 histories, 20/100
 * comments), capped pages, points and Retry-After, the fields a read asks for, and the sweep's repair of issues
 * whose event was lost. Expected values come from the engine's evaluation of the whole issue (`embed: 'full'`).
 */
import { backfillStorageKey } from '../../src/forge/outcome-backfill';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { evaluate, slaFieldValues } from '../../src/engine';
import { useSleeper } from '../../src/forge/clock';
import { resetFieldRefCache } from '../../src/forge/issue-fields';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { SWEEP_WATERMARK_KEY } from '../../src/forge/sweep';
import { compiledPolicy, E2E_POLICY_YAML } from './support/e2e-policy';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = '2026-03-02T09:00:00Z';

const policy = compiledPolicy(E2E_POLICY_YAML);

let sb: ForgeSandbox;

function fieldsOf(key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}

/** The field values the engine gives for the issue as read by `embed` (`full` = every history and comment). */
function fieldsFromRead(key: string, embed: 'full' | 'search' | 'issue'): FieldValues {
  const raw = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'], embed });
  const values = slaFieldValues(evaluate(policy, raw, sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}

const callsTo = (operation: string) => sb.stats.calls.filter((call) => call.operation === operation);
const ranges = (operation: string) =>
  callsTo(operation).map((call) => {
    const query = new URLSearchParams(call.query);
    return [Number(query.get('startAt')), Number(query.get('maxResults'))];
  });
/** A GET as the app, straight to the emulator's HTTP face. */
async function getAsApp(path: string): Promise<unknown> {
  const response = await fetch(`${sb.baseUrl}${path}`, { headers: { 'x-emulator-principal': 'app' } });
  return response.json();
}
const appWrites = () => sb.stats.calls.filter((call) => call.method === 'POST' && call.path === '/rest/api/3/app/field/value');

beforeEach(async () => {
  resetFieldRefCache();
  sb = await startForgeSandbox({ now: START });
  const saved = (await sb.invokeResolver(
    'sla-admin',
    'savePolicy',
    { scope: { kind: 'site' }, source: E2E_POLICY_YAML },
    { accountId: 'admin' },
  )) as { ok: boolean };
  expect(saved.ok).toBe(true);
  await sb.drainQueues();
  sb.stats.reset();
});

afterEach(async () => {
  useSleeper(null);
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

/**
 * An issue whose first response (the first comment) and early pause lie far behind what Jira embeds: 250 histories
 * (2 status changes, 248 label changes) and 120 comments.
 */
function longIssue(): string {
  const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Long story', priority: 'High' });
  sb.clock.advance(30 * MINUTE);
  sb.jira.comment('agent', issue.key, 'On it', { public: true });
  sb.jira.transition('agent', issue.key, 'Waiting for customer');
  sb.clock.advance(2 * HOUR);
  sb.jira.transition('customer', issue.key, 'Waiting for support');
  for (let i = 0; i < 248; i += 1) sb.jira.setLabels('agent', issue.key, [`step-${i}`]);
  for (let i = 1; i < 120; i += 1) sb.jira.comment(i % 2 ? 'customer' : 'agent', issue.key, `Note ${i}`, { public: i % 3 !== 0 });
  expect(sb.jira.findIssue(issue.key)!.histories).toHaveLength(250);
  expect(sb.jira.findIssue(issue.key)!.comments).toHaveLength(120);
  return issue.key;
}

describe('embedded histories and comments', () => {
  it('an issue with 250 histories and 120 comments evaluates exactly as a full read, by event and by sweep, reading nothing twice', async () => {
    const key = longIssue();
    // What search alone embeds (40 histories, 20 comments) misses the first response and the pause.
    expect(fieldsFromRead(key, 'search')).not.toEqual(fieldsFromRead(key, 'full'));
    sb.jira.takePendingEvents();
    sb.jira.setSummary('agent', key, 'Long story, still going');
    await sb.deliverEvents();
    expect(fieldsOf(key)).toEqual(fieldsFromRead(key, 'full'));
    // GET issue embedded the newest 100 of 251 histories and 100 of 120 comments: only the rest was paged.
    expect(ranges('/rest/api/3/issue/{issueIdOrKey}/changelog')).toEqual([
      [0, 100],
      [100, 51],
    ]);
    expect(ranges('/rest/api/3/issue/{issueIdOrKey}/comment')).toEqual([[0, 20]]);

    // The outcome backfill (queued by the first sweep, once) would read the issue again: this installation has had it.
    sb.kvs.set(backfillStorageKey(), { jobId: null, total: 0, startedAt: '2026-03-02T09:00:00.000Z' });
    sb.stats.reset();
    sb.clock.advance(20 * HOUR);
    await sb.runScheduledTrigger();
    await sb.drainQueues();
    expect(fieldsOf(key)).toEqual(fieldsFromRead(key, 'full'));
    expect(fieldsOf(key)['sla-status']).toBe('breached');
    // Search embedded the newest 40 histories and 20 comments.
    // 250 histories plus the app's own (its first write of status, priority and plan makes a changelog entry).
    expect(ranges('/rest/api/3/issue/{issueIdOrKey}/changelog')).toEqual([
      [0, 100],
      [100, 100],
      [200, 12],
    ]);
    expect(ranges('/rest/api/3/issue/{issueIdOrKey}/comment')).toEqual([[0, 100]]);
  });

  it('caps every page it serves at 100, whatever maxResults asks', async () => {
    const key = longIssue();
    const changelog = await getAsApp(`/rest/api/3/issue/${key}/changelog?startAt=0&maxResults=1000`);
    const comments = await getAsApp(`/rest/api/3/issue/${key}/comment?maxResults=5000`);
    expect(changelog).toMatchObject({ maxResults: 100, total: 250 });
    expect((changelog as { values: unknown[] }).values).toHaveLength(100);
    expect(comments).toMatchObject({ maxResults: 100, total: 120 });
    expect((comments as { comments: unknown[] }).comments).toHaveLength(100);
  });
});

describe('fields a read asks for', () => {
  it('asks for the policy fields by id (names resolved once) and the app fields, never every field', async () => {
    const extra = Array.from({ length: 50 }, (_, i) => sb.jira.addTextField(`Legacy ${i}`));
    const a = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'One', fields: { 'Support plan': 'Premium' } });
    const b = sb.jira.createIssue('customer', { projectKey: 'OPS', summary: 'Two' });
    await sb.deliverEvents();
    const reads = callsTo('/rest/api/3/issue/{issueIdOrKey}');
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      const fields = (new URLSearchParams(read.query).get('fields') ?? '').split(',');
      expect(fields).not.toContain('*all');
      expect(fields).toContain('customfield_10050'); // "Support plan", named by the policy
      expect(fields).toContain(sb.jira.appField('sla-status')!.id);
      for (const id of extra) expect(fields).not.toContain(id);
    }
    // GET /field: once for the app's own field ids, once for the policy's names; never again while nothing changes.
    expect(callsTo('/rest/api/3/field').length).toBeLessThanOrEqual(2);
    for (const key of [a.key, b.key]) expect(fieldsOf(key)).toEqual(fieldsFromRead(key, 'full'));
    expect(fieldsOf(a.key)['sla-plan']).toBe('premium');
  });
});

describe('rate limits', () => {
  it('leaves rate-limited events to the sweep, stops a rate-limited sweep cleanly, and repairs everything once the quota is back', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Site down', priority: 'Highest' });
    sb.faults.set({ rateLimit: { pointsPerHour: 0 } });
    await sb.deliverEvents();
    expect(sb.deliveries.filter((d) => d.kind === 'trigger').map((d) => d.outcome)).toEqual(['ok']);
    sb.clock.advance(5 * MINUTE);
    await sb.runScheduledTrigger();
    expect(sb.deliveries.filter((d) => d.kind === 'scheduled').map((d) => d.outcome)).toEqual(['ok']);
    // The failed run did not move the watermark to its own start: the next run looks back past it.
    expect(sb.kvs.get(SWEEP_WATERMARK_KEY)).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(appWrites()).toHaveLength(0);
    // Every 429 named the next hour: nothing waited that long.
    expect(sb.stats.calls.filter((call) => call.status === 429).length).toBeGreaterThan(0);

    sb.faults.set({ rateLimit: { pointsPerHour: 65_000 } });
    sb.clock.set('2026-03-02T10:00:00Z');
    await sb.runScheduledTrigger();
    expect(fieldsOf(issue.key)).toEqual(fieldsFromRead(issue.key, 'full'));
    expect(sb.kvs.get(SWEEP_WATERMARK_KEY)).toBe(Date.parse('2026-03-02T10:00:00Z'));
  });

  it('waits out a short Retry-After on the fake clock and succeeds', async () => {
    useSleeper(async (ms) => sb.clock.advance(ms));
    sb.clock.set('2026-03-02T09:59:57Z');
    sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Warms the caches' });
    await sb.deliverEvents();
    sb.stats.reset();
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Near the hour' });
    // Two points an hour: the read spends this hour's, the first write meets 429 with Retry-After 3 s (to the hour)
    // and waits it out; the next hour's two points carry the event's two writes (with and without a changelog entry).
    sb.faults.set({ rateLimit: { pointsPerHour: 2 } });
    await sb.deliverEvents();
    const limited = sb.stats.calls.filter((call) => call.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(sb.clock.now()).toBeGreaterThanOrEqual(Date.parse('2026-03-02T10:00:00Z'));
    expect(sb.clock.now()).toBeLessThanOrEqual(Date.parse('2026-03-02T10:00:00Z') + 15_000);
    expect(fieldsOf(issue.key)).toEqual(fieldsFromRead(issue.key, 'full'));
    expect(fieldsOf(issue.key)['sla-status']).toBe('on track');
  });
});

describe('the sweep repairs what a lost event left wrong', () => {
  const changes: Array<{ name: string; change: (key: string) => void }> = [
    { name: 'resolved', change: (key) => sb.jira.resolve('agent', key) },
    { name: 'paused', change: (key) => sb.jira.transition('agent', key, 'Waiting for customer') },
    { name: 're-prioritised', change: (key) => sb.jira.setPriority('agent', key, 'Highest') },
    { name: 'answered', change: (key) => sb.jira.comment('agent', key, 'Looking into it', { public: true }) },
  ];

  it.each(changes)('an issue $name while its event was lost is correct after two sweeps', async ({ change }) => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer on fire', priority: 'Low' });
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toEqual(fieldsFromRead(issue.key, 'full'));
    sb.clock.advance(20 * MINUTE);
    sb.faults.set({ dropEvents: 1 });
    change(issue.key);
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).not.toEqual(fieldsFromRead(issue.key, 'full'));
    sb.faults.clear();
    for (let cycle = 0; cycle < 2; cycle += 1) {
      sb.clock.advance(5 * MINUTE);
      await sb.runScheduledTrigger();
    }
    expect(fieldsOf(issue.key)).toEqual(fieldsFromRead(issue.key, 'full'));
  });

  it('catches a change made right after a sweep started searching, on the next sweep', async () => {
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Slow', priority: 'Low' });
    await sb.deliverEvents();
    sb.clock.advance(5 * MINUTE);
    await sb.runScheduledTrigger();
    sb.faults.set({ dropEvents: 1 });
    sb.jira.resolve('agent', issue.key);
    await sb.deliverEvents();
    sb.faults.clear();
    sb.clock.advance(5 * MINUTE);
    await sb.runScheduledTrigger();
    expect(fieldsOf(issue.key)).toEqual(fieldsFromRead(issue.key, 'full'));
    expect(fieldsOf(issue.key)['sla-status']).not.toBe('on track');
  });
});
