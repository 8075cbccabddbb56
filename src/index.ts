/**
 * The only module manifest.yml handlers point at (`index.<export>`). Each export is a thin Forge entry point
 * over src/forge/. What every cold invocation loads is what these imports reach; the weekly personal-data job, the
 * daily outcome retention job and the admin, directory and report resolvers load through src/forge/lazy-handlers.ts when they first run.
 */
import { handleIssueEvent } from './forge/issue-events';
import { loadOutcomeRetention, loadPersonalData } from './forge/lazy-handlers';
import type { handleOutcomeRetention } from './forge/outcome-retention';
import type { handlePersonalData } from './forge/personal-data';
import { handleRecomputeEvent } from './forge/recompute-consumer';
import { buildResolverHandler } from './forge/resolvers';
import { handleSweep } from './forge/sweep';

/** trigger (avi:jira:created:issue, avi:jira:updated:issue, avi:jira:commented:issue) → function `issue-event`. */
export const issueEvent = handleIssueEvent;

/** scheduledTrigger fiveMinute → function `sweep`. */
export const sweep = handleSweep;

/** consumer of queue `sla-recompute` → function `recompute-consumer`. */
export const recomputeConsumer = handleRecomputeEvent;

/** jira:issueContext and jira:adminPage resolvers → function `resolver`. */
export const resolver = buildResolverHandler();

/** scheduledTrigger week → function `personal-data`: Atlassian's personal-data reporting (docs/forge.md). */
export const personalData: typeof handlePersonalData = async () => (await loadPersonalData()).handlePersonalData();

/** scheduledTrigger day → function `outcome-retention`: deletes outcomes no report can show (docs/outcomes.md). */
export const outcomeRetention: typeof handleOutcomeRetention = async () => (await loadOutcomeRetention()).handleOutcomeRetention();
