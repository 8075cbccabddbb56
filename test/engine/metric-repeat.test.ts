/**
 * The `repeat` key of a metric: the start and stop its patterns imply, and the problems of a repeating metric
 * reported at the line to fix (docs/policy.md, "Cycles").
 */
import { loadPolicy, type PolicyProblem } from '../../src/engine/load-policy';
import { withRepeatDefaults } from '../../src/engine/metric-repeat';
import { CYCLE_POLICY_YAML } from '../builders/cycle-policy';
import { lineOf } from './policy-fixture';

/** The cycle policy with one more metric, written as YAML lines under `metrics:`. */
function withMetric(lines: string): string {
  return CYCLE_POLICY_YAML.replace('targets:\n', `${lines}\ntargets:\n`);
}

/** The 1-based line of the first line containing `needle` after the line containing `after`. */
function lineAfter(text: string, after: string, needle: string): number {
  const lines = text.split('\n');
  const from = lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, at) => at > from && line.includes(needle));
  if (from < 0 || index < 0) throw new Error(`"${needle}" after "${after}" is not in the text`);
  return index + 1;
}

function problems(text: string): PolicyProblem[] {
  const result = loadPolicy(text, { format: 'yaml' });
  return result.ok ? [] : result.errors;
}

describe('repeat patterns fill in the start and stop they imply', () => {
  it('nextReply: a customer comment starts it, an agent reply or the resolution stops it', () => {
    const result = loadPolicy(CYCLE_POLICY_YAML, { format: 'yaml' });
    if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
    const nextReply = result.policy.metrics.find((metric) => metric.id === 'nextReply');
    expect(nextReply).toMatchObject({
      repeat: 'nextReply',
      start: { on: 'customerComment' },
      stop: [{ on: 'publicComment', by: 'notReporter' }, { on: 'resolution' }],
    });
    const update = result.policy.metrics.find((metric) => metric.id === 'update');
    expect(update).toMatchObject({ repeat: 'periodicUpdate', start: { on: 'created' }, stop: [{ on: 'resolution' }] });
  });

  it('keeps what the metric writes itself, and leaves other metrics alone', () => {
    expect(withRepeatDefaults({ repeat: 'nextReply', stop: [{ on: 'resolution' }] })).toEqual({
      repeat: 'nextReply',
      start: { on: 'customerComment' },
      stop: [{ on: 'resolution' }],
    });
    const plain = { id: 'x', start: { on: 'created' } };
    expect(withRepeatDefaults(plain)).toBe(plain);
    expect(withRepeatDefaults({ repeat: 'reopen' })).toEqual({ repeat: 'reopen' });
  });

  it('a metric without repeat is once, and an unknown repeat says the choices', () => {
    const text = withMetric('  - { id: other, label: Other, start: { on: created }, stop: [{ on: resolution }], repeat: always }');
    const found = problems(text).find((problem) => problem.path === 'metrics[5].repeat');
    expect(found?.message).toContain('metrics[5].repeat: must be one of once, restart, reopen, nextReply, periodicUpdate');
    expect(found?.line).toBe(lineOf(text, 'repeat: always'));
  });
});

interface BadRow {
  name: string;
  metric: string;
  path: string;
  /** The text on the line the problem is reported at. */
  line: string;
  says: string;
}

const bad: BadRow[] = [
  {
    name: 'start and only stop on the same status: no reachable stop',
    metric: `  - id: review
    label: Review
    start: { on: status, statuses: [Review] }
    stop: [{ on: status, statuses: [review] }]
    repeat: restart`,
    path: 'metrics[5].repeat',
    line: 'repeat: restart',
    says: "metrics[5] (review) repeats but has no reachable stop: entering status 'review' both starts and stops it",
  },
  {
    name: 'a field that both starts and stops it, beside a later stop: that stop fires at the start',
    metric: `  - id: escalated
    label: Escalated
    start: { on: field, field: Escalation }
    stop:
      - { on: resolution }
      - { on: field, field: escalation }
    repeat: restart`,
    path: 'metrics[5].stop[1]',
    line: '- { on: field, field: escalation }',
    says: "metrics[5] (escalated): this stop and the start can fire at the same instant (setting field 'Escalation' both starts and stops it)",
  },
  {
    name: 'restart on created: never repeats',
    metric: `  - id: again
    label: Again
    start: { on: created }
    stop: [{ on: resolution }]
    repeat: restart`,
    path: 'metrics[5].repeat',
    line: 'repeat: restart',
    says: 'its start (created) happens once, so it never repeats: use repeat: reopen',
  },
  {
    name: "next reply stopped by anyone's comment: the customer's comment would answer itself",
    metric: `  - id: reply
    label: Reply
    repeat: nextReply
    stop: [{ on: publicComment, by: anyone }]`,
    path: 'metrics[5].repeat',
    line: 'repeat: nextReply',
    says: "has no reachable stop: a customer's public comment both starts it and stops it (stop by: anyone)",
  },
  {
    name: 'periodic update with a publicComment stop: an update ends the cycle and starts the next',
    metric: `  - id: pulse
    label: Pulse
    repeat: periodicUpdate
    stop: [{ on: resolution }, { on: publicComment }]`,
    path: 'metrics[5].stop[1]',
    line: 'stop: [{ on: resolution }, { on: publicComment }]',
    says: 'an agent update both ends a cycle and starts the next, so publicComment cannot also be a stop',
  },
];

describe('a repeating metric that could never stop later than it starts is refused at its line', () => {
  it.each(bad.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const text = withMetric(row.metric);
    const found = problems(text).find((problem) => problem.path === row.path);
    if (found === undefined) throw new Error(`no problem at ${row.path}: ${JSON.stringify(problems(text))}`);
    expect(found.message).toContain(row.says);
    expect(found.message.startsWith(`${row.path}: `)).toBe(true);
    expect(found.line).toBe(lineAfter(text, row.metric.split('\n')[0] ?? '', row.line));
  });

  it('the same start and stop are fine on a metric that runs once', () => {
    const text = withMetric(`  - id: review
    label: Review
    start: { on: status, statuses: [Review] }
    stop: [{ on: status, statuses: [Review] }]`);
    expect(problems(text)).toEqual([]);
  });
});
