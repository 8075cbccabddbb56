/**
 * Browser-test harness: builds the Custom UI bundles once per source change (a lock keeps parallel jest workers
 * from rebuilding under each other), starts a sandbox on a free port, and saves screenshots.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page, Frame } from 'playwright-core';
import { buildStaticBundles } from '../../sandbox/build';
import { startSandbox, type Sandbox } from '../../sandbox';
import { REPO_ROOT } from '../../sandbox/ui-server';
import { launchChromium, type Browser } from './chromium';

export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const LOCK_DIR = join(REPO_ROOT, 'test-results', '.static-build-lock');
const STAMP = join(REPO_ROOT, 'static', 'sla-panel', 'dist', '.source-hash');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else out.push(path);
  }
  return out;
}

/** A hash of everything the bundles are built from. */
function sourceHash(): string {
  const hash = createHash('sha1');
  const files = [
    ...sourceFiles(join(REPO_ROOT, 'static')),
    // The apps take values from src/engine (the shared words, parseDuration, AT_RISK_PERCENT) besides types.
    join(REPO_ROOT, 'src', 'contracts', 'resolvers.ts'),
    join(REPO_ROOT, 'src', 'engine', 'duration.ts'),
    join(REPO_ROOT, 'src', 'engine', 'sla-rules.ts'),
    join(REPO_ROOT, 'src', 'engine', 'sla-words.ts'),
    join(REPO_ROOT, 'package-lock.json'),
  ].sort();
  for (const file of files) {
    hash.update(relative(REPO_ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds static/<app>/dist unless it was built from the current sources. */
export async function ensureStaticBuilt(): Promise<void> {
  const wanted = sourceHash();
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(RESULTS_DIR, { recursive: true });
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (waited > 120_000) rmSync(LOCK_DIR, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    const built =
      existsSync(STAMP) && existsSync(join(REPO_ROOT, 'static', 'admin', 'dist', 'index.html')) ? readFileSync(STAMP, 'utf8') : '';
    if (built !== wanted) {
      await buildStaticBundles();
      writeFileSync(STAMP, wanted);
    }
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * For one test file: a sandbox with the demo site on a free port (bundles built first) and a Chromium whose
 * viewer lives in Europe/Berlin (or `timezoneId`; `historyMonths` of finished requests for the reports), started before its tests and closed after them. Read the fields inside tests.
 */
export function sandboxInChromium(options: { historyMonths?: number; timezoneId?: string } = {}): { sandbox: Sandbox; browser: Browser } {
  const env = {} as { sandbox: Sandbox; browser: Browser };
  beforeAll(async () => {
    await ensureStaticBuilt();
    env.sandbox = await startSandbox({ port: 0, build: false, historyMonths: options.historyMonths ?? 0 });
    env.browser = await launchChromium({ timezoneId: options.timezoneId ?? 'Europe/Berlin' });
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.sandbox?.close();
  });
  return env;
}

/** Saves a screenshot to test-results/<name>.png and, when `publish`, also to docs/screenshots/. */
export async function saveScreenshot(target: Page | { screenshot: Page['screenshot'] }, name: string, publish = false): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await target.screenshot({ path });
  if (publish) {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    copyFileSync(path, join(SCREENSHOTS_DIR, `${name}.png`));
  }
}

/** The frame of an app iframe on the sandbox page, once its document has loaded. */
export async function appFrame(page: Page, iframeSelector: string): Promise<Frame> {
  const handle = await page.waitForSelector(iframeSelector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`${iframeSelector} has no frame`);
  return frame;
}

/** POSTs JSON to the sandbox and returns the answer. */
export async function post(sandbox: Sandbox, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: ${JSON.stringify(json)}`);
  return json;
}

/** Polls `read` until `accept` holds (or fails with the last value after `timeoutMs`). */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch {
      // The frame may be between documents; read again.
    }
    if (performance.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(last)}`);
    await sleep(100);
  }
}
