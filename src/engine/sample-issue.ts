/**
 * A sample request history (the admin page's cycle replay) as the Jira issue JSON `evaluate` reads: the events an
 * admin types (customer comments, agent replies, status changes, resolve, reopen at chosen instants) become the
 * comments and changelog Jira would hold, so the replay runs the same clocks as a real issue.
 */
import * as z from 'zod';
import type { CompiledPolicy } from './load-policy';

/** The most events one sample history holds (inclusive): enough for several reopenings and reply rounds. */
export const MAX_SAMPLE_EVENTS = 60;
/** The longest status name a sample event may name (inclusive). */
export const MAX_SAMPLE_STATUS_LENGTH = 60;
/** Who the sample's comments are by: the reporter (the customer) and an agent. */
export const SAMPLE_REPORTER = 'sample-customer';
export const SAMPLE_AGENT = 'sample-agent';
/** The status a sample request is created in, and the one a reopen moves to unless it names another. */
export const SAMPLE_OPEN_STATUS = 'Open';
export const SAMPLE_RESOLVED_STATUS = 'Resolved';

const instant = (what: string) =>
  z.iso.datetime({ offset: true, message: `${what} must be an ISO-8601 instant with a zone, for example 2026-03-04T14:30:00Z` });

const statusName = z
  .string()
  .trim()
  .min(1, 'name the status, for example "Waiting for customer"')
  .max(MAX_SAMPLE_STATUS_LENGTH, `shorten the status name to at most ${MAX_SAMPLE_STATUS_LENGTH} characters`);

/**
 * One step of a sample history. Comments are public except `internalNote`; a customer comment is by the reporter,
 * an agent reply by someone else (what `by: notReporter` stops on). `resolve` moves to Resolved with resolution
 * Done; `reopen` clears the resolution and moves to `status` (default Open).
 * @example sampleEventSchema.parse({ kind: 'reopen', at: '2026-03-05T10:00:00Z' }) //=> { kind: 'reopen', at: '2026-03-05T10:00:00Z' }
 */
export const sampleEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customerComment'), at: instant('at') }).strict(),
  z.object({ kind: z.literal('agentReply'), at: instant('at') }).strict(),
  z.object({ kind: z.literal('internalNote'), at: instant('at') }).strict(),
  z.object({ kind: z.literal('status'), at: instant('at'), status: statusName }).strict(),
  z.object({ kind: z.literal('resolve'), at: instant('at') }).strict(),
  z.object({ kind: z.literal('reopen'), at: instant('at'), status: statusName.optional() }).strict(),
]);
export type SampleEvent = z.infer<typeof sampleEventSchema>;
export type SampleEventKind = SampleEvent['kind'];

/**
 * Adds an issue for every event before the request's creation (at its path, `events.<i>.at`): a zod `superRefine`
 * for any object holding `created` and `events`, so the contract's resolver input checks the same rule.
 */
export function checkEventsAfterCreated(history: { created: string; events: readonly SampleEvent[] }, ctx: z.RefinementCtx): void {
  const created = Date.parse(history.created);
  history.events.forEach((event, index) => {
    if (Date.parse(event.at) < created)
      ctx.addIssue({
        code: 'custom',
        path: ['events', index, 'at'],
        message: 'an event cannot happen before the request was created; move it to or after "created"',
      });
  });
}

/** The fields of a sample history, for schemas that hold one (with `checkEventsAfterCreated`). */
export const sampleHistoryShape = {
  created: instant('created'),
  events: z.array(sampleEventSchema).max(MAX_SAMPLE_EVENTS, `a sample history holds at most ${MAX_SAMPLE_EVENTS} events; remove some`),
};

/**
 * A sample history: when the request was created and what happened after (any order; replayed in time order,
 * events at one instant in the order given). Every event is at or after `created`.
 */
export const sampleHistorySchema = z.object(sampleHistoryShape).strict().superRefine(checkEventsAfterCreated);
export type SampleHistory = z.infer<typeof sampleHistorySchema>;

