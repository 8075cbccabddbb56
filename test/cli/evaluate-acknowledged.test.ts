/**
 * `sla evaluate --acknowledged` and a batch line's `"acknowledgedAt"`: the instants an escalation request was
 * acknowledged in the SLA panel, fed to the evaluation as the app feeds them, so a metric stopped by an
 * acknowledgement stops on the command line too. Policy: test/builders/ack-policy.ts (Mon–Fri 09:00–18:00
 * America/New_York, 4h targets); the issue's label `escalation-requested` is added Mon 2026-11-16 10:00 EST.
 */
import { runCli, type CliIo } from '../../src/cli/run-cli';
import { ackPolicyYaml } from '../builders/ack-policy';
import { buildIssue, withLabelAdded } from '../builders/jira-issue';

const POLICY = 'ack-policy.yaml';
const ISSUE = 'issue.json';
const issue = withLabelAdded(buildIssue({ key: 'SUP-7' }), '2026-11-16T15:00:00Z', 'escalation-requested'); // Mon 10:00 EST

function run(argv: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const files: Record<string, string> = { [POLICY]: ackPolicyYaml(), [ISSUE]: JSON.stringify(issue) };
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: () => stdin,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    now: () => Date.parse('2026-11-16T20:00:00Z'),
  };
  return { code: runCli(argv, io), stdout, stderr };
}

const evaluateAt = ['evaluate', '--policy', POLICY, '--issue', ISSUE, '--now', '2026-11-16T20:00:00Z', '--json']; // Mon 15:00 EST

function byLabel(stdout: string): Record<string, unknown> {
  const state = JSON.parse(stdout) as { metrics: Array<Record<string, unknown>> };
  return state.metrics.find((metric) => metric.id === 'byLabel')!;
}

describe('sla evaluate --acknowledged', () => {
  it('without an acknowledgement the request runs on past its due instant (Mon 14:00 EST)', () => {
    const result = run(evaluateAt);
    expect(result.code).toBe(0);
    expect(byLabel(result.stdout)).toMatchObject({ status: 'breached', stoppedAt: null, dueAt: '2026-11-16T19:00:00.000Z' });
  });

  it.each([
    // [--acknowledged values, status, stoppedAt]
    [['2026-11-16T16:30:00Z'], 'met', '2026-11-16T16:30:00.000Z'], // Mon 11:30 EST, within the 4h
    [['2026-11-16T11:30'], 'met', '2026-11-16T16:30:00.000Z'], // no offset: wall clock in the policy's zone (New York)
    [['2026-11-16T19:30:00Z'], 'breached', '2026-11-16T19:30:00.000Z'], // Mon 14:30 EST, after the due instant
    [['2026-11-16T14:30:00Z'], 'breached', null], // Mon 09:30 EST, before the request: stops nothing
    [['2026-11-16T18:00:00Z', '2026-11-16T16:00:00Z'], 'met', '2026-11-16T16:00:00.000Z'], // repeatable, any order: the first after the request
  ])('--acknowledged %j → %s, stopped at %s', (instants, status, stoppedAt) => {
    const result = run([...evaluateAt, ...instants.flatMap((at) => ['--acknowledged', at])]);
    expect(result.stderr).toBe('');
    expect(byLabel(result.stdout)).toMatchObject({ status, stoppedAt });
  });

  it('refuses an instant that is not ISO-8601, naming it', () => {
    const result = run([...evaluateAt, '--acknowledged', '2026-11-16T16:30:00Z', '--acknowledged', '16/11/2026 11:30']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("sla: --acknowledged '16/11/2026 11:30' is not an ISO-8601 instant; write e.g. 2026-11-20T16:30:00-05:00\n");
    expect(result.stdout).toBe('');
  });

  it('is refused next to --batch: a batch line carries its own "acknowledgedAt"', () => {
    const result = run(['evaluate', '--batch', '-', '--policy', POLICY, '--acknowledged', '2026-11-16T16:30:00Z']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--batch takes only --policy and --now (got --acknowledged)');
  });
});

describe('sla evaluate --batch with "acknowledgedAt"', () => {
  it('stops each line on its own acknowledgements and answers a bad instant on its line', () => {
    const lines = [
      { issue, now: '2026-11-16T20:00:00Z', acknowledgedAt: ['2026-11-16T16:30:00Z'] },
      { issue, now: '2026-11-16T20:00:00Z' },
      { issue, now: '2026-11-16T20:00:00Z', acknowledgedAt: ['yesterday'] },
      { issue, now: '2026-11-16T20:00:00Z', acknowledgedAt: '2026-11-16T16:30:00Z' },
    ];
    const result = run(['evaluate', '--batch', '-', '--policy', POLICY], lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(result.code).toBe(1);
    const answers = result.stdout.trim().split('\n');
    expect(byLabel(answers[0]!)).toMatchObject({ status: 'met', stoppedAt: '2026-11-16T16:30:00.000Z' });
    expect(byLabel(answers[1]!)).toMatchObject({ status: 'breached', stoppedAt: null });
    expect(JSON.parse(answers[2]!)).toEqual({
      error: `line 3: "acknowledgedAt" 'yesterday' is not an ISO-8601 instant; write e.g. 2026-11-20T16:30:00-05:00`,
    });
    expect(JSON.parse(answers[3]!)).toEqual({
      error: 'line 4: "acknowledgedAt" must be a list of ISO-8601 strings, e.g. ["2026-11-16T16:30:00Z"]',
    });
  });
});
