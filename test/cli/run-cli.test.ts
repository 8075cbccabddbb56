import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run-cli';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Every path read through `readFile`, in order. */
  reads: string[];
}

function run(argv: string[], options: { stdin?: string; files?: Record<string, string>; now?: string } = {}): Run {
  let stdout = '';
  let stderr = '';
  const reads: string[] = [];
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => options.stdin ?? '',
    readFile: (path) => {
      reads.push(path);
      const text = options.files?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    now: () => Date.parse(options.now ?? '2026-11-23T15:00:00Z'),
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr, reads };
}

const bytezStandardP1 = ['--policy', 'byteztech', '--plan', 'standard', '--priority', 'P1'];

describe('sla due', () => {
  it('prints the documented JSON shape with the due instant in UTC', () => {
    // Fri 2026-11-20 16:30 New York: 1h30 left on Friday (to 18:00), 2h30 on Monday from 09:00 → Mon 11:30 EST.
    const result = run(['due', ...bytezStandardP1, '--start', '2026-11-20T16:30:00-05:00', '--json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(Object.keys(body)).toEqual(['policy', 'plan', 'priority', 'start', 'targets', 'escalation']);
    expect(body).toMatchObject({ policy: 'byteztech', plan: 'standard', priority: 'P1', start: '2026-11-20T21:30:00.000Z' });
    expect(body.targets.firstResponse).toEqual({ due: '2026-11-23T16:30:00.000Z', duration: '4h', calendar: expect.any(String) });
  });

  it('reads a start without an offset as wall-clock time of the policy calendar', () => {
    const withOffset = run(['due', ...bytezStandardP1, '--start', '2026-11-20T16:30:00-05:00', '--json']);
    const local = run(['due', ...bytezStandardP1, '--start', '2026-11-20T16:30', '--json']);
    expect(JSON.parse(local.stdout).targets).toEqual(JSON.parse(withOffset.stdout).targets);
  });

  it('prints a readable table with the calendar-zone time and the escalation ladder', () => {
    const result = run(['due', ...bytezStandardP1, '--start', '2026-11-20T16:30:00-05:00']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/firstResponse\s+4h/);
    expect(result.stdout).toContain('Mon 2026-11-23 11:30');
  });

  it('--json carries the escalation ladder the table prints, level for level', () => {
    const args = ['due', ...bytezStandardP1, '--start', '2026-11-20T16:30:00-05:00'];
    const table = run(args).stdout;
    const body = JSON.parse(run([...args, '--json']).stdout);
    expect(body.escalation.map((step: { level: number }) => step.level)).toEqual([1, 2, 3]);
    for (const step of body.escalation as Array<{ level: number; label: string; at: string | null }>) {
      expect(table).toMatch(new RegExp(`^${step.level}\\s+${step.label}\\s.*${step.at ?? '—'}`, 'm'));
    }
    // First response's 100 % is its due instant; the acknowledgment's levels wait for a request: never reached here.
    expect(body.escalation[0].at).toBe(body.targets.firstResponse.due);
  });

  it.each([
    [['--plan', 'gold'], /unknown plan 'gold'.*standard.*premium/i],
    [['--priority', 'P9'], /unknown priority 'P9'.*P1.*P4/i],
  ])('rejects %p with one line naming the valid choices, exit 2', (override, message) => {
    const args = [...bytezStandardP1];
    args[args.indexOf(override[0] as string) + 1] = override[1] as string;
    const result = run(['due', ...args, '--start', '2026-11-20T16:30:00-05:00']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('--calendar puts targets without a calendar of their own on a region calendar, read in its zone', () => {
    // essensys US PST (Mon–Thu all day, Fri 00:00–17:00): 24h from Fri 09:00 PST = 8h Friday + Mon 00:00–16:00.
    const args = [
      'due',
      '--policy',
      'essensys',
      '--plan',
      'other',
      '--priority',
      'P2',
      '--start',
      '2026-11-20T09:00',
      '--calendar',
      'us-pst',
      '--json',
    ];
    const result = run(args);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(Object.keys(body)).toEqual(['policy', 'plan', 'priority', 'start', 'targets', 'escalation']);
    expect(body.start).toBe('2026-11-20T17:00:00.000Z');
    expect(body.targets.resolution).toEqual({ due: '2026-11-24T00:00:00.000Z', duration: '24h', calendar: 'us-pst' });
    const batch = run(['due', '--batch', '-'], {
      stdin: `${JSON.stringify({ policy: 'essensys', plan: 'other', priority: 'P2', start: '2026-11-20T09:00', calendar: 'us-pst' })}\n`,
    });
    expect(JSON.parse(batch.stdout)).toEqual(body);
    const unknown = run([
      'due',
      '--policy',
      'essensys',
      '--plan',
      'other',
      '--priority',
      'P2',
      '--start',
      '2026-11-20T09:00',
      '--calendar',
      'mars',
    ]);
    expect(unknown).toMatchObject({
      code: 2,
      stderr: "sla: unknown calendar 'mars'; choose one of: 24x7, uk-eu, us-est, us-ct, us-pst, apac\n",
    });
  });

  it('names the presets for an unknown policy id', () => {
    const result = run(['due', '--policy', 'acme', '--plan', 'x', '--priority', 'y', '--start', '2026-11-20T10:00Z']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^sla: unknown policy 'acme': give a policy file or one of the presets: /);
    for (const id of ['batoi-enterprise', 'businessmap', 'byteztech', 'b2bee', 'essensys']) expect(result.stderr).toContain(id);
  });

  it.each(['tomorrow', '2026-13-40T10:00', '20261120'])('rejects the malformed instant %p', (start) => {
    const result = run(['due', ...bytezStandardP1, '--start', start]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--start .* is not an ISO-8601 instant/);
  });

  it('reports an unreadable policy file in one line', () => {
    const result = run(['due', '--policy', './missing.yaml', '--plan', 'a', '--priority', 'b', '--start', '2026-11-20T10:00Z']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe("sla: cannot read './missing.yaml': no such file\n");
  });

  it('names the valid options for an unknown one, in one line', () => {
    const result = run(['due', ...bytezStandardP1, '--strat', '2026-11-20T16:30:00-05:00']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      "sla: Unknown option '--strat'; the options here are --policy, --plan, --priority, --start, --calendar, --batch, --json\n",
    );
  });

  it('requires every option', () => {
    const result = run(['due', '--policy', 'byteztech']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--plan is required/);
  });
});

describe('sla due --batch', () => {
  const lines = [
    JSON.stringify({ policy: 'byteztech', plan: 'premium', priority: 'P1', start: '2026-11-22T02:00:00-05:00' }),
    '{not json',
    JSON.stringify({ policy: 'byteztech', plan: 'gold', priority: 'P1', start: '2026-11-22T02:00:00-05:00' }),
    JSON.stringify({ policy: 'byteztech', plan: 'standard', priority: 'P1', start: '2026-11-20T16:30:00-05:00' }),
  ];

  it('answers every line in order, errors in place, and exits 1 at the end', () => {
    const result = run(['due', '--batch', '-'], { stdin: `${lines.join('\n')}\n` });
    expect(result.code).toBe(1);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    // Premium P1 is 1h on 24x7: Sunday 02:00 → Sunday 03:00 New York.
    expect(out[0].targets.firstResponse.due).toBe('2026-11-22T08:00:00.000Z');
    expect(out[1]).toEqual({ error: 'line 2: not a JSON object' });
    expect(out[2]).toEqual({ error: expect.stringMatching(/^line 3: .*unknown plan 'gold'/i) });
    expect(out[3].targets.firstResponse.due).toBe('2026-11-23T16:30:00.000Z');
  });

  it('refuses single-request options next to --batch instead of ignoring them', () => {
    const result = run(['due', '--batch', '-', '--plan', 'premium'], { stdin: `${lines[0]}\n` });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^sla: --batch takes no other options \(got --plan\)/);
  });

  it('reads a policy file once for all the lines that name it', () => {
    const policy = require('node:fs').readFileSync('presets/byteztech.yaml', 'utf8') as string;
    const request = (start: string) => JSON.stringify({ policy: './bytez.yaml', plan: 'standard', priority: 'P1', start });
    const input = [request('2026-11-20T16:30:00-05:00'), request('2026-11-23T09:00:00-05:00'), request('2026-11-24T09:00:00-05:00')];
    const result = run(['due', '--batch', 'in.jsonl'], { files: { 'in.jsonl': input.join('\n'), './bytez.yaml': policy } });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.reads).toEqual(['in.jsonl', './bytez.yaml']);
  });

  it('gives the same shape per line as a single --json call', () => {
    const single = run(['due', ...bytezStandardP1, '--start', '2026-11-20T16:30:00-05:00', '--json']);
    const batch = run(['due', '--batch', 'in.jsonl'], { files: { 'in.jsonl': `${lines[3]}\n` } });
    expect(batch.code).toBe(0);
    expect(JSON.parse(batch.stdout)).toEqual(JSON.parse(single.stdout));
  });
});

describe('sla validate and sla presets', () => {
  it('lists the five presets', () => {
    const result = run(['presets']);
    expect(result.code).toBe(0);
    for (const id of ['batoi-enterprise', 'businessmap', 'byteztech', 'b2bee', 'essensys']) {
      expect(result.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
    }
  });

  it('prints every problem of an invalid policy with its line, exit 2', () => {
    const source = 'id: broken\nname: Broken\ncalendars: []\nbogusKey: 1\n';
    const result = run(['validate', 'p.yaml'], { files: { 'p.yaml': source } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^p\.yaml:4:1: bogusKey: Unknown key "bogusKey"/m);
    expect(result.stderr).toMatch(/^p\.yaml:1:1: defaultCalendar: required: add it/m);
    expect(result.stderr).toMatch(/problem\(s\)\n$/);
  });

  it('accepts a valid policy', () => {
    const result = run(['validate', 'presets/byteztech.yaml'], {
      files: { 'presets/byteztech.yaml': require('node:fs').readFileSync('presets/byteztech.yaml', 'utf8') },
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/valid policy 'byteztech'/);
  });

  it('rejects an unknown command naming the commands', () => {
    const result = run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'; choose one of: due, evaluate, holidays, validate, presets/);
  });
});

/** BytezTech P1 (Jira Highest), created Fri 2026-11-20 16:30 EST (21:30Z), as the REST API returns it. */
const bytezTechP1 = (key: string) => ({
  key,
  fields: {
    created: '2026-11-20T21:30:00.000+0000',
    summary: 'Checkout is down',
    priority: { name: 'Highest' },
    status: { name: 'Open' },
    labels: [],
    reporter: { accountId: 'customer-1' },
    comment: { comments: [] },
  },
  changelog: { histories: [] },
});

describe('sla evaluate', () => {
  const issue = bytezTechP1('SUP-1');

  it('evaluates an issue from stdin at --now and prints the SLA state as JSON', () => {
    const result = run(['evaluate', '--policy', 'byteztech', '--issue', '-', '--now', '2026-11-23T15:00:00Z', '--json'], {
      stdin: JSON.stringify(issue),
    });
    expect(result.code).toBe(0);
    const state = JSON.parse(result.stdout);
    expect(state.evaluatedAt).toBe('2026-11-23T15:00:00.000Z');
    expect(state.metrics.find((m: { id: string }) => m.id === 'firstResponse')).toMatchObject({ status: expect.any(String) });
  });

  it('prints a readable summary with business time as hours and minutes', () => {
    const result = run(['evaluate', '--policy', 'byteztech', '--issue', 'i.json', '--now', '2026-11-23T18:00:00Z'], {
      files: { 'i.json': JSON.stringify(issue) },
    });
    expect(result.code).toBe(0);
    // P1 (Jira Highest), created Fri 16:30 EST: 1h30 on Friday + Mon 09:00–13:00 = 5h 30m used of 4h.
    expect(result.stdout).toMatch(
      /^firstResponse\s+Breached\s+4h @ us-business\s+Mon 11-23 11:30 EST\s+5h 30m\s+late by 1h 30m \(target 4h\)$/m,
    );
    expect(result.stdout).toContain(
      'calendar us-business: Mon–Fri 09:00–18:00 America/New_York, United States public holidays, 2 moving rules (1 business day = 9h)',
    );
    // Level 1 (100 % of first response) is reached; the acknowledgment's levels wait for the customer to ask.
    expect(result.stdout).toContain('waits for an escalation request: label `escalation-requested`');
    expect(result.stdout).toContain("priority P1: rule jira-highest: Jira priority is 'Highest'");
  });

  it('rejects an issue that is not JSON, exit 2', () => {
    const result = run(['evaluate', '--policy', 'byteztech', '--issue', '-'], { stdin: '{' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--issue '-' is not JSON/);
  });
});

describe('sla evaluate --batch', () => {
  const issue = bytezTechP1;
  const MON_1000 = '2026-11-23T15:00:00Z'; // Mon 10:00 EST: 1h 30m on Friday + 1h = 2h 30m of 4h used

  function single(key: string, now: string) {
    const result = run(['evaluate', '--policy', 'byteztech', '--issue', '-', '--now', now, '--json'], {
      stdin: JSON.stringify(issue(key)),
    });
    return { issue: key, ...JSON.parse(result.stdout) };
  }

  it('answers every line in order with the --json state and the issue key, errors in place naming the line, and exits 1', () => {
    const lines = [
      JSON.stringify({ policy: 'byteztech', now: MON_1000, issue: issue('SUP-1') }),
      '{not json',
      '',
      JSON.stringify(issue('SUP-2')), // a bare issue: --policy and --now apply
      JSON.stringify({ policy: 'nope', issue: issue('SUP-3') }),
      JSON.stringify({ issue: { key: 'SUP-4', fields: { created: 'yesterday', status: { name: 'Open' } } } }),
      JSON.stringify({ policy: 'byteztech', now: '2026-11-23T18:00:00Z', issue: issue('SUP-5') }),
    ];
    const result = run(['evaluate', '--batch', '-', '--policy', 'byteztech', '--now', MON_1000], { stdin: `${lines.join('\n')}\n` });
    expect(result.code).toBe(1);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(out).toHaveLength(6); // the blank line is skipped
    expect(out[0]).toEqual(single('SUP-1', MON_1000));
    expect(out[0].metrics[0]).toMatchObject({ status: 'running', elapsedMinutes: 150 });
    expect(out[1]).toEqual({ error: 'line 2: not a JSON object' });
    expect(out[2]).toEqual(single('SUP-2', MON_1000));
    expect(out[3]).toEqual({ error: expect.stringMatching(/^line 5: unknown policy 'nope'/) });
    expect(out[4]).toEqual({ error: expect.stringMatching(/^line 6: Malformed Jira issue at fields\.created/) });
    expect(out[5]).toEqual(single('SUP-5', '2026-11-23T18:00:00Z'));
    expect(out[5].metrics[0]).toMatchObject({ status: 'breached' });
  });

  it('without --now, every line is evaluated at one current time', () => {
    const input = [issue('SUP-1'), issue('SUP-2')].map((each) => JSON.stringify({ policy: 'byteztech', issue: each })).join('\n');
    const result = run(['evaluate', '--batch', '-'], { stdin: input, now: MON_1000 });
    expect(result.code).toBe(0);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(out.map((state) => state.evaluatedAt)).toEqual(['2026-11-23T15:00:00.000Z', '2026-11-23T15:00:00.000Z']);
  });

  it('asks for a policy on a line that has none when --policy is not given', () => {
    const result = run(['evaluate', '--batch', '-', '--now', MON_1000], { stdin: JSON.stringify(issue('SUP-1')) });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: 'line 1: no policy: give "policy" on the line or --policy for the whole batch' });
  });

  it('refuses --issue and --json next to --batch', () => {
    const result = run(['evaluate', '--batch', '-', '--json'], { stdin: '' });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^sla: --batch takes only --policy and --now \(got --json\)/);
  });

  it('reads a policy file once for the whole batch', () => {
    const policy = require('node:fs').readFileSync('presets/byteztech.yaml', 'utf8') as string;
    const input = ['SUP-1', 'SUP-2', 'SUP-3'].map((key) => JSON.stringify({ policy: './bytez.yaml', now: MON_1000, issue: issue(key) }));
    const result = run(['evaluate', '--batch', 'in.jsonl'], { files: { 'in.jsonl': input.join('\n'), './bytez.yaml': policy } });
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).issue),
    ).toEqual(['SUP-1', 'SUP-2', 'SUP-3']);
    expect(result.reads).toEqual(['in.jsonl', './bytez.yaml']);
  });
});

describe('the installed `sla` binary', () => {
  const root = join(__dirname, '..', '..');

  it('runs through bin/sla.js and exits 2 without a stack trace on bad input', () => {
    const ok = execFileSync(process.execPath, [join(root, 'bin', 'sla.js'), 'presets'], { encoding: 'utf8' });
    expect(ok).toMatch(/byteztech/);
    const dir = mkdtempSync(join(tmpdir(), 'sla-'));
    writeFileSync(join(dir, 'in.jsonl'), '{"policy":"byteztech","plan":"x","priority":"P1","start":"2026-11-20T10:00Z"}\n');
    const bad = spawnSync(
      process.execPath,
      [join(root, 'bin', 'sla.js'), 'due', '--policy', 'nope', '--plan', 'a', '--priority', 'b', '--start', 'x'],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const batch = spawnSync(process.execPath, [join(root, 'bin', 'sla.js'), 'due', '--batch', join(dir, 'in.jsonl')], { encoding: 'utf8' });
    expect(batch.status).toBe(1);
    expect(JSON.parse(batch.stdout)).toHaveProperty('error');
  });

  it('streams `evaluate --batch` from a file and from stdin, CRLF lines included', () => {
    const issue = {
      key: 'SUP-9',
      fields: { created: '2026-11-20T21:30:00.000+0000', status: { name: 'Open' }, priority: { name: 'Highest' } },
    };
    // Lines longer than one read chunk are split across reads: a long summary makes each line about 1.5 MB.
    const long = { ...issue, fields: { ...issue.fields, summary: 'x'.repeat(1_500_000) } };
    const text = [issue, '{bad', long, issue].map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\r\n');
    const dir = mkdtempSync(join(tmpdir(), 'sla-'));
    writeFileSync(join(dir, 'issues.jsonl'), text);
    const args = ['evaluate', '--policy', 'byteztech', '--now', '2026-11-23T15:00:00Z', '--batch'];
    for (const [source, input] of [
      [join(dir, 'issues.jsonl'), undefined],
      ['-', text],
    ] as const) {
      const result = spawnSync(process.execPath, [join(root, 'bin', 'sla.js'), ...args, source], {
        encoding: 'utf8',
        input,
        maxBuffer: 1 << 26,
      });
      expect(result.status).toBe(1);
      const out = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(out.map((line) => line.issue ?? line.error)).toEqual(['SUP-9', 'line 2: not a JSON object', 'SUP-9', 'SUP-9']);
    }
    const missing = spawnSync(process.execPath, [join(root, 'bin', 'sla.js'), ...args, join(dir, 'none.jsonl')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^sla: cannot read '.*none\.jsonl': no such file\n$/);
  });
});
