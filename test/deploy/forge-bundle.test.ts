/**
 * `forge deploy` from a fresh clone: after `node scripts/build.mjs` (the generated presets), the backend is bundled
 * by @forge/bundler exactly as the Forge CLI runs it (scripts/forge-bundle.cjs: webpack + ts-loader with the root
 * tsconfig.json and a full type check), the bundle loads in a fresh Node process, and every handler manifest.yml
 * names is an exported function of it. What only saves, validation, presets and regex rules need (the YAML loader,
 * re2js, date-holidays, the preset texts), and what only the admin page, the escalation directory, the reports and the
 * weekly personal-data job run (their adapters, luxon), is in chunk files of their own, which Node loads when those
 * paths run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { makeFreshCopy, REPO_ROOT, type FreshCopy } from './fresh-copy';

jest.setTimeout(600_000);

interface BundleReport {
  outDir: string;
  entryPoints: Array<{ name: string; path: string }>;
  files: Array<{ name: string; bytes: number }>;
  warnings: string[];
}

const manifest = parse(readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8')) as {
  modules: { function: Array<{ key: string; handler: string }> };
};
const handlers = manifest.modules.function.map((fn) => fn.handler);

let copy: FreshCopy;
let bundled: { code: number | null; stdout: string; stderr: string };
let report: BundleReport;

beforeAll(async () => {
  copy = makeFreshCopy();
  const build = await copy.node(['scripts/build.mjs']);
  if (build.code !== 0) throw new Error(`scripts/build.mjs failed:\n${build.stderr}`);
  // The bundler writes to the system temp folder first; keep that inside the copy so every read stays there.
  bundled = await copy.node(['scripts/forge-bundle.cjs', '--out', join('dist', 'forge-backend')], {
    env: { TMPDIR: join(copy.root, 'dist') },
    timeoutMs: 540_000,
  });
  report = JSON.parse(bundled.stdout || '{}') as BundleReport;
});

afterAll(() => copy?.remove());

it('bundles with @forge/bundler and the root tsconfig.json, type check included, without errors or warnings', () => {
  expect(bundled.stderr).toBe('');
  expect(bundled.code).toBe(0);
  expect(report.warnings).toEqual([]);
  expect(report.entryPoints).toEqual([{ name: 'index', path: join('src', 'index') }]);
});

it('writes one CommonJS bundle per handler module, as the Forge runtime loads it', () => {
  const modules = [...new Set(handlers.map((handler) => handler.split('.')[0]!))];
  for (const module of modules) {
    expect(report.files.map((file) => file.name)).toContain(`${module}.cjs`);
    expect(existsSync(join(report.outDir, `${module}.cjs`))).toBe(true);
  }
});

it('exports every handler manifest.yml names as a function, loaded in a fresh Node process', async () => {
  expect(handlers.length).toBeGreaterThan(0);
  const script = `
    const handlers = ${JSON.stringify(handlers)};
    const types = {};
    for (const handler of handlers) {
      const [module, name] = handler.split('.');
      types[handler] = typeof require(require('node:path').resolve(${JSON.stringify(report.outDir)}, module + '.cjs'))[name];
    }
    process.stdout.write(JSON.stringify(types));`;
  const loaded = await copy.node(['-e', script]);
  expect(loaded.stderr).toBe('');
  expect(JSON.parse(loaded.stdout)).toEqual(Object.fromEntries(handlers.map((handler) => [handler, 'function'])));
});

it('read no file outside the copy while bundling and loading', () => {
  expect(copy.readsOutside()).toEqual([]);
});

it('keeps what only lazy paths need out of index.cjs, in chunk files that load on their own', async () => {
  const sourcesOf = (file: string): string[] =>
    (JSON.parse(readFileSync(join(report.outDir, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
  const lazyOnly =
    /node_modules\/(yaml|re2js|date-holidays|luxon)\/|src\/generated\/preset|src\/engine\/(incident-report|load-policy|text-regex|presets|holiday-library|policy-schema|calendar-schema|build-calendar|report-period|report-month|sample-issue)\.ts|src\/forge\/(admin-resolvers|ladder-resolvers|report-resolvers|incident-resolver|personal-data|outcome-reports|cycle-preview|entitlement-resolvers|jira-users)\.ts|src\/contracts\/reports\.ts/;
  expect(sourcesOf('index.cjs').filter((source) => lazyOnly.test(source))).toEqual([]);
  const chunks = report.files.map((file) => file.name).filter((name) => name.endsWith('.cjs') && name !== 'index.cjs');
  const lazySources = chunks.flatMap(sourcesOf);
  for (const library of [
    'node_modules/yaml/',
    'node_modules/re2js/',
    'node_modules/date-holidays/',
    'node_modules/luxon/',
    'src/generated/presets',
    'src/engine/load-policy.ts',
    'src/forge/admin-resolvers.ts',
    'src/forge/ladder-resolvers.ts',
    'src/forge/report-resolvers.ts',
    'src/forge/personal-data.ts',
    'src/forge/incident-resolver.ts',
    'src/engine/incident-report.ts',
  ]) {
    expect(lazySources.some((source) => source.includes(library))).toBe(true);
  }
  // webpack's chunk format for Node: each file exports its chunk ids and module factories, loaded by index.cjs's runtime.
  // Loading index.cjs requires no chunk (nothing lazy runs at load); each chunk then loads on its own.
  const script = `
    const { resolve } = require('node:path');
    const dir = ${JSON.stringify(report.outDir)};
    const chunks = ${JSON.stringify(chunks)};
    require(resolve(dir, 'index.cjs'));
    const atLoad = chunks.filter((name) => require.cache[resolve(dir, name)] !== undefined);
    const valid = chunks.map((name) => {
      const chunk = require(resolve(dir, name));
      return Array.isArray(chunk.ids) && Object.keys(chunk.modules).length > 0;
    });
    process.stdout.write(JSON.stringify({ atLoad, valid }));`;
  const loaded = await copy.node(['-e', script]);
  expect(loaded.stderr).toBe('');
  expect(JSON.parse(loaded.stdout)).toEqual({ atLoad: [], valid: chunks.map(() => true) });
});
