/**
 * Resolver names and payload schemas shared by the backend (src/forge/resolvers.ts) and static/ (through
 * static/shared/api.ts). Types come from the schemas; neither side writes them again.
 */
import * as z from 'zod';
import type * as Reports from './reports';
import { LADDER_RESOLVER, type LadderResolverContract } from './ladder-resolvers';
import { INCIDENT_RESOLVER, type GetIncidentReportInput, type GetIncidentReportOk } from './incident-report';

export const RESOLVER = {
  getSlaState: 'getSlaState',
  getAdminOverview: 'getAdminOverview',
  listPresets: 'listPresets',
  getPolicy: 'getPolicy',
  validatePolicy: 'validatePolicy',
  savePolicy: 'savePolicy',
  previewDue: 'previewDue',
  startRecompute: 'startRecompute',
  getRecomputeProgress: 'getRecomputeProgress',
  getHolidays: 'getHolidays',
  ...LADDER_RESOLVER, // the escalation directory: ./ladder-resolvers.ts
  getEntitlementUsage: 'getEntitlementUsage',
  saveRegisteredPersons: 'saveRegisteredPersons',
  previewCycles: 'previewCycles',
  getOutcomeReport: 'getOutcomeReport',
  getOutcomeTrend: 'getOutcomeTrend',
  getReportFilters: 'getReportFilters',
  getQuarterlyReview: 'getQuarterlyReview',
  ...INCIDENT_RESOLVER, // the incident report of one issue: ./incident-report.ts
} as const;
export type ResolverName = (typeof RESOLVER)[keyof typeof RESOLVER];

/** Where a policy applies: the site default, or one project by key. */
export const policyScopeSchema = z.union([
  z.object({ kind: z.literal('site') }).strict(),
  z.object({ kind: z.literal('project'), projectKey: z.string().regex(/^[A-Z][A-Z0-9_]*$/) }).strict(),
]);
export type PolicyScope = z.infer<typeof policyScopeSchema>;

export const policyProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type PolicyProblemDto = z.infer<typeof policyProblemSchema>;

/**
 * An error a resolver returns instead of throwing, so the UI can show it. `code` is stable (src/forge/resolver-errors.ts
 * maps thrown errors to it); savePolicy's CONFLICT is its own shape, SavePolicyConflict.
 */
export const resolverErrorSchema = z.object({
  ok: z.literal(false),
  code: z.enum(['FORBIDDEN', 'NOT_FOUND', 'INVALID_INPUT', 'INVALID_POLICY', 'JIRA_ERROR']),
  message: z.string(),
  problems: z.array(policyProblemSchema).optional(),
});
export type ResolverError = z.infer<typeof resolverErrorSchema>;
/** A resolver's answer: `ok: true` and its data, or `ok: false` and a ResolverError (narrow on `ok`). */
export type ResolverAnswer<T extends { ok: true }> = T | ResolverError;

// getSlaState ------------------------------------------------------------------------------------------
export const getSlaStateInput = z.object({ issueKey: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) }).strict();
export type GetSlaStateInput = z.infer<typeof getSlaStateInput>;
/**
 * `now` lets the panel count down locally. With a policy in force: the policy and the engine's SlaState
 * (src/engine/evaluate.ts); without one (no site default, no project policy): both null.
 */
export type GetSlaStateOk =
  | { ok: true; now: string; policy: null; state: null }
  | {
      ok: true;
      now: string;
      policy: { id: string; name: string; scope: PolicyScope; version: number };
      state: import('../engine/evaluate').SlaState;
      /** The request against its organization's plan (src/contracts/entitlements.ts); null when none applies. */
      entitlement: import('../engine/entitlements').RequestEntitlement | null;
    };

