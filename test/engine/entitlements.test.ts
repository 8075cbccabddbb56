import {
  decideEntitlements,
  entitlementFieldValue,
  loadPolicy,
  organizationUsage,
  periodOf,
  registeredPersonLimit,
  utcMonthsOfPeriod,
} from '../../src/engine';
import { entitlementsPolicy, entitlementsPolicyYaml, request } from '../builders/entitlements-policy';

const policy = entitlementsPolicy();
const NOW = Date.parse('2026-03-20T12:00:00Z'); // Fri 20 March, 13:00 in Zagreb

function decide(requests: ReturnType<typeof request>[], registeredPersons: string[] = ['ada'], organization = 'Acme', now = NOW) {
  return decideEntitlements(policy, { organization, requests, registeredPersons, now });
}

describe('periods in the policy time zone', () => {
  const cases: Array<{ zone: string; at: string; per: 'month' | 'year' | 'day'; period: string; note: string }> = [
    { zone: 'Europe/Zagreb', at: '2026-02-28T23:30:00Z', per: 'month', period: '2026-03', note: 'Sun 1 Mar 00:30 CET' },
    { zone: 'Europe/Zagreb', at: '2026-02-28T22:59:59Z', per: 'month', period: '2026-02', note: 'Sat 28 Feb 23:59:59 CET' },
    { zone: 'Europe/Zagreb', at: '2026-03-31T22:30:00Z', per: 'day', period: '2026-04-01', note: 'Wed 1 Apr 00:30 CEST' },
    { zone: 'Europe/Zagreb', at: '2026-12-31T23:00:00Z', per: 'year', period: '2027', note: 'Fri 1 Jan 2027 00:00 CET' },
    { zone: 'Asia/Tokyo', at: '2026-03-31T15:00:00Z', per: 'month', period: '2026-04', note: 'Wed 1 Apr 00:00 JST' },
    { zone: 'America/New_York', at: '2026-04-01T03:59:00Z', per: 'month', period: '2026-03', note: 'Tue 31 Mar 23:59 EDT' },
  ];
  it.each(cases)('$zone $at ($note) is in $per $period', ({ zone, at, per, period }) => {
    expect(periodOf(zone, Date.parse(at), per)).toBe(period);
  });

  it('files a local month under every UTC month it overlaps', () => {
    // Zagreb's March runs from Sat 28 Feb 23:00Z to Tue 31 Mar 22:00Z.
    expect(utcMonthsOfPeriod('Europe/Zagreb', Date.parse('2026-03-10T12:00:00Z'), 'month')).toEqual(['2026-02', '2026-03']);
    // New York's March ends Wed 1 Apr 04:00Z.
    expect(utcMonthsOfPeriod('America/New_York', Date.parse('2026-03-10T12:00:00Z'), 'month')).toEqual(['2026-03', '2026-04']);
    expect(utcMonthsOfPeriod('UTC', Date.parse('2026-03-10T12:00:00Z'), 'month')).toEqual(['2026-03']);
    expect(utcMonthsOfPeriod('Europe/Zagreb', Date.parse('2026-03-10T12:00:00Z'), 'year')).toHaveLength(13);
  });
});

