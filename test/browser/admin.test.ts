/**
 * The admin page in a real browser on the sandbox: validation as you type with each error at its line, save
 * refused while errors remain (the policy in force stays), a fixed policy saved and recomputed and the panel
 * following it, and a non-admin refused by the page and by the resolvers.
 */
import type { Frame, Page } from 'playwright-core';
import { appFrame, post, saveScreenshot, sandboxInChromium, waitUntil } from './harness';
import { CYCLES_POLICY_YAML } from '../forge/support/cycles-policy';

jest.setTimeout(180_000);

const env = sandboxInChromium();

async function invokeAs(accountId: string, functionKey: string, payload: unknown): Promise<Record<string, unknown>> {
  const answer = await post(env.sandbox, '/bridge/invoke', {
    moduleKey: env.sandbox.modules.admin.moduleKey,
    functionKey,
    payload,
    accountId,
  });
  expect(answer.ok).toBe(true);
  return answer.body as Record<string, unknown>;
}

async function storedVersion(projectKey: string): Promise<number | null> {
  const answer = await invokeAs('admin', 'getPolicy', { scope: { kind: 'project', projectKey } });
  return (answer.policy as { version: number } | null)?.version ?? null;
}

async function openAdmin(as: string): Promise<{ page: Page; frame: Frame }> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.sandbox.url}/admin?as=${as}`);
  const frame = await appFrame(page, '#admin-app');
  return { page, frame };
}

async function panelText(key: string): Promise<string> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.sandbox.url}/?issue=${key}&as=agent`);
  const frame = await appFrame(page, '#sla-panel');
  const text = await waitUntil(
    () => frame.evaluate(() => (document.querySelector('main.panel[data-status]') as HTMLElement | null)?.innerText ?? ''),
    (t) => t !== '',
  );
  await page.close();
  return text;
}

