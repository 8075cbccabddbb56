/**
 * Changes that share an instant, end to end (issue 8 §4, issue 9 §2): on the emulated site two transitions made
 * in the same second get the same `created`, and `expand=changelog` lists them newest first, as Jira Cloud does.
 * The app must apply them in Jira's order (history id) and write the fields the issue really has. Expected
 * instants are worked out from the e2e policy (UTC, always open; P3 standard: first response 8h, resolution 40h).
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { E2E_POLICY_YAML } from './support/e2e-policy';
import { saveSitePolicy } from '../support/save-site-policy';

const HOUR = 3_600_000;
const START = '2026-03-02T09:00:00Z'; // Mon
const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

let sb: ForgeSandbox;

function fieldsOf(key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}

beforeEach(async () => {
  sb = await startForgeSandbox({ now: START });
  await saveSitePolicy(sb, E2E_POLICY_YAML);
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('changes at one instant', () => {
  it('a wait for the customer that begins and ends in the same instant pauses nothing', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Question about invoices' });
    await sb.deliverEvents();
    sb.clock.advance(HOUR); // Mon 10:00
    sb.jira.transition('agent', issue.key, 'Waiting for customer');
    sb.jira.transition('agent', issue.key, 'Open'); // the same instant
    const raw = sb.jira.restIssue(sb.jira.findIssue(issue.key)!, { fields: ['*all'], expand: ['changelog'] }) as {
      changelog: { histories: Array<{ id: string; created: string }> };
    };
    const histories = raw.changelog.histories;
    expect(histories[0]!.created).toBe(histories[1]!.created);
    expect(Number(histories[0]!.id)).toBeGreaterThan(Number(histories[1]!.id)); // newest first
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({
      'sla-status': 'on track',
      'sla-first-response-due': iso(created + 8 * HOUR),
      'sla-resolution-due': iso(created + 40 * HOUR),
    });
  });

  it('an issue resolved and reopened in the same instant stays open and on track, its first response not met', async () => {
    const created = Date.parse(START);
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Printer broken' });
    await sb.deliverEvents();
    sb.clock.advance(HOUR);
    sb.jira.resolve('agent', issue.key);
    sb.jira.transition('agent', issue.key, 'Open'); // reopened in the same instant
    await sb.deliverEvents();
    expect(fieldsOf(issue.key)).toMatchObject({
      'sla-status': 'on track',
      'sla-first-response-due': iso(created + 8 * HOUR),
      'sla-resolution-due': iso(created + 40 * HOUR),
    });
    const panel = (await sb.invokeResolver(
      'sla-panel',
      'getSlaState',
      { issueKey: issue.key },
      { accountId: 'agent', issueKey: issue.key },
    )) as {
      ok: boolean;
      state: { metrics: Array<{ id: string; status: string; history: Array<{ kind: string }> }> };
    };
    expect(panel.ok).toBe(true);
    const firstResponse = panel.state.metrics.find((metric) => metric.id === 'firstResponse');
    expect(firstResponse?.status).toBe('running');
    expect(firstResponse?.history.map((entry) => entry.kind)).toEqual(['started']);
  });
});
