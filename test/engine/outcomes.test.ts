/**
 * Outcome records and the decision which to write (src/engine/outcomes.ts), on the cycles example policy
 * (docs/examples/cycles-policy.yaml: America/New_York, Mon–Fri 09:00–18:00; resolution repeats on reopen).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, loadPolicy, outcomeDecision, outcomeRecords, type CompiledPolicy, type OutcomeRecord } from '../../src/engine';
import { AGENT, buildIssue, withComment, withReopen, withResolution, withStatusChange } from '../builders/jira-issue';

const loaded = loadPolicy(readFileSync(join(__dirname, '../../docs/examples/cycles-policy.yaml'), 'utf8'));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const policy: CompiledPolicy = loaded.policy;
const SOURCE = { issueId: '10001', issueKey: 'SUP-1', projectKey: 'SUP', policyScope: 'site', policyVersion: 3 };

function recordsAt(issue: unknown, nowIso: string): OutcomeRecord[] {
  return outcomeRecords(policy, evaluate(policy, issue, Date.parse(nowIso)), issue, SOURCE);
}
const of = (records: OutcomeRecord[], metricId: string, cycle = 1) => records.find((r) => r.metricId === metricId && r.cycle === cycle);

// Created Mon 2026-11-16 09:00 New York (14:00Z), P3 (4h first response, 2d resolution), standard plan.
const created = buildIssue({
  fields: { customfield_10002: [{ id: '1', name: 'Acme Corp' }] },
  names: { customfield_10002: 'Organizations' },
});

describe('outcomeRecords', () => {
  it('opens a record per started metric with a target, then decides it with business and paused minutes', () => {
    const open = recordsAt(created, '2026-11-16T15:00:00Z'); // Mon 10:00 New York
    expect(open.map((r) => r.metricId).sort()).toEqual(['firstResponse', 'resolution']);
    expect(of(open, 'firstResponse')).toMatchObject({
      status: 'open',
      cycle: 1,
      organization: 'Acme Corp',
      planId: 'standard',
      priorityId: 'P3',
      policyVersion: 3,
      startedAt: Date.parse('2026-11-16T14:00:00Z'),
      decidedAt: null,
      completedAt: null,
      businessMinutes: null,
      pausedMinutes: null,
      breached: false,
    });
    // Waiting for customer Mon 10:00–11:00 (paused), agent's public reply Mon 12:00 (Mon, New York).
    let issue = withStatusChange(created, '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer');
    issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Waiting for customer', 'In Progress');
    issue = withComment(issue, { at: '2026-11-16T17:00:00Z', by: AGENT });
    const met = of(recordsAt(issue, '2026-11-16T18:00:00Z'), 'firstResponse')!;
    expect(met).toMatchObject({ status: 'met', breached: false, businessMinutes: 120, pausedMinutes: 60 });
    expect(met.decidedAt).toBe(Date.parse('2026-11-16T17:00:00Z'));
    expect(met.completedAt).toBe(Date.parse('2026-11-16T17:00:00Z'));
  });

  it('decides a breach at the due instant while the metric still runs, and fills the minutes once it stops', () => {
    // 4h of Mon 09:00–18:00: due Mon 13:00 New York (18:00Z).
    const running = of(recordsAt(created, '2026-11-16T20:00:00Z'), 'firstResponse')!;
    expect(running).toMatchObject({ status: 'breached', breached: true, completedAt: null, businessMinutes: null });
    expect(running.decidedAt).toBe(Date.parse('2026-11-16T18:00:00Z'));
    const stopped = of(
      recordsAt(withComment(created, { at: '2026-11-16T20:00:00Z', by: AGENT }), '2026-11-16T21:00:00Z'),
      'firstResponse',
    )!;
    expect(stopped).toMatchObject({ status: 'breached', businessMinutes: 360, decidedAt: Date.parse('2026-11-16T18:00:00Z') });
  });

  it('keeps a record per cycle of a reopened issue', () => {
    let issue = withResolution(created, '2026-11-16T16:00:00Z'); // Mon 11:00 New York
    issue = withReopen(issue, '2026-11-17T14:00:00Z'); // Tue 09:00
    const records = recordsAt(issue, '2026-11-17T15:00:00Z');
    expect(of(records, 'resolution', 1)).toMatchObject({
      status: 'met',
      businessMinutes: 120,
      completedAt: Date.parse('2026-11-16T16:00:00Z'),
    });
    expect(of(records, 'resolution', 2)).toMatchObject({ status: 'open', startedAt: Date.parse('2026-11-17T14:00:00Z') });
  });

  it('cuts a hostile organization name to 255 characters', () => {
    const issue = buildIssue({
      fields: { customfield_10002: [{ id: '1', name: 'x'.repeat(5_000) }] },
      names: { customfield_10002: 'Organizations' },
    });
    expect(recordsAt(issue, '2026-11-16T15:00:00Z')[0]!.organization).toHaveLength(255);
  });
});

describe('outcomeDecision', () => {
  const NOW = Date.parse('2026-11-20T12:00:00Z');
  const open = recordsAt(created, '2026-11-16T15:00:00Z');
  const other = open.map((r) => ({ ...r, issueId: '10002', issueKey: 'SUP-2' }));

  it('writes new and changed records only', () => {
    expect(outcomeDecision([], open, ['10001'], NOW)).toEqual({ upserts: open, unchanged: 0 });
    expect(outcomeDecision(open, open, ['10001'], NOW)).toEqual({ upserts: [], unchanged: 2 });
    const changed = open.map((r) =>
      r.metricId === 'resolution' ? { ...r, dueAt: r.dueAt! + 3_600_000, policyVersion: 4 } : { ...r, policyVersion: 4 },
    );
    // A new policy version alone changes nothing; the record whose due moved is rewritten (with the new version).
    expect(outcomeDecision(open, changed, ['10001'], NOW)).toEqual({ upserts: [of(changed, 'resolution')], unchanged: 1 });
  });

  it('decides a duplicated record once', () => {
    expect(outcomeDecision([], [...open, ...open], ['10001'], NOW).upserts).toHaveLength(open.length);
  });

  it('abandons the open records of a gone issue at now, keeps its decided ones, and leaves other issues alone', () => {
    const stored = [
      { ...open[0]!, status: 'met' as const, decidedAt: NOW - 1, completedAt: NOW - 1, businessMinutes: 5, pausedMinutes: 0 },
      open[1]!,
      ...other,
    ];
    const decision = outcomeDecision(stored, [], ['10001'], NOW);
    expect(decision.upserts).toEqual([{ ...open[1]!, status: 'abandoned', decidedAt: NOW, completedAt: NOW }]);
    expect(decision.unchanged).toBe(1);
  });
});
