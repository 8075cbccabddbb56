/**
 * A fresh clone is the product: from a copy of the tracked files alone in its folder, the README's build step,
 * the `sla` command, @forge/manifest's validation and `npm start` all work, and none of them reads a file outside
 * the copy (test/deploy/fresh-copy.ts records every read).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { makeFreshCopy, nodeStepsOfScript, REPO_ROOT, type FreshCopy } from './fresh-copy';
import { followSandbox } from '../support/sandbox-process';

jest.setTimeout(240_000);

let copy: FreshCopy;
let buildOutput: string;

beforeAll(async () => {
  copy = makeFreshCopy();
  // `npm run build`, step by step (npm itself is not under test and reads its own settings from the home folder).
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  buildOutput = '';
  for (const step of nodeStepsOfScript(scripts.build!)) {
    const result = await copy.node(step);
    buildOutput += `$ node ${step.join(' ')} → ${result.code}\n${result.stdout}${result.stderr}`;
    if (result.code !== 0) break;
  }
});

afterAll(() => copy?.remove());

const presetIds = readdirSync(join(REPO_ROOT, 'presets'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => basename(name, '.yaml'));

it('builds the presets, the sla command and every Custom UI resource manifest.yml names with `npm run build`', () => {
  expect(buildOutput).not.toMatch(/→ [^0]/);
  const generated = readFileSync(join(copy.root, 'src', 'generated', 'presets.ts'), 'utf8');
  for (const id of presetIds) expect(generated).toContain(`"id": "${id}"`);
  expect(existsSync(join(copy.root, 'dist', 'sla.js'))).toBe(true);
  const manifest = parse(readFileSync(join(copy.root, 'manifest.yml'), 'utf8')) as { resources: Array<{ path: string }> };
  expect(manifest.resources.length).toBeGreaterThan(0);
  for (const resource of manifest.resources) expect(existsSync(join(copy.root, resource.path, 'index.html'))).toBe(true);
});

it('keeps every seed text a preset cites inside the repository', () => {
  for (const id of presetIds) {
    const source = readFileSync(join(copy.root, 'presets', `${id}.yaml`), 'utf8');
    const cited = [...source.matchAll(/presets\/seeds\/[\w.-]+\.txt/g)].map((match) => match[0]);
    expect(cited.length).toBeGreaterThan(0);
    for (const path of cited) expect(existsSync(join(copy.root, path))).toBe(true);
  }
});

it('passes @forge/manifest validation after the build, as `forge lint` and `forge deploy` run it', async () => {
  const result = await copy.node([
    '-e',
    "require('@forge/manifest').validate(false, require('node:path').resolve('manifest.yml')).then((r) => process.stdout.write(JSON.stringify({ success: r.success, errors: r.errors ?? [] })))",
  ]);
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual({ success: true, errors: [] });
});

it('runs `sla validate` on a preset and lists every preset with `sla presets`', async () => {
  const [validate, presets] = await Promise.all([
    copy.node(['bin/sla.js', 'validate', 'presets/byteztech.yaml']),
    copy.node(['bin/sla.js', 'presets']),
  ]);
  expect(validate).toMatchObject({ code: 0, stderr: '' });
  expect(validate.stdout).toContain('valid policy');
  expect(presets).toMatchObject({ code: 0, stderr: '' });
  for (const id of presetIds) expect(presets.stdout).toContain(id);
});

it('starts the sandbox (`npm start`: the Jira emulator validating against the OpenAPI document), serves both pages and stops on SIGINT', async () => {
  const child = copy.spawnNode([join('node_modules', 'tsx', 'dist', 'cli.mjs'), join('sandbox', 'main.ts')], {
    env: { PORT: '0', SANDBOX_BUILD: '0' }, // built above by `npm run build`
  });
  const sandbox = followSandbox(child);
  try {
    const url = await sandbox.url;
    expect(sandbox.output()).toMatch(/demo site: +\d+ projects, \d+ issues/);
    expect((await fetch(`${url}/`)).status).toBe(200);
    const admin = await fetch(`${url}/apps/admin/index.html`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('/sandbox/bridge.js');
  } finally {
    child.kill('SIGINT');
  }
  expect(await sandbox.exited).toBe(0);
  // The sandbox's Jira emulator validated the demo site's requests against the copy's own OpenAPI document.
  expect(copy.reads()).toContain(join(copy.root, 'emulator', 'jira', 'spec', 'jira-platform.v3.json'));
});

it("read no file outside the copy (besides installed packages and the machine's own files)", () => {
  expect(copy.reads().length).toBeGreaterThan(100);
  expect(copy.readsOutside()).toEqual([]);
});

it('notices a read outside the copy, and a copy has no sibling folder to read (the two checks above are live)', async () => {
  const probe = makeFreshCopy({ nodeModules: false });
  try {
    const outside = join(REPO_ROOT, 'package.json');
    const result = await probe.node([
      '-e',
      `const fs = require('node:fs'); fs.readFileSync(${JSON.stringify(outside)}); process.stdout.write(String(fs.existsSync('../shared')))`,
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'false' });
    expect(probe.readsOutside()).toContain(outside);
  } finally {
    probe.remove();
  }
});
