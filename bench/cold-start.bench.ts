/**
 * Cold start of the backend (issue 8 §1): the size of what a cold invocation loads and the time to load it in a
 * fresh Node process, beside the targets (≤ 1 MB, ≤ 200 ms), and in the same run the same figures for a bundle
 * that still carries statically what the runtime now loads lazily: date-holidays (before holiday tables), the
 * YAML policy loader, re2js and the presets (before policies were stored compiled), and luxon with the admin,
 * escalation-directory and report resolvers and the personal-data job (before src/forge/lazy-handlers.ts and
 * src/engine/zone-clock.ts).
 *
 * The bundle is esbuild's (minified, platform node, ESM with code splitting so that a dynamic `import()` becomes
 * its own chunk, as webpack in @forge/bundler makes it); what counts is the entry file and the chunks it imports
 * statically, not the lazily loaded date-holidays chunk.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { median } from './stats';

const ROOT = resolve(__dirname, '..');
const TARGET_BYTES = 1_000_000;
const TARGET_LOAD_MS = 200;
const LOAD_RUNS = 5;
/** The name the bundled entry module goes by (esbuild's stdin). */
const ENTRY_SOURCE = 'entry.ts';

interface Bundle {
  /** Bytes of the entry and of every chunk it imports statically. */
  coldBytes: number;
  /** Bytes of chunks loaded only through dynamic import(). */
  lazyBytes: number;
  /** Whether date-holidays (or its parser) is in what a cold start loads. */
  holidaysAtColdStart: boolean;
  /** Whether the YAML parser or re2js is in what a cold start loads. */
  loaderAtColdStart: boolean;
  /** Whether luxon is in what a cold start loads. */
  luxonAtColdStart: boolean;
  entryFile: string;
}

/** The outputs reachable from `entry` through static imports. */
function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return seen;
}

async function bundle(outdir: string, entrySource: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: entrySource, resolveDir: ROOT, sourcefile: ENTRY_SOURCE, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    outdir,
    metafile: true,
    logLevel: 'error',
    // CommonJS dependencies call require() for Node built-ins; an ESM bundle needs one to give them.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const metafile = result.metafile;
  // Every dynamic import() is an entry point of its own in the metafile: the cold entry is the stdin module's output.
  const entry = Object.keys(metafile.outputs).find((file) => metafile.outputs[file]?.entryPoint === ENTRY_SOURCE && file.endsWith('.js'));
  if (entry === undefined) throw new Error('esbuild produced no entry file');
  const cold = staticClosure(metafile, entry);
  let coldBytes = 0;
  let lazyBytes = 0;
  let holidaysAtColdStart = false;
  let loaderAtColdStart = false;
  let luxonAtColdStart = false;
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    if (cold.has(file)) {
      coldBytes += output.bytes;
      if (Object.keys(output.inputs).some((input) => /node_modules\/date-holidays/.test(input))) holidaysAtColdStart = true;
      if (Object.keys(output.inputs).some((input) => /node_modules\/(yaml|re2js)\//.test(input))) loaderAtColdStart = true;
      if (Object.keys(output.inputs).some((input) => /node_modules\/luxon\//.test(input))) luxonAtColdStart = true;
    } else {
      lazyBytes += output.bytes;
    }
  }
  return { coldBytes, lazyBytes, holidaysAtColdStart, loaderAtColdStart, luxonAtColdStart, entryFile: resolve(ROOT, entry) };
}

/**
 * Milliseconds to import the bundle in a fresh Node process (the module load a cold invocation pays): wall time,
 * and CPU time (user + system), which a machine shared with other work inflates far less than wall time.
 */
function loadMs(entryFile: string): { wall: number; cpu: number } {
  const script =
    "const { performance } = require('node:perf_hooks');" +
    'const started = performance.now(); const cpu = process.cpuUsage();' +
    `import(${JSON.stringify(pathToFileURL(entryFile).href)}).then(() => { const used = process.cpuUsage(cpu); ` +
    'process.stdout.write(JSON.stringify({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 })); }, ' +
    '(e) => { console.error(e); process.exit(1); });';
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading ${entryFile} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { wall: number; cpu: number };
}

function medianLoad(entryFile: string): { wall: number; cpu: number } {
  const runs = Array.from({ length: LOAD_RUNS }, () => loadMs(entryFile));
  return { wall: median(runs.map((run) => run.wall)), cpu: median(runs.map((run) => run.cpu)) };
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(0)} kB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sla-cold-start-'));
  try {
    const now = await bundle(join(dir, 'now'), "export * from './src/index';\n");
    // The old way: date-holidays, the YAML loader (with re2js), the presets, luxon and the admin, directory and report
    // resolvers and the personal-data job imported statically by the code every handler loads, as before holiday
    // tables, compiled policies and lazy handlers.
    const old = await bundle(
      join(dir, 'old'),
      "export * from './src/index';\nexport * as holidayLibrary from './src/engine/holiday-library';\n" +
        "export * as loader from './src/engine/load-policy';\nexport * as regex from './src/engine/text-regex';\n" +
        "export * as presets from './src/engine/presets';\nexport * as luxon from 'luxon';\n" +
        "export * as adminResolvers from './src/forge/admin-resolvers';\nexport * as ladderResolvers from './src/forge/ladder-resolvers';\n" +
        "export * as reportResolvers from './src/forge/report-resolvers';\nexport * as personalData from './src/forge/personal-data';\n",
    );
    const nowLoad = medianLoad(now.entryFile);
    const oldLoad = medianLoad(old.entryFile);
    const rows = [
      ['figure', 'measured', 'target', 'all loaded statically (old way)'],
      ['backend loaded at cold start', kb(now.coldBytes), `≤ ${kb(TARGET_BYTES)}`, kb(old.coldBytes)],
      [
        'lazy chunks (save / validate / presets / regex rules / admin and reports / personal data)',
        kb(now.lazyBytes),
        '—',
        kb(old.lazyBytes),
      ],
      ['date-holidays loaded at cold start', now.holidaysAtColdStart ? 'yes' : 'no', 'no', old.holidaysAtColdStart ? 'yes' : 'no'],
      ['yaml or re2js loaded at cold start', now.loaderAtColdStart ? 'yes' : 'no', 'no', old.loaderAtColdStart ? 'yes' : 'no'],
      ['luxon loaded at cold start', now.luxonAtColdStart ? 'yes' : 'no', 'no', old.luxonAtColdStart ? 'yes' : 'no'],
      [`cold load, CPU time (median of ${LOAD_RUNS} fresh processes)`, ms(nowLoad.cpu), `≤ ${ms(TARGET_LOAD_MS)}`, ms(oldLoad.cpu)],
      [`cold load, wall time (same runs; a busy machine inflates it)`, ms(nowLoad.wall), '—', ms(oldLoad.wall)],
    ];
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
    for (const row of rows) process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ')}\n`);
    const ok =
      now.coldBytes <= TARGET_BYTES &&
      nowLoad.cpu <= TARGET_LOAD_MS &&
      !now.holidaysAtColdStart &&
      !now.loaderAtColdStart &&
      !now.luxonAtColdStart;
    process.stdout.write(`\n${ok ? 'within targets' : 'OUTSIDE TARGETS'}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