// Admin ------------------------------------------------------------------------------------------------
export const getPolicyInput = z.object({ scope: policyScopeSchema }).strict();
export const validatePolicyInput = z.object({ source: z.string().max(200_000) }).strict();
export const savePolicyInput = z
  .object({
    scope: policyScopeSchema,
    source: z.string().max(200_000),
    presetId: z.string().max(64).optional(),
    /** The version the editor loaded (0: none was stored); the save is refused with CONFLICT if another is newer. */
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict();
export const previewDueInput = z
  .object({
    source: z.string().max(200_000),
    plan: z.string().min(1),
    priority: z.string().min(1),
    start: z.string().datetime({ offset: true }),
  })
  .strict();
export const startRecomputeInput = z.object({ scope: policyScopeSchema }).strict();
export const getRecomputeProgressInput = z.object({ jobId: z.string().min(1) }).strict();

export type GetPolicyInput = z.infer<typeof getPolicyInput>;
export type ValidatePolicyInput = z.infer<typeof validatePolicyInput>;
export type SavePolicyInput = z.infer<typeof savePolicyInput>;
export type PreviewDueInput = z.infer<typeof previewDueInput>;
export type StartRecomputeInput = z.infer<typeof startRecomputeInput>;
export type GetRecomputeProgressInput = z.infer<typeof getRecomputeProgressInput>;

export interface StoredPolicyDto {
  scope: PolicyScope;
  version: number;
  source: string;
  policyId: string;
  name: string;
  savedAt: string;
  presetId?: string;
}
export interface AdminOverviewOk {
  ok: true;
  /** The backend's current instant (the what-if preview starts there; in the sandbox, the sandbox clock). */
  now: string;
  site: StoredPolicyDto | null;
  projects: Array<{ key: string; name: string; policy: StoredPolicyDto | null }>;
}
export interface ListPresetsOk {
  ok: true;
  presets: Array<{ id: string; name: string; source: string }>;
}
export interface GetPolicyOk {
  ok: true;
  policy: StoredPolicyDto | null;
}
export interface ValidatePolicyOk {
  ok: true;
  valid: boolean;
  problems: PolicyProblemDto[];
  summary?: { id: string; name: string; plans: string[]; priorities: string[]; metrics: string[] };
}
export interface SavePolicyOk {
  ok: true;
  policy: StoredPolicyDto;
  recompute: { jobId: string; total: number } | null;
  /**
   * Set when the policy was saved but queueing the recomputation of its issues failed (Jira unavailable, the queue's
   * rate limit); `recompute` is then null and `startRecompute` can be run again later.
   */
  recomputeError?: string;
}
/** A save refused because another admin saved first: `current` is the version in force now, to compare. */
export interface SavePolicyConflict {
  ok: false;
  code: 'CONFLICT';
  message: string;
  expectedVersion: number;
  current: StoredPolicyDto | null;
}

export interface PreviewDueOk {
  ok: true;
  /** Per metric id: its label, the due instant (null: no target), the target as written and its calendar. */
  targets: Record<string, { label: string; due: string | null; duration: string; calendar: string }>;
  escalation: Array<{ level: number; id: string; label: string; contact: string; at: string | null }>;
}
export interface StartRecomputeOk {
  ok: true;
  /** The queued job, or null when the scope has no unresolved issue. */
  recompute: { jobId: string; total: number } | null;
}
export interface RecomputeProgressOk {
  ok: true;
  jobId: string;
  total: number;
  done: number;
  failed: number;
  finished: boolean;
  /** Set when part of the job could not finish (its retries ran out): what happened and what to do. */
  problem?: string;
}

// getHolidays (admin): the holidays each calendar of a scope's policy observes in a year ----------------
export const getHolidaysInput = z
  .object({
    scope: policyScopeSchema,
    year: z.number().int().min(1970).max(2200),
    /** One calendar by id; all calendars with holidays when absent. */
    calendar: z.string().min(1).max(100).optional(),
  })
  .strict();
export type GetHolidaysInput = z.infer<typeof getHolidaysInput>;
export interface GetHolidaysOk {
  ok: true;
  policy: { id: string; version: number };
  year: number;
  /** As `sla holidays --json` prints them: each holiday's date, name and source (library, added or rule). */
  calendars: Array<import('../engine/holiday-list').CalendarHolidays>;
}

/** The typed table static/shared/api.ts and src/forge/resolvers.ts both follow. */
export interface ResolverContract extends LadderResolverContract {
  getSlaState: { input: GetSlaStateInput; output: ResolverAnswer<GetSlaStateOk> };
  getAdminOverview: { input: Record<string, never>; output: ResolverAnswer<AdminOverviewOk> };
  listPresets: { input: Record<string, never>; output: ResolverAnswer<ListPresetsOk> };
  getPolicy: { input: GetPolicyInput; output: ResolverAnswer<GetPolicyOk> };
  validatePolicy: { input: ValidatePolicyInput; output: ResolverAnswer<ValidatePolicyOk> };
  savePolicy: { input: SavePolicyInput; output: ResolverAnswer<SavePolicyOk> | SavePolicyConflict };
  previewDue: { input: PreviewDueInput; output: ResolverAnswer<PreviewDueOk> };
  startRecompute: { input: StartRecomputeInput; output: ResolverAnswer<StartRecomputeOk> };
  getRecomputeProgress: { input: GetRecomputeProgressInput; output: ResolverAnswer<RecomputeProgressOk> };
  getHolidays: { input: GetHolidaysInput; output: ResolverAnswer<GetHolidaysOk> };
  getEntitlementUsage: {
    input: import('./entitlements').GetEntitlementUsageInput;
    output: ResolverAnswer<import('./entitlements').EntitlementUsageOk>;
  };
  saveRegisteredPersons: {
    input: import('./entitlements').SaveRegisteredPersonsInput;
    output: ResolverAnswer<import('./entitlements').SaveRegisteredPersonsOk>;
  };
  previewCycles: { input: import('./cycle-preview').PreviewCyclesInput; output: ResolverAnswer<import('./cycle-preview').PreviewCyclesOk> };
  getOutcomeReport: { input: Reports.GetOutcomeReportInput; output: ResolverAnswer<Reports.GetOutcomeReportOk> };
  getOutcomeTrend: { input: Reports.GetOutcomeTrendInput; output: ResolverAnswer<Reports.GetOutcomeTrendOk> };
  getReportFilters: { input: Reports.GetReportFiltersInput; output: ResolverAnswer<Reports.GetReportFiltersOk> };
  getQuarterlyReview: { input: Reports.GetQuarterlyReviewInput; output: ResolverAnswer<Reports.GetQuarterlyReviewOk> };
  getIncidentReport: { input: GetIncidentReportInput; output: ResolverAnswer<GetIncidentReportOk> };
}
