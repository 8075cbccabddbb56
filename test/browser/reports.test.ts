/**
 * The report page, its CSV export and the dashboard gadget in Chromium on the sandbox with three months of
 * finished requests: the page opens populated with no typing; the page's figures equal the CSV's, and both equal
 * the resolver's answer; requests by SLA priority equal what JQL on the app's "SLA priority" field counts for the
 * same issues and period; the gadget shows this month's compliance; the breach links open the issues.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import type { GetOutcomeReportOk, GetOutcomeTrendOk } from '../../src/contracts/reports';
import { appFrame, saveScreenshot, sandboxInChromium, waitUntil } from './harness';

jest.setTimeout(300_000);

// UTC viewer: the emulator's JQL reads dates in UTC for every user, so the page's months and the JQL's agree.
const env = sandboxInChromium({ historyMonths: 3, timezoneId: 'UTC' });

async function invoke<T>(moduleKey: string, functionKey: string, payload: unknown, accountId = 'admin'): Promise<T> {
  return (await env.sandbox.forge.invokeResolver(moduleKey, functionKey, payload, { accountId })) as T;
}

/** Reads the metric table as the page shows it (data-figure cells; percent and minutes from data-value). */
function pageMetrics(frame: Frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll<HTMLTableRowElement>('[data-testid="metric-table"] tbody tr')].map((row) => {
      const cell = (name: string) => row.querySelector<HTMLElement>(`[data-figure="${name}"]`)!;
      const value = (name: string) => (cell(name).dataset.value === '' ? null : Number(cell(name).dataset.value));
      return {
        metric: row.dataset.metric!,
        met: Number(cell('met').textContent),
        breached: Number(cell('breached').textContent),
        openAtEnd: Number(cell('openAtEnd').textContent),
        compliancePercent: value('compliancePercent'),
        medianMinutes: value('medianMinutes'),
        p90Minutes: value('p90Minutes'),
      };
    }),
  );
}

/** Issues with at least one SLA target (a due field is kept once met or breached); a priority without targets records no outcome. */
const TARGETED = '("First response due" is not EMPTY OR "Workaround due" is not EMPTY OR "Resolution due" is not EMPTY)';

