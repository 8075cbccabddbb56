/**
 * Metrics that run more than once (docs/policy.md, "Cycles"): the `repeat` key of a metric, the start and stop
 * its built-in patterns imply when the policy leaves them out, and the checks that keep a repeating metric from
 * never stopping or from starting and stopping at the same instant.
 */
import * as z from 'zod';
import type { MetricStart, MetricStop } from './policy-schema';

/**
 * How a metric repeats:
 * - `once` (the default): one cycle, as every metric before cycles.
 * - `restart`: each time the start condition happens again after a stop, a new cycle begins.
 * - `reopen`: as `restart`, and a reopened issue (its resolution cleared) also begins a new cycle.
 * - `nextReply`: a cycle starts at each public customer comment not yet answered and stops at the next public
 *   reply of an agent (or the resolution); a burst of customer comments is one cycle.
 * - `periodicUpdate`: while the issue is open, an agent's public update is due within the target; each update
 *   ends the cycle and starts the next, a resolution ends the series and a reopening starts it again.
 */
export const REPEAT_KINDS = ['once', 'restart', 'reopen', 'nextReply', 'periodicUpdate'] as const;

export const metricRepeatSchema = z.enum(REPEAT_KINDS, {
  error: `repeat must be one of ${REPEAT_KINDS.join(', ')}, e.g. repeat: reopen (see docs/policy.md, Cycles).`,
});

export type MetricRepeat = z.infer<typeof metricRepeatSchema>;

/** The start and stop a pattern implies, used where the metric leaves them out. */
const PATTERN_DEFAULTS: Partial<Record<MetricRepeat, { start: MetricStart; stop: MetricStop[] }>> = {
  nextReply: { start: { on: 'customerComment' }, stop: [{ on: 'publicComment', by: 'notReporter' }, { on: 'resolution' }] },
  periodicUpdate: { start: { on: 'created' }, stop: [{ on: 'resolution' }] },
};

/**
 * A metric as written, with the start and stop of its `repeat` pattern filled in where it leaves them out (runs
 * before the metric's shape is checked, so a pattern metric needs neither). Anything else passes unchanged.
 *
 * @example
 * withRepeatDefaults({ id: 'nextReply', label: 'Next reply', repeat: 'nextReply' })
 * //=> { id: 'nextReply', label: 'Next reply', repeat: 'nextReply', start: { on: 'customerComment' },
 * //     stop: [{ on: 'publicComment', by: 'notReporter' }, { on: 'resolution' }] }
 */
export function withRepeatDefaults(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const metric = input as Record<string, unknown>;
  const defaults = typeof metric.repeat === 'string' ? PATTERN_DEFAULTS[metric.repeat as MetricRepeat] : undefined;
  if (defaults === undefined || (Object.hasOwn(metric, 'start') && Object.hasOwn(metric, 'stop'))) return input;
  return {
    ...metric,
    ...(Object.hasOwn(metric, 'start') ? {} : { start: defaults.start }),
    ...(Object.hasOwn(metric, 'stop') ? {} : { stop: defaults.stop }),
  };
}

/** Whether a metric can begin more than one cycle. */
export function repeats(repeat: MetricRepeat | undefined): boolean {
  return repeat !== undefined && repeat !== 'once';
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function lowerTexts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').map((item) => item.toLowerCase()) : [];
}

/**
 * Why a start and a stop can happen at the same instant (the same event both begins and ends a cycle), or null.
 * `periodicUpdate` counts an agent's public comment as its own restart, so a publicComment stop collides too.
 */
function collision(start: Record<string, unknown>, stop: Record<string, unknown>, repeat: string): string | null {
  if (start.on === 'status' && stop.on === 'status') {
    const stops = lowerTexts(stop.statuses);
    const both = lowerTexts(start.statuses).filter((status) => stops.includes(status));
    if (both.length > 0) return `entering status '${both[0] ?? ''}' both starts and stops it`;
  }
  if (start.on === 'field' && stop.on === 'field' && typeof start.field === 'string' && typeof stop.field === 'string') {
    if (start.field.toLowerCase() === stop.field.toLowerCase()) return `setting field '${start.field}' both starts and stops it`;
  }
  if (start.on === 'customerComment' && stop.on === 'publicComment' && stop.by === 'anyone') {
    return "a customer's public comment both starts it and stops it (stop by: anyone)";
  }
  if (repeat === 'periodicUpdate' && stop.on === 'publicComment') {
    return 'an agent update both ends a cycle and starts the next, so publicComment cannot also be a stop';
  }
  return null;
}

/**
 * The problems of every repeating metric of a policy-shaped value, each with the path of the line to fix:
 * - a start and a stop that can fire at the same instant (every such cycle would end as it begins);
 * - no reachable stop: every stop fires only together with the start, so no cycle could ever end later;
 * - `restart` on a start that happens once (`created`): it never repeats.
 * Safe on malformed input (the shape schema reports that).
 *
 * @example
 * repeatProblems([{ id: 'triage', repeat: 'restart', start: { on: 'status', statuses: ['Triage'] }, stop: [{ on: 'status', statuses: ['Triage'] }] }])
 * //=> [{ path: ['metrics', 0, 'repeat'], message: "metrics[0] (triage) repeats but has no reachable stop: …" }]
 */
export function repeatProblems(metrics: unknown): Array<{ path: PropertyKey[]; message: string }> {
  const problems: Array<{ path: PropertyKey[]; message: string }> = [];
  if (!Array.isArray(metrics)) return problems;
  metrics.forEach((raw, index) => {
    const written = record(raw);
    if (written === null || typeof written.repeat !== 'string' || !repeats(written.repeat as MetricRepeat)) return;
    const metric = record(withRepeatDefaults(written)) ?? written;
    const start = record(metric.start);
    const stops = Array.isArray(metric.stop) ? metric.stop.map(record).filter((stop) => stop !== null) : [];
    if (start === null || stops.length === 0) return;
    const name = `metrics[${index}]${typeof metric.id === 'string' ? ` (${metric.id})` : ''}`;
    const path: PropertyKey[] = ['metrics', index, 'repeat'];
    if (metric.repeat === 'restart' && start.on === 'created') {
      problems.push({
        path,
        message: `${name} uses repeat: restart, but its start (created) happens once, so it never repeats: use repeat: reopen to start again when the issue is reopened, or start on a status, label, field or customerComment.`,
      });
      return;
    }
    const collisions = stops.map((stop) => collision(start, stop, metric.repeat as string));
    const reasons = collisions.filter((reason): reason is string => reason !== null);
    if (reasons.length === stops.length) {
      problems.push({
        path,
        message: `${name} repeats but has no reachable stop: ${reasons[0] ?? ''}, so every cycle would end the instant it begins. Add a stop that happens later (e.g. { on: resolution }) or change the start.`,
      });
      return;
    }
    collisions.forEach((reason, stopIndex) => {
      if (reason === null) return;
      problems.push({
        path: ['metrics', index, 'stop', stopIndex],
        message: `${name}: this stop and the start can fire at the same instant (${reason}): remove this stop or change the start.`,
      });
    });
  });
  return problems;
}
