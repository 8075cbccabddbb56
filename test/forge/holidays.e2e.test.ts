/**
 * Holiday tables end to end on the emulator: a save resolves and stores them, issue events count time with them
 * (the same instants as the library gives), the admin resolver lists them, and a version saved without tables
 * (before they existed) gets them on first use.
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { evaluate, loadPolicy, slaFieldValues } from '../../src/engine';
import { holidaysFromLibrary } from '../../src/engine/holiday-library';
import { resetPolicyCache } from '../../src/forge/policy-store';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { E2E_POLICY_YAML } from './support/e2e-policy';

/** The e2e policy on Sofia office hours with Bulgaria's corrected holidays (as the Businessmap preset has them). */
const SOFIA_POLICY_YAML = E2E_POLICY_YAML.replace(
  `    timeZone: UTC
    week: { mon-sun: ["00:00-24:00"] }`,
  `    timeZone: Europe/Sofia
    week: { mon-fri: ["09:00-18:00"] }
    holidays:
      country: BG
      add: [{ date: "12-26", name: "Christmas (26 December)" }]
      rules: [{ moveTo: nextWorkingDay, from: [sat, sun], except: ["Good Friday", "Easter Sunday", "Easter Monday"] }]`,
);

/** Wednesday 23 December 2026, 17:00 in Sofia: 24–25 December are holidays, 26 is a Saturday, 28 the day off for it. */
const START = '2026-12-23T15:00:00Z';

let sb: ForgeSandbox;

function expectedFields(key: string): FieldValues {
  const loaded = loadPolicy(SOFIA_POLICY_YAML, { holidays: holidaysFromLibrary() });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const raw = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
  const values = slaFieldValues(evaluate(loaded.policy, raw, sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}

function fieldsOf(key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}

beforeEach(async () => {
  sb = await startForgeSandbox({ now: START });
});

afterEach(async () => {
  const violations = [...sb.specViolations];
  await sb.close();
  expect(violations).toEqual([]);
});

describe('holiday tables', () => {
  it('are stored with the saved version and give events the same due instants as the library', async () => {
    const saved = (await sb.invokeResolver(
      'sla-admin',
      'savePolicy',
      { scope: { kind: 'site' }, source: SOFIA_POLICY_YAML },
      { accountId: 'admin' },
    )) as { ok: boolean };
    expect(saved.ok).toBe(true);
    const tables = sb.kvs.get('policy-holidays:site:1') as Array<{
      fromYear: number;
      toYear: number;
      holidays: Array<{ date: string; source: string }>;
    }>;
    expect(tables).toHaveLength(1);
    expect(tables[0]?.fromYear).toBeLessThanOrEqual(2025);
    expect(tables[0]?.toYear).toBeGreaterThanOrEqual(2028);
    expect(tables[0]?.holidays).toContainEqual(expect.objectContaining({ date: '2026-12-28', source: 'rule' }));

    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Export fails' });
    await sb.deliverEvents();
    const fields = fieldsOf(issue.key);
    expect(fields).toEqual(expectedFields(issue.key));
    // Every due instant lies after the Christmas days off: none falls on 24, 25 or 28 December (Sofia).
    for (const field of ['sla-first-response-due', 'sla-resolution-due'] as const) {
      const due = fields[field];
      if (typeof due !== 'string') continue;
      const local = new Date(Date.parse(due) + 2 * 3_600_000).toISOString().slice(0, 10);
      expect(['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28']).not.toContain(local);
    }
  });

  it('are resolved again on first use for a version saved before tables existed', async () => {
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: SOFIA_POLICY_YAML }, { accountId: 'admin' });
    sb.kvs.delete('policy-holidays:site:1');
    resetPolicyCache(); // a cold container: nothing compiled yet
    const issue = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Export fails' });
    await sb.deliverEvents();
    expect(sb.kvs.get('policy-holidays:site:1')).toBeDefined();
    expect(fieldsOf(issue.key)).toEqual(expectedFields(issue.key));
  });

  it("are listed by getHolidays for admins, with each holiday's source, also beyond the stored years", async () => {
    await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source: SOFIA_POLICY_YAML }, { accountId: 'admin' });
    const answer = (await sb.invokeResolver(
      'sla-admin',
      'getHolidays',
      { scope: { kind: 'site' }, year: 2027 },
      { accountId: 'admin' },
    )) as {
      ok: boolean;
      policy: { id: string; version: number };
      calendars: Array<{ id: string; holidays: Array<{ date: string; name: string; source: string; movedFrom?: string }> }>;
    };
    expect(answer).toMatchObject({ ok: true, year: 2027, policy: { id: 'e2e', version: 1 } });
    expect(answer.calendars.map((calendar) => calendar.id)).toEqual(['utc-always']);
    expect(answer.calendars[0]?.holidays).toContainEqual({
      date: '2027-05-04',
      name: 'Labour Day',
      source: 'rule',
      movedFrom: '2027-05-01',
    });

    const later = (await sb.invokeResolver(
      'sla-admin',
      'getHolidays',
      { scope: { kind: 'site' }, year: 2090, calendar: 'utc-always' },
      { accountId: 'admin' },
    )) as {
      calendars: Array<{ holidays: Array<{ date: string; source: string }> }>;
    };
    expect(later.calendars[0]?.holidays).toContainEqual(expect.objectContaining({ date: '2090-12-26', source: 'added' }));

    const unknown = await sb.invokeResolver(
      'sla-admin',
      'getHolidays',
      { scope: { kind: 'site' }, year: 2027, calendar: 'ofice' },
      { accountId: 'admin' },
    );
    expect(unknown).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const none = await sb.invokeResolver(
      'sla-admin',
      'getHolidays',
      { scope: { kind: 'project', projectKey: 'NOPE' }, year: 2027 },
      { accountId: 'admin' },
    );
    expect(none).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('are refused with the problem at its line when the country is unknown to date-holidays', async () => {
    const source = SOFIA_POLICY_YAML.replace('country: BG', 'country: XX');
    const line = source.split('\n').findIndex((text) => text.includes('country: XX')) + 1;
    const answer = await sb.invokeResolver('sla-admin', 'validatePolicy', { source }, { accountId: 'admin' });
    expect(answer).toMatchObject({ ok: true, valid: false, problems: [{ path: 'calendars[0].holidays.country', line }] });
    const saved = await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' });
    expect(saved).toMatchObject({ ok: false, code: 'INVALID_POLICY' });
    expect([...sb.kvs.keys()].filter((key) => key.startsWith('policy'))).toEqual([]);
  });
});
