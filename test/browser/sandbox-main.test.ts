/**
 * `npm start`'s entry (sandbox/main.ts) as a user runs it: it prints the address, serves the issue view and
 * the admin page, and stops cleanly (exit 0) on Ctrl-C.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../sandbox/ui-server';
import { runCli } from '../../src/cli/run-cli';
import { followSandbox } from '../support/sandbox-process';
import { ensureStaticBuilt } from './harness';

jest.setTimeout(180_000);

it('prints its address, serves both pages and exits 0 on SIGINT', async () => {
  await ensureStaticBuilt();
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'sandbox', 'main.ts')],
    {
      cwd: REPO_ROOT,
      // The bundles are built (and shared with the other browser tests): do not rebuild them under their feet.
      env: { ...process.env, PORT: '0', SANDBOX_BUILD: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const sandbox = followSandbox(child);
  const url = await sandbox.url;
  const output = sandbox.output();
  expect(output).toMatch(/admin page:\s+http:\/\/127\.0\.0\.1:\d+\/admin/);
  expect(output).toMatch(/demo site: +8 projects, 58 issues/);
  expect(output).toMatch(/issue view:.*opens as Alex Agent/);
  expect(output).toMatch(/admin page:.*opens as Ada Admin/);
  expect(output).toMatch(/Jira \(emulated REST API v3\): http:\/\/127\.0\.0\.1:\d+/);

  // The printed curl fetches an issue as `sla evaluate` reads it; the printed evaluate line then runs on it.
  const curlLine = /^\s+(curl .*> issue\.json)$/m.exec(output)?.[1];
  const evaluateLine = /^\s+npx sla (evaluate .*)$/m.exec(output)?.[1];
  expect(curlLine).toBeDefined();
  expect(evaluateLine).toBeDefined();
  const dir = mkdtempSync(join(tmpdir(), 'sla-curl-'));
  try {
    execFileSync('sh', ['-c', curlLine!], { cwd: dir });
    let stdout = '';
    const code = runCli(evaluateLine!.split(' '), {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stdout += text),
      readStdin: () => '',
      readFile: (path) => readFileSync(join(dir, path), 'utf8'),
      now: () => Date.now(),
    });
    expect({ code, stdout }).toMatchObject({ code: 0, stdout: expect.stringMatching(/^policy byteztech · evaluated at/) });
    expect(stdout).toMatch(/^firstResponse\s+\S/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('SLA Ladder sandbox');
  const panel = await fetch(`${url}/apps/sla-panel/index.html`);
  expect(await panel.text()).toContain('/sandbox/bridge.js');
  const admin = await fetch(`${url}/admin`);
  expect(admin.status).toBe(200);

  child.kill('SIGINT');
  expect(await sandbox.exited).toBe(0);
  expect(sandbox.output()).toContain('SIGINT: stopping the sandbox');
});

it('says which port is taken and how to choose another, and exits 1', async () => {
  await ensureStaticBuilt();
  const blocker = createServer();
  await new Promise<void>((ready) => blocker.listen(0, '127.0.0.1', ready));
  const port = (blocker.address() as AddressInfo).port;
  try {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'sandbox', 'main.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PORT: String(port), SANDBOX_BUILD: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((settle) => child.on('exit', (c) => settle(c)));
    expect(code).toBe(1);
    expect(output).toContain(`Port ${port} is already in use`);
    expect(output).toContain('PORT=');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  } finally {
    await new Promise((closed) => blocker.close(closed));
  }
});
