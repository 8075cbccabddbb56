/**
 * Properties of cycles over random histories on the cycle test policy (America/New_York Mon–Fri 09:00–18:00,
 * Thanksgiving closed): the cycles of a metric never overlap, and together they never take more business time
 * than the issue was open (created to now, minus the stretches it was resolved), for every way a metric repeats.
 */
import fc from 'fast-check';
import { evaluate } from '../../src/engine';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withPriorityChange,
  withReopen,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';
import { cyclePolicy } from '../builders/cycle-policy';

const policy = cyclePolicy();
const ny = policy.calendar('ny');
const MINUTE = 60_000;
const CREATED = Date.parse('2026-11-16T14:00:00Z'); // Mon 09:00 EST

const KINDS = ['customer', 'agent', 'note', 'resolve', 'reopen', 'wait', 'unwait', 'triage', 'progress', 'highest'] as const;
type Kind = (typeof KINDS)[number];

/** Applies one random step where it makes sense (a reopen only when resolved, and so on); otherwise skips it. */
function apply(issue: BuiltIssue, kind: Kind, at: string): BuiltIssue {
  const resolved = issue.fields.resolution !== null && issue.fields.resolution !== undefined;
  const status = issue.fields.status.name;
  switch (kind) {
    case 'customer':
      return withComment(issue, { at, by: REPORTER });
    case 'agent':
      return withComment(issue, { at, by: AGENT });
    case 'note':
      return withComment(issue, { at, by: AGENT, public: false });
    case 'resolve':
      return resolved ? issue : withResolution(issue, at);
    case 'reopen':
      return resolved ? withReopen(issue, at) : issue;
    case 'wait':
      return resolved || status === 'Waiting for customer' ? issue : withStatusChange(issue, at, status, 'Waiting for customer');
    case 'unwait':
      return status === 'Waiting for customer' ? withStatusChange(issue, at, status, 'In Progress') : issue;
    case 'triage':
      return resolved || status === 'Triage' ? issue : withStatusChange(issue, at, status, 'Triage');
    case 'progress':
      return resolved || status === 'In Progress' ? issue : withStatusChange(issue, at, status, 'In Progress');
    case 'highest':
      return withPriorityChange(issue, at, 'Medium', 'Highest');
  }
}

/** Business ms the issue was open in [CREATED, now): resolved stretches left out. */
function openBusinessTime(issue: BuiltIssue, steps: ReadonlyArray<{ kind: Kind; at: number }>, now: number): number {
  let total = 0;
  let openSince: number | null = CREATED;
  let resolved = false;
  for (const step of steps) {
    if (step.kind === 'resolve' && !resolved) {
      resolved = true;
      total += ny.businessTimeBetween(openSince ?? step.at, step.at);
      openSince = null;
    } else if (step.kind === 'reopen' && resolved) {
      resolved = false;
      openSince = step.at;
    }
  }
  if (openSince !== null) total += ny.businessTimeBetween(openSince, now);
  expect(resolved).toBe(issue.fields.resolution !== null && issue.fields.resolution !== undefined);
  return total;
}

const history = fc.record({
  summary: fc.constantFrom('Checkout outage', 'A question about invoices'),
  steps: fc.array(fc.record({ gapMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }), kind: fc.constantFrom(...KINDS) }), { maxLength: 40 }),
  tailMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
});

describe('cycle properties', () => {
  it('the cycles of every metric are in order, never overlap, and never take more business time than the issue was open', () => {
    fc.assert(
      fc.property(history, ({ summary, steps, tailMinutes }) => {
        let issue = buildIssue({ created: new Date(CREATED).toISOString(), summary });
        let at = CREATED;
        const applied: Array<{ kind: Kind; at: number }> = [];
        for (const step of steps) {
          at += step.gapMinutes * MINUTE;
          issue = apply(issue, step.kind, new Date(at).toISOString());
          applied.push({ kind: step.kind, at });
        }
        const now = at + tailMinutes * MINUTE;
        const open = openBusinessTime(issue, applied, now);
        const state = evaluate(policy, issue, now);
        for (const metric of state.metrics) {
          const spans = metric.pastCycles.map((cycle) => ({
            from: Date.parse(cycle.startedAt),
            to: Date.parse(cycle.stoppedAt),
            used: cycle.elapsedMinutes,
          }));
          if (metric.startedAt !== null) {
            spans.push({
              from: Date.parse(metric.startedAt),
              to: metric.stoppedAt === null ? now : Date.parse(metric.stoppedAt),
              used: metric.elapsedMinutes,
            });
          }
          expect(spans).toHaveLength(metric.cycle);
          let total = 0;
          spans.forEach((span, index) => {
            expect(span.from).toBeLessThanOrEqual(span.to);
            if (index > 0) expect(span.from).toBeGreaterThanOrEqual(spans[index - 1]?.to ?? -Infinity);
            const length = ny.businessTimeBetween(span.from, span.to);
            expect(span.used * MINUTE).toBeLessThanOrEqual(length);
            total += length;
          });
          expect(total).toBeLessThanOrEqual(open);
          expect(metric.breachedCycles).toBe(
            metric.pastCycles.filter((cycle) => cycle.status === 'breached').length + (metric.status === 'breached' ? 1 : 0),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
