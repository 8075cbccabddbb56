/**
 * The incident report in Chromium on the sandbox (issue 11 §4): opened from the SLA panel of the seeded Batoi
 * incident (sandbox/incident-demo.ts) it shows the resolver's entries, in order, with their business durations and
 * the people's names and avatars; printed (print media, A4 width) it shows no controls; and each breach row of the
 * report page opens its issue's report; its CSV export holds the page's rows. Screenshots: docs/screenshots/incident-report.png and
 * incident-report-print.png.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import type { GetIncidentReportOk } from '../../src/contracts/incident-report';
import { formatMinutes } from '../../src/engine/duration';
import { parseCsv } from '../support/parse-csv';
import { appFrame, saveScreenshot, sandboxInChromium } from './harness';

jest.setTimeout(240_000);

const env = sandboxInChromium({ timezoneId: 'UTC' });

/** The timeline as the page shows it. */
function shownEntries(frame: Frame) {
  return frame.$$eval('[data-testid="incident-entries"] tbody tr', (rows) =>
    rows.map((row) => {
      const cell = (name: string) => row.querySelector<HTMLElement>(`[data-figure="${name}"]`)?.textContent?.trim() ?? '';
      return {
        kind: (row as HTMLElement).dataset.kind,
        at: (row as HTMLElement).dataset.at,
        text: cell('text'),
        sincePrevious: cell('since-previous'),
        sinceCreated: cell('since-created'),
        who: [...row.querySelectorAll('.who .person .name')].map((name) => name.textContent?.trim() ?? ''),
      };
    }),
  );
}

describe('the incident report in the browser', () => {
  it('opens from the SLA panel and shows the resolver answer, with names, avatars and business durations; prints cleanly', async () => {
    const key = env.sandbox.demo!.incidentKey!;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/?issue=${key}&as=agent`);
    const panel = await appFrame(page, '#sla-panel');
    await panel.waitForSelector('[data-testid="incident-link"]');
    const [reportPage] = await Promise.all([env.browser.context.waitForEvent('page'), panel.click('[data-testid="incident-link"]')]);
    await reportPage.waitForLoadState();
    expect(new URL(reportPage.url()).searchParams.get('path')).toBe(`incident/${key}`);
    const frame = await appFrame(reportPage, '#reports-app');
    await frame.waitForSelector('[data-testid="incident-entries"] tbody tr');

    const answer = (await env.sandbox.forge.invokeResolver(
      env.sandbox.modules.reports.moduleKey,
      'getIncidentReport',
      { issueKey: key },
      { accountId: 'agent' },
    )) as GetIncidentReportOk;
    const report = answer.report!;
    expect((await shownEntries(frame)).map(({ who: _who, ...rest }) => rest)).toEqual(
      report.entries.map((e) => ({
        kind: e.kind,
        at: e.at,
        text: e.text,
        sincePrevious: formatMinutes(e.sincePreviousMinutes),
        sinceCreated: formatMinutes(e.sinceCreatedMinutes),
      })),
    );
    // The demo's story on Batoi's 06:00–16:00 UTC calendar, counted by hand: raised Tue 14:00, waiting for the
    // customer Tue 15:00–Wed 07:00 (1h + 1h of business time), level 1 at Wed 10:00 (1h + 3h), acknowledged 10:30.
    const shown = await shownEntries(frame);

    // The CSV export holds the page's rows: same instants, kinds, texts, people and business minutes.
    const [download] = await Promise.all([reportPage.waitForEvent('download'), frame.click('button:has-text("Export CSV")')]);
    expect(download.suggestedFilename()).toBe(`incident-${key}.csv`);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(
      csv.map((row) => ({
        kind: row.kind,
        at: row.at,
        text: row.text,
        sincePrevious: formatMinutes(Number(row.since_previous_minutes)),
        sinceCreated: formatMinutes(Number(row.since_created_minutes)),
        who: [row.actor ?? '', ...(row.notified ?? '').split('; ')].filter((name) => name !== ''),
      })),
    ).toEqual(shown);

    expect(shown.find((e) => e.kind === 'pauseEnded')?.sinceCreated).toBe('3h');
    expect(shown.find((e) => e.kind === 'escalated')?.sinceCreated).toBe('6h');
    expect(shown.find((e) => e.kind === 'acknowledged')?.sincePrevious).toBe('20m');
    expect(await frame.textContent('[data-testid="incident-totals"] [data-figure="paused"]')).toBe('2h');
    expect(await frame.textContent('[data-testid="incident-totals"] [data-figure="notices"]')).toBe('2 / 1');

    // People by name with their avatars: the reporter, the agent who acted and acknowledged, the group notified.
    const who = await frame.$$eval('[data-testid="incident-entries"] .who .person .name', (people) =>
      people.map((p) => p.textContent?.trim()),
    );
    expect(new Set(who)).toEqual(new Set(['Casey Customer', 'Alex Agent', 'group batoi-support']));
    expect(await frame.$$eval('[data-testid="incident-entries"] img.avatar', (images) => images.length)).toBeGreaterThan(0);
    await saveScreenshot(reportPage, 'incident-report', true);

    // Printed: the report frame alone at A4 width (210 mm ≈ 794 CSS px), print media: no button, no navigation.
    const printPage = await env.browser.context.newPage();
    await printPage.setViewportSize({ width: 794, height: 1123 });
    await printPage.goto(frame.url());
    await printPage.emulateMedia({ media: 'print' });
    await printPage.waitForSelector('[data-testid="incident-entries"] tbody tr');
    expect(await printPage.$$eval('button', (buttons) => buttons.filter((b) => b.checkVisibility()).length)).toBe(0);
    expect(await printPage.$eval('body', (body) => getComputedStyle(body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await saveScreenshot(printPage, 'incident-report-print', true);
    await Promise.all([printPage.close(), reportPage.close(), page.close()]);
  });

  it("opens a breach row's incident report from the report page", async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/reports?as=admin`);
    const frame = await appFrame(page, '#reports-app');
    await frame.waitForSelector('[data-testid="breach-incident"]');
    const key = await frame.$eval('[data-testid="breach-table"] tbody tr th a', (a) => a.textContent!.trim());
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('path') === `incident/${key}`),
      frame.click('[data-testid="breach-incident"]'),
    ]);
    const incident = await appFrame(page, '#reports-app');
    await incident.waitForSelector('[data-testid="incident-entries"] tbody tr');
    expect(await incident.textContent('#incident-h')).toContain(key);
    expect(await incident.$$eval('[data-testid="incident-entries"] tr[data-kind="breached"]', (rows) => rows.length)).toBeGreaterThan(0);
    await page.close();
  });
});
