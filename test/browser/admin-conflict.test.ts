/**
 * The admin page in a real browser when another admin saved the same scope after this page loaded it: nothing is
 * saved, the conflict view shows the version in force beside the admin's text, and either choice works.
 */
import { appFrame, post, sandboxInChromium } from './harness';

jest.setTimeout(180_000);

const env = sandboxInChromium();
const scope = { kind: 'project', projectKey: 'BEE' } as const;

async function invokeAs(accountId: string, functionKey: string, payload: unknown): Promise<Record<string, any>> {
  const answer = await post(env.sandbox, '/bridge/invoke', {
    moduleKey: env.sandbox.modules.admin.moduleKey,
    functionKey,
    payload,
    accountId,
  });
  expect(answer.ok).toBe(true);
  return answer.body as Record<string, any>;
}

describe('a save that lost the race', () => {
  it("shows the conflict beside the other version, and keeps the admin's text on top of it when asked", async () => {
    const loaded = (await invokeAs('admin', 'getPolicy', { scope })).policy as { version: number; source: string };
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/admin?as=admin`);
    const frame = await appFrame(page, '#admin-app');
    await frame.selectOption('[data-testid="scope"]', 'project:BEE');
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');

    // Another admin saves BEE behind this page's back.
    const theirs = loaded.source.replace(/^name: .*$/m, 'name: Saved by the other admin');
    expect(theirs).not.toBe(loaded.source);
    expect(await invokeAs('admin', 'savePolicy', { scope, source: theirs, expectedVersion: loaded.version })).toMatchObject({
      ok: true,
      policy: { version: loaded.version + 1 },
    });

    const mine = loaded.source.replace(/^name: .*$/m, 'name: Saved from this page');
    await frame.fill('#policy-source', mine);
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    await frame.click('button.button-primary');
    const conflict = await frame.waitForSelector('[data-testid="save-conflict"]');
    const words = await conflict.innerText();
    expect(words).toContain(`You edited version ${loaded.version}; version ${loaded.version + 1}`);
    expect(await (await frame.$('[data-testid="conflict-theirs"] mark'))?.innerText()).toContain('name: Saved by the other admin');
    expect(await (await frame.$('[data-testid="conflict-mine"] mark'))?.innerText()).toContain('name: Saved from this page');
    expect((await invokeAs('admin', 'getPolicy', { scope })).policy).toMatchObject({ version: loaded.version + 1, source: theirs });

    // Keep this page's text: the next save builds on the version in force.
    await frame.click('button:has-text("Keep my text")');
    await frame.waitForSelector('[data-testid="save-conflict"]', { state: 'detached' });
    expect(await frame.inputValue('#policy-source')).toBe(mine);
    await frame.waitForSelector(`.scope-note:has-text("v${loaded.version + 1}")`);
    await frame.click('button.button-primary');
    await frame.waitForSelector(`[data-testid="save-message"]:has-text("version ${loaded.version + 2}")`);
    expect((await invokeAs('admin', 'getPolicy', { scope })).policy).toMatchObject({ version: loaded.version + 2, source: mine });
    await page.close();
  });
});
