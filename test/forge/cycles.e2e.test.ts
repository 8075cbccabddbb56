/**
 * Metrics that run more than once, end to end (issue 14): on the emulated site a reopened issue's fields and
 * panel move to the new resolution cycle, next-reply cycles follow the customer's comments, the breach counts
 * rise with a changelog entry, and duplicated and reordered events give the same cycles and the same field
 * writes as a clean delivery. Policy: test/forge/support/cycles-policy.ts (UTC, always open; P1 standard: first
 * response 2h, resolution 8h, next reply 1h).
 */
import { startForgeSandbox, type ForgeSandbox } from '../../emulator';
import type { FaultSettings } from '../../emulator/jira/faults';
import { evaluate, slaFieldValues, type MetricState } from '../../src/engine';
import { normaliseFieldValue, SLA_FIELD_KEYS, type FieldValues } from '../../src/forge/sla-sync';
import { compiledPolicy } from './support/e2e-policy';
import { CYCLES_POLICY_YAML } from './support/cycles-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = '2026-03-02T09:00:00Z'; // Mon
const created = Date.parse(START);
const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const policy = compiledPolicy(CYCLES_POLICY_YAML);

/** One app write as it reached Jira: whether it asked for a changelog entry, and module key → value per issue. */
interface RecordedWrite {
  changelog: boolean;
  values: Array<{ field: string; issues: number[]; value: unknown }>;
}

async function sandbox(): Promise<{ sb: ForgeSandbox; writes: RecordedWrite[] }> {
  const sb = await startForgeSandbox({ now: START });
  const saved = (await sb.invokeResolver(
    'sla-admin',
    'savePolicy',
    { scope: { kind: 'site' }, source: CYCLES_POLICY_YAML },
    { accountId: 'admin' },
  )) as {
    ok: boolean;
  };
  expect(saved).toMatchObject({ ok: true });
  const writes: RecordedWrite[] = [];
  const site = sb.jira;
  const write = site.writeAppFieldValues.bind(site);
  const keyOf = (fieldIdOrKey: string) => SLA_FIELD_KEYS.find((key) => site.appField(key)?.id === fieldIdOrKey) ?? fieldIdOrKey;
  site.writeAppFieldValues = (updates, generateChangelog) => {
    write(updates, generateChangelog);
    // Recorded once Jira accepted it (a refused request changes nothing).
    writes.push({
      changelog: generateChangelog ?? true,
      values: updates.map((update) => ({ field: keyOf(update.fieldIdOrKey), issues: [...update.issueIds].sort(), value: update.value })),
    });
  };
  return { sb, writes };
}

function fieldsOf(sb: ForgeSandbox, key: string): FieldValues {
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(sb.jira.appFieldValue(key, field))]));
}

function expectedFields(sb: ForgeSandbox, key: string): FieldValues {
  const raw = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'] });
  const values = slaFieldValues(evaluate(policy, raw, sb.clock.now())) as Record<string, unknown>;
  return Object.fromEntries(SLA_FIELD_KEYS.map((field) => [field, normaliseFieldValue(values[field])]));
}

async function panelMetrics(sb: ForgeSandbox, key: string): Promise<MetricState[]> {
  const answer = (await sb.invokeResolver('sla-panel', 'getSlaState', { issueKey: key }, { accountId: 'agent', issueKey: key })) as {
    ok: boolean;
    state: { metrics: MetricState[] } | null;
  };
  expect(answer.ok).toBe(true);
  return answer.state!.metrics;
}

const metric = (metrics: MetricState[], id: string): MetricState => metrics.find((candidate) => candidate.id === id)!;

/** What the panel shows of a metric's cycles: the current one and the outcomes of the past ones. */
function cyclesOf(m: MetricState) {
  return {
    cycle: m.cycle,
    status: m.status,
    startedAt: m.startedAt,
    dueAt: m.dueAt,
    breachedCycles: m.breachedCycles,
    past: m.pastCycles.map((past) => [past.cycle, past.status, past.startedAt, past.stoppedAt]),
  };
}

