/**
 * The Get started page (manifest module `sla-get-started`, the admin bundle with `useAsGetStarted`) in a real
 * browser on the sandbox: it reads the demo site through the admin resolvers, gives a project its own policy from
 * a preset, starts the first recompute and follows it to the end; a non-admin is refused.
 */
import type { Page } from 'playwright-core';
import { post, saveScreenshot, sandboxInChromium, waitUntil } from './harness';

jest.setTimeout(180_000);

const env = sandboxInChromium();
const GET_STARTED = 'sla-get-started';

async function openGetStarted(as: string): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.sandbox.url}/apps/admin/index.html?app=admin&module=${GET_STARTED}&as=${as}&tz=Europe/Berlin`);
  return page;
}

async function projectPolicy(projectKey: string): Promise<{ policyId: string; version: number } | null> {
  const answer = await post(env.sandbox, '/bridge/invoke', {
    moduleKey: GET_STARTED,
    functionKey: 'getPolicy',
    payload: { scope: { kind: 'project', projectKey } },
    accountId: 'admin',
  });
  return (answer.body as { policy: { policyId: string; version: number } | null }).policy ?? null;
}

describe('Get started page in the sandbox', () => {
  it("shows the four steps with the demo site's policies, the fields to add to screens, and no policy editor", async () => {
    const page = await openGetStarted('admin');
    await page.waitForSelector('h1:has-text("Get started with SLA Ladder")');
    await page.waitForSelector('[data-step="policy"][data-done="true"]');
    expect(await page.getAttribute('[data-step="projects"]', 'data-done')).toBe('true');
    expect(await page.getAttribute('[data-step="recompute"]', 'data-done')).toBe('false');
    // SUP follows the site default; BYT has its own policy (sandbox/demo-site.ts).
    expect(await page.innerText('tr[data-project="SUP"]')).toMatch(/site default/);
    expect(await page.innerText('tr[data-project="BYT"]')).toMatch(/its own, v\d+/);
    const fields = await page.innerText('[data-step="fields"]');
    expect(fields).toContain('SLA status');
    expect(fields).toContain('Associate to screens');
    expect(await page.$('#policy-source')).toBeNull();
    await saveScreenshot(page, 'get-started', true);
    await page.close();
  });

  it('gives a project its own policy from a preset, then recomputes every open issue and follows the job to its end', async () => {
    const before = await projectPolicy('SUP');
    expect(before).toBeNull();
    const page = await openGetStarted('admin');
    await page.waitForSelector('[data-testid="project"]');
    await page.selectOption('[data-testid="project"]', 'SUP');
    await page.selectOption('[data-testid="project-preset"]', 'essensys');
    await page.click('button:has-text("Give the project this policy")');
    const message = await page.waitForSelector('[data-testid="get-started-message"]');
    expect(await message.innerText()).toMatch(/is now project SUP \(version 1\)/);
    await waitUntil(
      () => page.innerText('tr[data-project="SUP"]'),
      (text) => text.includes('its own, v1'),
    );
    expect(await projectPolicy('SUP')).toMatchObject({ policyId: 'essensys', version: 1 });

    await page.click('button:has-text("Recompute open issues")');
    await page.waitForSelector('[data-step="recompute"][data-done="true"]');
    const progress = await page.innerText('[data-testid="recompute-progress"]');
    const [, done, total] = /Recomputed (\d+) \/ (\d+) issues · 0 failed/.exec(progress) ?? [];
    expect(Number(total)).toBeGreaterThan(0);
    expect(done).toBe(total);
    await page.close();
  });

  it('refuses a user who is not a Jira admin', async () => {
    const page = await openGetStarted('agent');
    const refusal = await page.waitForSelector('[data-testid="refusal"]');
    expect(await refusal.innerText()).toContain('Only Jira admins can set up SLA Ladder');
    await page.close();
  });
});
