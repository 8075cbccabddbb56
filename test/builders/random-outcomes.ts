/**
 * Random outcome records for the report tests: issues with one or two metrics (some reopened: a second cycle), in
 * several projects, organizations (none, names sharing a prefix, non-ASCII), plans and priorities, every status, on
 * a 15-minute grid so that many records share an instant (ties at a period's edge and in the breach list's order).
 * The same seed gives the same records.
 *
 *   randomOutcomes({ seed: 7, issues: 2, from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z') })
 *   //=> [{ issueId: '20001', metricId: 'firstResponse', cycle: 1, status: 'met', … }, …]
 */
import { seededRandom } from '../../emulator/jira/faults';
import type { OutcomeRecord } from '../../src/engine/outcomes';
import { OUTCOME_COLUMNS } from '../../src/forge/outcomes';

const GRID_MS = 15 * 60_000;
export const RANDOM_OUTCOME_PROJECTS = ['SUP', 'OPS', 'HIDDEN'] as const;
export const RANDOM_OUTCOME_ORGANIZATIONS = [null, 'Acme', 'Acme Labs', 'Globex', 'Ünited'] as const;
export const RANDOM_OUTCOME_PLANS = ['standard', 'premium'] as const;
const PRIORITIES = ['P1', 'P2', 'P3'] as const;
const METRICS = [
  { id: 'firstResponse', target: 240 },
  { id: 'resolution', target: 2_400 },
] as const;

/** One INSERT of `records` into sla_outcome (at most a few thousand: one request). */
export function outcomeInsert(records: readonly OutcomeRecord[], recordedAt: number): { query: string; params: unknown[] } {
  const columns = [...OUTCOME_COLUMNS.map(([, column]) => column), 'recorded_at'];
  const row = `(${columns.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  for (const record of records) {
    for (const [key] of OUTCOME_COLUMNS) {
      const value = record[key];
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    params.push(recordedAt);
  }
  return { query: `INSERT INTO sla_outcome (${columns.join(', ')}) VALUES ${records.map(() => row).join(', ')}`, params };
}

export function randomOutcomes(options: { seed: number; issues: number; from: number; to: number }): OutcomeRecord[] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const onGrid = (ms: number): number => Math.floor(ms / GRID_MS) * GRID_MS;
  const records: OutcomeRecord[] = [];
  for (let i = 1; i <= options.issues; i++) {
    const projectKey = pick(RANDOM_OUTCOME_PROJECTS);
    const issue = {
      issueId: String(20_000 + i),
      issueKey: `${projectKey}-${i}`,
      projectKey,
      organization: pick(RANDOM_OUTCOME_ORGANIZATIONS),
      policyScope: 'site',
      policyVersion: 1,
    };
    const created = onGrid(options.from + random() * (options.to - options.from));
    const cycles = random() < 0.15 ? 2 : 1;
    for (const metric of METRICS) {
      if (metric.id === 'resolution' && random() < 0.2) continue;
      let startedAt = created;
      for (let cycle = 1; cycle <= cycles; cycle++) {
        const dueAt = startedAt + metric.target * 60_000;
        const usedMinutes = Math.floor((random() * metric.target * 1.5) / 15) * 15;
        const stoppedAt = startedAt + usedMinutes * 60_000;
        const roll = random();
        // An earlier cycle always stopped; the last one may still run, or be abandoned with its issue.
        const status =
          cycle < cycles || roll < 0.75 ? (usedMinutes > metric.target ? 'breached' : 'met') : roll < 0.9 ? 'open' : 'abandoned';
        const stillRunning = status === 'breached' && cycle === cycles && roll > 0.65;
        const abandonedAt = onGrid(startedAt + random() * metric.target * 60_000);
        records.push({
          ...issue,
          metricId: metric.id,
          cycle,
          planId: pick(RANDOM_OUTCOME_PLANS),
          priorityId: pick(PRIORITIES),
          status,
          startedAt,
          dueAt: status === 'open' && random() < 0.3 ? null : dueAt,
          decidedAt: status === 'met' ? stoppedAt : status === 'breached' ? dueAt : status === 'abandoned' ? abandonedAt : null,
          completedAt:
            status === 'met' || (status === 'breached' && !stillRunning) ? stoppedAt : status === 'abandoned' ? abandonedAt : null,
          businessMinutes: status === 'met' || (status === 'breached' && !stillRunning) ? usedMinutes : null,
          pausedMinutes: status === 'met' || (status === 'breached' && !stillRunning) ? Math.floor(random() * 30) : null,
          breached: status === 'breached',
          escalationLevel: status === 'breached' ? 1 + Math.floor(random() * 3) : 0,
        });
        // The next cycle starts when the issue is reopened, after this one stopped.
        startedAt = onGrid(stoppedAt + random() * 3 * 86_400_000) + GRID_MS;
      }
    }
  }
  return records;
}
