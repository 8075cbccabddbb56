/**
 * The JQL recipes of docs/automation.md, read from the document itself, run against the emulator's JQL engine on a
 * site the app has filled in (events and the five-minute sweep). Each recipe's expected issues come from what the
 * recipe says it finds, applied to the engine's own evaluation of each issue, so a recipe that stops meaning what
 * its text says fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import { evaluate, listPresets, slaFieldValues } from '../../src/engine';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { compiledPolicy, E2E_POLICY_YAML } from './support/e2e-policy';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'automation.md'), 'utf8');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = '2026-03-02T09:00:00Z';

/** Example id (`10042`) → module key, from the document's table. */
function exampleIds(doc: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const match of doc.matchAll(/^\| [^|]+ \| `(sla-[a-z-]+)` \| `cf\[(\d+)\]` \|$/gm)) ids.set(match[2]!, match[1]!);
  return ids;
}

/** Every ```jql block of the document with the `####` heading above it. */
function recipes(doc: string): Array<{ title: string; jql: string }> {
  const found: Array<{ title: string; jql: string }> = [];
  let title: string | null = null;
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.startsWith('#### ')) title = line.slice(5).trim();
    else if (line.startsWith('#')) title = null;
    if (line.trim() === '```jql') {
      const body: string[] = [];
      for (i += 1; lines[i]!.trim() !== '```'; i += 1) body.push(lines[i]!);
      if (!title) throw new Error(`docs/automation.md: a jql block at line ${i} has no #### heading above it`);
      found.push({ title, jql: body.join('\n').trim() });
      title = null;
    }
  }
  return found;
}

interface IssueView {
  key: string;
  resolved: boolean;
  values: FieldValues;
}
const ms = (value: unknown): number | null => (typeof value === 'string' ? Date.parse(value) : null);

/** The entitlement recipes: run on the B2Bee preset below, not on the e2e policy (which has no entitlements). */
const ENTITLEMENT_RECIPES: Record<string, (flags: readonly string[]) => boolean> = {
  'Requests over plan': (flags) => flags.includes('over plan'),
};

/** What each recipe says it finds, as a predicate over the engine's values (and, for queues, the order). */
const EXPECTATIONS: Record<string, { matches: (issue: IssueView, now: number) => boolean; orderBy?: (issue: IssueView) => number | null }> =
  {
    'At risk, most urgent first': {
      matches: (issue) => !issue.resolved && issue.values['sla-status'] === 'at risk',
      orderBy: (issue) => ms(issue.values['sla-next-breach']),
    },
    'Escalated to level 2 or above': { matches: (issue) => !issue.resolved && Number(issue.values['sla-escalation-level']) >= 2 },
    'First responses due today': {
      matches: (issue, now) => {
        const due = ms(issue.values['sla-first-response-due']);
        const today = Math.floor(now / DAY) * DAY; // the emulated users' zone is UTC
        return !issue.resolved && due !== null && due >= today && due < today + DAY;
      },
    },
    'Resolution overdue within the last hour': {
      matches: (issue, now) => {
        const due = ms(issue.values['sla-resolution-due']);
        return !issue.resolved && due !== null && due < now && due >= now - HOUR;
      },
    },
    'Resolution overdue': {
      matches: (issue, now) => {
        const due = ms(issue.values['sla-resolution-due']);
        return !issue.resolved && due !== null && due < now;
      },
    },
    'Open, with a resolution target breached at least once': {
      matches: (issue) => !issue.resolved && Number(issue.values['sla-resolution-breached-cycles']) >= 1,
    },
    "Escalated and still open (the rule's condition)": {
      matches: (issue) => !issue.resolved && Number(issue.values['sla-escalation-level']) >= 1,
    },
  };

