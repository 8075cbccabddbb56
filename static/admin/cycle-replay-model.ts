/**
 * The cycle replay's pure parts: the sample history a new admin starts from, the editor's rows as the resolver's
 * input, and each metric's cycles (past and current) as table rows. Kept apart from the React component so they
 * are unit-tested in Node.
 */
import type { PreviewCyclesInput, SampleEventDto } from '../../src/contracts/cycle-preview';
import type { MetricState } from '../../src/engine/evaluate';
import type { CompletedCycle } from '../../src/engine/metric-state';
import { dayLengthFor, formatMinutes } from '../../src/engine/sla-words';
import { isoToLocalInput, localInputToIso } from './editor-model';

export type SampleKind = SampleEventDto['kind'];

/** The kinds in the order the editor offers them, with their words. */
export const SAMPLE_KIND_WORDS: Record<SampleKind, string> = {
  customerComment: 'Customer comment',
  agentReply: 'Agent reply',
  internalNote: 'Internal note',
  status: 'Status change to…',
  resolve: 'Resolve',
  reopen: 'Reopen',
};

/** One row of the editor: a kind, an instant as the datetime-local input holds it, and a status for status changes. */
export interface SampleRow {
  id: number;
  kind: SampleKind;
  /** `YYYY-MM-DDTHH:mm` in the browser's zone. */
  at: string;
  status: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The history a new admin starts from, `created` in ms: answered, two customer comments in a burst, answered,
 * resolved; a day later reopened with a customer comment, answered and resolved again — two resolution cycles and
 * two reply rounds.
 * @example defaultSampleRows(Date.parse('2026-03-02T09:00:00Z')).map((row) => row.kind) //=> ['agentReply', 'customerComment', …, 'resolve']
 */
export function defaultSampleRows(created: number): SampleRow[] {
  const steps: Array<[SampleKind, number]> = [
    ['agentReply', 30 * MINUTE_MS],
    ['customerComment', 1 * HOUR_MS],
    ['customerComment', 1 * HOUR_MS + 10 * MINUTE_MS],
    ['agentReply', 3 * HOUR_MS],
    ['resolve', 4 * HOUR_MS],
    ['reopen', 24 * HOUR_MS],
    ['customerComment', 24 * HOUR_MS],
    ['agentReply', 26 * HOUR_MS],
    ['resolve', 28 * HOUR_MS],
  ];
  return steps.map(([kind, offset], index) => ({ id: index + 1, kind, at: isoToLocalInput(created + offset), status: '' }));
}

/** A row for "Add event": an hour after the latest row (or after `created`), an agent reply. */
export function nextRow(rows: readonly SampleRow[], created: string): SampleRow {
  const instants = [created, ...rows.map((row) => row.at)]
    .map((value) => localInputToIso(value))
    .filter((iso): iso is string => iso !== null);
  const latest = instants.length === 0 ? 0 : Math.max(...instants.map((iso) => Date.parse(iso)));
  return { id: Math.max(0, ...rows.map((row) => row.id)) + 1, kind: 'agentReply', at: isoToLocalInput(latest + HOUR_MS), status: '' };
}

/**
 * The resolver input for the editor's rows, or the first thing to fix (which row, and what to do).
 * @example replayInput({ source, plan: 'standard', priority: 'P1', created: '2026-03-02T09:00', rows: [], asOf: '' })
 * //=> { ok: false, message: 'Enter "as of": the instant to evaluate at.' }
 */
export function replayInput(form: {
  source: string;
  plan: string;
  priority: string;
  created: string;
  rows: readonly SampleRow[];
  asOf: string;
}): { ok: true; input: PreviewCyclesInput } | { ok: false; message: string } {
  const created = localInputToIso(form.created);
  if (created === null) return { ok: false, message: 'Enter when the request was created.' };
  const events: SampleEventDto[] = [];
  for (const [index, row] of form.rows.entries()) {
    const at = localInputToIso(row.at);
    if (at === null) return { ok: false, message: `Event ${index + 1} (${SAMPLE_KIND_WORDS[row.kind]}): enter its date and time.` };
    if (Date.parse(at) < Date.parse(created))
      return {
        ok: false,
        message: `Event ${index + 1} (${SAMPLE_KIND_WORDS[row.kind]}) is before the request was created: move it later.`,
      };
    if (row.kind === 'status') {
      if (row.status.trim() === '')
        return { ok: false, message: `Event ${index + 1}: name the status, for example "Waiting for customer".` };
      events.push({ kind: 'status', at, status: row.status.trim() });
    } else if (row.kind === 'reopen' && row.status.trim() !== '') {
      events.push({ kind: 'reopen', at, status: row.status.trim() });
    } else {
      events.push({ kind: row.kind, at } as SampleEventDto);
    }
  }
  const asOf = localInputToIso(form.asOf);
  if (asOf === null) return { ok: false, message: 'Enter "as of": the instant to evaluate at.' };
  if (Date.parse(asOf) < Date.parse(created)) return { ok: false, message: '"As of" is before the request was created: move it later.' };
  return { ok: true, input: { source: form.source, plan: form.plan, priority: form.priority, created, events, asOf } };
}

/** One cycle of a metric as the replay table shows it. */
export interface CycleRow {
  cycle: number;
  current: boolean;
  startedAt: string;
  /** When it stopped; null while it runs or is paused. */
  stoppedAt: string | null;
  dueAt: string | null;
  /** met, breached, running, at risk, paused. */
  outcome: string;
  /** Business time used of the target, in words. */
  used: string;
  /** Why it started and stopped (past cycles), or the current cycle's last clock event. */
  reason: string;
}

function usedWords(elapsedMinutes: number, targetMinutes: number | null, days: number | undefined): string {
  return targetMinutes === null
    ? `${formatMinutes(elapsedMinutes, days)} (no target)`
    : `${formatMinutes(elapsedMinutes, days)} of ${formatMinutes(targetMinutes, days)}`;
}

/**
 * Every cycle of a metric, oldest first: its past cycles, then the current one (when it has started).
 * @example cycleRows(metricWithReopen)[1] //=> { cycle: 2, current: true, outcome: 'running', used: '1h of 8h', … }
 */
export function cycleRows(metric: MetricState): CycleRow[] {
  const days = dayLengthFor(metric.target);
  const past = metric.pastCycles.map((cycle: CompletedCycle): CycleRow => ({
    cycle: cycle.cycle,
    current: false,
    startedAt: cycle.startedAt,
    stoppedAt: cycle.stoppedAt,
    dueAt: cycle.dueAt,
    outcome: cycle.status,
    used: usedWords(cycle.elapsedMinutes, cycle.targetMinutes, days),
    reason: `${cycle.reason.started}; ${cycle.reason.stopped}`,
  }));
  if (metric.cycle === 0 || metric.startedAt === null) return past;
  const last = metric.history[metric.history.length - 1];
  const outcome = metric.status === 'running' && metric.atRisk ? 'at risk' : metric.status;
  return [
    ...past,
    {
      cycle: metric.cycle,
      current: true,
      startedAt: metric.startedAt,
      stoppedAt: metric.stoppedAt,
      dueAt: metric.dueAt,
      outcome,
      used: usedWords(metric.elapsedMinutes, metric.targetMinutes, days),
      reason: last?.reason ?? '',
    },
  ];
}
