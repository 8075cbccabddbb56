/**
 * The SLA panel in a real browser, inside the sandbox's issue view, backed by the real resolvers on the
 * emulated site: read it, watch time pass (at risk, breached, escalated), and pause by status.
 */
import type { Frame, Page } from 'playwright-core';
import { appFrame, post, saveScreenshot, sandboxInChromium, waitUntil } from './harness';

jest.setTimeout(180_000);

const env = sandboxInChromium();

interface PanelReading {
  status: string | null;
  text: string;
  currentLevel: string | null;
}

async function readPanel(frame: Frame): Promise<PanelReading> {
  return frame.evaluate(() => {
    const main = document.querySelector('main.panel');
    return {
      status: main?.getAttribute('data-status') ?? null,
      text: (main as HTMLElement | null)?.innerText ?? '',
      currentLevel: document.querySelector('.step-current')?.getAttribute('data-level') ?? null,
    };
  });
}

/** A fresh BytezTech P1 issue (Highest priority, standard plan: first response 4 business hours). */
async function createP1(summary: string): Promise<string> {
  const created = await post(env.sandbox, '/api/issues', {
    projectKey: 'BYT',
    summary,
    priority: 'Highest',
    plan: 'standard',
    as: 'customer',
  });
  return String(created.key);
}

async function openIssue(key: string, as = 'agent'): Promise<{ page: Page; frame: Frame }> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.sandbox.url}/?issue=${key}&as=${as}`);
  const frame = await appFrame(page, '#sla-panel');
  await waitUntil(
    () => readPanel(frame),
    (r) => r.status !== null,
  );
  return { page, frame };
}

const renderedAt = (frame: Frame) => frame.evaluate(() => document.documentElement.dataset.rendered ?? '');

/** Clicks a clock step and waits until the panel has been rendered again after it. */
async function advance(page: Page, frame: Frame, step: '15m' | '1h' | '1d'): Promise<void> {
  const before = await page.textContent('#clock');
  const rendered = await renderedAt(frame);
  await page.click(`#advance-${step}`);
  await waitUntil(
    () => page.textContent('#clock'),
    (now) => now !== before,
  );
  await waitUntil(
    () => renderedAt(frame),
    (at) => at !== '' && at !== rendered,
  );
}

