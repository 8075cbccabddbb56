/**
 * The panel's own behaviour in Chromium against a scripted resolver (no emulator): the loading skeleton while
 * the answer is on its way, the error state whose "Try again" asks again and shows the SLA, the no-policy
 * message, and a new question exactly when the state says it changes next (at-risk, breach, escalation).
 */
import type { Page } from 'playwright-core';
import { startUiServer, type BridgeCall, type UiServer } from '../../sandbox/ui-server';
import { launchChromium, type Browser } from './chromium';
import { ensureStaticBuilt, saveScreenshot, waitUntil } from './harness';
import { answer, busyState, FIXTURE_NOW } from '../static/fixtures';

jest.setTimeout(120_000);

let server: UiServer;
let browser: Browser;
/** What the next getSlaState calls answer, in order; the last one repeats. */
let script: Array<() => Promise<unknown>> = [];
const calls: BridgeCall[] = [];

beforeAll(async () => {
  await ensureStaticBuilt();
  server = await startUiServer({
    port: 0,
    invoke: async (call) => {
      calls.push(call);
      const next = script.length > 1 ? script.shift()! : script[0]!;
      return next();
    },
  });
  browser = await launchChromium({ width: 350, height: 700 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(() => {
  calls.length = 0;
});

async function openPanel(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/apps/sla-panel/index.html?app=sla-panel&module=panel&as=agent&issue=SUP-1&project=SUP`);
  return page;
}

const panelState = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector('main.panel');
    return main?.getAttribute('data-state') ?? (main?.getAttribute('data-status') ? 'ready' : null);
  });

it('shows a skeleton while loading, then an error whose "Try again" asks again and shows the SLA', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  script = [
    async () => {
      await held;
      return { ok: false, code: 'JIRA_ERROR', message: 'Jira answered 503 while reading SUP-1.' };
    },
    async () => answer(busyState()),
  ];
  const page = await openPanel();
  await waitUntil(
    () => panelState(page),
    (s) => s === 'loading',
  );
  expect(await page.getAttribute('main.panel', 'aria-busy')).toBe('true');
  expect(await page.$$('.skeleton')).not.toHaveLength(0);
  await saveScreenshot(page, 'panel-loading');
  release();

  await waitUntil(
    () => panelState(page),
    (s) => s === 'error',
  );
  const alert = await page.textContent('[role="alert"]');
  expect(alert).toContain('The SLA could not be loaded');
  expect(alert).toContain('Jira answered 503 while reading SUP-1.');
  await saveScreenshot(page, 'panel-error');
  await page.getByRole('button', { name: 'Try again' }).click();
  await waitUntil(
    () => panelState(page),
    (s) => s === 'ready',
  );
  expect(await page.textContent('main.panel')).toContain('Critical');
  expect(calls.filter((c) => c.functionKey === 'getSlaState')).toHaveLength(2);
  await page.close();
});

it('says so when no policy applies to the project', async () => {
  // What getSlaState answers for a project with no policy of its own and no site default.
  script = [async () => ({ ok: true, now: FIXTURE_NOW, policy: null, state: null })];
  const page = await openPanel();
  await waitUntil(
    () => panelState(page),
    (s) => s === 'no-policy',
  );
  expect(await page.textContent('main.panel')).toContain('No SLA policy applies to this project');
  await saveScreenshot(page, 'panel-no-policy');
  await page.close();
});

it('asks again just after nextChangeAt, and not before', async () => {
  // The fixture's next change (the workaround's breach) is 30 minutes after its `now`.
  const state = busyState();
  expect(Date.parse(state.nextChangeAt!) - Date.parse(FIXTURE_NOW)).toBe(30 * 60_000);
  script = [async () => answer(state)];
  const page = await browser.context.newPage();
  await page.clock.install();
  await page.goto(`${server.url}/apps/sla-panel/index.html?app=sla-panel&module=panel&as=agent&issue=SUP-1&project=SUP`);
  await waitUntil(
    () => panelState(page),
    (s) => s === 'ready',
  );
  const asked = () => calls.filter((c) => c.functionKey === 'getSlaState').length;
  expect(asked()).toBe(1);
  await page.clock.runFor(29 * 60_000);
  expect(asked()).toBe(1);
  await page.clock.runFor(2 * 60_000);
  await waitUntil(
    async () => asked(),
    (n) => n === 2,
  );
  await saveScreenshot(page, 'panel-after-next-change');
  await page.close();
});

it('asks again when the window regains focus or the tab becomes visible', async () => {
  script = [async () => answer(busyState())];
  const page = await openPanel();
  await waitUntil(
    () => panelState(page),
    (s) => s === 'ready',
  );
  const asked = () => calls.filter((c) => c.functionKey === 'getSlaState').length;
  expect(asked()).toBe(1);
  const rendered = () => page.evaluate(() => document.documentElement.dataset.rendered ?? '');
  const before = await rendered();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await waitUntil(
    async () => asked(),
    (n) => n === 2,
  );
  // The panel asks once at a time: let that answer arrive before the next reason to ask.
  await waitUntil(rendered, (at) => at !== before);
  // Headless pages are visible, as a tab the agent comes back to is.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await waitUntil(
    async () => asked(),
    (n) => n === 3,
  );
  await page.close();
});
