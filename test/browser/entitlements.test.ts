/**
 * Entitlements in a real browser on the sandbox (docs/ui.md#entitlements): the seeded B2Bee project's requests
 * belong to Acme d.o.o., whose one registered person is Casey; the panel flags a request over plan or from someone
 * not registered, and the admin page's usage table shows the organization's month against its plan and edits its
 * registered persons with a picker over Jira's user search (names and avatars).
 */
import type { Frame } from 'playwright-core';
import { DEMO_ORGANIZATION } from '../../sandbox/demo-site';
import { appFrame, saveScreenshot, sandboxInChromium, waitUntil } from './harness';

jest.setTimeout(180_000);

const env = sandboxInChromium();

async function beeIssueKeys(): Promise<string[]> {
  const bee = env.sandbox.demo!.projects.find((project) => project.presetId === 'b2bee')!;
  const site = (await (await fetch(`${env.sandbox.url}/api/site`)).json()) as { issues: Array<{ key: string; projectKey: string }> };
  return site.issues.filter((issue) => issue.projectKey === bee.key).map((issue) => issue.key);
}

const panelText = (frame: Frame) =>
  frame.evaluate(() => (document.querySelector('main.panel[data-status]') as HTMLElement | null)?.innerText ?? '');

describe('entitlements in the sandbox', () => {
  it('the panel flags a request over plan from a reporter who is not registered, as the SLA entitlement field says', async () => {
    const flagged = (await beeIssueKeys()).find((key) => {
      const value = String(env.sandbox.forge.jira.appFieldValue(key, 'sla-entitlement'));
      return value.includes('over plan') && value.includes('not registered');
    });
    expect(flagged).toBeDefined();
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/?issue=${flagged!}&as=agent`);
    const frame = await appFrame(page, '#sla-panel');
    const text = await waitUntil(
      () => panelText(frame),
      (t) => /entitlement/i.test(t),
    );
    expect(text).toMatch(/credit \d+ of \d+ this month: over plan/);
    expect(text).toContain(`reporter is not a registered person of ${DEMO_ORGANIZATION}`);
    const badge = await frame.textContent('[data-testid="entitlement-flag"]');
    expect(badge).toBe(String(env.sandbox.forge.jira.appFieldValue(flagged!, 'sla-entitlement')));
    await saveScreenshot(frame.locator('main.panel'), 'sla-panel-entitlement', true);
    await page.close();
  });

  it('the admin usage table shows the organization against its plan and saves its registered persons', async () => {
    const bee = env.sandbox.demo!.projects.find((project) => project.presetId === 'b2bee')!;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/admin?as=admin`);
    const frame = await appFrame(page, '#admin-app');
    await frame.waitForSelector('#policy-source');
    await frame.selectOption('[data-testid="scope"]', `project:${bee.key}`);
    const row = await frame.waitForSelector(`[data-testid="usage-table"] tr[data-organization="${DEMO_ORGANIZATION}"]`);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/\d+ of \d+/);
    expect(text).toMatch(/8 of 1 7 over plan/i); // Basic: "1 CREDIT/month"; the sandbox files 8 BEE requests this month
    expect(text).toMatch(/1 of 1 \d+ not registered/i); // Basic: "1 registered person"; Dana's and Lee's requests

    await row.$eval('details.persons-editor', (details) => ((details as HTMLDetailsElement).open = true));
    // Registered persons are shown by name with their avatar, and picked with Jira's user search, never typed.
    const editor = `tr[data-organization="${DEMO_ORGANIZATION}"] [data-testid="persons-editor"]`;
    expect(await frame.textContent(`${editor} [data-testid="persons-list"]`)).toContain('Casey Customer');
    expect(await frame.$$eval(`${editor} [data-testid="persons-list"] img.avatar`, (images) => images.length)).toBe(1);
    for (const [query, name] of [
      ['dana', 'Dana (Acme Corp)'],
      ['lee', 'Lee (Globex)'],
    ] as const) {
      await frame.fill(`${editor} [data-testid="persons-search"]`, query);
      await frame.click(`${editor} [data-testid="persons-search-button"]`);
      await frame.waitForSelector(`${editor} [data-testid="persons-results"] button:has-text("Add ${name}")`);
      await frame.click(`${editor} [data-testid="persons-results"] button:has-text("Add ${name}")`);
      await waitUntil(
        () => frame.textContent(`${editor} [data-testid="persons-list"]`),
        (t) => (t ?? '').includes(name),
      );
    }
    await saveScreenshot(frame.locator('[data-testid="entitlement-usage"]'), 'admin-entitlements', true);
    await frame.click(`${editor} [data-testid="persons-save"]`);
    await waitUntil(
      () => frame.textContent(`tr[data-organization="${DEMO_ORGANIZATION}"] [data-testid="registration"]`),
      (t) => (t ?? '').startsWith('3 of'),
    );
    await page.close();
  });
});
