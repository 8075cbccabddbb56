/** The plan and priority a what-if tool (due preview, cycle replay) runs under, chosen among the policy's own. */
import { useState } from 'react';
import type { ValidatePolicyOk } from '../../src/contracts/resolvers';

/** `wanted` when it is one of `options`, else the first option ('' when there is none). */
export function pickChoice(wanted: string, options: readonly string[]): string {
  return options.includes(wanted) ? wanted : (options[0] ?? '');
}

/**
 * The plan and priority selects' state: what was picked, and what applies (the pick while the policy still has it,
 * else its first plan or priority, so an edited policy never leaves a stale choice).
 */
export function usePlanAndPriority(summary: ValidatePolicyOk['summary']) {
  const [plan, setPlan] = useState('');
  const [priority, setPriority] = useState('');
  const plans = summary?.plans ?? [];
  const priorities = summary?.priorities ?? [];
  return {
    plans,
    priorities,
    setPlan,
    setPriority,
    chosenPlan: pickChoice(plan, plans),
    chosenPriority: pickChoice(priority, priorities),
  };
}
