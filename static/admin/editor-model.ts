/**
 * Pure helpers of the admin page: mapping validation problems onto editor lines, scope keys, and the what-if
 * start instant.
 */
import type { PolicyProblemDto, PolicyScope } from '../../src/contracts/resolvers';

/**
 * Groups problems by their 1-based line; problems without a line (whole-document ones) go under 0.
 * @example problemsByLine([{ path: 'id', message: 'bad', line: 2 }]).get(2)?.length //=> 1
 */
export function problemsByLine(problems: readonly PolicyProblemDto[]): Map<number, PolicyProblemDto[]> {
  const byLine = new Map<number, PolicyProblemDto[]>();
  for (const problem of problems) {
    const line = problem.line !== undefined && problem.line > 0 ? problem.line : 0;
    const list = byLine.get(line) ?? [];
    list.push(problem);
    byLine.set(line, list);
  }
  return byLine;
}

/** Where a problem is, in words: "Line 4, column 3", or "Whole policy" when it has no position. */
export function problemPlace(problem: PolicyProblemDto): string {
  if (problem.line === undefined || problem.line <= 0) return 'Whole policy';
  return problem.column !== undefined && problem.column > 0 ? `Line ${problem.line}, column ${problem.column}` : `Line ${problem.line}`;
}

/**
 * Character offset of the start of 1-based `line` in `text` (clamped to the text), for moving the caret there.
 * @example lineOffset('a\nbc\nd', 3) //=> 5
 */
export function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** Number of lines the editor shows for `text` (an empty text still has one line). */
export function lineCount(text: string): number {
  let count = 1;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) count += 1;
  return count;
}

/** A stable key for a scope, used as a <select> value: "site" or "project:SUP". */
export function scopeKey(scope: PolicyScope): string {
  return scope.kind === 'site' ? 'site' : `project:${scope.projectKey}`;
}

/** Inverse of `scopeKey`. */
export function scopeFromKey(key: string): PolicyScope {
  return key.startsWith('project:') ? { kind: 'project', projectKey: key.slice('project:'.length) } : { kind: 'site' };
}

/**
 * Converts an `<input type="datetime-local">` value, read in the browser's zone, to an ISO instant (UTC),
 * or null when the value is empty or invalid.
 * @example localInputToIso('2026-03-02T09:30') // in Europe/Berlin //=> '2026-03-02T08:30:00.000Z'
 */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The value for a datetime-local input showing `ms` in the browser's zone (minute precision). */
export function isoToLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The engine's message without its leading `path: `, because the editor shows the path beside it.
 *
 * @example messageWithoutPath({ path: 'id', message: 'id: may contain only…' }) //=> 'may contain only…'
 */
export function messageWithoutPath(problem: PolicyProblemDto): string {
  const prefix = `${problem.path}: `;
  return problem.path && problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
}

export interface SaveMessage {
  tone: 'success' | 'warning' | 'danger';
  text: string;
}

/**
 * What the admin reads after a save the server accepted. The policy is in force even when its recomputation could
 * not be queued, so that case says both, and how to finish the job, instead of reporting a failure.
 *
 * @example savedMessage({ policy: { name: 'BytezTech', version: 3 }, recompute: null }) //=> { tone: 'success', text: 'Saved BytezTech as version 3.' }
 */
export function savedMessage(answer: { policy: { name: string; version: number }; recomputeError?: string }): SaveMessage {
  const saved = `Saved ${answer.policy.name} as version ${answer.policy.version}.`;
  return answer.recomputeError ? { tone: 'warning', text: `${saved} ${answer.recomputeError}` } : { tone: 'success', text: saved };
}
