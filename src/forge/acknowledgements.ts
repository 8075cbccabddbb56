/**
 * The acknowledgements an issue's evaluation reads (docs/forge.md, "Acknowledging escalation requests"): the
 * instants of the `ack` records of the issue's ladder audit in Forge storage, of a level or of an escalation
 * request. The engine stays pure: adapters read them here and pass them to `evaluate` as input data.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { AckRecord } from '../contracts/ladder-audit';
import type { EvaluationInput, SlaState } from '../engine/evaluate';
import type { Policy } from '../engine/policy-schema';
import { auditPrefix } from './ladder-notify';

/** Whether a policy has a metric stopped by an acknowledgement (only then is storage read per issue). */
export function stopsOnAcknowledgement(policy: Pick<Policy, 'metrics'>): boolean {
  return policy.metrics.some((metric) => metric.stop.some((stop) => stop.on === 'acknowledgement'));
}

/**
 * Whether an issue's acknowledgements can change its state: a metric they stop has started (cycle 1 or more) in
 * the state evaluated without them. No start reads an acknowledgement, so an issue whose escalation request never
 * came has nothing to stop, and the sync skips its storage query (docs/forge.md, "Acknowledging escalation requests").
 * @example acknowledgementsCanStop(ackPolicy, stateWithoutAnyRequest) //=> false
 */
export function acknowledgementsCanStop(policy: Pick<Policy, 'metrics'>, state: Pick<SlaState, 'metrics'>): boolean {
  const stopped = new Set(policy.metrics.filter((metric) => metric.stop.some((stop) => stop.on === 'acknowledgement')).map((m) => m.id));
  return state.metrics.some((metric) => stopped.has(metric.id) && metric.cycle > 0);
}

/** The storage key of the acknowledgement of one escalation request (a metric's cycle) of an issue. */
export function requestAckKey(issueId: string, metricId: string, cycle: number): string {
  return `${auditPrefix(issueId)}ack:request:${metricId}:${cycle}`;
}

/** Every acknowledgement record of an issue (levels and requests), in storage order. */
export async function readAcknowledgements(issueId: string): Promise<AckRecord[]> {
  const records: AckRecord[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(`${auditPrefix(issueId)}ack:`))
      .limit(20);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<AckRecord>();
    for (const { value } of page.results) records.push(value);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

/**
 * What `evaluate` needs besides the issue: its acknowledgement instants when the policy stops a metric on one
 * (storage is not read otherwise).
 * @example await evaluationInput(byteztech, '10001') //=> { acknowledgedAt: ['2026-11-16T16:30:00.000Z'] }
 */
export async function evaluationInput(policy: Pick<Policy, 'metrics'>, issueId: string): Promise<EvaluationInput> {
  if (!stopsOnAcknowledgement(policy)) return {};
  return { acknowledgedAt: (await readAcknowledgements(issueId)).map((record) => record.at) };
}
