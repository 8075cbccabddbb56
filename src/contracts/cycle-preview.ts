/**
 * The admin page's cycle replay (resolver `previewCycles`): a sample request history the admin edits, replayed
 * through the policy in the editor so every cycle of every metric shows before the policy is saved.
 */
import * as z from 'zod';
import { checkEventsAfterCreated, sampleEventSchema, sampleHistoryShape } from '../engine/sample-issue';

/**
 * Input of `previewCycles`: the policy text, the plan and priority to replay under, the sample history (its
 * `created` instant and events, src/engine/sample-issue.ts) and the instant to evaluate at (`asOf`, at or after
 * `created`).
 * @example { source, plan: 'premium', priority: 'P1', created: '2026-03-02T09:00:00Z', events: [{ kind: 'resolve', at: '2026-03-02T11:00:00Z' }], asOf: '2026-03-02T12:00:00Z' }
 */
export const previewCyclesInput = z
  .object({
    source: z.string().max(200_000),
    plan: z.string().min(1).max(100),
    priority: z.string().min(1).max(100),
    ...sampleHistoryShape,
    asOf: z.iso.datetime({ offset: true, message: 'asOf must be an ISO-8601 instant with a zone, for example 2026-03-04T14:30:00Z' }),
  })
  .strict()
  .superRefine((input, ctx) => {
    checkEventsAfterCreated(input, ctx);
    if (Date.parse(input.asOf) < Date.parse(input.created))
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'evaluate at or after the creation instant; move "as of" later' });
  });
export type PreviewCyclesInput = z.infer<typeof previewCyclesInput>;
export type SampleEventDto = z.infer<typeof sampleEventSchema>;

/** The replay's answer: every metric as of `asOf`, each with its current cycle and its past cycles. */
export interface PreviewCyclesOk {
  ok: true;
  asOf: string;
  metrics: Array<import('../engine/evaluate').MetricState>;
}
