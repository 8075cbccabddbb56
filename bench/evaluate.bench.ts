/**
 * `npx tsx bench/index.ts evaluate`: evaluating one issue with 200 changelog entries and 40 comments under a
 * policy with four metrics, pauses on a status and a field, a custom-field plan and region, and a three-level
 * ladder. Prints the median CPU time per evaluation against the 200 µs target (issue 2, section 6), wall time
 * beside it, the share taken by parsing the issue and within that by its check (`isJiraIssue`), zod's parse of
 * the same issue (what parseIssue runs for an issue the check refuses), and parseIssue set against the
 * hand-written reader issue 12 replaced (bench/legacy-issue-reader.ts, a baseline only). All in alternating rounds.
 */
import { evaluate, isJiraIssue, jiraIssueSchema, parseIssue } from '../src/engine';
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
import { parseIssue as legacyParseIssue } from './legacy-issue-reader';
import { median, printTable } from './stats';

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

/** One function's median µs per call: CPU time of the process (what the call costs) and wall-clock time. */
export interface Timing {
  cpuUs: number;
  wallUs: number;
}

/**
 * The median µs per call of each function, measured in alternating rounds (a round of each in turn, `rounds`
 * times) after warming all of them up: on a shared machine whose load changes from second to second, each
 * figure is taken under the same load as the others, and each function runs with the code the others leave
 * (one JIT state), so their ratio is fair. CPU time (`process.cpuUsage`, every thread of the process: the
 * collector's too) is what a call costs; wall time on a loaded machine adds the wait for a core.
 *
 * @example
 * measureTogether([() => evaluate(policy, busy, now), () => evaluate(policy, reopened, now)]).map((t) => t.cpuUs) //=> [101.3, 180.7]
 */
export function measureTogether(fns: ReadonlyArray<() => unknown>, rounds = 41, perRound = 100): Timing[] {
  for (const fn of fns) for (let i = 0; i < 2_000; i++) fn();
  const cpu = fns.map((): number[] => []);
  const wall = fns.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, index) => {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) fn();
      wall[index]?.push(Number(process.hrtime.bigint() - start) / 1_000 / perRound);
      const used = process.cpuUsage(cpuStart);
      cpu[index]?.push((used.user + used.system) / perRound);
    });
  }
  return fns.map((_, index) => ({ cpuUs: median(cpu[index] ?? []), wallUs: median(wall[index] ?? []) }));
}

export default async function run(): Promise<void> {
  const policy = testPolicy();
  const issue = busyIssue();
  const histories = issue.changelog.histories.length;
  const comments = issue.fields.comment.comments.length;
  const now = Date.parse('2026-12-10T15:00:00Z');
  // Sanity: the evaluation does real work on this issue (paused intervals, a premium plan, a ladder).
  const state = evaluate(policy, issue, now);

  const [evaluateT, parseT, checkT, zodT, legacyT] = measureTogether([
    () => evaluate(policy, issue, now),
    () => parseIssue(issue),
    () => isJiraIssue(issue),
    () => jiraIssueSchema.safeParse(issue),
    () => legacyParseIssue(issue),
  ]) as [Timing, Timing, Timing, Timing, Timing];
  const [evaluateUs, parseUs, checkUs, zodUs, legacyUs] = [evaluateT.cpuUs, parseT.cpuUs, checkT.cpuUs, zodT.cpuUs, legacyT.cpuUs];
  const cells = (t: Timing) => [t.cpuUs.toFixed(1), t.wallUs.toFixed(1)];
  const rows = [
    ['case', 'median CPU µs', 'wall µs', 'target µs', 'verdict'],
    [
      `evaluate (${histories} histories, ${comments} comments)`,
      ...cells(evaluateT),
      String(TARGET_US),
      evaluateUs < TARGET_US ? `meets (${(TARGET_US / evaluateUs).toFixed(1)}× under)` : 'MISSES',
    ],
    ['  of which parseIssue', ...cells(parseT), '', `${Math.round((parseUs / evaluateUs) * 100)} %`],
    ['    of which the check isJiraIssue', ...cells(checkT), '', `${Math.round((checkUs / parseUs) * 100)} % of parseIssue`],
    ['  jiraIssueSchema.safeParse (zod, for issues the check refuses)', ...cells(zodT), '', `${(zodUs / checkUs).toFixed(1)}× the check`],
    ['baseline: hand-written reader before issue 12', ...cells(legacyT), '', `parseIssue ${(parseUs / legacyUs).toFixed(2)}× its time`],
  ];
  printTable(rows);
  process.stdout.write(
    `\nstate: plan ${state.plan.id}, priority ${state.priority.id}, status ${state.status}, ` +
      `${state.metrics.map((metric) => `${metric.id} ${metric.status} (${metric.history.length} history entries)`).join(', ')}, ` +
      `escalation level ${state.escalation.level}\n`,
  );
}
