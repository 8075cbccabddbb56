/**
 * The cross-field pass of the policy schema: duplicate ids, reserved names and every reference to a plan,
 * priority, metric or calendar. Runs on possibly malformed input (the shape may have failed), so every access is guarded.
 */
import { parseDuration } from './duration';
import { nearestName } from './suggest';
import { CALENDAR_24X7 } from './sla-rules';
import { compileTextRegex } from './text-regex';
import { ownValue } from './own';
import { ANY_PRIORITY } from './policy-escalation';
import { repeatProblems } from './metric-repeat';
import type { PolicyIssue } from './policy-issues';
import { checkEntitlementReferences } from './entitlements-schema';

/** `"P5" is not a priority id: did you mean "P4"? Known priority ids: P1, P2, P3, P4.` style message tail. */
function unknownReference(value: string, what: string, known: readonly string[], howToAdd: string): string {
  const near = nearestName(value, known);
  const fix =
    known.length > 0 ? `Use one of the known ${what}s: ${known.join(', ')}, or ${howToAdd}.` : `There are no ${what}s yet: ${howToAdd}.`;
  return `"${value}" is not a ${what}${near !== undefined ? `; did you mean "${near}"?` : '.'} ${fix}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function entries(value: unknown): Array<[string, unknown]> {
  return isRecord(value) ? Object.entries(value) : [];
}
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function stringAt(value: unknown, key: string): string | undefined {
  return isRecord(value) && typeof value[key] === 'string' ? value[key] : undefined;
}

/**
 * Reports every `__proto__` key of the document: JavaScript objects (and zod's records) drop it silently, so a
 * plan or organization named so would vanish instead of working. Other names (`constructor`, `toString`) are
 * ordinary names: lookups read own entries only (own.ts). Iterative, so a deeply nested document cannot overflow.
 * Runs on the raw document (zod's output has lost the key already); the messages carry no path prefix yet.
 *
 * @example
 * reservedKeyIssues(JSON.parse('{"plans": {"__proto__": 1}}')) //=> [{ path: ['plans', '__proto__'], message: '"__proto__" cannot be used …' }]
 */
export function reservedKeyIssues(input: unknown): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === '__proto__') {
          issues.push({
            path: [...path, key],
            message:
              '"__proto__" cannot be used as a name or key: JavaScript reserves it and would silently drop the entry. Rename it (e.g. "proto").',
          });
        }
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return issues.reverse();
}

/** Collects ids of a list, reporting duplicates; returns the ids in order. */
function collectIds(list: unknown, listPath: string, what: string, issues: PolicyIssue[]): string[] {
  const seen = new Map<string, number>();
  items(list).forEach((item, index) => {
    const id = stringAt(item, 'id');
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({
        path: [listPath, index, 'id'],
        message: `Duplicate ${what} id "${id}" (also ${listPath}[${first}]): give every ${what} its own id.`,
      });
    } else {
      seen.set(id, index);
    }
  });
  return [...seen.keys()];
}

/**
 * Every cross-field problem of a policy-shaped value: duplicate ids, the reserved `24x7` id, and every reference
 * (default calendar, rule priorities, plan and region maps, targets, ladders) to a plan, priority, metric or
 * calendar that does not exist. Also requires every plan × priority cell in `targets` (see docs/policy.md).
 * Safe on malformed input: parts that are not the right shape are skipped (the shape schema reports them).
 */
export function checkPolicyReferences(input: unknown): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (!isRecord(input)) return issues;

  const calendarIds = collectIds(input.calendars, 'calendars', 'calendar', issues);
  items(input.calendars).forEach((calendar, index) => {
    if (stringAt(calendar, 'id') === CALENDAR_24X7) {
      issues.push({
        path: ['calendars', index, 'id'],
        message: `"${CALENDAR_24X7}" is the built-in always-working calendar and cannot be redefined: choose another id, or use 24x7 directly.`,
      });
    }
  });
  const calendars = [...calendarIds.filter((id) => id !== CALENDAR_24X7), CALENDAR_24X7];
  const priorities = collectIds(input.priorities, 'priorities', 'priority', issues);
  const plans = collectIds(input.plans, 'plans', 'plan', issues);
  const metrics = collectIds(input.metrics, 'metrics', 'metric', issues);
  const classification = isRecord(input.classification) ? input.classification : {};
  collectIds(classification.rules, 'classification.rules', 'rule', issues);
  for (const duplicate of issues.filter((issue) => issue.path[0] === 'classification.rules')) {
    duplicate.path.splice(0, 1, 'classification', 'rules');
  }
  const prioritySet = new Set(priorities);

  const refer = (value: unknown, path: PropertyKey[], what: 'calendar' | 'priority' | 'plan' | 'metric') => {
    if (typeof value !== 'string') return;
    const known = { calendar: calendars, priority: priorities, plan: plans, metric: metrics }[what];
    if (known.includes(value)) return;
    const howToAdd = {
      calendar: 'add a calendar with this id under calendars',
      priority: 'add it under priorities',
      plan: 'add it under plans',
      metric: 'add it under metrics',
    }[what];
    issues.push({ path, message: unknownReference(value, `${what} id`, known, howToAdd) });
  };

  /** A text rule (classification or a comment start) needs words or regex, and its regex must compile with RE2. */
  const checkTextRule = (condition: unknown, path: PropertyKey[], example: string) => {
    if (!isRecord(condition)) return;
    if (condition.words === undefined && condition.regex === undefined) {
      issues.push({ path, message: `text needs words or regex: add e.g. ${example}.` });
    }
    if (typeof condition.regex === 'string') {
      try {
        compileTextRegex(condition.regex);
      } catch (error) {
        issues.push({
          path: [...path, 'regex'],
          message: `"${condition.regex.length > 60 ? `${condition.regex.slice(0, 60)}…` : condition.regex}" is refused: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  };

  refer(input.defaultCalendar, ['defaultCalendar'], 'calendar');
  issues.push(...repeatProblems(input.metrics));

  items(classification.rules).forEach((rule, index) => {
    if (!isRecord(rule)) return;
    refer(rule.priority, ['classification', 'rules', index, 'priority'], 'priority');
    const when = rule.when;
    if (isRecord(when)) {
      if (Object.keys(when).length === 0) {
        issues.push({
          path: ['classification', 'rules', index, 'when'],
          message: 'when has no condition, so the rule would match every issue: add a condition, or use classification.default instead.',
        });
      }
      checkTextRule(when.text, ['classification', 'rules', index, 'when', 'text'], 'words: [outage] or regex: "(?i)cannot log ?in"');
    }
  });
  items(input.metrics).forEach((metric, index) => {
    if (!isRecord(metric)) return;
    const start = metric.start;
    if (isRecord(start) && start.on === 'comment') {
      checkTextRule(start.text, ['metrics', index, 'start', 'text'], 'words: [escalate] or regex: "(?i)please escalate"');
    }
    items(metric.stop).forEach((stop, stopIndex) => {
      if (isRecord(stop) && stop.on === 'acknowledgement' && !isRecord(input.directory)) {
        issues.push({
          path: ['metrics', index, 'stop', stopIndex],
          message:
            'an acknowledgement stop needs a directory: acknowledgements are recorded by the people of the ladder rungs in the SLA panel. Add directory with rungs (see docs/policy.md, "Directory"), or stop on a public comment instead.',
        });
      }
    });
  });
  refer(classification.default, ['classification', 'default'], 'priority');

  const checkSourceMap = (source: unknown, path: PropertyKey[], what: 'plan' | 'calendar') => {
    if (!isRecord(source)) return;
    for (const [key, value] of entries(source.map)) refer(value, [...path, 'map', key], what);
  };
  const planSelection = isRecord(input.planSelection) ? input.planSelection : {};
  items(planSelection.sources).forEach((source, index) => checkSourceMap(source, ['planSelection', 'sources', index], 'plan'));
  refer(planSelection.default, ['planSelection', 'default'], 'plan');

  if (isRecord(input.regions)) {
    for (const [key, value] of entries(input.regions.map)) refer(value, ['regions', 'map', key], 'calendar');
    refer(input.regions.default, ['regions', 'default'], 'calendar');
  }

  const checkTarget = (target: unknown, path: PropertyKey[]) => {
    if (isRecord(target)) refer(target.calendar, [...path, 'calendar'], 'calendar');
    const duration = isRecord(target) ? target.duration : target;
    if (typeof duration !== 'string') return;
    try {
      parseDuration(duration);
    } catch (error) {
      issues.push({
        path: isRecord(target) ? [...path, 'duration'] : path,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const targets = input.targets;
  for (const [planId, byPriority] of entries(targets)) {
    refer(planId, ['targets', planId], 'plan');
    for (const [priorityId, byMetric] of entries(byPriority)) {
      refer(priorityId, ['targets', planId, priorityId], 'priority');
      const cell = entries(byMetric);
      if (isRecord(byMetric) && cell.length === 0) {
        issues.push({
          path: ['targets', planId, priorityId],
          message: `targets.${planId}.${priorityId} lists no metric: give at least one target, e.g. { firstResponse: 4h } (write "none" for no target).`,
        });
      }
      for (const [metricId, target] of cell) {
        refer(metricId, ['targets', planId, priorityId, metricId], 'metric');
        checkTarget(target, ['targets', planId, priorityId, metricId]);
      }
    }
  }
  if (isRecord(targets)) {
    for (const planId of plans) {
      const byPriority = ownValue(targets, planId);
      if (byPriority === undefined) {
        issues.push({
          path: ['targets'],
          message: `Plan "${planId}" has no targets: add targets.${planId} with a row for each priority (${priorities.join(', ')}).`,
        });
        continue;
      }
      if (!isRecord(byPriority)) continue;
      const missing = priorities.filter((id) => !Object.hasOwn(byPriority, id));
      if (missing.length > 0) {
        issues.push({
          path: ['targets', planId],
          message: `targets.${planId} has no row for priorit${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')}: add ${missing
            .map((id) => `${id}: { … }`)
            .join(', ')} (write "none" for a metric without a target).`,
        });
      }
    }
  }

  for (const [key, ladder] of entries(input.escalation)) {
    if (key !== ANY_PRIORITY && !prioritySet.has(key)) {
      const near = nearestName(key, priorities);
      issues.push({
        path: ['escalation', key],
        message: `"${key}" is not a priority id${near !== undefined ? `; did you mean "${near}"?` : '.'} Ladder keys are priority ids (${priorities.join(', ')}) or "*" for every other priority.`,
      });
    }
    const levelIds = new Map<string, number>();
    items(ladder).forEach((level, index) => {
      if (!isRecord(level)) return;
      const path = ['escalation', key, index];
      const id = stringAt(level, 'id');
      if (id !== undefined) {
        const first = levelIds.get(id);
        if (first !== undefined) {
          issues.push({
            path: [...path, 'id'],
            message: `Duplicate level id "${id}" (also escalation.${key}[${first}]): give every level of a ladder its own id.`,
          });
        } else {
          levelIds.set(id, index);
        }
      }
      const hasAfter = level.after !== undefined;
      const hasPercent = level.atPercent !== undefined;
      if (hasAfter === hasPercent) {
        issues.push({
          path,
          message: hasAfter
            ? 'A level is reached either after a duration or at a percentage of a metric, not both: remove after or atPercent.'
            : 'A level needs when it is reached: add after (e.g. after: 4h) or atPercent with metric (e.g. atPercent: 100, metric: resolution).',
        });
      }
      if (hasPercent && level.metric === undefined) {
        issues.push({
          path: [...path, 'metric'],
          message: 'atPercent needs the metric whose target it is a percentage of: add metric, e.g. metric: resolution.',
        });
      }
      if (!hasPercent && level.metric !== undefined) {
        issues.push({
          path: [...path, 'metric'],
          message: 'metric is only used with atPercent: add atPercent (e.g. atPercent: 100) or remove metric.',
        });
      }
      if (hasPercent && level.calendar !== undefined) {
        issues.push({
          path: [...path, 'calendar'],
          message: "calendar is only used with after (an atPercent level uses its metric's target calendar): remove calendar.",
        });
      }
      if (typeof level.after === 'string') {
        try {
          if (parseDuration(level.after).kind === 'none') {
            issues.push({
              path: [...path, 'after'],
              message: 'after: none would never reach this level: give a duration such as 4h, or remove the level.',
            });
          }
        } catch {
          // The shape schema reports the unparsable duration itself.
        }
      }
      refer(level.metric, [...path, 'metric'], 'metric');
      refer(level.calendar, [...path, 'calendar'], 'calendar');
      items(level.plans).forEach((plan, planIndex) => refer(plan, [...path, 'plans', planIndex], 'plan'));
    });
    checkLadderOrder(key, items(ladder), issues);
  }
  issues.push(...checkEntitlementReferences(input.entitlements, plans, calendars));
  return issues;
}

/** A comparable size of an `after` duration within one unit family, or null when it cannot be compared. */
function ladderStep(text: unknown): { family: string; size: number } | null {
  if (typeof text !== 'string') return null;
  try {
    const duration = parseDuration(text);
    switch (duration.kind) {
      case 'business':
        return { family: 'business', size: duration.ms };
      case 'days':
        return { family: 'days', size: duration.days };
      case 'calendar':
        return { family: duration.unit, size: duration.count };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * A ladder climbs: an `after` level listed below another on the same calendar must not be reached sooner.
 * Durations are compared only within one unit family (hours/minutes, business days, weeks, months), where the
 * order does not depend on the calendar; `atPercent` levels are not compared.
 */
function checkLadderOrder(key: string, ladder: readonly unknown[], issues: PolicyIssue[]): void {
  const latest = new Map<string, { index: number; after: string; size: number }>();
  ladder.forEach((level, index) => {
    if (!isRecord(level) || level.atPercent !== undefined) return;
    const step = ladderStep(level.after);
    if (step === null) return;
    const group = `${typeof level.calendar === 'string' ? level.calendar : ''}|${step.family}`;
    const before = latest.get(group);
    if (before !== undefined && step.size < before.size) {
      issues.push({
        path: ['escalation', key, index, 'after'],
        message: `after: ${String(level.after)} comes sooner than the ${before.after} of escalation.${key}[${before.index}] above it: a ladder climbs, so list its levels in the order they are reached (or fix the durations).`,
      });
      return;
    }
    latest.set(group, { index, after: String(level.after), size: step.size });
  });
}