describe('admin page in the sandbox', () => {
  it('shows each error at its line, refuses to save it, then saves the fixed policy and the panel follows', async () => {
    const created = await post(env.sandbox, '/api/issues', {
      projectKey: 'BYT',
      summary: 'Login broken for everyone',
      priority: 'Highest',
      plan: 'standard',
      as: 'customer',
    });
    const issueKey = String(created.key);
    expect(await panelText(issueKey)).toContain('4h business time left of 4h');
    expect(await storedVersion('BYT')).toBe(1);

    const { page, frame } = await openAdmin('admin');
    await frame.waitForSelector('#policy-source');
    await frame.selectOption('[data-testid="scope"]', 'project:BYT');
    // The scope being edited is told to assistive technology, not only shaded.
    await frame.waitForSelector('tr[data-scope="project:BYT"] button[aria-current="true"]');
    expect(await frame.$$('.assignments button[aria-current="true"]')).toHaveLength(1);
    const original = await waitUntil(
      () => frame.$eval('#policy-source', (e) => (e as HTMLTextAreaElement).value),
      (v) => v.includes('id: byteztech'),
    );
    const lines = original.split('\n');
    const idLine = lines.findIndex((l) => l.startsWith('id: ')) + 1;
    expect(idLine).toBeGreaterThan(0);

    // Type an invalid id where the id is.
    const broken = original.replace('id: byteztech', 'id: Bytez Tech!');
    await frame.fill('#policy-source', broken);
    const problem = await frame.waitForSelector(`.problem[data-line="${idLine}"]`);
    expect(await problem.innerText()).toMatch(new RegExp(`Line ${idLine}`));
    expect(await problem.innerText()).toMatch(/id/);
    expect(await frame.$(`.gutter-line.gutter-error[data-line="${idLine}"]`)).not.toBeNull();
    expect(await frame.textContent('[data-testid="validation"]')).toMatch(/problem/);
    expect(await frame.isDisabled('button.button-primary')).toBe(true);
    // The problem's place is a link to its line: the caret and the view move there.
    await frame.click(`.problem[data-line="${idLine}"] button`);
    const caretLine = await frame.$eval('#policy-source', (e) => {
      const area = e as HTMLTextAreaElement;
      return area.value.slice(0, area.selectionStart).split('\n').length;
    });
    expect(caretLine).toBe(idLine);
    await saveScreenshot(frame.locator('section[aria-labelledby="edit-h"]'), 'admin-page', true);
    await saveScreenshot(page, 'admin-page-full');

    // The resolver refuses it too, whatever the page does; the policy in force stays.
    const refused = await invokeAs('admin', 'savePolicy', { scope: { kind: 'project', projectKey: 'BYT' }, source: broken });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_POLICY' });
    expect(await storedVersion('BYT')).toBe(1);

    // Fix it and shorten the P1 standard first response from 4h to 2h.
    const fixed = original.replace(/firstResponse: 4h( +# "Critical \(P1\): 4 business hours")/, 'firstResponse: 2h$1');
    expect(fixed).not.toBe(original);
    await frame.fill('#policy-source', fixed);
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    expect(await frame.$('.problem')).toBeNull();
    await frame.click('button.button-primary');
    await frame.waitForSelector('[data-testid="save-message"]:has-text("version 2")');
    const progress = await frame.waitForSelector('[data-testid="recompute-progress"][data-finished="true"]');
    expect(await progress.innerText()).toMatch(/Recomputed (\d+) \/ \1 issues · 0 failed/);
    await saveScreenshot(page, 'admin-saved');
    expect(await storedVersion('BYT')).toBe(2);
    await page.close();

    const after = await panelText(issueKey);
    expect(after).toContain('2h business time left of 2h');
    expect(after).toContain('v2');
  });

  it("recomputes the chosen scope's issues again on request and follows the job to its end", async () => {
    const { page, frame } = await openAdmin('admin');
    await frame.selectOption('[data-testid="scope"]', 'project:BEE');
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    await frame.click('button:has-text("Recompute issues")');
    const progress = await frame.waitForSelector('[data-testid="recompute-progress"][data-finished="true"]');
    // The demo site gave the B2Bee project unresolved issues, so the job has work to do.
    const [, done, total] = /Recomputed (\d+) \/ (\d+) issues · 0 failed/.exec(await progress.innerText()) ?? [];
    expect(Number(total)).toBeGreaterThan(0);
    expect(done).toBe(total);
    await page.close();
  });

  it('previews due instants and escalation times for a plan, priority and start', async () => {
    const { page, frame } = await openAdmin('admin');
    await frame.selectOption('[data-testid="scope"]', 'project:BYT');
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    await frame.selectOption('#preview-h ~ form select >> nth=0', 'standard');
    await frame.selectOption('#preview-h ~ form select >> nth=1', 'P1');
    // Monday 2 March 2026, 15:00 in Berlin = 09:00 in New York, when BytezTech's day starts.
    await frame.fill('#preview-h ~ form input[type="datetime-local"]', '2026-03-02T15:00');
    await frame.click('#preview-h ~ form button[type="submit"]');
    const result = await frame.waitForSelector('[data-testid="preview-result"]');
    const text = await result.innerText();
    expect(text).toMatch(/First response\s+\dh \(us-business\)\s+Mon 2 Mar, 1\d:00 CET/);
    expect(text).toContain('Support Team: first response missed');
    await saveScreenshot(page, 'admin-preview');
    // An edit makes the result out of date: it goes until the admin asks again.
    const source = await frame.$eval('#policy-source', (e) => (e as HTMLTextAreaElement).value);
    await frame.fill('#policy-source', `${source}\n# edited\n`);
    await waitUntil(
      () => frame.$('[data-testid="preview-result"]'),
      (el) => el === null,
    );
    await page.close();
  });

  it('replays the sample request history through the policy in the editor, one row per cycle', async () => {
    const { page, frame } = await openAdmin('admin');
    await frame.selectOption('[data-testid="scope"]', 'project:BYT');
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    // A policy whose resolution restarts on reopening and which has a next-reply metric (UTC, always open).
    await frame.fill('#policy-source', CYCLES_POLICY_YAML);
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    const replay = frame.locator('[data-testid="cycle-replay"]');
    await replay.locator('select >> nth=0').selectOption('standard');
    await replay.locator('select >> nth=1').selectOption('P1');
    // The sample a new admin starts from: answered, a burst of two customer comments, resolved, reopened, resolved.
    expect(await replay.locator('li.replay-event').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))).toEqual([
      'agentReply',
      'customerComment',
      'customerComment',
      'agentReply',
      'resolve',
      'reopen',
      'customerComment',
      'agentReply',
      'resolve',
    ]);
    await replay.locator('button[type="submit"]').click();
    const result = replay.locator('[data-testid="replay-result"]');
    await result.waitFor();
    const outcomes = (metric: string) =>
      result.locator(`table[data-metric="${metric}"] tbody tr`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-outcome')));
    expect(await outcomes('resolution')).toEqual(['met', 'met']);
    expect(await outcomes('nextReply')).toEqual(['breached', 'breached']);
    expect(await result.locator('table[data-metric="nextReply"] caption').innerText()).toContain('Next reply: 2 cycles, 2 breached');
    await saveScreenshot(page, 'admin-cycle-replay');
    // A row removed and replayed: without the reopening the second resolution cycle never starts.
    await replay.locator('li.replay-event[data-kind="reopen"] button').click();
    await replay.locator('button[type="submit"]').click();
    await waitUntil(
      () => outcomes('resolution'),
      (rows) => rows.length === 1,
    );
    // An event moved before the creation is named before anything is sent.
    await replay.locator('li.replay-event >> nth=0').locator('input[type="datetime-local"]').fill('2020-01-01T09:00');
    await replay.locator('button[type="submit"]').click();
    expect(await replay.locator('[role="alert"]').innerText()).toBe(
      'Event 1 (Agent reply) is before the request was created: move it later.',
    );
    await page.close();
  });

  it('assigns a preset to a project that followed the site default', async () => {
    expect(await storedVersion('OPS')).toBeNull();
    const { page, frame } = await openAdmin('admin');
    await frame.waitForSelector('#policy-source');
    await frame.click('tr[data-scope="project:OPS"] button');
    expect(await frame.textContent('.scope-note')).toContain('uses the site default');
    expect(await frame.$eval('#policy-source', (e) => (e as HTMLTextAreaElement).value)).toBe('');
    expect(await frame.isDisabled('button.button-primary')).toBe(true);

    const presets = await frame.$$eval('[data-testid="preset"] option', (options) =>
      options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''),
    );
    expect(presets).toHaveLength(5);
    await frame.selectOption('[data-testid="preset"]', 'essensys');
    await waitUntil(
      () => frame.$eval('#policy-source', (e) => (e as HTMLTextAreaElement).value),
      (v) => v.includes('id: essensys'),
    );
    await frame.waitForSelector('[data-testid="validation"]:has-text("Valid")');
    await frame.click('button.button-primary');
    await frame.waitForSelector('[data-testid="save-message"]:has-text("version 1")');
    const row = await waitUntil(
      () => frame.textContent('tr[data-scope="project:OPS"]'),
      (t) => (t ?? '').includes('essensys'),
    );
    expect(row).toContain('v1');
    const stored = await invokeAs('admin', 'getPolicy', { scope: { kind: 'project', projectKey: 'OPS' } });
    expect(stored.policy).toMatchObject({ policyId: 'essensys', presetId: 'essensys', version: 1 });
    // The site default is untouched.
    expect(await frame.textContent('tr[data-scope="site"]')).toContain('BytezTech');
    await saveScreenshot(page, 'admin-preset-assigned');
    await page.close();
  });

  it('lists the holidays of the policy in force for a year, with where each comes from', async () => {
    const { page, frame } = await openAdmin('admin');
    await frame.selectOption('[data-testid="scope"]', 'project:BMP');
    await frame.fill('[data-testid="holiday-year"]', '2027');
    const moved = await frame.waitForSelector('[data-testid="holiday-list"] tr[data-source="rule"]:has-text("Labour Day")');
    expect(await moved.innerText()).toMatch(/Tue,? 4 May\s+Labour Day\s+rule: moved from Sat,? 1 May/);
    const added = await frame.textContent('[data-testid="holiday-list"] tr[data-source="added"]');
    expect(added).toContain('Christmas (26 December)');
    expect(await frame.textContent('[data-testid="holiday-list"] h3')).toContain('BG public, 1 added, 1 rule');
    await saveScreenshot(page, 'admin-holidays');
    await page.close();
  });

  it('refuses a non-admin on the page and in the resolvers', async () => {
    const { page, frame } = await openAdmin('agent');
    const refusal = await frame.waitForSelector('[data-testid="refusal"]');
    expect(await refusal.innerText()).toContain('Only Jira admins can manage SLA policies');
    expect(await frame.$('#policy-source')).toBeNull();
    await saveScreenshot(page, 'admin-refused');
    await page.close();

    const before = await storedVersion('OPS');
    const preset = (await invokeAs('admin', 'listPresets', {})) as { presets: Array<{ source: string }> };
    const source = preset.presets[0]!.source;
    // Every admin resolver checks the caller itself, including the read-only ones.
    for (const [name, payload] of [
      ['getAdminOverview', {}],
      ['listPresets', {}],
      ['getPolicy', { scope: { kind: 'site' } }],
      ['validatePolicy', { source }],
      ['previewDue', { source, plan: 'standard', priority: 'P1', start: '2026-03-02T14:00:00Z' }],
      [
        'previewCycles',
        { source, plan: 'standard', priority: 'P1', created: '2026-03-02T14:00:00Z', events: [], asOf: '2026-03-02T15:00:00Z' },
      ],
      ['savePolicy', { scope: { kind: 'project', projectKey: 'OPS' }, source }],
      ['startRecompute', { scope: { kind: 'site' } }],
      ['getRecomputeProgress', { jobId: 'any' }],
    ] as const) {
      expect(await invokeAs('agent', name, payload)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await storedVersion('OPS')).toBe(before);
  });
});
