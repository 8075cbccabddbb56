/**
 * Why each escalation level stands where it does: what reaches it (a business duration, a share of a metric's
 * target) and, for a level that has no instant, what it waits for (a request nobody made yet, a paused clock,
 * a metric without a target, a clock that stopped first). The panel and the CLI print it with sla-words.ts.
 */
import type { EscalationState } from './escalation';
import type { MetricState } from './clocks';
import type { Interval } from './intervals';
import { isoInstant } from './instant';
import type { EscalationLevel, Metric } from './policy-schema';
import { requestWords, type LadderWait } from './sla-words';

export interface EscalationOutlook {
  /**
   * The level that can still come next: the first unreached one, skipping levels that will never be reached
   * (their metric has no target or stopped first) when a later one still can; null at the top of the ladder.
   */
  nextLevel: number | null;
  /** Why `nextLevel` has no instant (`scheduled` when it has one; `top` or `no-ladder` when there is none). */
  next: LadderWait;
  /** One per ladder level, in order: what reaches it, and what it waits for while it has no instant. */
  levels: Array<{ level: number; trigger: string; request: string | null; wait: LadderWait }>;
}

export interface EscalationOutlookInput {
  ladder: readonly EscalationLevel[];
  escalation: EscalationState;
  metrics: readonly MetricState[];
  definitions: ReadonlyArray<Pick<Metric, 'id' | 'label' | 'start'>>;
  /** The ladder clock's pause intervals (see EscalationInput.pauses). */
  ladderPauses: readonly Interval[];
  resolved: boolean;
  now: number;
}

function triggerWords(level: EscalationLevel, metricLabel: string | undefined): string {
  if (level.atPercent !== undefined) return `at ${level.atPercent}% of ${metricLabel ?? level.metric ?? 'a metric'}`;
  if (level.after !== undefined) return `${level.after} after the issue was created`;
  return 'never (no trigger)';
}

/**
 * The escalation outlook of one evaluation.
 *
 * @example
 * // byteztech, nobody added `escalation-requested`, first response met
 * escalationOutlook({ ... }).next
 * //=> { kind: 'request', level: 2, metric: 'Escalation acknowledgment', request: 'label `escalation-requested`' }
 */
export function escalationOutlook(input: EscalationOutlookInput): EscalationOutlook {
  const { ladder, escalation, now } = input;
  const stateOf = (id: string | undefined) => input.metrics.find((metric) => metric.id === id);
  const definitionOf = (id: string | undefined) => input.definitions.find((metric) => metric.id === id);
  const ladderPause = input.ladderPauses.find((pause) => pause.from <= now && now < pause.to);

  const waitFor = (index: number): LadderWait => {
    const level = ladder[index];
    const step = escalation.ladder[index];
    const number = index + 1;
    if (!level || !step) return { kind: 'unknown', level: number };
    if (step.reached || step.at !== null) return { kind: 'scheduled' };
    if (input.resolved) return { kind: 'resolved' };
    if (level.atPercent !== undefined) {
      const metric = stateOf(level.metric);
      const label = metric?.label ?? level.metric ?? '';
      if (!metric || metric.target === null) return { kind: 'no-target', level: number, metric: label };
      if (metric.startedAt === null) {
        const definition = definitionOf(level.metric);
        const request = definition ? requestWords(definition.start) : null;
        return request === null ? { kind: 'unknown', level: number } : { kind: 'request', level: number, metric: label, request };
      }
      if (metric.status === 'paused' && metric.pause) {
        return { kind: 'paused', level: number, reason: metric.pause.reason, since: metric.pause.since };
      }
      if (metric.stoppedAt !== null) {
        return {
          kind: 'stopped',
          level: number,
          metric: label,
          status: metric.status === 'met' ? 'met' : metric.status === 'breached' ? 'breached' : 'stopped',
        };
      }
      return { kind: 'unknown', level: number };
    }
    if (ladderPause) {
      return { kind: 'paused', level: number, reason: ladderPause.reason, since: isoInstant(ladderPause.from) };
    }
    return { kind: 'unknown', level: number };
  };

  const levels = ladder.map((level, index) => {
    const definition = level.atPercent !== undefined ? definitionOf(level.metric) : undefined;
    return {
      level: index + 1,
      trigger: triggerWords(level, definition?.label),
      request: definition ? requestWords(definition.start) : null,
      wait: waitFor(index),
    };
  });

  if (ladder.length === 0) return { nextLevel: null, next: { kind: 'no-ladder' }, levels };
  const unreached = levels.filter((level) => level.level > escalation.level && !escalation.ladder[level.level - 1]?.reached);
  const first = unreached[0];
  if (first === undefined) return { nextLevel: null, next: { kind: 'top' }, levels };
  const never = (wait: LadderWait) => wait.kind === 'no-target' || wait.kind === 'stopped';
  const chosen = unreached.find((level) => !never(level.wait)) ?? first;
  return { nextLevel: chosen.level, next: chosen.wait, levels };
}
