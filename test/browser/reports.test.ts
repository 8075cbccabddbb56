/**
 * The report page, its CSV export and the dashboard gadget in Chromium on the sandbox with three months of
 * finished requests: the page opens populated with no typing; the page's figures equal the CSV's, and both equal
 * the resolver's answer; requests by SLA priority equal what JQL on the app's "SLA priority" field counts for the
 * same issues and period; the organization filter narrows every figure to the resolver's answer for it; the
 * quarterly review shows the three months, the quarter (= the quarterly report) and the change, its CSV equals
 * the page and it prints on A4 landscape; the gadget shows this month's compliance and its edit view chooses the
 * project and organization it shows; the breach links open the issues.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import type { GetOutcomeReportOk, GetOutcomeTrendOk, GetQuarterlyReviewOk } from '../../src/contracts/reports';
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

  it('narrows every figure with the organization filter to the resolver’s answer for that organization', async () => {
    const reportKey = env.sandbox.modules.reports.moduleKey;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/reports?as=admin`);
    const frame = await appFrame(page, '#reports-app');
    await frame.waitForSelector('[data-testid="metric-table"] tbody tr');
    // February: the seeded history gives every organization requests there (March's stories have none).
    await frame.fill('form[aria-label="Report filters"] input[type="month"]', '2026-02');
    const everyone = await invoke<GetOutcomeReportOk>(reportKey, 'getOutcomeReport', {
      period: { kind: 'month', month: '2026-02' },
      timeZone: 'UTC',
      breachLimit: 500,
    });
    for (const [label, organization] of [
      ['Acme Corp', 'Acme Corp'],
      ['(no organization)', null],
    ] as const) {
      await frame.selectOption('form[aria-label="Report filters"] label:has-text("Organization") select', { label });
      const expected = await invoke<GetOutcomeReportOk>(reportKey, 'getOutcomeReport', {
        period: { kind: 'month', month: '2026-02' },
        timeZone: 'UTC',
        organization,
        breachLimit: 500,
      });
      const trend = await invoke<GetOutcomeTrendOk>(reportKey, 'getOutcomeTrend', {
        lastMonth: '2026-02',
        months: 12,
        timeZone: 'UTC',
        organization,
      });
      // Targets, requests by priority, the organization rows, the breach list and the trend: each is the organization's.
      await waitUntil(
        () => pageMetrics(frame),
        (metrics) => JSON.stringify(metrics) === JSON.stringify(expected.metrics),
      );
      const decided = (r: GetOutcomeReportOk) => r.metrics.reduce((n, m) => n + m.met + m.breached, 0);
      expect(decided(expected)).toBeGreaterThan(0);
      expect(decided(expected)).toBeLessThan(decided(everyone));
      const priorities = await frame.$$eval('[data-testid="priority-table"] tr', (rows) =>
        rows.map((row) => ({
          priority: (row as HTMLElement).dataset.priority,
          requests: Number(row.querySelector('[data-figure="requests"]')?.textContent),
        })),
      );
      expect(priorities).toEqual(expected.requestsByPriority);
      const organizations = await frame.$$eval('[data-testid="organization-table"] tbody tr', (rows) =>
        rows.map((row) => [row.querySelector('th')?.textContent, Number(row.querySelector('[data-figure="met"]')?.textContent)]),
      );
      expect(organizations).toEqual(expected.byOrganization.map((o) => [o.organization ?? '(no organization)', o.met]));
      expect(new Set(organizations.map(([name]) => name))).toEqual(new Set([label]));
      const breaches = await frame.$$eval('[data-testid="breach-table"] tbody a', (links) => links.map((a) => a.textContent));
      expect(breaches).toEqual(expected.breaches.items.map((b) => b.issueKey));
      expect(await frame.textContent('#breach-h')).toContain(`(${expected.breaches.total})`);
      const summary = trend.months.map((m) => `${m.month}: ${m.compliancePercent === null ? 'none decided' : `${m.compliancePercent}%`}`);
      await waitUntil(
        () => frame.getAttribute('.trend-chart', 'aria-label'),
        (text) => text === `Compliance per month. ${summary.join(', ')}`,
      );
    }
    await page.close();
  });

  it('shows one organization’s quarter: three months, the quarter (= the quarterly report), the previous quarter and the change; CSV = page; A4 landscape print', async () => {
    const reportKey = env.sandbox.modules.reports.moduleKey;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/reports?as=admin`);
    const frame = await appFrame(page, '#reports-app');
    await frame.waitForSelector('[data-testid="metric-table"] tbody tr');
    await frame.click('[role="tab"]:has-text("Quarterly review")');
    await frame.selectOption('form[aria-label="Review filters"] select', { label: 'Globex' });
    await frame.fill('form[aria-label="Review filters"] input[aria-label="Quarter"]', '2026-Q1');
    const review = await invoke<GetQuarterlyReviewOk>(reportKey, 'getQuarterlyReview', {
      quarter: '2026-Q1',
      organization: 'Globex',
      timeZone: 'UTC',
    });
    const quarterReport = await invoke<GetOutcomeReportOk>(reportKey, 'getOutcomeReport', {
      period: { kind: 'quarter', quarter: '2026-Q1' },
      timeZone: 'UTC',
      organization: 'Globex',
    });
    // The quarter's total column is the report of the quarter as one period.
    expect(review.total.metrics).toEqual(quarterReport.metrics);
    expect(review.total.requestsByPriority).toEqual(quarterReport.requestsByPriority);
    expect(review.total.breachCount).toBe(quarterReport.breaches.total);
    expect(review.months.map((m) => m.period.label)).toEqual(['2026-01', '2026-02', '2026-03']);

    /** The page's table: row → column → value (data-value, '' = none). */
    const pageTable = () =>
      frame.$$eval('[data-testid="qbr-table"] tbody tr[data-row]', (rows) =>
        rows.map((row) => ({
          row: (row as HTMLElement).dataset.row!,
          values: [...row.querySelectorAll<HTMLElement>('td')].map((td) => [td.dataset.column, td.dataset.value]),
        })),
      );
    await waitUntil(
      () => frame.textContent('[data-testid="qbr-scope"]').catch(() => null),
      (text) => /^2026-Q1 \(UTC\) · Globex · projects: /.test(text ?? ''),
    );
    const table = await pageTable();
    const value = (row: string, column: string) => {
      const cell = table.find((r) => r.row === row)?.values.find(([c]) => c === column)?.[1];
      return cell === undefined || cell === '' ? null : Number(cell);
    };
    const columns = [...review.months.map((m) => m.period.label), '2026-Q1', '2025-Q4', 'change_vs_2025-Q4'];
    expect(table[0]!.values.map(([c]) => c)).toEqual(columns);
    for (const [index, column] of [...review.months, review.total, review.previous].entries()) {
      for (const m of column.metrics) {
        expect([columns[index], m.metric, value(`metric:${m.metric}:met`, columns[index]!)]).toEqual([columns[index], m.metric, m.met]);
        expect(value(`metric:${m.metric}:compliance_percent`, columns[index]!)).toBe(m.compliancePercent);
        expect(value(`metric:${m.metric}:median_minutes`, columns[index]!)).toBe(m.medianMinutes);
        expect(value(`metric:${m.metric}:p90_minutes`, columns[index]!)).toBe(m.p90Minutes);
        expect(value(`metric:${m.metric}:open_at_end`, columns[index]!)).toBe(m.openAtEnd);
      }
      for (const p of column.requestsByPriority) expect(value(`priority:${p.priority}:requests`, columns[index]!)).toBe(p.requests);
      expect(value('breaches::breaches', columns[index]!)).toBe(column.breachCount);
    }
    for (const m of review.change.metrics) {
      expect(value(`metric:${m.metric}:breached`, 'change_vs_2025-Q4')).toBe(m.breached);
    }
    expect(value('breaches::breaches', 'change_vs_2025-Q4')).toBe(review.change.breachCount);
    // Globex had requests in January and February (the seeded history) and in December, the quarter before.
    expect(review.months.map((m) => m.requestsByPriority.length > 0)).toEqual([true, true, false]);
    expect(review.previous.metrics.length).toBeGreaterThan(0);

    // The CSV holds the page's numbers.
    const [download] = await Promise.all([page.waitForEvent('download'), frame.click('button:has-text("Export review CSV")')]);
    expect(download.suggestedFilename()).toBe('sla-review-Globex-2026-Q1.csv');
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(
      csv.map((row) => ({
        row: `${row.section}:${row.metric || row.priority}:${row.figure}`,
        values: columns.map((c) => [c, row[c]]),
      })),
    ).toEqual(table);
    expect(new Set(csv.map((row) => row.organization))).toEqual(new Set(['Globex']));
    await saveScreenshot(page, 'reports-qbr', true);

    // Print: A4 landscape, the pickers and buttons hidden, the table kept.
    await page.emulateMedia({ media: 'print' });
    expect(await frame.isVisible('form[aria-label="Review filters"]')).toBe(false);
    expect(await frame.isVisible('button:has-text("Export review CSV")')).toBe(false);
    expect(await frame.isVisible('[role="tablist"]')).toBe(false);
    expect(await frame.isVisible('[data-testid="qbr-table"]')).toBe(true);
    const pageRules = await frame.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) =>
        [...sheet.cssRules].flatMap((rule) =>
          rule instanceof CSSMediaRule ? [...rule.cssRules].filter((r) => r instanceof CSSPageRule).map((r) => r.cssText) : [],
        ),
      ),
    );
    expect(pageRules.join(' ')).toMatch(/size: a4 landscape/i);
    await saveScreenshot((await page.$('#reports-app'))!, 'reports-qbr-print', true);
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });

  it('configures the gadget in its edit view: a browsable project and an organization; the figure follows', async () => {
    const gadgetKey = env.sandbox.modules.reports.gadgetModuleKey;
    const page = await env.browser.context.newPage();
    await page.goto(`${env.sandbox.url}/reports?as=admin`);
    const gadget = await appFrame(page, '#gadget-app');
    await gadget.waitForSelector('.sparkline canvas');
    expect(await gadget.textContent('[data-testid="gadget"]')).toContain('2026-03 · all projects');

    await page.click('#gadget-edit');
    await waitUntil(
      () => gadget.$('[data-testid="gadget-edit"] select[name="project"] option[value="BYT"]'),
      (option) => option !== null,
    );
    // Only browsable projects are offered.
    const offered = await gadget.$$eval('select[name="project"] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    const filters = (await invoke<{ projectKeys: string[] }>(gadgetKey, 'getReportFilters', { timeZone: 'UTC' })).projectKeys;
    expect(offered).toEqual(['', ...filters]);
    await gadget.selectOption('select[name="project"]', 'BYT');
    await gadget.selectOption('select[name="organization"]', { label: '(no organization)' });
    await saveScreenshot((await page.$('#gadget-app'))!, 'reports-gadget-edit', true);
    await gadget.click('button:has-text("Save")');

    const march = await invoke<GetOutcomeReportOk>(gadgetKey, 'getOutcomeReport', {
      period: { kind: 'month', month: '2026-03' },
      timeZone: 'UTC',
      projectKey: 'BYT',
      organization: null,
    });
    const met = march.metrics.reduce((n, m) => n + m.met, 0);
    const breached = march.metrics.reduce((n, m) => n + m.breached, 0);
    expect(met + breached).toBeGreaterThan(0); // March's stories in BYT have no organization
    const shown = await waitUntil(
      () => gadget.textContent('[data-testid="gadget"]').catch(() => null),
      (text) => (text ?? '').includes('2026-03 · BYT · (no organization)'),
    );
    expect(shown).toContain(`${met + breached} targets decided, ${breached} breached`);
    expect(Number(await gadget.getAttribute('[data-testid="gadget-compliance"]', 'data-value'))).toBe(
      Math.round((met / (met + breached)) * 1000) / 10,
    );
    expect(env.sandbox.gadgets.get(gadgetKey, 'dashboard-gadget-1')).toEqual({ projectKey: 'BYT', organization: null });

    // Saved settings Jira hands back that the app cannot use are a message, not a crash.
    env.sandbox.gadgets.submit(gadgetKey, 'dashboard-gadget-1', 'edit', { projectKey: 'NOPE' });
    await page.reload();
    const unknown = await appFrame(page, '#gadget-app');
    expect(await (await unknown.waitForSelector('[role="alert"]')).textContent()).toMatch(
      /Project NOPE does not exist or you cannot browse it/,
    );
    env.sandbox.gadgets.submit(gadgetKey, 'dashboard-gadget-1', 'edit', { projectKey: 'not a key' });
    await page.reload();
    const invalid = await appFrame(page, '#gadget-app');
    expect(await (await invalid.waitForSelector('[role="alert"]')).textContent()).toMatch(
      /The gadget's settings are not valid \(projectKey: give a project key such as SUP\)/,
    );
    env.sandbox.gadgets.submit(gadgetKey, 'dashboard-gadget-1', 'edit', {});
    await page.close();
  });
});
