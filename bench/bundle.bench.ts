/**
 * Cold start: the backend bundle as `forge deploy` builds it (@forge/bundler through scripts/forge-bundle.cjs),
 * its raw size (target ≤ 1 MB) and the time to load it in a fresh Node process (target ≤ 200 ms, median of
 * LOADS processes; the time `require` takes, which Forge pays before every cold invocation, not Node's own start).
 *
 * Beside them: the chunk files Node loads only when a lazy path first runs (saves, validation, presets, regex rules,
 * holiday-table refreshes, the admin, directory and report resolvers, the personal-data job), and which of the libraries those paths need the cold bundle still carries (from its
 * source map).
 *
 * Bundling type-checks the whole backend and takes a minute or more, so the bundle is reused while everything it
 * is built from is unchanged (a hash of src/, tsconfig.json, manifest.yml, package-lock.json and the script);
 * BENCH_REBUNDLE=1 bundles anyway.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../sandbox/ui-server';
import { median } from './stats';

const BUNDLE_BUDGET_BYTES = 1024 * 1024;
const COLD_LOAD_BUDGET_MS = 200;
const LOADS = 7;
const OUT_DIR = join(REPO_ROOT, 'dist', 'forge-backend');
const STAMP = join(OUT_DIR, '.source-hash');

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, out);
    else out.push(path);
  }
  return out;
}

/** A hash of everything the bundle is built from. */
function sourceHash(): string {
  const hash = createHash('sha1');
  const files = [
    ...filesUnder(join(REPO_ROOT, 'src')),
    ...['tsconfig.json', 'manifest.yml', 'package-lock.json', join('scripts', 'forge-bundle.cjs')].map((name) => join(REPO_ROOT, name)),
  ].sort();
  for (const file of files) {
    hash.update(relative(REPO_ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function runNode(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((settle, reject) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`node ${args[0]} failed:\n${stderr || error.message}`));
      else settle(stdout);
    });
  });
}

/** Bundles unless the bundle in dist/forge-backend was built from the current sources; returns the seconds spent. */
async function ensureBundle(): Promise<number | null> {
  const wanted = sourceHash();
  const bundle = join(OUT_DIR, 'index.cjs');
  if (process.env.BENCH_REBUNDLE !== '1' && existsSync(bundle) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted) return null;
  const started = performance.now();
  await runNode([join('scripts', 'forge-bundle.cjs'), '--out', OUT_DIR], 900_000);
  writeFileSync(STAMP, wanted);
  return (performance.now() - started) / 1000;
}

/**
 * Milliseconds `require` of the bundle takes in a new Node process: wall time, and CPU time (user + system), which a
 * machine shared with other work inflates far less than wall time.
 */
async function coldLoadMs(bundle: string): Promise<{ wall: number; cpu: number }> {
  const script =
    `const t = process.hrtime.bigint(); const c = process.cpuUsage(); require(${JSON.stringify(bundle)}); const u = process.cpuUsage(c);` +
    `process.stdout.write(JSON.stringify({ wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (u.user + u.system) / 1000 }));`;
  return JSON.parse(await runNode(['-e', script], 60_000)) as { wall: number; cpu: number };
}

/** Libraries and generated texts that only lazy paths need: none of them may be in index.cjs. */
const LAZY_ONLY: ReadonlyArray<[string, RegExp]> = [
  ['yaml', /node_modules\/yaml\//],
  ['re2js', /node_modules\/re2js\//],
  ['date-holidays', /node_modules\/date-holidays/],
  ['preset texts', /src\/generated\/preset/],
  ['YAML loader and schemas', /src\/engine\/(load-policy|policy-schema|calendar-schema)\.ts/],
  ['luxon', /node_modules\/luxon\//],
  ['admin, directory and report resolvers', /src\/forge\/(admin-resolvers|ladder-resolvers|report-resolvers)\.ts/],
  ['personal-data job', /src\/forge\/personal-data\.ts/],
];

/** Which LAZY_ONLY names the source map of `bundle` lists among its sources. */
function lazyOnlyIn(bundle: string): string[] {
  const sources = (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;
  return LAZY_ONLY.filter(([, pattern]) => sources.some((source) => pattern.test(source))).map(([name]) => name);
}

export default async function run(): Promise<void> {
  const bundledIn = await ensureBundle();
  const bundle = join(OUT_DIR, 'index.cjs');
  const body = readFileSync(bundle);
  const runs: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < LOADS; i += 1) runs.push(await coldLoadMs(bundle));
  const loads = runs.map((run) => run.wall);
  const load = median(loads);
  const cpu = median(runs.map((run) => run.cpu));
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const chunks = readdirSync(OUT_DIR).filter((name) => name.endsWith('.cjs') && name !== 'index.cjs');
  const chunkBytes = chunks.reduce((sum, name) => sum + statSync(join(OUT_DIR, name)).size, 0);
  const carried = lazyOnlyIn(bundle);
  const rows = [
    '| measure | value | target | |',
    '|---|---|---|---|',
    `| backend bundle raw (index.cjs as @forge/bundler leaves it; ${mb(gzipSync(body).length)} gzipped) | ${mb(body.length)} | ≤ 1 MB | ${body.length <= BUNDLE_BUDGET_BYTES ? 'ok' : 'OVER'} |`,
    `| cold load, CPU time: require in a fresh Node process (median of ${LOADS}) | ${cpu.toFixed(0)} ms | ≤ ${COLD_LOAD_BUDGET_MS} ms | ${cpu <= COLD_LOAD_BUDGET_MS ? 'ok' : 'OVER'} |`,
    `| cold load, wall time (same runs; min ${Math.min(...loads).toFixed(0)} ms, max ${Math.max(...loads).toFixed(0)} ms; a busy machine inflates it) | ${load.toFixed(0)} ms | ≤ ${COLD_LOAD_BUDGET_MS} ms on a quiet machine | ${load <= COLD_LOAD_BUDGET_MS ? 'ok' : 'over (busy?)'} |`,
    `| lazy chunk files beside it (${chunks.length}; loaded only by saves, validation, presets, regex rules, admin and report resolvers, the personal-data job) | ${mb(chunkBytes)} | — | |`,
    `| libraries only lazy paths need (${LAZY_ONLY.map(([name]) => name).join(', ')}) in index.cjs | ${carried.length === 0 ? 'none' : carried.join(', ')} | none | ${carried.length === 0 ? 'ok' : 'OVER'} |`,
  ];
  process.stdout.write(`${rows.join('\n')}\n\n`);
  process.stdout.write(
    bundledIn === null
      ? `Bundle reused: dist/forge-backend was built from the current sources (BENCH_REBUNDLE=1 bundles again).\n`
      : `Bundled with @forge/bundler in ${bundledIn.toFixed(1)} s (type check included).\n`,
  );
}
