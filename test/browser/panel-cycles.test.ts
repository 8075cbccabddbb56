/**
 * The panel's cycles in Chromium against a scripted resolver (no emulator): the current cycle's line counting down
 * on the browser clock, the past cycles folded under their summary and unfolded by keyboard, and the screenshot
 * docs/ui.md shows (docs/screenshots/sla-panel-cycles.png).
 */
import type { Page } from 'playwright-core';
import { startUiServer, type UiServer } from '../../sandbox/ui-server';
import { launchChromium, type Browser } from './chromium';
import { ensureStaticBuilt, saveScreenshot, waitUntil } from './harness';
import { answer, cyclesState } from '../static/fixtures';

jest.setTimeout(120_000);

let server: UiServer;
let browser: Browser;

beforeAll(async () => {
  await ensureStaticBuilt();
  server = await startUiServer({ port: 0, invoke: async () => answer(cyclesState()) });
  browser = await launchChromium({ width: 350, height: 1000, timezoneId: 'Europe/Berlin' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPanel(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.clock.install();
  await page.goto(`${server.url}/apps/sla-panel/index.html?app=sla-panel&module=panel&as=agent&issue=SUP-1&project=SUP`);
  await waitUntil(
    () => page.evaluate(() => document.querySelector('main.panel')?.getAttribute('data-status') ?? null),
    (status) => status !== null,
  );
  return page;
}

it('shows the current cycle of each repeating metric, counting down, and the past cycles folded until asked for', async () => {
  const page = await openPanel();
  const line = page.getByTestId('cycle-line-nextReply');
  expect(await line.textContent()).toBe('Cycle 3 of next reply: 1h 10m left');
  expect(await page.getByTestId('cycle-line-resolution').textContent()).toBe('Cycle 2 of resolution: 1d 7h left');
  // Metrics that ran once have no cycle line or history.
  expect(await page.getByTestId('cycles-firstResponse').count()).toBe(0);

  // The 24x7 next-reply clock runs on the browser clock between answers (the panel redraws every 15 s).
  await page.clock.runFor(20 * 60_000);
  await waitUntil(
    async () => line.textContent(),
    (text) => text === 'Cycle 3 of next reply: 50m left',
  );

  const history = page.getByTestId('cycles-nextReply').locator('details');
  expect(await history.evaluate((details: HTMLDetailsElement) => details.open)).toBe(false);
  expect(await history.locator('summary').textContent()).toBe('Past cycles (2): 1 breached');
  expect(await history.locator('li').first().isVisible()).toBe(false);
  // By keyboard, as an agent would: focus the summary and press Enter.
  await history.locator('summary').focus();
  await page.keyboard.press('Enter');
  expect(await history.evaluate((details: HTMLDetailsElement) => details.open)).toBe(true);
  const items = await history.locator('li').allTextContents();
  expect(items).toHaveLength(2);
  expect(items[0]).toMatch(/^Cycle 1 Mon 2 Mar, 16:00 CET → Mon 2 Mar, 16:40 CET: met: 40m of 2h used/);
  expect(items[1]).toMatch(/^Cycle 2 Mon 2 Mar, 22:00 CET → Tue 3 Mar, 00:45 CET: breached: 2h 30m of 2h used, 15m paused/);
  expect(await history.locator('li[data-status="breached"] .cycle-outcome').evaluate((el) => getComputedStyle(el).color)).not.toBe(
    await history.locator('li[data-status="met"] .cycle-outcome').evaluate((el) => getComputedStyle(el).color),
  );
  await page.getByTestId('cycles-resolution').locator('summary').click();
  await saveScreenshot(page, 'sla-panel-cycles', true);
  await page.close();
});