describe('a reopened issue', () => {
  let sb: ForgeSandbox;
  afterEach(async () => {
    const violations = [...sb.specViolations];
    await sb.close();
    expect(violations).toEqual([]);
  });

  it('moves its fields and panel to the new resolution cycle, and counts the breached cycles with a changelog entry', async () => {
    ({ sb } = await sandbox());
    const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Checkout down', priority: 'Highest' }).key;
    await sb.deliverEvents();
    expect(fieldsOf(sb, key)).toMatchObject({ 'sla-resolution-due': iso(created + 8 * HOUR), 'sla-resolution-breached-cycles': 0 });

    sb.clock.advance(30 * MINUTE); // Mon 09:30
    sb.jira.comment('agent', key, 'Restarting the service', { public: true });
    sb.clock.advance(150 * MINUTE); // Mon 12:00: resolved within 3h of 8h
    sb.jira.resolve('agent', key);
    await sb.deliverEvents();
    expect(fieldsOf(sb, key)).toMatchObject({ 'sla-status': 'met', 'sla-resolution-due': iso(created + 8 * HOUR) });

    const reopenedAt = created + 24 * HOUR; // Tue 09:00
    sb.clock.set(new Date(reopenedAt).toISOString());
    sb.jira.transition('agent', key, 'Waiting for support');
    await sb.deliverEvents();
    // The new cycle's due instant replaces the met one: JQL and queues see the cycle that runs now.
    expect(fieldsOf(sb, key)).toEqual(expectedFields(sb, key));
    expect(fieldsOf(sb, key)).toMatchObject({
      'sla-status': 'on track',
      'sla-resolution-due': iso(reopenedAt + 8 * HOUR),
      'sla-resolution-breached-cycles': 0,
    });
    const resolution = metric(await panelMetrics(sb, key), 'resolution');
    expect(cyclesOf(resolution)).toEqual({
      cycle: 2,
      status: 'running',
      startedAt: new Date(reopenedAt).toISOString(),
      dueAt: new Date(reopenedAt + 8 * HOUR).toISOString(),
      breachedCycles: 0,
      past: [[1, 'met', new Date(created).toISOString(), new Date(created + 3 * HOUR).toISOString()]],
    });

    // Tue 17:30: the second cycle ran past its 8h with no event; the sweep writes the breach and the count.
    await sb.advanceRunningSchedules(reopenedAt + 8 * HOUR + 30 * MINUTE - sb.clock.now());
    expect(fieldsOf(sb, key)).toEqual(expectedFields(sb, key));
    expect(fieldsOf(sb, key)).toMatchObject({ 'sla-status': 'breached', 'sla-resolution-breached-cycles': 1 });
    const countField = sb.jira.appField('sla-resolution-breached-cycles')!;
    const entries = sb.jira
      .findIssue(key)!
      .histories.flatMap((history) => history.items)
      .filter((item) => item.fieldId === countField.id)
      .map((item) => `${item.fromString ?? ''} → ${item.toString ?? ''}`);
    expect(entries).toEqual([' → 0', '0 → 1']);
  });

  it('runs one next-reply cycle for a burst of customer comments, and a new one after the agent answered', async () => {
    ({ sb } = await sandbox());
    const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Export broken', priority: 'Highest' }).key;
    await sb.deliverEvents();
    sb.clock.advance(HOUR); // Mon 10:00
    sb.jira.comment('customer', key, 'Any news?', { public: true });
    await sb.deliverEvents();
    sb.clock.advance(10 * MINUTE); // Mon 10:10, the same cycle
    sb.jira.comment('customer', key, 'It is urgent', { public: true });
    await sb.deliverEvents();
    let next = metric(await panelMetrics(sb, key), 'nextReply');
    expect(cyclesOf(next)).toMatchObject({ cycle: 1, status: 'running', dueAt: new Date(created + 2 * HOUR).toISOString(), past: [] });
    // The app field shows the open cycle's due time: an hour after the first comment of the burst.
    expect(fieldsOf(sb, key)).toMatchObject({ 'sla-next-reply-due': iso(created + 2 * HOUR), 'sla-next-reply-breached-cycles': 0 });
    sb.clock.advance(30 * MINUTE); // Mon 10:40
    sb.jira.comment('agent', key, 'Fixed on our side', { public: true });
    sb.clock.advance(HOUR); // Mon 11:40
    sb.jira.comment('customer', key, 'Still broken', { public: true });
    await sb.deliverEvents();
    next = metric(await panelMetrics(sb, key), 'nextReply');
    expect(cyclesOf(next)).toMatchObject({
      cycle: 2,
      status: 'running',
      startedAt: new Date(created + 160 * MINUTE).toISOString(),
      past: [[1, 'met', new Date(created + HOUR).toISOString(), new Date(created + 100 * MINUTE).toISOString()]],
    });
    expect(fieldsOf(sb, key)).toEqual(expectedFields(sb, key));
  });
});