describe('docs/automation.md recipes', () => {
  const ids = exampleIds(DOC);
  const every = recipes(DOC);
  const all = every.filter((recipe) => !(recipe.title in ENTITLEMENT_RECIPES));

  it('names an example id for every field it uses, and every recipe has an expectation here (and back)', () => {
    expect(ids.size).toBeGreaterThanOrEqual(6);
    for (const key of ids.values()) expect(SLA_FIELD_KEYS).toContain(key);
    expect(all.map((recipe) => recipe.title).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
    expect(every.filter((recipe) => recipe.title in ENTITLEMENT_RECIPES).map((recipe) => recipe.title)).toEqual(
      Object.keys(ENTITLEMENT_RECIPES),
    );
    for (const { title, jql } of every) {
      for (const [, id] of jql.matchAll(/cf\[(\d+)\]/g)) expect({ title, id, known: ids.has(id!) }).toEqual({ title, id, known: true });
      // Recipes name fields by id only: a field name would collide between the app's environments.
      expect({ title, byName: /"(SLA|Escalation|Next SLA|First response|Resolution due)/i.test(jql) }).toEqual({ title, byName: false });
    }
  });

  describe('on a site the app keeps up to date', () => {
    let sb: ForgeSandbox;
    const policy = compiledPolicy(E2E_POLICY_YAML);
    afterEach(async () => {
      const violations = [...sb.specViolations];
      await sb.close();
      expect(violations).toEqual([]);
    });

    it('each query returns exactly the work items its text promises, at several moments of a day', async () => {
      sb = await startForgeSandbox({ now: START });
      const saved = (await sb.invokeResolver(
        'sla-admin',
        'savePolicy',
        { scope: { kind: 'site' }, source: E2E_POLICY_YAML },
        { accountId: 'admin' },
      )) as { ok: boolean };
      expect(saved.ok).toBe(true);
      const create = (summary: string, priority: string) => sb.jira.createIssue('customer', { projectKey: 'SUP', summary, priority }).key;
      const keys = [
        create('Site down', 'Highest'),
        create('Slow search', 'High'),
        create('Typo', 'Medium'),
        create('Outage, answered', 'Highest'),
        create('Outage, resolved late', 'Highest'),
        create('Waiting on customer', 'Highest'),
      ];
      await sb.deliverEvents();
      const [, , , answered, resolvedLate, waiting] = keys;
      sb.clock.advance(30 * 60_000);
      sb.jira.comment('agent', answered!, 'Restarting the service', { public: true });
      sb.jira.transition('agent', waiting!, 'Waiting for customer');
      await sb.deliverEvents();

      /** The app-facing id of the example id in a recipe. */
      const onThisSite = (jql: string) =>
        jql.replace(/cf\[(\d+)\]/g, (_, example: string) => `cf[${sb.jira.appField(ids.get(example)!)!.id.slice('customfield_'.length)}]`);
      const views = (): IssueView[] =>
        keys.map((key) => {
          const raw = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
          const values = slaFieldValues(evaluate(policy, raw, sb.clock.now())) as Record<string, unknown>;
          const normalised = Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])])) as FieldValues;
          // The app has written exactly these values (so the query reads what the engine decided).
          const stored = Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
          expect({ key, stored }).toEqual({ key, stored: normalised });
          return { key, resolved: sb.jira.findIssue(key)!.resolution !== null, values: normalised };
        });

      const seen = new Map<string, { matched: number; excluded: number }>(all.map((recipe) => [recipe.title, { matched: 0, excluded: 0 }]));
      const check = () => {
        const now = sb.clock.now();
        const issues = views();
        for (const { title, jql } of all) {
          const expectation = EXPECTATIONS[title]!;
          const got = sb.jira.search('admin', onThisSite(jql)).map((issue) => issue.key);
          const wanted = issues.filter((issue) => expectation.matches(issue, now));
          const order = expectation.orderBy;
          const expected = order
            ? [...wanted]
                .sort((a, b) => (order(a) ?? Infinity) - (order(b) ?? Infinity) || keys.indexOf(a.key) - keys.indexOf(b.key))
                .map((issue) => issue.key)
            : wanted.map((issue) => issue.key);
          expect({ at: new Date(now).toISOString(), title, got: order ? got : [...got].sort() }).toEqual({
            at: new Date(now).toISOString(),
            title,
            got: order ? expected : [...expected].sort(),
          });
          const tally = seen.get(title)!;
          tally.matched += got.length;
          tally.excluded += keys.length - got.length;
        }
      };

      const startMs = Date.parse(START);
      await sb.advanceRunningSchedules(startMs + 7 * HOUR - sb.clock.now());
      // Created at 16:00: its first response (8 h) falls due at midnight, tomorrow.
      keys.push(create('Late request', 'Medium'));
      await sb.deliverEvents();
      check();
      await sb.advanceRunningSchedules(startMs + 7 * HOUR + 30 * 60_000 - sb.clock.now());
      check();
      await sb.advanceRunningSchedules(startMs + 8 * HOUR + 20 * 60_000 - sb.clock.now());
      sb.jira.resolve('agent', resolvedLate!);
      await sb.deliverEvents();
      check();
      await sb.advanceRunningSchedules(startMs + 8 * HOUR + 40 * 60_000 - sb.clock.now());
      check();
      await sb.advanceRunningSchedules(startMs + 9 * HOUR + 30 * 60_000 - sb.clock.now());
      check();
      // No recipe is vacuous: each found some work item and left some out at one of these moments.
      for (const [title, tally] of seen)
        expect({ title, matchedSome: tally.matched > 0, excludedSome: tally.excluded > 0 }).toEqual({
          title,
          matchedSome: true,
          excludedSome: true,
        });
    }, 120_000);
  });
  describe('entitlements, on the B2Bee preset', () => {
    let sb: ForgeSandbox;
    afterEach(async () => {
      const violations = [...sb.specViolations];
      await sb.close();
      expect(violations).toEqual([]);
    });

    it('selects exactly the requests whose SLA entitlement has the flag, by id and by name', async () => {
      // Monday 2026-03-02 10:00 in Zagreb. Basic: "1 CREDIT/month", "No more than two Credits can be used per day".
      sb = await startForgeSandbox({ now: START });
      const admin = (name: string, payload: unknown) => sb.invokeResolver('sla-admin', name, payload, { accountId: 'admin' });
      const b2bee = listPresets().find((preset) => preset.id === 'b2bee')!.source;
      expect(await admin('savePolicy', { scope: { kind: 'site' }, source: b2bee })).toMatchObject({ ok: true });
      expect(await admin('saveRegisteredPersons', { organization: 'Acme d.o.o.', accountIds: ['customer'] })).toMatchObject({ ok: true });
      sb.jira.addUser({ accountId: 'customer-2', displayName: 'Dana Customer', role: 'customer' });
      const raise = (summary: string, reporter = 'customer', organizations: string[] = ['Acme d.o.o.']) => {
        const key = sb.jira.createIssue(reporter, { projectKey: 'SUP', summary, fields: { Organizations: organizations } }).key;
        sb.clock.advance(HOUR);
        return key;
      };
      const keys = [
        raise('First credit of March'), // within plan
        raise('Second credit'), // over plan
        raise('Third credit the same day'), // over plan, over day limit
        raise('From someone not registered', 'customer-2'), // also over plan, over day limit, not registered
        raise('Without an organization', 'customer', []), // not counted: empty
      ];
      sb.clock.advance(DAY);
      keys.push(raise('Fourth credit, next day')); // over plan
      await sb.deliverEvents();
      await sb.drainQueues();

      const flags = (key: string): string[] => {
        const value = sb.jira.appFieldValue(key, 'sla-entitlement');
        return typeof value === 'string' ? value.split(', ') : [];
      };
      const entitlementId = sb.jira.appField('sla-entitlement')!.id.slice('customfield_'.length);
      for (const { title, jql } of every.filter((recipe) => recipe.title in ENTITLEMENT_RECIPES)) {
        const expected = keys.filter((key) => ENTITLEMENT_RECIPES[title]!(flags(key))).sort();
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(keys.length);
        const byId = jql.replace(/cf\[10053\]/g, `cf[${entitlementId}]`);
        expect({
          title,
          got: sb.jira
            .search('admin', byId)
            .map((issue) => issue.key)
            .sort(),
        }).toEqual({ title, got: expected });
        const byName = jql.replace(/cf\[10053\]/g, '"SLA entitlement"');
        expect({
          title,
          got: sb.jira
            .search('admin', byName)
            .map((issue) => issue.key)
            .sort(),
        }).toEqual({ title, got: expected });
      }
      // The flags the recipe separates (so it is not vacuous): the first request is within plan, the others are not.
      expect(keys.map(flags)).toEqual([
        ['within plan'],
        ['over plan'],
        ['over plan', 'over day limit'],
        ['over plan', 'over day limit', 'not registered'],
        [],
        ['over plan'],
      ]);
    });
  });
});