/** Jira's timestamp format for an instant: `2026-11-16T14:00:00.000+0000`. */
function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function statusItem(from: string, to: string) {
  return { field: 'status', fieldId: 'status', fieldtype: 'jira', from: null, fromString: from, to: null, toString: to };
}

/**
 * The Jira issue (REST v3 with `changelog` and comments) a sample history describes. A status change to the
 * status the request is already in, a resolve of a resolved request and a reopen of an open one change nothing,
 * as in Jira's workflow.
 *
 * @example
 * sampleIssue({ created: '2026-03-02T09:00:00Z', events: [{ kind: 'resolve', at: '2026-03-02T10:00:00Z' }] }).fields.status
 * //=> { name: 'Resolved' }
 */
export function sampleIssue(history: SampleHistory): Record<string, unknown> {
  const ordered = history.events
    .map((event, index) => ({ event, index, ms: Date.parse(event.at) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index);
  let status = SAMPLE_OPEN_STATUS;
  let resolved: number | null = null;
  const comments: Array<Record<string, unknown>> = [];
  const histories: Array<Record<string, unknown>> = [];
  const record = (ms: number, by: string, items: Array<Record<string, unknown>>) =>
    histories.push({ id: String(histories.length + 1), created: jiraTime(ms), author: { accountId: by }, items });
  const comment = (ms: number, by: string, isPublic: boolean, text: string) =>
    comments.push({
      id: String(comments.length + 1),
      author: { accountId: by },
      created: jiraTime(ms),
      jsdPublic: isPublic,
      body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
    });
  for (const { event, ms } of ordered) {
    switch (event.kind) {
      case 'customerComment':
        comment(ms, SAMPLE_REPORTER, true, 'Customer comment');
        break;
      case 'agentReply':
        comment(ms, SAMPLE_AGENT, true, 'Agent reply');
        break;
      case 'internalNote':
        comment(ms, SAMPLE_AGENT, false, 'Internal note');
        break;
      case 'status':
        if (event.status.toLowerCase() === status.toLowerCase()) break;
        record(ms, SAMPLE_AGENT, [statusItem(status, event.status)]);
        status = event.status;
        break;
      case 'resolve':
        if (resolved !== null) break;
        record(ms, SAMPLE_AGENT, [
          { field: 'resolution', fieldId: 'resolution', fieldtype: 'jira', from: null, fromString: null, to: '10000', toString: 'Done' },
          statusItem(status, SAMPLE_RESOLVED_STATUS),
        ]);
        status = SAMPLE_RESOLVED_STATUS;
        resolved = ms;
        break;
      case 'reopen': {
        if (resolved === null) break;
        const to = event.status ?? SAMPLE_OPEN_STATUS;
        record(ms, SAMPLE_REPORTER, [
          { field: 'resolution', fieldId: 'resolution', fieldtype: 'jira', from: '10000', fromString: 'Done', to: null, toString: null },
          statusItem(status, to),
        ]);
        status = to;
        resolved = null;
        break;
      }
    }
  }
  return {
    id: '1',
    key: 'SAMPLE-1',
    fields: {
      created: jiraTime(Date.parse(history.created)),
      summary: 'Sample request',
      status: { name: status },
      resolution: resolved === null ? null : { name: 'Done' },
      resolutiondate: resolved === null ? null : jiraTime(resolved),
      labels: [],
      components: [],
      reporter: { accountId: SAMPLE_REPORTER },
      comment: { comments },
    },
    changelog: { histories },
  };
}

/**
 * The policy with its classification and plan selection fixed to one priority and plan, so a sample history
 * replays under the choice the admin made rather than under whatever the sample's fields would classify as.
 * Both must be ids of the policy (the caller checks, naming the choices).
 *
 * @example withFixedChoice(policy, 'premium', 'P1').classification //=> { rules: [], default: 'P1' }
 */
export function withFixedChoice(policy: CompiledPolicy, plan: string, priority: string): CompiledPolicy {
  return {
    ...policy,
    classification: { ...policy.classification, rules: [], default: priority },
    planSelection: { ...policy.planSelection, sources: [], default: plan },
  };
}
