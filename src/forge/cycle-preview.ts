/**
 * The `previewCycles` resolver's work (the admin page's cycle replay): compile the policy in the editor, build the
 * sample request the admin described, evaluate it under the chosen plan and priority, answer every metric's cycles.
 */
import type { PreviewCyclesInput, PreviewCyclesOk } from '../contracts/cycle-preview';
import type { ResolverError } from '../contracts/resolvers';
import { evaluate } from '../engine/evaluate';
import { sampleIssue, withFixedChoice } from '../engine/sample-issue';
import { compileSource } from './policy-store';

/**
 * Replays a sample history through the policy text; INVALID_POLICY (with the problems) when the text does not
 * compile, INVALID_INPUT naming the choices when the plan or priority is not the policy's.
 * @example await previewCyclesAnswer({ source, plan: 'standard', priority: 'P1', created, events: [], asOf }) //=> { ok: true, asOf, metrics: [...] }
 */
export async function previewCyclesAnswer(input: PreviewCyclesInput): Promise<PreviewCyclesOk | ResolverError> {
  const compiled = await compileSource(input.source);
  if (!compiled.ok)
    return {
      ok: false,
      code: 'INVALID_POLICY',
      message: 'The policy has problems; fix them to replay a history.',
      problems: compiled.errors,
    };
  const { policy } = compiled;
  const unknown = (kind: string, value: string, ids: string[]): ResolverError => ({
    ok: false,
    code: 'INVALID_INPUT',
    message: `Unknown ${kind} "${value}" at ${kind}: choose one of ${ids.join(', ')}.`,
  });
  if (!policy.plans.some((plan) => plan.id === input.plan))
    return unknown(
      'plan',
      input.plan,
      policy.plans.map((plan) => plan.id),
    );
  if (!policy.priorities.some((priority) => priority.id === input.priority))
    return unknown(
      'priority',
      input.priority,
      policy.priorities.map((priority) => priority.id),
    );
  const asOf = Date.parse(input.asOf);
  const state = evaluate(
    withFixedChoice(policy, input.plan, input.priority),
    sampleIssue({ created: input.created, events: input.events }),
    asOf,
  );
  return { ok: true, asOf: new Date(asOf).toISOString(), metrics: state.metrics };
}