describe('duplicated and reordered events', () => {
  /**
   * A day of a P1 request with a reopening and reply rounds; several changes share each delivery, so reordering
   * has something to reorder. Returns the panel's cycles and the fields at the end.
   */
  async function play(sb: ForgeSandbox) {
    const key = sb.jira.createIssue('customer', { projectKey: 'SUP', summary: 'Checkout down', priority: 'Highest' }).key;
    const rounds: Array<[number, () => void]> = [
      [
        30 * MINUTE,
        () => {
          sb.jira.comment('customer', key, 'Since 09:00', { public: true });
          sb.jira.comment('customer', key, 'All stores', { public: true });
          sb.jira.transition('agent', key, 'In Progress');
        },
      ],
      [
        HOUR,
        () => {
          sb.jira.comment('agent', key, 'Restarting', { public: true });
          sb.jira.comment('agent', key, 'internal: db failover', { public: false });
          sb.jira.setPriority('agent', key, 'High');
        },
      ],
      [
        3 * HOUR,
        () => {
          sb.jira.comment('customer', key, 'Works now', { public: true });
          sb.jira.resolve('agent', key);
        },
      ],
      [
        20 * HOUR,
        () => {
          sb.jira.transition('agent', key, 'Waiting for support');
          sb.jira.setPriority('agent', key, 'Highest');
        },
      ],
      [
        21 * HOUR,
        () => {
          sb.jira.comment('customer', key, 'Down again', { public: true });
          sb.jira.transition('agent', key, 'Waiting for customer');
          sb.jira.transition('agent', key, 'In Progress');
        },
      ],
      [
        23 * HOUR,
        () => {
          sb.jira.comment('agent', key, 'Root cause found', { public: true });
          sb.jira.resolve('agent', key);
        },
      ],
    ];
    for (const [after, act] of rounds) {
      sb.clock.set(new Date(created + after).toISOString());
      act();
      await sb.deliverEvents();
    }
    await sb.runScheduledTrigger();
    await sb.drainQueues();
    const metrics = await panelMetrics(sb, key);
    return { key, fields: fieldsOf(sb, key), cycles: Object.fromEntries(metrics.map((m) => [m.id, cyclesOf(m)])) };
  }

  /** The story on a fresh site (one sandbox per process at a time), with `settings` as its event faults. */
  async function run(settings: FaultSettings | null) {
    const { sb, writes } = await sandbox();
    try {
      if (settings) sb.faults.set(settings);
      const result = await play(sb);
      return { ...result, writes, deliveries: sb.deliveries.length, engine: expectedFields(sb, result.key) };
    } finally {
      const violations = [...sb.specViolations];
      await sb.close();
      expect(violations).toEqual([]);
    }
  }

  let clean: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    clean = await run(null);
  }, 60_000);

  it('the clean delivery has cycles to compare: two of resolution (the first met), at least two of next reply', () => {
    expect(clean.cycles.resolution).toMatchObject({ cycle: 2, past: [[1, 'met', expect.any(String), expect.any(String)]] });
    expect(clean.cycles.nextReply!.cycle).toBeGreaterThanOrEqual(2);
    expect(clean.fields).toEqual(clean.engine);
    // One or two writes a round (instants, then values with a changelog entry) plus the sweep's: enough to differ.
    expect(clean.writes.length).toBeGreaterThanOrEqual(6);
  });

  const faults: Array<[string, FaultSettings]> = [
    ['every event delivered twice', { duplicateEvents: 1, seed: 3 }],
    ['each delivery shuffled', { reorderEvents: true, seed: 5 }],
    ['duplicated and shuffled', { duplicateEvents: 0.5, reorderEvents: true, seed: 11 }],
  ];

  it.each(faults)(
    'give the same cycles and the same field writes as a clean delivery: %s',
    async (_name, settings) => {
      const faulty = await run(settings);
      expect(faulty.cycles).toEqual(clean.cycles);
      expect(faulty.fields).toEqual(clean.fields);
      expect(faulty.fields).toEqual(faulty.engine);
      // Each event re-reads the issue, so the first of a delivery writes what the rest would: no extra writes.
      expect(faulty.writes).toEqual(clean.writes);
      expect(faulty.deliveries).toBeGreaterThanOrEqual(clean.deliveries);
    },
    60_000,
  );
});
