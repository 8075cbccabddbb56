/**
 * `npx tsx bench/index.ts evaluate`: evaluating one issue with 200 changelog entries and 40 comments under a
 * policy with four metrics, pauses on a status and a field, a custom-field plan and region, and a three-level
 * ladder. Prints the median warm time per evaluation against the 200 µs target (issue 2, section 6), the share
 * taken by parsing the issue, and within that the share of validating it with zod (the one parser, issue.ts).
 */
import { evaluate, jiraIssueSchema, parseIssue } from '../src/engine';
import {
  AGENT,
  buildIssue,
  withComment,
  withFieldChange,
  withLabelAdded,
  withPriorityChange,
  withStatusChange,
  type BuiltIssue,
} from '../test/builders/jira-issue';
import { FIELD, FIELD_NAMES, testPolicy } from '../test/builders/test-policy';
import { median } from './stats';

const TARGET_US = 200;
const HOUR = 3_600_000;

/** An issue created Mon 2026-11-16 09:00 New York with `entries` changelog histories spread over three weeks. */
export function busyIssue(entries = 200, comments = 40): BuiltIssue {
  const created = Date.parse('2026-11-16T14:00:00Z');
  let issue = buildIssue({
    created: new Date(created).toISOString(),
    summary: 'Checkout outage for some customers',
    names: FIELD_NAMES,
    fields: { [FIELD.supportPlan]: { value: 'Premium' }, [FIELD.region]: { value: 'US' } },
  });
  // Histories one business-ish hour apart, cycling through the changes an agent makes.
  const step = (21 * 24 * HOUR) / entries;
  const statuses = ['Open', 'In Progress', 'Waiting for customer', 'In Progress'];
  let status = 'Open';
  let priority = 'Medium';
  for (let i = 0; i < entries; i++) {
    const at = new Date(created + Math.round((i + 1) * step)).toISOString();
    switch (i % 4) {
      case 0:
      case 1: {
        const next = statuses[(statuses.indexOf(status) + 1) % statuses.length] ?? 'Open';
        issue = withStatusChange(issue, at, status, next);
        status = next;
        break;
      }
      case 2: {
        const next = priority === 'Medium' ? 'High' : 'Medium';
        issue = withPriorityChange(issue, at, priority, next);
        priority = next;
        break;
      }
      default:
        if (i % 8 === 3) issue = withLabelAdded(issue, at, `tag-${i}`);
        else
          issue = withFieldChange(issue, at, {
            fieldId: FIELD.pendingReason,
            name: 'Pending reason',
            value: i % 16 === 7 ? { value: 'Customer' } : null,
          });
    }
  }
  for (let c = 0; c < comments; c++) {
    const at = new Date(created + Math.round((c + 0.5) * ((21 * 24 * HOUR) / comments))).toISOString();
    issue = withComment(issue, { at, by: c % 3 === 0 ? 'customer-1' : AGENT, public: c % 5 !== 4 });
  }
  return issue;
}

/** Median µs per call over `rounds` rounds of `perRound` calls, after a warm-up. */
export function measure(fn: () => unknown, rounds = 41, perRound = 200): number {
  for (let i = 0; i < 2_000; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1_000 / perRound);
  }
  return median(samples);
}

export default async function run(): Promise<void> {
  const policy = testPolicy();
  const issue = busyIssue();
  const histories = issue.changelog.histories.length;
  const comments = issue.fields.comment.comments.length;
  const now = Date.parse('2026-12-10T15:00:00Z');
  // Sanity: the evaluation does real work on this issue (paused intervals, a premium plan, a ladder).
  const state = evaluate(policy, issue, now);

  const evaluateUs = measure(() => evaluate(policy, issue, now));
  const parseUs = measure(() => parseIssue(issue));
  const zodUs = measure(() => jiraIssueSchema.safeParse(issue));
  const rows = [
    ['case', 'median warm µs', 'target µs', 'verdict'],
    [
      `evaluate (${histories} histories, ${comments} comments)`,
      evaluateUs.toFixed(1),
      String(TARGET_US),
      evaluateUs < TARGET_US ? `meets (${(TARGET_US / evaluateUs).toFixed(1)}× under)` : 'MISSES',
    ],
    ['  of which parseIssue', parseUs.toFixed(1), '', `${Math.round((parseUs / evaluateUs) * 100)} %`],
    ['    of which jiraIssueSchema.safeParse', zodUs.toFixed(1), '', `${Math.round((zodUs / parseUs) * 100)} % of parseIssue`],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  for (const row of rows)
    process.stdout.write(
      `${row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  process.stdout.write(
    `\nstate: plan ${state.plan.id}, priority ${state.priority.id}, status ${state.status}, ` +
      `${state.metrics.map((metric) => `${metric.id} ${metric.status} (${metric.history.length} history entries)`).join(', ')}, ` +
      `escalation level ${state.escalation.level}\n`,
  );
}
