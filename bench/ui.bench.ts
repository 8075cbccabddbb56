/**
 * UI budgets: each Custom UI bundle's size gzipped (panel target ≤ 120 KB) and the panel's time from the
 * resolver's answer to its first complete render in Chromium (target ≤ 100 ms), read from the panel's own
 * performance marks. The resolver answers with a fixed SlaState so only the UI is measured.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildStaticBundles } from '../sandbox/build';
import { startUiServer, REPO_ROOT } from '../sandbox/ui-server';
import { launchChromium } from '../test/browser/chromium';
import { answer, busyState } from '../test/static/fixtures';
import { median, percentile } from './stats';

const PANEL_BUDGET_KB = 120;
const RENDER_BUDGET_MS = 100;
const RUNS = 25;

function bundleSize(app: string): { raw: number; gzip: number; files: number } {
  const dir = join(REPO_ROOT, 'static', app, 'dist');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|css|html)$/.test(name)) files.push(path);
    }
  };
  walk(dir);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(file);
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files: files.length };
}

export default async function run(): Promise<void> {
  await buildStaticBundles();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows: string[] = ['| measure | value | target | |', '|---|---|---|---|'];
  for (const app of ['sla-panel', 'admin']) {
    const size = bundleSize(app);
    const target = app === 'sla-panel' ? PANEL_BUDGET_KB * 1024 : null;
    rows.push(
      `| ${app} bundle gzipped (${size.files} files, ${kb(size.raw)} raw) | ${kb(size.gzip)} | ${target ? `≤ ${PANEL_BUDGET_KB} KB` : '—'} | ${target ? (size.gzip <= target ? 'ok' : 'OVER') : ''} |`,
    );
  }

  const fixed = answer(busyState(), new Date().toISOString());
  const server = await startUiServer({
    port: 0,
    invoke: async (call) => {
      if (call.functionKey === 'getSlaState') return fixed;
      return { ok: false, code: 'NOT_FOUND', message: `no fixture for ${call.functionKey}` };
    },
  });
  const browser = await launchChromium({ width: 350, height: 900 });
  const durations: number[] = [];
  try {
    const page = await browser.context.newPage();
    const url = `${server.url}/apps/sla-panel/index.html?app=sla-panel&module=sla-panel&as=agent&issue=SUP-1&project=SUP`;
    for (let i = 0; i < RUNS + 2; i += 1) {
      await page.goto(url);
      await page.waitForSelector('html[data-rendered]');
      const ms = await page.evaluate(() => {
        const entry = performance.getEntriesByName('sla-panel:response-to-render')[0];
        return entry ? entry.duration : NaN;
      });
      if (i >= 2) durations.push(ms); // the first loads warm the HTTP cache and the JIT
    }
  } finally {
    await browser.close();
    await server.close();
  }
  durations.sort((a, b) => a - b);
  const middle = median(durations);
  const p95 = percentile(durations, 95);
  rows.push(
    `| panel: resolver answer → first complete render, median of ${durations.length} | ${middle.toFixed(1)} ms | ≤ ${RENDER_BUDGET_MS} ms | ${middle <= RENDER_BUDGET_MS ? 'ok' : 'OVER'} |`,
  );
  rows.push(`| panel: same, p95 | ${p95.toFixed(1)} ms | ≤ ${RENDER_BUDGET_MS} ms | ${p95 <= RENDER_BUDGET_MS ? 'ok' : 'OVER'} |`);
  process.stdout.write(`${rows.join('\n')}\n`);
}