describe('decideEntitlements', () => {
  it('numbers requests in creation order, whatever order they are given in', () => {
    const first = request('2026-03-02T08:00:00Z'); // Mon 2 Mar 09:00 Zagreb
    const second = request('2026-03-02T09:00:00Z'); // Mon 2 Mar 10:00
    const third = request('2026-03-02T10:00:00Z'); // Mon 2 Mar 11:00
    const decided = decide([third, first, second]);
    expect([first, second, third].map((one) => decided.get(one.issueId)!.quotas[0]!.unit)).toEqual([1, 2, 3]);
    expect([first, second, third].map((one) => entitlementFieldValue(decided.get(one.issueId)!))).toEqual([
      'within plan',
      'over plan',
      'over plan, over day limit',
    ]);
    expect(decided.get(third.issueId)!.lines[0]).toBe('credit 3 of 1 this month: over plan');
    expect(decided.get(third.issueId)!.lines[1]).toBe('credit 3 on 2026-03-02, at most 2 a day: over the day limit');
  });

  it('breaks a tie of creation instants by issue id, numerically', () => {
    const at = '2026-03-03T08:00:00Z'; // Tue 3 Mar 09:00 Zagreb
    const ten = request(at, { issueId: '10' });
    const nine = request(at, { issueId: '9' });
    const decided = decide([ten, nine]);
    expect(decided.get('9')!.quotas[0]!.unit).toBe(1);
    expect(decided.get('10')!.quotas[0]!.unit).toBe(2);
  });

  it('starts again each month and each day in Zagreb time, with no carry-over', () => {
    const lateFebruary = request('2026-02-28T22:30:00Z'); // Sat 28 Feb 23:30 CET
    const earlyMarch = request('2026-02-28T23:30:00Z'); // Sun 1 Mar 00:30 CET
    const decided = decide([lateFebruary, earlyMarch]);
    expect(decided.get(lateFebruary.issueId)!.quotas[0]).toMatchObject({ period: '2026-02', unit: 1, over: false });
    expect(decided.get(earlyMarch.issueId)!.quotas[0]).toMatchObject({ period: '2026-03', unit: 1, over: false, dayUnit: 1 });
    expect(decided.get(lateFebruary.issueId)!.lines[0]).toBe('credit 1 of 1 in 2026-02');
  });

  it('uses the plan of each request, and an organization’s own numbers over its plan', () => {
    const requests = Array.from({ length: 6 }, (_, day) => request(`2026-03-0${day + 2}T09:00:00Z`, { plan: 'premium' })); // Mon 2 … Sat 7 Mar
    const premium = decide(requests);
    expect(requests.map((one) => premium.get(one.issueId)!.flags)).toEqual([[], [], [], [], [], ['over plan']]);
    const big = decide(requests, ['ada'], 'big corp'); // "Big Corp": 20 a month, names compared ignoring case
    expect(requests.map((one) => big.get(one.issueId)!.quotas[0]!.limit)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(requests.every((one) => big.get(one.issueId)!.flags.length === 0)).toBe(true);
  });

  it('counts a yearly quota only for the requests it counts, and has no limit for a plan without a row', () => {
    const reports = ['2026-01-05T09:00:00Z', '2026-06-01T09:00:00Z', '2026-11-02T09:00:00Z'].map((at) =>
      request(at, { plan: 'premium', quotas: ['credits', 'reports'] }),
    ); // Mon 5 Jan, Mon 1 Jun, Mon 2 Nov
    const decided = decide(reports);
    expect(reports.map((one) => decided.get(one.issueId)!.quotas.find((use) => use.quota === 'reports'))).toMatchObject([
      { period: '2026', unit: 1, limit: 2, over: false },
      { period: '2026', unit: 2, limit: 2, over: false },
      { period: '2026', unit: 3, limit: 2, over: true },
    ]);
    const basic = decide([request('2026-03-02T09:00:00Z', { quotas: ['credits', 'reports'] })]);
    const [only] = [...basic.values()];
    expect(only!.quotas.find((use) => use.quota === 'reports')).toMatchObject({ limit: null, over: false });
    expect(only!.lines).toContain('report 1 this year (no limit on plan basic)');
  });

  it('flags a reporter who is not a registered person, and one with no account', () => {
    const stranger = request('2026-03-02T09:00:00Z', { reporter: 'bob' });
    const anonymous = request('2026-03-03T09:00:00Z', { reporter: null });
    const decided = decide([stranger, anonymous], ['ada']);
    expect(decided.get(stranger.issueId)!.registration).toEqual({ label: 'registered person', registered: false });
    expect(entitlementFieldValue(decided.get(stranger.issueId)!)).toBe('not registered');
    expect(decided.get(anonymous.issueId)!.flags).toContain('not registered');
    expect(decided.get(stranger.issueId)!.lines).toContain('reporter is not a registered person of Acme');
  });

  it('decides nothing without entitlements, and the field is then empty', () => {
    const loaded = loadPolicy(entitlementsPolicyYaml('  quotas: []').replace(/entitlements:\n {2}quotas: \[\]/, ''));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(
      decideEntitlements(loaded.policy, {
        organization: 'Acme',
        requests: [request('2026-03-02T09:00:00Z')],
        registeredPersons: [],
        now: NOW,
      }).size,
    ).toBe(0);
    expect(entitlementFieldValue(null)).toBeNull();
  });
});

describe('organizationUsage', () => {
  it('sums the month of now per quota and compares registered persons with their limit', () => {
    const march = ['2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', '2026-03-04T09:00:00Z'].map((at) => request(at)); // Mon 2 Mar ×3, Wed 4 Mar
    const february = request('2026-02-10T09:00:00Z'); // Tue 10 Feb
    const stranger = request('2026-03-05T09:00:00Z', { reporter: 'bob' }); // Thu 5 Mar
    const usage = organizationUsage(policy, {
      organization: 'Acme',
      requests: [february, ...march, stranger],
      registeredPersons: ['ada', 'cy'],
      now: NOW,
    });
    expect(usage.plan).toBe('basic');
    expect(usage.quotas.find((quota) => quota.quota === 'credits')).toEqual({
      quota: 'credits',
      label: 'credit',
      per: 'month',
      period: '2026-03',
      used: 5,
      limit: 1,
      overPlan: 4,
      perDay: 2,
      overDay: 1,
    });
    expect(usage.registration).toEqual({ label: 'registered person', persons: 2, limit: 1, overLimit: true, unregisteredRequests: 1 });
    expect(registeredPersonLimit(policy, 'Big Corp', 'basic')).toBe(10);
  });
});

describe('the entitlements key', () => {
  const problems = (entitlements: string) => {
    const loaded = loadPolicy(entitlementsPolicyYaml(entitlements));
    return loaded.ok ? [] : loaded.errors.map((problem) => ({ path: problem.path, message: problem.message, line: problem.line }));
  };

  it('names the line, the unknown plan and the plans to choose from', () => {
    const entitlements = `  quotas:
    - id: credits
      label: credit
      limits:
        - { plan: gold, limit: 1 }
`;
    const found = problems(entitlements);
    const goldLine =
      entitlementsPolicyYaml(entitlements)
        .split('\n')
        .findIndex((line) => line.includes('plan: gold')) + 1;
    expect(found).toEqual([
      expect.objectContaining({
        path: 'entitlements.quotas[0].limits[0].plan',
        message: expect.stringMatching(/"gold" is not a plan id.*basic, premium/),
        line: goldLine,
      }),
    ]);
  });

  it('refuses carry-over, negative and fractional limits and unknown keys, saying how to fix each', () => {
    const found = problems(`  carryOver: true
  quotas:
    - { id: credits, label: credit, limits: [{ plan: basic, limit: -1, perDay: 1.5 }], perMonth: 3 }
`);
    const byPath = Object.fromEntries(found.map((problem) => [problem.path, problem.message]));
    expect(byPath['entitlements.carryOver']).toMatch(/must be false/);
    expect(byPath['entitlements.quotas[0].limits[0].limit']).toMatch(/0 or more/);
    expect(byPath['entitlements.quotas[0].limits[0].perDay']).toMatch(/whole number/);
    expect(byPath['entitlements.quotas[0].perMonth']).toMatch(/Unknown key "perMonth"/);
    for (const problem of found) expect(problem.line).toBeGreaterThan(30);
  });

  it('refuses a quota or an organization named twice and an organization quota that does not exist', () => {
    const found = problems(`  quotas:
    - { id: credits, label: credit, limits: [] }
    - { id: credits, label: credit, limits: [] }
  organizations:
    - { organization: Acme, quotas: [{ quota: tickets, limit: 1 }] }
    - { organization: Acme, registeredPersons: 2 }
`);
    const byPath = Object.fromEntries(found.map((problem) => [problem.path, problem.message]));
    expect(byPath['entitlements.quotas[1].id']).toMatch(/listed twice \(also entitlements.quotas\[0\]\)/);
    expect(byPath['entitlements.organizations[0].quotas[0].quota']).toMatch(/"tickets" is not a quota id.*credits/);
    expect(byPath['entitlements.organizations[1].organization']).toMatch(/listed twice/);
    expect(byPath['entitlements.organizations[1].registeredPersons']).toMatch(/entitlements.registeredPersons is not set/);
  });

  it('refuses a limit above its bound', () => {
    expect(problems(`  quotas: [{ id: credits, label: credit, limits: [{ plan: basic, limit: 100001 }] }]`)).toEqual([
      expect.objectContaining({ path: 'entitlements.quotas[0].limits[0].limit', message: expect.stringMatching(/at most 100000/) }),
    ]);
  });
});
