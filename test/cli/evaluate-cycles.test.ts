/**
 * `sla evaluate` on a reopened issue (docs/examples): the text lists every cycle of each repeating metric (the
 * exact output is pinned by docs/policy.md through doc-examples.test.ts); `--json` carries them as data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli';

const ROOT = join(__dirname, '..', '..');

function evaluateJson(now: string): { metrics: Array<Record<string, unknown>> } {
  let stdout = '';
  const code = runCli(
    ['evaluate', '--policy', 'docs/examples/cycles-policy.yaml', '--issue', 'docs/examples/reopened-issue.json', '--now', now, '--json'],
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => {
        throw new Error(text);
      },
      readStdin: () => '',
      readFile: (path) => readFileSync(join(ROOT, path), 'utf8'),
      now: () => Date.parse(now),
    },
  );
  expect(code).toBe(0);
  return JSON.parse(stdout) as { metrics: Array<Record<string, unknown>> };
}

describe('sla evaluate --json with cycles', () => {
  it('gives every metric its cycle number, completed cycles and breached count', () => {
    const state = evaluateJson('2026-11-17T16:00:00Z'); // Tue 11:00 EST
    const byId = new Map(state.metrics.map((metric) => [metric.id, metric]));
    expect(byId.get('firstResponse')).toMatchObject({ cycle: 1, pastCycles: [], breachedCycles: 0 });
    expect(byId.get('resolution')).toMatchObject({
      cycle: 2,
      status: 'running',
      pastCycles: [{ cycle: 1, status: 'met', startedAt: '2026-11-16T14:00:00.000Z', stoppedAt: '2026-11-16T16:00:00.000Z' }],
    });
    expect(byId.get('update')).toMatchObject({ cycle: 4 });
    expect(byId.get('update')?.pastCycles).toHaveLength(3);
  });

  it('before the reopening, the resolution shows its one met cycle', () => {
    const state = evaluateJson('2026-11-16T20:00:00Z'); // Mon 15:00 EST
    expect(state.metrics.find((metric) => metric.id === 'resolution')).toMatchObject({ cycle: 1, status: 'met', pastCycles: [] });
  });
});
