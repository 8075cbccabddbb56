/**
 * The report resolvers' payloads (src/forge/report-resolvers.ts answers them from the Forge SQL outcome records;
 * docs/reports.md says how every figure is computed). Every report covers only the projects the viewing user can
 * browse. Instants are ISO-8601 UTC strings; durations are whole business minutes.
 */
import * as z from 'zod';
import { reportPeriodSchema } from '../engine/report-period-schema';
import { PROJECT_KEY_PATTERN } from './gadget-configuration';

export { reportPeriodSchema, type ReportPeriod } from '../engine/report-period-schema';
export { gadgetConfigurationSchema, type GadgetConfiguration } from './gadget-configuration';

const timeZone = z.string().min(1).max(64);
const projectKey = z.string().regex(PROJECT_KEY_PATTERN, 'give a project key such as SUP');
/** Filters shared by the report and the trend; each narrows the outcomes counted (absent = all). */
const reportFilters = {
  /** IANA zone whose wall clock delimits months and days (e.g. Europe/Sofia); default UTC */
  timeZone: timeZone.default('UTC'),
  /** the project page variant: one project (must be browsable) */
  projectKey: projectKey.optional(),
  /** one JSM organization by name; null = issues without an organization */
  organization: z.string().max(255).nullable().optional(),
  /** one plan id */
  plan: z.string().min(1).max(64).optional(),
};

