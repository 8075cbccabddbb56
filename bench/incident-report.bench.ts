/**
 * `npx tsx bench/index.ts incident-report`: the incident report of one issue (src/engine/incident-report.ts) beside
 * `evaluate` of the same issue, measured in this run. The report runs once per page view (not per event), so its
 * target is absolute: within 50 ms warm for an issue with 1,000 changelog histories (the resolver has 20 s; Jira's
 * changelog pages cost far more). Its cost grows with the histories: the SLA priority, plan and region are chosen as
 * the issue stood at each instant a field they read changed (here the priority every fourth history).
 */
import { evaluate } from '../src/engine/evaluate';
import { incidentReport, type IncidentAuditRecord } from '../src/engine/incident-report';
import { testPolicy } from '../test/builders/test-policy';
import { busyIssue } from './evaluate.bench';
import { median, printTable } from './stats';

const TARGET_MS = 50;

/** A notice and an acknowledgement per ladder level, as the audit trail stores them. */
function auditOf(state: ReturnType<typeof evaluate>): IncidentAuditRecord[] {
  return state.escalation.ladder.flatMap((step): IncidentAuditRecord[] =>
    step.reached
      ? [
          {
            type: 'notice',
            kind: 'escalation',
            channel: 'email',
            status: 'sent',
            level: step.level,
            levelLabel: step.label,
            metricId: null,
            claimedAt: step.at,
            sentAt: step.at,
            recipients: [{ kind: 'group', name: 'support' }],
            note: null,
          },
          { type: 'ack', level: step.level, levelId: step.id, levelLabel: step.label, accountId: 'agent-1', at: step.at },
        ]
      : [],
  );
}

/** Median µs per call over 11 rounds of 5 calls, after 10 warm-up calls (a report of 1,000 histories takes ms). */
function measure(fn: () => unknown): number {
  for (let i = 0; i < 10; i++) fn();
  const samples: number[] = [];
  for (let round = 0; round < 11; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1_000 / 5);
  }
  return median(samples);
}

export default async function run(): Promise<void> {
  const policy = testPolicy();
  const rows = [['issue', 'evaluate µs', 'incident report µs (evaluate included)', 'entries', 'verdict']];
  for (const histories of [200, 1_000]) {
    const issue = busyIssue(histories, histories / 5);
    const now = Date.parse('2026-12-10T15:00:00Z');
    const state = evaluate(policy, issue, now);
    const audit = auditOf(state);
    const evaluateUs = measure(() => evaluate(policy, issue, now));
    const reportUs = measure(() => incidentReport({ policy, issue, state: evaluate(policy, issue, now), audit, now }));
    const entries = incidentReport({ policy, issue, state, audit, now }).entries.length;
    rows.push([
      `${histories} histories, ${histories / 5} comments`,
      evaluateUs.toFixed(0),
      `${reportUs.toFixed(0)} (${(reportUs / evaluateUs).toFixed(1)}× evaluate)`,
      String(entries),
      histories === 1_000 ? (reportUs / 1_000 <= TARGET_MS ? `meets (≤ ${TARGET_MS} ms)` : `MISSES (> ${TARGET_MS} ms)`) : '(not judged)',
    ]);
  }
  printTable(rows);
}
