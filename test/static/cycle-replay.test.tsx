/**
 * The admin page's cycle replay: the editor's rows as the resolver's input (each problem named with its event),
 * the sample a new admin starts from replayed through the real resolver work on a policy with cycles, and the
 * result table with one row per cycle.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { previewCyclesInput } from '../../src/contracts/cycle-preview';
import { previewCyclesAnswer } from '../../src/forge/cycle-preview';
import { cycleRows, defaultSampleRows, nextRow, replayInput, type SampleRow } from '../../static/admin/cycle-replay-model';
import { ReplayResult } from '../../static/admin/cycle-replay-view';
import { isoToLocalInput } from '../../static/admin/editor-model';
import { CYCLES_POLICY_YAML } from '../forge/support/cycles-policy';
import { cyclesState } from './fixtures';

// The inputs hold wall-clock times in the browser's zone (here the test process's); instants are derived the same way.
const CREATED = '2026-03-02T09:00'; // Mon
const local = (value: string) => new Date(value).toISOString();
const form = (rows: SampleRow[], asOf = '2026-03-03T15:00') => ({
  source: CYCLES_POLICY_YAML,
  plan: 'standard',
  priority: 'P1',
  created: CREATED,
  rows,
  asOf,
});
const row = (id: number, kind: SampleRow['kind'], at: string, status = ''): SampleRow => ({ id, kind, at, status });

describe('replayInput', () => {
  it('turns the rows into the contract input, trimming status names and leaving an empty reopen status out', () => {
    const built = replayInput(
      form([
        row(1, 'customerComment', '2026-03-02T10:00'),
        row(2, 'status', '2026-03-02T10:30', '  Waiting for customer '),
        row(3, 'resolve', '2026-03-02T12:00'),
        row(4, 'reopen', '2026-03-03T09:00'),
        row(5, 'reopen', '2026-03-03T09:00', 'Waiting for support'),
      ]),
    );
    expect(built).toEqual({
      ok: true,
      input: {
        source: CYCLES_POLICY_YAML,
        plan: 'standard',
        priority: 'P1',
        created: local(CREATED),
        events: [
          { kind: 'customerComment', at: local('2026-03-02T10:00') },
          { kind: 'status', at: local('2026-03-02T10:30'), status: 'Waiting for customer' },
          { kind: 'resolve', at: local('2026-03-02T12:00') },
          { kind: 'reopen', at: local('2026-03-03T09:00') },
          { kind: 'reopen', at: local('2026-03-03T09:00'), status: 'Waiting for support' },
        ],
        asOf: local('2026-03-03T15:00'),
      },
    });
    // What the page sends is what the resolver's contract accepts.
    if (built.ok) expect(previewCyclesInput.safeParse(built.input).success).toBe(true);
  });

  it.each([
    ['an event without an instant', [row(1, 'agentReply', '')], 'Event 1 (Agent reply): enter its date and time.'],
    [
      'an event before the creation',
      [row(1, 'agentReply', '2026-03-02T10:00'), row(2, 'resolve', '2026-03-02T08:00')],
      'Event 2 (Resolve) is before the request was created: move it later.',
    ],
    [
      'a status change without a status',
      [row(1, 'status', '2026-03-02T10:00', ' ')],
      'Event 1: name the status, for example "Waiting for customer".',
    ],
  ])('names the event to fix: %s', (_name, rows, message) => {
    expect(replayInput(form(rows))).toEqual({ ok: false, message });
  });

  it('asks for "as of" at or after the creation', () => {
    expect(replayInput(form([], ''))).toEqual({ ok: false, message: 'Enter "as of": the instant to evaluate at.' });
    expect(replayInput(form([], '2026-03-01T09:00'))).toEqual({
      ok: false,
      message: '"As of" is before the request was created: move it later.',
    });
  });

  it('adds an agent reply an hour after the latest row, with a fresh id', () => {
    const rows = [row(4, 'resolve', '2026-03-02T12:00'), row(2, 'agentReply', '2026-03-02T10:00')];
    expect(nextRow(rows, CREATED)).toEqual(row(5, 'agentReply', '2026-03-02T13:00'));
    expect(nextRow([], CREATED)).toEqual(row(1, 'agentReply', '2026-03-02T10:00'));
  });
});

describe('the sample a new admin starts from, replayed', () => {
  it('shows two resolution cycles (reopened) and the next-reply rounds, each burst of customer comments one cycle', async () => {
    const created = Date.parse(local(CREATED));
    const rows = defaultSampleRows(created);
    const built = replayInput({ ...form(rows), created: isoToLocalInput(created), asOf: isoToLocalInput(created + 30 * 3_600_000) });
    if (!built.ok) throw new Error(built.message);
    const answer = await previewCyclesAnswer(built.input);
    if (!answer.ok) throw new Error(answer.message);
    const byId = Object.fromEntries(answer.metrics.map((m) => [m.id, m]));
    // Resolution: created → resolved after 4h (met, 8h target); reopened a day later → resolved 4h after that.
    expect(cycleRows(byId.resolution!).map((r) => [r.cycle, r.outcome, r.used])).toEqual([
      [1, 'met', '4h of 8h'],
      [2, 'met', '4h of 8h'],
    ]);
    // Next reply: comments at +1h and +1h10 are one cycle answered at +3h (2h of 1h: breached); +24h answered at +26h.
    expect(cycleRows(byId.nextReply!).map((r) => [r.cycle, r.outcome, r.used])).toEqual([
      [1, 'breached', '2h of 1h'],
      [2, 'breached', '2h of 1h'],
    ]);
    expect(byId.nextReply!.breachedCycles).toBe(2);
  });
});

describe('ReplayResult', () => {
  it('has one table per metric with a target and one row per cycle, the current one marked', () => {
    const html = renderToStaticMarkup(
      <ReplayResult
        result={{ ok: true, asOf: '2026-03-03T14:00:00.000Z', metrics: cyclesState().metrics }}
        viewer={{ timeZone: 'UTC', locale: 'en-GB' }}
      />,
    );
    const tables = [...html.matchAll(/<table data-metric="(\w+)"/g)].map((match) => match[1]);
    expect(tables).toEqual(['firstResponse', 'workaround', 'resolution', 'nextReply']);
    const nextReply = html.slice(html.indexOf('data-metric="nextReply"'));
    expect(
      [...nextReply.matchAll(/<tr data-cycle="(\d)" data-outcome="([\w ]+)"( class="replay-current")?/g)].map((m) => [
        m[1],
        m[2],
        Boolean(m[3]),
      ]),
    ).toEqual([
      ['1', 'met', false],
      ['2', 'breached', false],
      ['3', 'running', true],
    ]);
    expect(nextReply.replace(/<[^>]+>/g, ' ')).toContain('Next reply: 3 cycles, 1 breached');
  });
});