function parseCsv(text: string): Array<Record<string, string>> {
  // The export quotes only names with commas/quotes; the figures compared here never hold either.
  const [header, ...rows] = text.trim().split('\r\n');
  const names = header!.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

describe('reports in the sandbox', () => {
  it('opens populated on the newest month; page = CSV = resolver, and requests by priority = JQL on "SLA priority"', async () => {
    const reportKey = env.sandbox.modules.reports.moduleKey;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/reports?as=admin`);
    const frame = await appFrame(page, '#reports-app');
    await frame.waitForSelector('[data-testid="metric-table"] tbody tr');
    await frame.waitForSelector('.trend-chart canvas');
    const scope = await frame.textContent('[data-testid="report-scope"]');
    const month = /^(\d{4}-\d{2}) \(UTC\)/.exec(scope ?? '')?.[1];
    expect(month).toBe('2026-03'); // the sandbox opens on 4 March 2026; its stories stop targets in March

    // The same month through the resolver: the page shows exactly its figures.
    const answer = await invoke<GetOutcomeReportOk>(reportKey, 'getOutcomeReport', {
      period: { kind: 'month', month },
      timeZone: 'UTC',
      breachLimit: 500,
    });
    const shown = await pageMetrics(frame);
    expect(shown).toEqual(answer.metrics);
    expect(shown.reduce((n, m) => n + m.met + m.breached, 0)).toBeGreaterThan(0);
    const breachLinks = await frame.$$eval('[data-testid="breach-table"] tbody a', (links) => links.map((a) => a.textContent));
    expect(breachLinks).toEqual(answer.breaches.items.map((b) => b.issueKey));

    // The trend has at least three months with decided targets before March (the seeded history).
    const trend = await invoke<GetOutcomeTrendOk>(reportKey, 'getOutcomeTrend', { lastMonth: month, months: 12, timeZone: 'UTC' });
    const populated = trend.months.filter((m) => m.met + m.breached > 0).map((m) => m.month);
    expect(populated).toEqual(expect.arrayContaining(['2025-12', '2026-01', '2026-02', '2026-03']));
    await saveScreenshot(page, 'reports-page', true);

    // Export: the CSV holds the page's figures.
    const [download] = await Promise.all([page.waitForEvent('download'), frame.click('button:has-text("Export CSV")')]);
    expect(download.suggestedFilename()).toBe(`sla-report-${month}.csv`);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const num = (text: string | undefined) => (text === '' || text === undefined ? null : Number(text));
    expect(
      csv
        .filter((row) => row.section === 'metric')
        .map((row) => ({
          metric: row.metric,
          met: num(row.met),
          breached: num(row.breached),
          openAtEnd: num(row.open_at_end),
          compliancePercent: num(row.compliance_percent),
          medianMinutes: num(row.median_minutes),
          p90Minutes: num(row.p90_minutes),
        })),
    ).toEqual(shown);
    const csvPriorities = csv.filter((row) => row.section === 'priority').map((row) => [row.priority, Number(row.requests)]);
    const pagePriorities = await frame.$$eval('[data-testid="priority-table"] tr', (rows) =>
      rows.map((row) => [(row as HTMLElement).dataset.priority, Number(row.querySelector('[data-figure="requests"]')?.textContent)]),
    );
    expect(csvPriorities).toEqual(pagePriorities);

    // JQL on the app's field, as the same user, over each month of the history: issues created in the month by SLA
    // priority (every seeded request starts its first target on creation and keeps its priority).
    for (const m of ['2025-12', '2026-01', '2026-02']) {
      const report = await invoke<GetOutcomeReportOk>(reportKey, 'getOutcomeReport', {
        period: { kind: 'month', month: m },
        timeZone: 'UTC',
      });
      const [year, mm] = m.split('-').map(Number) as [number, number];
      const next = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
      for (const { priority, requests } of report.requestsByPriority) {
        const jql = `"SLA priority" = "${priority}" AND ${TARGETED} AND created >= "${m}-01" AND created < "${next}-01"`;
        expect([m, priority, env.sandbox.forge.jira.search('admin', jql).length]).toEqual([m, priority, requests]);
      }
      const all = env.sandbox.forge.jira.search(
        'admin',
        `"SLA priority" is not EMPTY AND ${TARGETED} AND created >= "${m}-01" AND created < "${next}-01"`,
      );
      expect(all.length).toBe(report.requestsByPriority.reduce((n, p) => n + p.requests, 0));
    }

    // A breach link opens that issue in the sandbox's issue view.
    if (answer.breaches.items.length > 0) {
      const first = answer.breaches.items[0]!.issueKey;
      const href = await frame.getAttribute('[data-testid="breach-table"] tbody a', 'href');
      const opened = await fetch(href!, { redirect: 'manual' });
      expect([opened.status, opened.headers.get('location')]).toEqual([302, `/?issue=${first}`]);
    }
    await page.close();
  });

  it('narrows to a project page; a user who browses nothing sees no figures', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/reports?as=admin`);
    await page.selectOption('#report-project', 'BYT');
    const frame = await appFrame(page, '#reports-app');
    await waitUntil(
      () => frame.textContent('[data-testid="report-scope"]'),
      (text) => /projects: BYT$/.test(text ?? ''),
    );
    const expected = await invoke<GetOutcomeReportOk>(env.sandbox.modules.reports.projectModuleKey, 'getOutcomeReport', {
      period: { kind: 'month', month: '2026-03' },
      timeZone: 'UTC',
      projectKey: 'BYT',
    });
    await waitUntil(
      () => pageMetrics(frame),
      (metrics) => JSON.stringify(metrics) === JSON.stringify(expected.metrics),
    );
    await page.goto(`${env.sandbox.url}/reports?as=outsider`);
    const outsider = await appFrame(page, '#reports-app');
    await waitUntil(
      () => outsider.textContent('[data-testid="report-scope"]'),
      (text) => /projects: none you can browse/.test(text ?? ''),
    );
    expect(await outsider.$('[data-testid="metric-table"]')).toBeNull();
    await page.close();
  });

  it('shows this month’s compliance in the gadget, with a sparkline, in light and dark', async () => {
    const page = await env.browser.context.newPage();
    for (const theme of ['light', 'dark'] as const) {
      await page.goto(`${env.sandbox.url}/reports?as=admin&theme=${theme}`);
      const gadget = await appFrame(page, '#gadget-app');
      await gadget.waitForSelector('.sparkline canvas');
      const value = await gadget.getAttribute('[data-testid="gadget-compliance"]', 'data-value');
      const march = await invoke<GetOutcomeReportOk>(env.sandbox.modules.reports.gadgetModuleKey, 'getOutcomeReport', {
        period: { kind: 'month', month: '2026-03' },
        timeZone: 'UTC',
      });
      const met = march.metrics.reduce((n, m) => n + m.met, 0);
      const breached = march.metrics.reduce((n, m) => n + m.breached, 0);
      expect(Number(value)).toBe(Math.round((met / (met + breached)) * 1000) / 10);
      expect(await gadget.textContent('[data-testid="gadget"]')).toContain('2026-03');
      const handle = await page.$('#gadget-app');
      await saveScreenshot(handle!, `reports-gadget-${theme}`, true);
    }
    await page.close();
  });
});