// getOutcomeReport: the monthly (quarterly, range) report ---------------------------------------------------
export const getOutcomeReportInput = z
  .object({
    period: reportPeriodSchema,
    ...reportFilters,
    /** how many breaches to list, newest first (1..500; `breaches.total` counts them all) */
    breachLimit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type GetOutcomeReportInput = z.input<typeof getOutcomeReportInput>;

export const metricFiguresSchema = z
  .object({
    metric: z.string(),
    /** decided met within the period */
    met: z.number().int(),
    /** decided breached within the period (at the due instant) */
    breached: z.number().int(),
    /** started before the period's end and not decided by then */
    openAtEnd: z.number().int(),
    /** met ÷ (met + breached) × 100, one decimal; null when none was decided */
    compliancePercent: z.number().nullable(),
    /** nearest-rank median of the business minutes used by the metrics decided in the period that have stopped */
    medianMinutes: z.number().int().nullable(),
    /** nearest-rank 90th percentile of the same */
    p90Minutes: z.number().int().nullable(),
  })
  .strict();
export type MetricFigures = z.infer<typeof metricFiguresSchema>;

export const breachItemSchema = z
  .object({
    issueKey: z.string(),
    projectKey: z.string(),
    metric: z.string(),
    cycle: z.number().int(),
    organization: z.string().nullable(),
    plan: z.string(),
    priority: z.string(),
    startedAt: z.string(),
    dueAt: z.string(),
    /** when the metric stopped; null while it still runs */
    completedAt: z.string().nullable(),
    businessMinutes: z.number().int().nullable(),
    escalationLevel: z.number().int(),
  })
  .strict();
export type BreachItem = z.infer<typeof breachItemSchema>;

export const getOutcomeReportOk = z
  .object({
    ok: z.literal(true),
    period: z.object({ label: z.string(), from: z.string(), to: z.string(), timeZone: z.string() }).strict(),
    /** the projects counted: those the viewer can browse (or the one asked for) */
    projectKeys: z.array(z.string()),
    organization: z.string().nullable().optional(),
    plan: z.string().optional(),
    /** requests (issues) whose first metric started in the period, by SLA priority */
    requestsByPriority: z.array(z.object({ priority: z.string(), requests: z.number().int() }).strict()),
    metrics: z.array(metricFiguresSchema),
    /** per organization and plan: met and breached in the period (all metrics) */
    byOrganization: z.array(
      z
        .object({
          organization: z.string().nullable(),
          plan: z.string(),
          met: z.number().int(),
          breached: z.number().int(),
          compliancePercent: z.number().nullable(),
        })
        .strict(),
    ),
    breaches: z.object({ total: z.number().int(), items: z.array(breachItemSchema) }).strict(),
  })
  .strict();
export type GetOutcomeReportOk = z.infer<typeof getOutcomeReportOk>;

// getOutcomeTrend: compliance per month, for the 12-month chart and the gadget's sparkline -------------------
export const getOutcomeTrendInput = z
  .object({
    /** the last month shown (YYYY-MM) */
    lastMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'give the month as YYYY-MM, e.g. 2026-03'),
    /** months shown, oldest first (1..24) */
    months: z.number().int().min(1).max(24).default(12),
    /** one metric; all metrics when absent */
    metric: z.string().min(1).max(64).optional(),
    ...reportFilters,
  })
  .strict();
export type GetOutcomeTrendInput = z.input<typeof getOutcomeTrendInput>;

export const getOutcomeTrendOk = z
  .object({
    ok: z.literal(true),
    timeZone: z.string(),
    projectKeys: z.array(z.string()),
    months: z.array(
      z
        .object({
          month: z.string(),
          from: z.string(),
          to: z.string(),
          met: z.number().int(),
          breached: z.number().int(),
          compliancePercent: z.number().nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type GetOutcomeTrendOk = z.infer<typeof getOutcomeTrendOk>;

// getReportFilters: what the filter menus offer ---------------------------------------------------------------
export const getReportFiltersInput = z
  .object({
    projectKey: projectKey.optional(),
    /** the zone whose wall clock gives `currentMonth` (default UTC) */
    timeZone: timeZone.default('UTC'),
  })
  .strict();
export type GetReportFiltersInput = z.input<typeof getReportFiltersInput>;
export const getReportFiltersOk = z
  .object({
    ok: z.literal(true),
    projectKeys: z.array(z.string()),
    /** organizations with outcomes (null = issues without one), at most 1,000, by name */
    organizations: z.array(z.string().nullable()),
    plans: z.array(z.string()),
    metrics: z.array(z.string()),
    /** the first and last month with decided outcomes (YYYY-MM, UTC), null when there are none */
    firstMonth: z.string().nullable(),
    lastMonth: z.string().nullable(),
    /** the month (YYYY-MM) the site's clock is in now, on the wall clock of the input's timeZone */
    currentMonth: z.string(),
  })
  .strict();
export type GetReportFiltersOk = z.infer<typeof getReportFiltersOk>;

// getQuarterlyReview: the Quarterly Business Review pack of one organization -----------------------------------
export const getQuarterlyReviewInput = z
  .object({
    /** the quarter reviewed (YYYY-Qn) */
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'give the quarter as YYYY-Qn, e.g. 2026-Q1'),
    /** the one JSM organization reviewed, by name; null = issues without an organization */
    organization: z.string().max(255, 'give an organization name of at most 255 characters').nullable(),
    timeZone: reportFilters.timeZone,
    projectKey: reportFilters.projectKey,
  })
  .strict();
export type GetQuarterlyReviewInput = z.input<typeof getQuarterlyReviewInput>;

/**
 * The figures a review compares per period: those of getOutcomeReport without the organization breakdown and the
 * breach list (the breach count stays). In `change` every number is this quarter's minus the previous quarter's
 * (compliance in percentage points, one decimal; null when either side is null).
 */
export const reviewFiguresSchema = z
  .object({
    requestsByPriority: getOutcomeReportOk.shape.requestsByPriority,
    metrics: z.array(metricFiguresSchema),
    /** breached targets of the period, every metric (= getOutcomeReport's `breaches.total`) */
    breachCount: z.number().int(),
  })
  .strict();
export type ReviewFigures = z.infer<typeof reviewFiguresSchema>;
export const reviewColumnSchema = reviewFiguresSchema.extend({ period: getOutcomeReportOk.shape.period }).strict();
export type ReviewColumn = z.infer<typeof reviewColumnSchema>;

export const getQuarterlyReviewOk = z
  .object({
    ok: z.literal(true),
    quarter: z.string(),
    previousQuarter: z.string(),
    timeZone: z.string(),
    projectKeys: z.array(z.string()),
    organization: z.string().nullable(),
    /** the quarter's three months, oldest first, each its own monthly report */
    months: z.array(reviewColumnSchema),
    /** the quarter as one period (= getOutcomeReport for the quarter): medians and p90 are the quarter's own */
    total: reviewColumnSchema,
    /** the quarter before, as one period */
    previous: reviewColumnSchema,
    /** total minus previous, figure by figure */
    change: reviewFiguresSchema,
  })
  .strict();
export type GetQuarterlyReviewOk = z.infer<typeof getQuarterlyReviewOk>;