describe('SLA panel in the sandbox', () => {
  it('shows priority, plan, reason, each metric, the ladder and the clock history of an issue', async () => {
    const key = await createP1('Checkout page is down');
    const { page, frame } = await openIssue(key);
    const panel = await readPanel(frame);
    expect(panel.status).toBe('on track');
    expect(panel.text).toMatch(/Critical \(P1\)/);
    expect(panel.text).toMatch(/Standard Support plan/i);
    expect(panel.text).toMatch(/rule .*Highest/i);
    expect(panel.text).toContain('4h business time left');
    expect(panel.text).toMatch(/Due Wed 4 Mar, 19:30 CET \(Wed 4 Mar, 13:30 (EST|GMT-5)\)/);
    expect(panel.text).toContain('Support Team: first response missed');
    expect(panel.text).toMatch(/started/);
    const bars = await frame.$$eval('[role="progressbar"]', (els) => els.map((e) => e.getAttribute('aria-valuenow')));
    expect(bars.length).toBeGreaterThan(0);
    expect(await frame.$eval('[aria-live="polite"]', (e) => e.textContent)).toContain('SLA on track');
    // The panel fits the issue-context width without horizontal scrolling.
    const widths = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    expect(widths[1]).toBeLessThanOrEqual(360);
    // At a glance: priority, plan, every target and the whole ladder sit in the first 600 px (a laptop's context
    // column), before the clock history.
    const ladderBottom = await frame.$eval('section[aria-labelledby="ladder-h"]', (e) => e.getBoundingClientRect().bottom);
    expect(ladderBottom).toBeLessThanOrEqual(600);
    const panelFrame = await page.$('#sla-panel');
    if (!panelFrame) throw new Error('no panel frame');
    await saveScreenshot(panelFrame, 'sla-panel', true);
    await saveScreenshot(page, 'issue-view');
    await page.close();
  });

  it('counts down live on the browser clock without asking the backend again', async () => {
    // The sandbox clock has not moved yet: 09:30 in New York, so the whole 4h target lies in today's hours.
    const key = await createP1('Search returns nothing');
    const page = await env.browser.context.newPage();
    await page.clock.install();
    const invokes: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/bridge/invoke')) invokes.push(request.postData() ?? '');
    });
    await page.goto(`${env.sandbox.url}/?issue=${key}&as=agent`);
    const frame = await appFrame(page, '#sla-panel');
    const first = await waitUntil(
      () => readPanel(frame),
      (r) => r.status !== null,
    );
    expect(first.text).toContain('4h business time left');
    const asked = invokes.filter((body) => body.includes('getSlaState')).length;
    expect(asked).toBe(1);

    await page.clock.runFor(10 * 60_000);
    const later = await waitUntil(
      () => readPanel(frame),
      (r) => r.text.includes('3h 50m business time left'),
    );
    expect(later.status).toBe('on track');
    const bar = await frame.$eval('[data-metric="firstResponse"] [role="progressbar"]', (e) => e.getAttribute('aria-valuenow'));
    expect(Number(bar)).toBe(4); // 10 of 240 minutes
    expect(invokes.filter((body) => body.includes('getSlaState')).length).toBe(asked);
    await saveScreenshot(page, 'panel-live-countdown');
    await page.close();
  });

  it('turns at risk at 75 %, then breached, and climbs the escalation ladder as the clock advances', async () => {
    const key = await createP1('Payments API returns 503');
    const { page, frame } = await openIssue(key);
    expect((await readPanel(frame)).currentLevel).toBeNull();
    for (let i = 0; i < 3; i += 1) await advance(page, frame, '1h');
    const atRisk = await waitUntil(
      () => readPanel(frame),
      (r) => r.status === 'at risk',
    );
    expect(atRisk.text).toContain('1h business time left');
    expect(atRisk.text).toMatch(/At risk/i);
    await saveScreenshot(page, 'panel-at-risk');

    await advance(page, frame, '1h');
    await advance(page, frame, '15m');
    const breached = await waitUntil(
      () => readPanel(frame),
      (r) => r.status === 'breached',
    );
    expect(breached.text).toMatch(/Breached Wed 4 Mar, 19:30 CET/);
    expect(breached.text).toContain('late by 15m (target 4h)');
    expect(Number(breached.currentLevel)).toBeGreaterThanOrEqual(1);
    expect(breached.text).toMatch(/Level \d+: /);
    expect(breached.text).toMatch(/breached/);
    // The app fields written by the sweep agree with the panel.
    const slaStatus = await page.textContent('[data-field="sla-status"]');
    expect(slaStatus).toBe('breached');
    await saveScreenshot(page, 'panel-breached');
    await page.close();
  });

  it('pauses when the issue waits for the customer and shows why', async () => {
    const key = await createP1('Data export stuck');
    const { page, frame } = await openIssue(key);
    await page.selectOption('#status-select', 'Waiting for customer');
    const paused = await waitUntil(
      () => readPanel(frame),
      (r) => r.status === 'paused',
    );
    expect(paused.text).toMatch(/Paused: .*Waiting for customer/i);
    expect(paused.text).toMatch(/paused/);
    await advance(page, frame, '1h');
    const still = await waitUntil(
      () => readPanel(frame),
      (r) => r.status === 'paused',
    );
    expect(still.text).toContain('4h business time left');
    await saveScreenshot(page, 'panel-paused');
    await page.close();
  });

  it('follows the host theme (dark tokens) and works from the keyboard', async () => {
    const key = await createP1('Dark mode check');
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/?issue=${key}&as=agent&theme=dark`);
    const frame = await appFrame(page, '#sla-panel');
    await waitUntil(
      () => readPanel(frame),
      (r) => r.status !== null,
    );
    // The theme's token stylesheet arrives after the mode attribute (as with view.theme.enable() on Forge): wait
    // for the colours, and fail with the last reading if they never turn dark.
    const dark = { mode: 'dark', background: 'rgb(34, 39, 43)', text: 'rgb(182, 194, 207)' };
    const look = await waitUntil(
      () =>
        frame.evaluate(() => ({
          mode: document.documentElement.getAttribute('data-color-mode'),
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector('main.panel') as Element).color,
        })),
      (reading) => reading.background === dark.background,
      5_000,
    );
    expect(look).toEqual(dark);
    // The clock history folds and unfolds with the keyboard.
    await frame.focus('details.history summary');
    expect(await frame.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    expect(await frame.$eval('details.history', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.keyboard.press('Enter');
    expect(await frame.$eval('details.history', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    const panelFrame = await page.$('#sla-panel');
    if (!panelFrame) throw new Error('no panel frame');
    await saveScreenshot(panelFrame, 'sla-panel-dark', true);
    await page.close();
  });

  it('follows a comment and a priority change made on the issue view', async () => {
    const key = await createP1('Cannot export invoices');
    const { page, frame } = await openIssue(key);
    expect((await readPanel(frame)).text).toContain('Critical (P1)');

    await page.fill('#comment-body', 'Looking into it now.');
    await page.selectOption('#comment-as', 'agent');
    let rendered = await renderedAt(frame);
    await page.click('#comment-submit');
    await waitUntil(
      () => page.textContent('#comments'),
      (t) => (t ?? '').includes('Looking into it now.'),
    );
    await waitUntil(
      () => renderedAt(frame),
      (at) => at !== '' && at !== rendered,
    );
    const met = await waitUntil(
      () => readPanel(frame),
      (r) => /First response\s+Met/i.test(r.text),
    );
    expect(met.text).toMatch(/First response met \(public comment by agent\)/);

    rendered = await renderedAt(frame);
    await page.selectOption('#priority-select', 'Low');
    await waitUntil(
      () => renderedAt(frame),
      (at) => at !== '' && at !== rendered,
    );
    const lower = await waitUntil(
      () => readPanel(frame),
      (r) => !r.text.includes('Critical (P1)'),
    );
    expect(lower.text).toMatch(/jira-low|Low/);
    expect(await page.textContent('[data-field="sla-priority"]')).not.toBe('P1');
    await saveScreenshot(page, 'panel-after-comment-and-priority');
    await page.close();
  });

  it('shows nothing of the SLA to a user who cannot browse the project', async () => {
    const key = await createP1('Outsider should not see this');
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/?issue=${key}&as=outsider`);
    const frame = await appFrame(page, '#sla-panel');
    const state = await waitUntil(
      () => frame.evaluate(() => document.querySelector('main.panel')?.getAttribute('data-state') ?? null),
      (s) => s !== null && s !== 'loading',
    );
    expect(state).toBe('forbidden');
    expect(await frame.textContent('main.panel')).not.toContain('Critical');
    await saveScreenshot(page, 'panel-outsider');
    await page.close();
  });

  it("lists an issue whose plan and priority have no target as 'no target', not 'none'", async () => {
    const site = (await (await fetch(`${env.sandbox.url}/api/site`)).json()) as {
      issues: Array<{ key: string; slaStatus: string | null }>;
    };
    // The demo's Lowest typo in the Batoi project is P4, whose response target is `none`.
    const untargeted = site.issues.find((issue) => issue.slaStatus === 'none');
    if (!untargeted) throw new Error('the demo site has no issue without a target');
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/?as=agent`);
    expect(await page.textContent(`#issue-list li[data-key="${untargeted.key}"] .lozenge`)).toBe('no target');
    await page.close();
  });
});
