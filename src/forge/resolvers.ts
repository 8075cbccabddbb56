/**
 * Custom UI resolvers (@forge/resolver) for every name in src/contracts/resolvers.ts. Inputs are parsed with the
 * contract's zod schemas; refusals and failures the user can act on are answered as `ResolverError` with a stable
 * code (resolver-errors.ts), and only Forge's consent refusal and bugs are thrown on.
 * `getSlaState` reads the issue as the calling user, so nobody sees the SLA of an issue they cannot browse.
 * Admin resolvers check the Jira ADMINISTER permission of the caller on the server (GET /mypermissions as user).
 */
import Resolver from '@forge/resolver';
import * as z from 'zod';
import {
  getPolicyInput,
  getHolidaysInput,
  getRecomputeProgressInput,
  getSlaStateInput,
  previewDueInput,
  type ResolverContract,
  type ResolverName,
  savePolicyInput,
  startRecomputeInput,
  validatePolicyInput,
  type AdminOverviewOk,
  type GetHolidaysOk,
  type GetPolicyOk,
  type GetSlaStateOk,
  type ListPresetsOk,
  type PolicyScope,
  type PreviewDueOk,
  type RecomputeProgressOk,
  type ResolverError,
  type SavePolicyConflict,
  type SavePolicyOk,
  type StartRecomputeOk,
  type StoredPolicyDto,
  type ValidatePolicyOk,
} from '../contracts/resolvers';
import { currentInstant } from './clock';
import { previewCyclesInput } from '../contracts/cycle-preview';
import { previewCyclesAnswer } from './cycle-preview';
import { getEntitlementUsageInput, saveRegisteredPersonsInput } from '../contracts/entitlements';
import { entitlementUsage, saveRegisteredPersons } from './entitlement-resolvers';
import { readRequestEntitlement } from './entitlements';
import { dueInstants, escalationInstants, evaluate } from '../engine/evaluate';
import type { CompiledPolicy } from '../engine/load-policy';
import { asAppContext, asUserContext, collectIssueIds, getIssueForSla, getMyPermissions, listProjects } from './jira-client';
import { loadPresets } from './lazy-engine';
import { holidayList } from './holiday-tables';
import { issueFieldsFor } from './issue-fields';
import { listPoliciesInForce } from './policies-in-force';
import { compileSource, compileStoredShape, policyForProject, readLatestStoredPolicy, savePolicy, type StoredPolicy } from './policy-store';
import { enqueueRecompute, readRecomputeProgress } from './recompute-queue';
import { reportResolvers } from './report-resolvers';
import { projectKeyOf } from './sla-sync';
import { resolverErrorOf, resolverFailure } from './resolver-errors';
import { policySourceSizeProblem } from './storage-limits';
import { ladderResolvers } from './ladder-resolvers';
import { getIncidentReportInput } from '../contracts/incident-report';
import { incidentReportAnswer } from './incident-resolver';

/** Resolvers answer within Forge's 25 s UI invocation limit. */
export const RESOLVER_BUDGET_MS = 20_000;

export interface ResolverRequest {
  payload?: unknown;
  context: { accountId?: string; extension?: { issue?: { key?: string }; project?: { key?: string } } } & Record<string, unknown>;
}

type Failure = ResolverError;
const failure = resolverFailure;

