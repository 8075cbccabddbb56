/**
 * Every `npx sla …` example in README.md and docs/*.md runs as written (from the repository root, with the
 * sample issue docs/examples/issue.json); an example written `$ npx sla …` with its output below must print
 * exactly that output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli';

const ROOT = join(__dirname, '..', '..');

interface Example {
  where: string;
  argv: string[];
  stdin: string;
  /** The output printed under a `$ ` example (stdout, or stderr for a failing one); null when none is shown. */
  expected: string | null;
}

function examplesIn(file: string): Example[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Example[] = [];
  let inBlock = false;
  lines.forEach((line, index) => {
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      return;
    }
    if (!inBlock) return;
    const match = /^(\$ |\s*\| )?npx sla (.*)$/.exec(line);
    if (!match) return;
    const command = (match[2] ?? '').replace(/\s+#.*$/, '').trim();
    let stdin = '';
    if (match[1]?.includes('|')) {
      // `echo '<json>' \` on the line before, piped in.
      stdin = /^echo '(.*)' \\$/.exec(lines[index - 1] ?? '')?.[1] ?? '';
    }
    let expected: string | null = null;
    if (match[1] === '$ ') {
      const shown: string[] = [];
      for (let next = index + 1; next < lines.length && !(lines[next] ?? '').startsWith('```'); next += 1) shown.push(lines[next] ?? '');
      expected = shown.join('\n').trimEnd();
    }
    out.push({ where: `${file}:${index + 1}`, argv: command.split(/\s+/), stdin, expected });
  });
  return out;
}

const docs = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const examples = docs.flatMap(examplesIn);

it('finds the documented examples, the sample issue among them', () => {
  expect(examples.length).toBeGreaterThanOrEqual(7);
  expect(examples.some((example) => example.argv.includes('docs/examples/issue.json'))).toBe(true);
});

it.each(examples.map((example) => [example.where, example] as const))('%s runs as documented', (_where, example) => {
  let stdout = '';
  let stderr = '';
  const code = runCli(example.argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: () => example.stdin,
    readFile: (path) => readFileSync(join(ROOT, path), 'utf8'),
    now: () => Date.parse('2026-11-23T21:00:00Z'),
  });
  if (example.expected !== null && example.expected.startsWith('sla: ')) {
    expect({ code, stderr: stderr.trimEnd() }).toEqual({ code: 2, stderr: example.expected });
    return;
  }
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).not.toBe('');
  // A batch reads a file or stdin (`-`); one from stdin must have been given its lines.
  if (example.argv.includes('--batch') && example.argv.includes('-')) expect(example.stdin).not.toBe('');
  if (example.expected !== null) expect(stdout.trimEnd()).toBe(example.expected);
});
