/**
 * Recompute jobs on the emulator: a consumer whose invocation ends mid-event (here: Jira refusing the second page's
 * write through every retry) is redelivered and resumes at its stored cursor without re-reading the pages it wrote;
 * a part that cannot finish says so in the job's progress; a redelivery of a recorded part does nothing.
 */
import { Queue } from '@forge/events';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { evaluate, loadPolicy, slaFieldValues } from '../../src/engine';
import { RECOMPUTE_QUEUE_KEY } from '../../src/forge/recompute-queue';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { E2E_POLICY_YAML } from './support/e2e-policy';

const loaded = loadPolicy(E2E_POLICY_YAML);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const policy = loaded.policy;

let sb: ForgeSandbox;
const JOB = 'resume-job';
const ISSUES = 250;

function fieldsOf(key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}
function expectedFields(key: string): FieldValues {
  const raw = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
  const values = slaFieldValues(evaluate(policy, raw, sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}
const consumerOutcomes = () => sb.deliveries.filter((delivery) => delivery.kind === 'consumer').map((delivery) => delivery.outcome);
const progress = () =>
  sb.invokeResolver('sla-admin', 'getRecomputeProgress', { jobId: JOB }, { accountId: 'admin' }) as Promise<Record<string, unknown>>;

/** A page's fields go in two bulk writes: those with a changelog entry, then the instants (docs/forge.md). */
const WRITES_PER_PAGE = 2;

/** Lets the first `allowed` bulk writes through; then refuses writes while `refusing()` holds. */
function refuseWritesAfter(allowed: number, refusing: () => boolean): void {
  const site = sb.jira as unknown as { writeAppFieldValues: (...args: unknown[]) => void };
  const write = site.writeAppFieldValues.bind(site);
  let writes = 0;
  site.writeAppFieldValues = (...args: unknown[]) => {
    writes += 1;
    if (writes > allowed && refusing()) throw new Error('the invocation is gone');
    write(...args);
  };
}

let keys: string[];
let ids: string[];

beforeEach(async () => {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
  expect(
    (
      (await sb.invokeResolver(
        'sla-admin',
        'savePolicy',
        { scope: { kind: 'site' }, source: E2E_POLICY_YAML },
        { accountId: 'admin' },
      )) as { ok: boolean }
    ).ok,
  ).toBe(true);
  keys = Array.from({ length: ISSUES }, (_, i) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary: `Resume ${i}` }).key);
  ids = keys.map((key) => String(sb.jira.findIssue(key)!.id));
  sb.jira.takePendingEvents();
  // One event of 250 ids (three pages), followed on the admin page like a job of more than 40,000 issues.
  sb.kvs.set(`recompute-job:${JOB}`, { total: ISSUES, parts: 1, reason: 'manual', createdAt: '2026-03-02T09:00:00.000Z' });
  sb.stats.reset();
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

const push = () => new Queue({ key: RECOMPUTE_QUEUE_KEY }).push([{ body: { jobId: JOB, part: 0, issueIds: ids, reason: 'manual' } }]);

describe('a recompute job whose consumer stops mid-event', () => {
  it('resumes at the first page not written, and the job finishes with every issue right', async () => {
    // The first delivery writes page 1, then its invocation ends while writing page 2.
    refuseWritesAfter(WRITES_PER_PAGE, () => consumerOutcomes().length === 0);
    await push();
    await sb.drainQueues();
    expect(consumerOutcomes()).toEqual(['retry', 'ok']);
    for (const key of keys) expect(fieldsOf(key)).toEqual(expectedFields(key));
    const searches = sb.stats.calls.filter((call) => call.operation === '/rest/api/3/search/jql' && call.status === 200);
    // Page 1 and page 2 by the first delivery; page 2 again and page 3 by the redelivery — page 1 is not re-read.
    expect(searches).toHaveLength(4);
    expect(await progress()).toEqual({ ok: true, jobId: JOB, total: ISSUES, done: ISSUES, failed: 0, finished: true });
    expect([...sb.kvs.keys()].filter((key) => key.startsWith('recompute-cursor:'))).toEqual([]);
  }, 120_000);

  it('a redelivery of a part already recorded reads and writes nothing', async () => {
    await push();
    await sb.drainQueues();
    expect(await progress()).toMatchObject({ done: ISSUES, finished: true });
    sb.stats.reset();
    await push();
    await sb.drainQueues();
    expect(
      sb.stats.calls.filter((call) => call.operation === '/rest/api/3/search/jql' || call.operation === '/rest/api/3/app/field/value'),
    ).toEqual([]);
    expect(await progress()).toMatchObject({ done: ISSUES, failed: 0, finished: true });
  }, 120_000);

  it('a part that cannot finish keeps what it wrote and the job says it could not finish', async () => {
    refuseWritesAfter(WRITES_PER_PAGE, () => true);
    await push();
    await sb.drainQueues();
    expect(consumerOutcomes().at(-1)).toBe('ok');
    const answer = await progress();
    expect(answer).toMatchObject({ total: ISSUES, done: 100, failed: ISSUES - 100, finished: true });
    expect(answer.problem).toMatch(
      /^1 of 1 part of this job could not finish \(gave up after 4 redeliveries: .*\): the job is over, its remaining issues were not recomputed\. Start the recompute again/,
    );
    for (const key of keys.slice(0, 100)) expect(fieldsOf(key)).toEqual(expectedFields(key));
  }, 180_000);
});
