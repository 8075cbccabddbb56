/**
 * The report resolvers (contracts in src/contracts/reports.ts): parse the payload, find the projects the viewer can
 * browse (a report never counts another project's issues), let the engine turn the period into instants, run the
 * queries of outcome-reports.ts. Any user may ask; what they see is bounded by their browse permission.
 */
import * as z from 'zod';
import type { ResolverError } from '../contracts/resolvers';
import {
  getOutcomeReportInput,
  getOutcomeTrendInput,
  getQuarterlyReviewInput,
  getReportFiltersInput,
  type GetOutcomeReportOk,
  type GetOutcomeTrendOk,
  type GetQuarterlyReviewOk,
  type GetReportFiltersOk,
} from '../contracts/reports';
import { monthContaining } from '../engine/report-month';
import { periodRange, ReportPeriodError, trendMonths } from '../engine/report-period';
import { currentInstant } from './clock';
import { asUserContext, listProjects } from './jira-client';
import { outcomeReport, outcomeTrend, reportFilters } from './outcome-reports';
import { quarterlyReview } from './quarterly-review';

/** Wall time a report resolver allows its Jira calls (resolvers get 25 s in all). */
const REPORT_BUDGET_MS = 20_000;

type Request = { payload?: unknown };

function invalid(message: string): ResolverError {
  return { ok: false, code: 'INVALID_INPUT', message };
}

function parse<S extends z.ZodType>(schema: S, payload: unknown): { ok: true; data: z.output<S> } | ResolverError {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return invalid(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; '));
}

/** The projects the viewer can browse, narrowed to `projectKey` when given (NOT_FOUND when not browsable). */
async function visibleProjects(projectKey: string | undefined): Promise<string[] | ResolverError> {
  const keys = (await listProjects(asUserContext(REPORT_BUDGET_MS))).map((project) => project.key).sort();
  if (projectKey === undefined) return keys;
  return keys.includes(projectKey)
    ? [projectKey]
    : { ok: false, code: 'NOT_FOUND', message: `Project ${projectKey} does not exist or you cannot browse it.` };
}

/** Runs a resolver's work; an error `toFailure` has no answer for (consent, a bug) escapes to the platform. */
async function guarded<T>(
  work: () => Promise<T | ResolverError>,
  toFailure: (error: unknown) => ResolverError | null,
): Promise<T | ResolverError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReportPeriodError) return invalid(error.message);
    const answer = toFailure(error);
    if (answer === null) throw error;
    return answer;
  }
}

/** The four report resolvers, given the shared answer for other errors (resolver-errors.ts's resolverErrorOf). */
export function reportResolvers(toFailure: (error: unknown) => ResolverError | null) {
  return {
    getOutcomeReport: (request: Request): Promise<GetOutcomeReportOk | ResolverError> =>
      guarded(async () => {
        const input = parse(getOutcomeReportInput, request.payload);
        if (!input.ok) return input;
        const { period, timeZone, projectKey, organization, plan, breachLimit } = input.data;
        const range = periodRange(period, timeZone);
        const projectKeys = await visibleProjects(projectKey);
        if (!Array.isArray(projectKeys)) return projectKeys;
        const report = await outcomeReport(
          range,
          timeZone,
          { projectKeys, ...(organization !== undefined ? { organization } : {}), ...(plan ? { plan } : {}) },
          breachLimit,
        );
        return {
          ok: true as const,
          projectKeys,
          ...(organization !== undefined ? { organization } : {}),
          ...(plan ? { plan } : {}),
          ...report,
        };
      }, toFailure),
    getOutcomeTrend: (request: Request): Promise<GetOutcomeTrendOk | ResolverError> =>
      guarded(async () => {
        const input = parse(getOutcomeTrendInput, request.payload);
        if (!input.ok) return input;
        const { lastMonth, months, metric, timeZone, projectKey, organization, plan } = input.data;
        const ranges = trendMonths(lastMonth, months, timeZone);
        const projectKeys = await visibleProjects(projectKey);
        if (!Array.isArray(projectKeys)) return projectKeys;
        const trend = await outcomeTrend(ranges, {
          projectKeys,
          ...(organization !== undefined ? { organization } : {}),
          ...(plan ? { plan } : {}),
          ...(metric ? { metric } : {}),
        });
        return { ok: true as const, timeZone, projectKeys, months: trend };
      }, toFailure),
    getReportFilters: (request: Request): Promise<GetReportFiltersOk | ResolverError> =>
      guarded(async () => {
        const input = parse(getReportFiltersInput, request.payload);
        if (!input.ok) return input;
        const projectKeys = await visibleProjects(input.data.projectKey);
        if (!Array.isArray(projectKeys)) return projectKeys;
        const currentMonth = monthContaining(currentInstant(), input.data.timeZone);
        return { ok: true as const, projectKeys, ...(await reportFilters(projectKeys)), currentMonth };
      }, toFailure),
    getQuarterlyReview: (request: Request): Promise<GetQuarterlyReviewOk | ResolverError> =>
      guarded(async () => {
        const input = parse(getQuarterlyReviewInput, request.payload);
        if (!input.ok) return input;
        const { quarter, organization, timeZone, projectKey } = input.data;
        periodRange({ kind: 'quarter', quarter }, timeZone); // a bad zone answers INVALID_INPUT before any Jira call
        const projectKeys = await visibleProjects(projectKey);
        if (!Array.isArray(projectKeys)) return projectKeys;
        const review = await quarterlyReview(quarter, timeZone, { projectKeys, organization });
        return { ok: true as const, projectKeys, organization, ...review };
      }, toFailure),
  };
}
