/**
 * The escalation directory in Chromium on the sandbox (issue 10 §4): the panel's "Responsible now" section of a
 * notified Batoi escalation (names, avatars, since, next), a person on the rung acknowledging it from the panel, and
 * the admin page's directory editor adding a person picked with Jira's user search to a rung of the policy source.
 * The BytezTech project's escalation requests (sandbox/request-demo.ts): one waiting, whose assignee acknowledges
 * it from the panel, and one already acknowledged.
 * Screenshots: docs/screenshots/sla-panel-rung.png, sla-panel-request.png and admin-directory.png.
 */
import type { Frame, Page } from 'playwright-core';
import { notificationsOf } from '../../emulator/jira/notify';
import { appFrame, saveScreenshot, sandboxInChromium, waitUntil } from './harness';

jest.setTimeout(180_000);

const env = sandboxInChromium();

async function openPanel(key: string, as: string): Promise<{ page: Page; frame: Frame }> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.sandbox.url}/?issue=${key}&as=${as}`);
  return { page, frame: await appFrame(page, '#sla-panel') };
}

const text = (frame: Frame, selector: string) =>
  frame.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);

describe('the escalation directory in the browser', () => {
  it('shows who is responsible on a notified escalation, and a person on the rung acknowledges it', async () => {
    const project = env.sandbox.demo!.projects.find((p) => p.presetId?.startsWith('batoi'))!;
    // A notified escalation that Alex Agent (the assignee, on the first rung) may acknowledge and nobody has yet.
    const notified = [...new Set(notificationsOf(env.sandbox.forge.jira).map((mail) => mail.issueKey))].filter((candidate) =>
      candidate.startsWith(`${project.key}-`),
    );
    let key: string | undefined;
    for (const candidate of notified) {
      const view = (await env.sandbox.forge.invokeResolver(
        env.sandbox.modules.panel.moduleKey,
        'getLadder',
        { issueKey: candidate },
        { accountId: 'agent', issueKey: candidate },
      )) as { ladder: { canAcknowledge: boolean; level: number } | null };
      if (view.ladder?.canAcknowledge && view.ladder.level === 1) key = candidate;
    }
    expect(key).toBeDefined();
    const { page, frame } = await openPanel(key!, 'agent');
    await frame.waitForSelector('[data-testid="rung-acknowledge"]');
    expect(await text(frame, '[data-testid="rung-level"]')).toMatch(/^Level 1: Batoi Support Team since /);
    expect(await text(frame, '[data-testid="rung-people"]')).toContain('Alex Agent');
    expect(await frame.$$eval('[data-testid="rung-people"] img.avatar', (images) => images.length)).toBeGreaterThan(0);
    expect(await text(frame, '[data-testid="rung-next"]')).toMatch(/Next: level 2, Account Manager, at .* → Avery Account-Manager/);
    await saveScreenshot(page, 'sla-panel-rung', true);
    await frame.click('[data-testid="rung-acknowledge"]');
    await waitUntil(
      () => text(frame, '[data-testid="rung-acknowledged"]'),
      (t) => t.startsWith('Acknowledged by Alex Agent'),
    );
    expect(await frame.$('[data-testid="rung-acknowledge"]')).toBeNull();
    await frame.click('[data-testid="rung-audit"] summary');
    expect(await text(frame, '[data-testid="rung-audit"]')).toMatch(/acknowledged by agent/);
    await page.close();

    // Someone not on the rung sees who is, and no button.
    const other = await openPanel(key!, 'agent-apac');
    await other.frame.waitForSelector('[data-testid="rung-acknowledged"]');
    expect(await other.frame.$('[data-testid="rung-acknowledge"]')).toBeNull();
    await other.page.close();
  });

  it('offers the assignee to acknowledge an escalation request, and shows who acknowledged one', async () => {
    const requests = env.sandbox.demo!.requests!;
    const { page, frame } = await openPanel(requests.waiting, 'agent');
    await frame.waitForSelector('[data-testid="rung-request-acknowledge"]');
    expect(await text(frame, '[data-testid="rung-requests"]')).toMatch(
      /^Escalation acknowledgment: escalation requested .*label 'escalation-requested' added — due /,
    );
    await saveScreenshot(page, 'sla-panel-request', true);
    await frame.click('[data-testid="rung-request-acknowledge"]');
    await waitUntil(
      () => text(frame, '[data-testid="rung-request-acknowledged"]'),
      (t) => t.includes('acknowledged by Alex Agent'),
    );
    expect(await frame.$('[data-testid="rung-request-acknowledge"]')).toBeNull();
    await page.close();

    // Someone neither assigned nor on the first rung sees the request, and no button.
    const other = await openPanel(requests.acknowledged, 'agent-apac');
    await other.frame.waitForSelector('[data-testid="rung-request-acknowledged"]');
    expect(await text(other.frame, '[data-testid="rung-request-acknowledged"]')).toMatch(/acknowledged by Alex Agent at /);
    expect(await other.frame.$('[data-testid="rung-request-acknowledge"]')).toBeNull();
    await other.page.close();
  });

  it("adds a person picked with Jira's user search to a rung of the policy being edited", async () => {
    const project = env.sandbox.demo!.projects.find((p) => p.presetId?.startsWith('batoi'))!;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/admin?as=admin`);
    const frame = await appFrame(page, '#admin-app');
    await frame.waitForSelector('[data-testid="scope"]');
    await frame.selectOption('[data-testid="scope"]', `project:${project.key}`);
    await frame.waitForSelector('[data-testid="directory"]');
    expect(await text(frame, '[data-testid="directory-rungs"]')).toContain('am-batoi');
    await frame.selectOption('[data-testid="directory-level"]', 'executive');
    await frame.fill('[data-testid="directory-search"]', 'priya');
    await frame.click('[data-testid="directory-search-button"]');
    await frame.waitForSelector('[data-testid="directory-results"] button');
    expect(await text(frame, '[data-testid="directory-results"]')).toContain('Priya Agent (Kolkata)');
    await frame.click('[data-testid="directory-results"] button');
    await waitUntil(
      () => text(frame, '[data-testid="directory-rungs"] [data-level="executive"]'),
      (t) => t.includes('agent-apac'),
    );
    await waitUntil(
      () => text(frame, '[data-testid="validation"]'),
      (t) => t.startsWith('Valid'),
    );
    await saveScreenshot(page, 'admin-directory', true);
    await page.close();
  });
});
