/**
 * Custom UI resolvers (@forge/resolver) for every name in src/contracts/resolvers.ts. Inputs are parsed with the
 * contract's zod schemas; refusals and failures the user can act on are answered as `ResolverError` with a stable
 * code (resolver-errors.ts), and only Forge's consent refusal and bugs are thrown on.
 * `getSlaState` reads the issue as the calling user, so nobody sees the SLA of an issue they cannot browse.
 * Admin resolvers check the Jira ADMINISTER permission of the caller on the server (GET /mypermissions as user).
 *
 * Only `getSlaState` (the panel, on every issue view) is defined here; the admin page's, the escalation directory's
 * and the reports' resolvers load through src/forge/lazy-handlers.ts the first time one of them runs, so the bundle
 * every cold invocation loads stays small (docs/forge.md, "Cold start").
 */
import Resolver from '@forge/resolver';
import * as z from 'zod';
import { getSlaStateInput, type ResolverContract, type ResolverName, type GetSlaStateOk, type ResolverError } from '../contracts/resolvers';
import { currentInstant } from './clock';
import { readRequestEntitlement } from './entitlements';
import { evaluate } from '../engine/evaluate';
import { asUserContext, getIssueForSla, getMyPermissions } from './jira-client';
import { loadAdminResolvers, loadIncidentResolver, loadLadderResolvers, loadReportResolvers } from './lazy-handlers';
import { issueFieldsFor } from './issue-fields';
import { listPoliciesInForce } from './policies-in-force';
import { policyForProject } from './policy-store';
import { projectKeyOf } from './sla-sync';
import { resolverErrorOf, resolverFailure } from './resolver-errors';
import { evaluationInput } from './acknowledgements';
import { getIncidentReportInput } from '../contracts/incident-report';

/** Resolvers answer within Forge's 25 s UI invocation limit. */
export const RESOLVER_BUDGET_MS = 20_000;

export interface ResolverRequest {
  payload?: unknown;
  context: { accountId?: string; extension?: { issue?: { key?: string }; project?: { key?: string } } } & Record<string, unknown>;
}

/** Resolver implementations for the contract names `N`, each answering its contract's output. */
export type ResolverImplementations<N extends ResolverName> = {
  [K in N]: (request: ResolverRequest) => Promise<ResolverContract[K]['output']>;
};

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

/**
 * Resolvers named `names` whose implementations `load` brings on first use (one load per warm runtime, shared by
 * every name; a failed load is tried again on the next call).
 * @example lazyResolvers(['getPolicy'], async () => (await loadAdminResolvers()).adminResolvers).getPolicy(request) //=> the admin page's answer
 */
function lazyResolvers<N extends ResolverName>(
  names: readonly N[],
  load: () => Promise<ResolverImplementations<N>>,
): ResolverImplementations<N> {
  let loading: Promise<ResolverImplementations<N>> | null = null;
  const implementations = (): Promise<ResolverImplementations<N>> =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
  return Object.fromEntries(
    names.map((name) => [name, async (request: ResolverRequest) => (await implementations())[name](request)]),
  ) as ResolverImplementations<N>;
}

// Registered by name before their modules load: each list names exactly what its module's map answers (the types check it).
const ADMIN_RESOLVERS = [
  'getAdminOverview',
  'listPresets',
  'getPolicy',
  'validatePolicy',
  'savePolicy',
  'previewDue',
  'startRecompute',
  'getRecomputeProgress',
  'getHolidays',
  'getEntitlementUsage',
  'saveRegisteredPersons',
  'previewCycles',
] as const;
const LADDER_RESOLVERS = ['getLadder', 'acknowledgeLevel', 'acknowledgeRequest', 'searchUsers', 'exportAudit'] as const;
const REPORT_RESOLVERS = ['getOutcomeReport', 'getOutcomeTrend', 'getReportFilters', 'getQuarterlyReview'] as const;

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
    state: evaluate(active.policy, issue, now, await evaluationInput(active.policy, issue.id)),
    entitlement: await readRequestEntitlement(active.policy, issue, now),
  };
});

/** Resolver implementations by contract name, each answering its contract's output. */
export const resolverImplementations: ResolverImplementations<ResolverName> = {
  getSlaState,
  ...lazyResolvers(ADMIN_RESOLVERS, async () => (await loadAdminResolvers()).adminResolvers),
  // the escalation directory: the panel's rung and acknowledgement, the admin page's user picker and audit export
  ...lazyResolvers(LADDER_RESOLVERS, async () => (await loadLadderResolvers()).ladderResolvers({ resolverOf })),
  ...lazyResolvers(REPORT_RESOLVERS, async () =>
    (await loadReportResolvers()).reportResolvers((error) => {
      // the one error boundary: what it cannot map (consent, bugs) escapes to the platform, as in resolverOf
      const mapped = resolverErrorOf(error);
      if (mapped === null) throw error;
      return mapped;
    }),
  ),
  // the incident report of one issue: its input schema here, its work in a chunk of its own (./incident-resolver.ts)
  getIncidentReport: resolverOf(getIncidentReportInput, 'anyone', async (input) =>
    (await loadIncidentResolver()).incidentReportAnswer(input),
  ),
};

/** The Forge resolver handler shared by the SLA panel and the admin page (manifest function `resolver`). */
export function buildResolverHandler(): ReturnType<Resolver['getDefinitions']> {
  const resolver = new Resolver();
  for (const [name, implementation] of Object.entries(resolverImplementations)) {
    resolver.define(name, (request) => implementation(request as unknown as ResolverRequest));
  }
  return resolver.getDefinitions();
}