function parseInput<S extends z.ZodType>(schema: S, payload: unknown): { ok: true; data: z.infer<S> } | Failure {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const first = parsed.error.issues[0];
  return failure('INVALID_INPUT', `Invalid input at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
}

type Handler<T> = (request: ResolverRequest) => Promise<T | Failure>;

/**
 * A resolver whose payload is parsed with `schema` (INVALID_INPUT otherwise) and whose Jira errors become resolver
 * errors; with `admin`, only a caller holding the global ADMINISTER permission gets past (FORBIDDEN otherwise).
 */
export function resolverOf<S extends z.ZodType, T>(
  schema: S,
  access: 'anyone' | 'admin',
  work: (input: z.infer<S>, request: ResolverRequest) => Promise<T | Failure>,
): Handler<T> {
  return async (request) => {
    const input = parseInput(schema, request.payload);
    if (!input.ok) return input;
    try {
      if (access === 'admin') {
        const permissions = await getMyPermissions(asUserContext(RESOLVER_BUDGET_MS), ['ADMINISTER']);
        if (!permissions.ADMINISTER) return failure('FORBIDDEN', 'Only Jira administrators can manage SLA policies.');
      }
      return await work(input.data, request);
    } catch (error) {
      const answer = resolverErrorOf(error);
      if (answer === null) throw error;
      return answer;
    }
  };
}

/** Admin resolvers that take no input. */
const noInput = z.unknown();

function toDto(scope: PolicyScope, stored: StoredPolicy, policy: CompiledPolicy | null): StoredPolicyDto {
  return {
    scope,
    version: stored.version,
    source: stored.source,
    policyId: policy?.id ?? '',
    name: policy?.name ?? '',
    savedAt: stored.savedAt,
    ...(stored.presetId ? { presetId: stored.presetId } : {}),
  };
}

/** The stored policy of a scope as the admin page shows it (one kvs read; a source that no longer compiles has no id). */
async function storedDto(scope: PolicyScope): Promise<StoredPolicyDto | null> {
  const stored = await readLatestStoredPolicy(scope, { ifStored: true });
  return stored ? toDto(scope, stored, await compileStoredShape(scope, stored)) : null;
}

function scopeLabel(scope: PolicyScope): string {
  return scope.kind === 'site' ? 'site default' : `of project ${scope.projectKey}`;
}

/** JQL of the unresolved issues a scope's policy governs (the site default may govern every project). */
export function affectedIssuesJql(scope: PolicyScope): string {
  return scope.kind === 'project' ? `project = "${scope.projectKey}" AND resolution IS EMPTY` : 'resolution IS EMPTY';
}

async function queueScopeRecompute(scope: PolicyScope, reason: 'policy' | 'manual'): Promise<{ jobId: string; total: number } | null> {
  const ids = await collectIssueIds(asAppContext(RESOLVER_BUDGET_MS), affectedIssuesJql(scope));
  if (ids.length === 0) return null;
  const { jobId, total } = await enqueueRecompute(ids, reason, new Date(currentInstant()).toISOString());
  return { jobId, total };
}

// ------------------------------------------------------------------------------------------------------------

export const getSlaState = resolverOf(getSlaStateInput, 'anyone', async ({ issueKey }): Promise<GetSlaStateOk> => {
  const userCtx = asUserContext(RESOLVER_BUDGET_MS);
  // The project is known only after the read: ask for what any policy in force reads (never every field).
  const fields = await issueFieldsFor(
    userCtx,
    (await listPoliciesInForce()).map((active) => active.policy),
  );
  const issue = await getIssueForSla(userCtx, issueKey, fields);
  const now = currentInstant();
  const active = await policyForProject(projectKeyOf(issue));
  if (!active) return { ok: true, now: new Date(now).toISOString(), policy: null, state: null };
  return {
    ok: true,
    now: new Date(now).toISOString(),
    policy: { id: active.policy.id, name: active.policy.name, scope: active.scope, version: active.stored.version },
    state: evaluate(active.policy, issue, now),
    entitlement: await readRequestEntitlement(active.policy, issue, now),
  };
});

export const getAdminOverview = resolverOf(noInput, 'admin', async (): Promise<AdminOverviewOk> => {
  const projects = await listProjects(asUserContext(RESOLVER_BUDGET_MS));
  const withPolicies = await Promise.all(
    projects.map(async ({ key, name }) => ({ key, name, policy: await storedDto({ kind: 'project', projectKey: key }) })),
  );
  return { ok: true, now: new Date(currentInstant()).toISOString(), site: await storedDto({ kind: 'site' }), projects: withPolicies };
});

export const listPresetsResolver = resolverOf(noInput, 'admin', async (): Promise<ListPresetsOk> => ({
  ok: true,
  presets: (await loadPresets()).listPresets().map(({ id, name, source }) => ({ id, name, source })),
}));

export const getPolicy = resolverOf(getPolicyInput, 'admin', async ({ scope }): Promise<GetPolicyOk> => ({
  ok: true,
  policy: await storedDto(scope),
}));

export const validatePolicy = resolverOf(validatePolicyInput, 'admin', async ({ source }): Promise<ValidatePolicyOk> => {
  const result = await compileSource(source);
  if (!result.ok) return { ok: true, valid: false, problems: result.errors };
  const policy = result.policy;
  return {
    ok: true,
    valid: true,
    problems: [],
    summary: {
      id: policy.id,
      name: policy.name,
      plans: policy.plans.map((plan) => plan.id),
      priorities: policy.priorities.map((priority) => priority.id),
      metrics: policy.metrics.map((metric) => metric.id),
    },
  };
});

export const savePolicyResolver = resolverOf(
  savePolicyInput,
  'admin',
  async ({ scope, source, presetId, expectedVersion }): Promise<SavePolicyOk | SavePolicyConflict | Failure> => {
    const tooBig = policySourceSizeProblem(source);
    if (tooBig) return failure('INVALID_POLICY', tooBig, [{ path: '', message: tooBig }]);
    const saved = await savePolicy(
      scope,
      source,
      {
        savedAt: new Date(currentInstant()).toISOString(),
        ...(presetId ? { presetId } : {}),
      },
      expectedVersion,
    );
    if (!saved.ok && 'conflict' in saved) {
      const { current } = saved.conflict;
      return {
        ok: false,
        code: 'CONFLICT',
        message: current
          ? `Not saved: version ${current.version} was saved at ${current.savedAt} after you loaded version ${saved.conflict.expectedVersion}. Compare, then save again on version ${current.version}.`
          : `Not saved: the policy you loaded (version ${saved.conflict.expectedVersion}) is no longer stored. Save again on no version.`,
        expectedVersion: saved.conflict.expectedVersion,
        current: current ? toDto(scope, current, await compileStoredShape(scope, current)) : null,
      };
    }
    if (!saved.ok) return failure('INVALID_POLICY', 'The policy has problems; the policy in force is unchanged.', saved.problems);
    const policy = toDto(scope, saved.stored, saved.policy);
    try {
      return { ok: true, policy, recompute: await queueScopeRecompute(scope, 'policy') };
    } catch (error) {
      // The policy is saved and in force: answering with an error would tell the admin it was not.
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(`policy ${scopeLabel(scope)} saved as version ${saved.stored.version}; queueing its recomputation failed: ${reason}`);
      return {
        ok: true,
        policy,
        recompute: null,
        recomputeError: `Saved, but the recomputation of existing issues could not be queued (${reason}). Start it again with Recompute.`,
      };
    }
  },
);

export const previewDue = resolverOf(previewDueInput, 'admin', async (input): Promise<PreviewDueOk | Failure> => {
  const result = await compileSource(input.source);
  if (!result.ok) return failure('INVALID_POLICY', 'The policy has problems; fix them to preview due dates.', result.errors);
  const policy = result.policy;
  const { plan, priority } = input;
  if (!policy.plans.some((p) => p.id === plan)) return failure('INVALID_INPUT', `Unknown plan "${plan}".`);
  if (!policy.priorities.some((p) => p.id === priority)) return failure('INVALID_INPUT', `Unknown priority "${priority}".`);
  const start = Date.parse(input.start);
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const labels = new Map(policy.metrics.map((metric) => [metric.id, metric.label]));
  const targets = Object.fromEntries(
    Object.entries(dueInstants(policy, { plan, priority, start })).map(([metric, target]) => [
      metric,
      { label: labels.get(metric) ?? metric, due: iso(target.due), duration: target.duration, calendar: target.calendar },
    ]),
  );
  const escalation = escalationInstants(policy, { plan, priority, start }).map((step) => ({
    level: step.level,
    id: step.id,
    label: step.label,
    contact: step.contact,
    at: iso(step.at),
  }));
  return { ok: true, targets, escalation };
});

export const startRecompute = resolverOf(startRecomputeInput, 'admin', async ({ scope }): Promise<StartRecomputeOk> => ({
  ok: true,
  recompute: await queueScopeRecompute(scope, 'manual'),
}));

export const getRecomputeProgress = resolverOf(
  getRecomputeProgressInput,
  'admin',
  async ({ jobId }): Promise<RecomputeProgressOk | Failure> =>
    (await readRecomputeProgress(jobId)) ?? failure('NOT_FOUND', `No recomputation job ${jobId}.`),
);

export const getHolidays = resolverOf(getHolidaysInput, 'admin', async (input): Promise<GetHolidaysOk | Failure> => {
  const answer = await holidayList(input.scope, input.year, input.calendar);
  if (answer === null) return failure('NOT_FOUND', `No policy is saved for ${scopeLabel(input.scope)}.`);
  if ('unknownCalendar' in answer) return failure('INVALID_INPUT', answer.unknownCalendar);
  return { ok: true, year: input.year, ...answer };
});

export const previewCycles = resolverOf(previewCyclesInput, 'admin', previewCyclesAnswer);

/** Resolver implementations by contract name, each answering its contract's output. */
export const resolverImplementations: { [N in ResolverName]: (request: ResolverRequest) => Promise<ResolverContract[N]['output']> } = {
  getSlaState,
  getAdminOverview,
  listPresets: listPresetsResolver,
  getPolicy,
  validatePolicy,
  savePolicy: savePolicyResolver,
  previewDue,
  startRecompute,
  getRecomputeProgress,
  getHolidays,
  ...ladderResolvers({ resolverOf }), // the escalation directory: ./ladder-resolvers.ts
  getEntitlementUsage: resolverOf(getEntitlementUsageInput, 'admin', entitlementUsage),
  saveRegisteredPersons: resolverOf(saveRegisteredPersonsInput, 'admin', saveRegisteredPersons),
  previewCycles,
  ...reportResolvers((error) => {
    // the one error boundary: what it cannot map (consent, bugs) escapes to the platform, as in resolverOf
    const mapped = resolverErrorOf(error);
    if (mapped === null) throw error;
    return mapped;
  }),
  getIncidentReport: resolverOf(getIncidentReportInput, 'anyone', incidentReportAnswer),
};

/** The Forge resolver handler shared by the SLA panel and the admin page (manifest function `resolver`). */
export function buildResolverHandler(): ReturnType<Resolver['getDefinitions']> {
  const resolver = new Resolver();
  for (const [name, implementation] of Object.entries(resolverImplementations)) {
    resolver.define(name, (request) => implementation(request as unknown as ResolverRequest));
  }
  return resolver.getDefinitions();
}
