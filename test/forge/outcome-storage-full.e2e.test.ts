/**
 * Forge SQL's storage limit reached (the emulator's, shrunk to one byte once the migrations have run: every
 * outcome write is refused): issue events, the sweep and recomputation still write the SLA fields and finish without an error,
 * and the app logs the refusal once a day per installation, saying what was lost, how many records are stored and
 * what to do.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { E2E_POLICY_YAML } from './support/e2e-policy';
import { saveSitePolicy } from '../support/save-site-policy';

let sb: ForgeSandbox;
let errors: jest.SpyInstance;
const HOUR = 3_600_000;

const storageMessages = () => errors.mock.calls.map((call) => String(call[0])).filter((text) => text.includes('storage is full'));

beforeEach(async () => {
  // Monday 2 March 2026, 09:00 UTC.
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z' });
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await saveSitePolicy(sb, E2E_POLICY_YAML);
  await sb.drainQueues();
  // The app creates its table (migrations) on its first statement; then the database is full.
  await sb.invokeResolver('sla-admin', 'getReportFilters', {}, { accountId: 'admin' });
  sb.sql.limits.storedBytes = 1;
});

afterEach(async () => {
  errors.mockRestore();
  await sb.close();
});

it('writes the SLA fields, fails no invocation, and logs the refused outcome writes once a day', async () => {
  const first = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
  await sb.deliverEvents();
  expect(sb.sql.refusals.filter((refusal) => refusal.message.startsWith('Storage limit reached'))).toHaveLength(1);
  expect(sb.jira.appFieldValue(first.key, 'sla-status')).toBe('on track');
  expect(await sb.sql.select('SELECT issue_key FROM sla_outcome')).toEqual([]);
  expect(storageMessages()).toHaveLength(1);
  expect(storageMessages()[0]).toMatch(/it holds 0 outcome records\)\. 2 record\(s\) were refused/);
  expect(storageMessages()[0]).toContain('missing from the SLA reports');
  expect(storageMessages()[0]).toContain('retention job deletes records older than 25 months');

  // The same day: more events, a comment, the sweep after a breach and a recomputation, each refused, none logged.
  const second = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Scanner broken' });
  sb.clock.advance(HOUR);
  sb.jira.comment('agent', first.key, 'Looking into it', { public: true });
  await sb.deliverEvents();
  sb.clock.advance(9 * HOUR);
  await sb.runScheduledTrigger('sla-sweep');
  expect(sb.jira.appFieldValue(second.key, 'sla-status')).toBe('breached');
  const started = (await sb.invokeResolver('sla-admin', 'startRecompute', { scope: { kind: 'site' } }, { accountId: 'admin' })) as {
    recompute: { jobId: string };
  };
  await sb.drainQueues();
  expect(
    await sb.invokeResolver('sla-admin', 'getRecomputeProgress', { jobId: started.recompute.jobId }, { accountId: 'admin' }),
  ).toMatchObject({ ok: true, finished: true, failed: 0 });
  expect(sb.sql.refusals.filter((refusal) => refusal.message.startsWith('Storage limit reached')).length).toBeGreaterThan(3);
  expect(storageMessages()).toHaveLength(1);

  // The next day (UTC), the first refusal is logged again.
  sb.clock.set('2026-03-03T00:30:00Z');
  sb.jira.comment('agent', second.key, 'Replaced the toner', { public: true });
  await sb.deliverEvents();
  expect(storageMessages()).toHaveLength(2);
  expect(sb.deliveries.filter((delivery) => delivery.outcome !== 'ok')).toEqual([]);
});
