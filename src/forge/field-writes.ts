/**
 * Writing the engine's field changes to Jira: which changes go with a changelog entry, and what happens when Jira
 * refuses a bulk write. `POST /rest/api/3/app/field/value` is all or nothing (one 204/400/404 for the whole
 * request, no per-update result), so one bad update (an issue deleted since it was read, a field deleted, a value
 * Jira will not store) would sink every other update of the request, and the sweep would meet it again every
 * cycle. A refused request is therefore split in halves and retried until the bad updates stand alone (a bounded
 * number of extra requests); the rest is written and each bad update is logged once, with issue, field and Jira's
 * message.
 */
import { kvs } from '@forge/kvs';
import { SLA_FIELDS } from '../engine/sla-fields';
import { currentInstant } from './clock';
import type { FieldIdMap } from './field-ids';
import { MAX_UPDATES_PER_REQUEST, writeAppFieldValues, type AppFieldUpdate, type JiraContext } from './jira-client';
import { JiraBadRequest, JiraNotFound } from './jira-errors';

type FieldValue = string | number | null;

/** The module keys whose changes are written with a changelog entry (SLA_FIELDS `changelog`), so automation sees them. */
export const CHANGELOG_FIELD_KEYS: ReadonlySet<string> = new Set(SLA_FIELDS.filter((field) => field.changelog).map((field) => field.key));

/**
 * Extra requests one `writeFieldChanges` call may spend isolating refused updates (inclusive). Halving by issue
 * finds one deleted issue among n in about 2·log2(n) + 2 requests (16 for a sweep page of 100 issues, 2 for an
 * event); halving by field finds a deleted field in about 2·log2(fields) (9 for a page, 4 for an event).
 */
export const ISOLATION_REQUEST_BUDGET = 48;

/** One update Jira refused, alone in its request (or left unisolated when the budget ran out). */
export interface RejectedUpdate {
  customField: string;
  issueIds: number[];
  value: FieldValue;
  /** 400 (the body: value, issue) or 404 (the field does not exist). */
  status: number;
  /** Jira's own words (its error collection, flattened). */
  message: string;
  /** false when the isolation budget ran out before the update stood alone: it may be innocent. */
  isolated: boolean;
}

export interface FieldWriteResult {
  requests: number;
  rejected: RejectedUpdate[];
}

interface Cell {
  customField: string;
  value: FieldValue;
  issueId: number;
}

/**
 * Jira's message from a refused write: the error collection's `errorMessages` and `errors`, joined; the raw text
 * when the body is not an error collection.
 *
 * @example
 * jiraMessage('writeAppFieldValues: HTTP 400: {"errorMessages":["Issue 10001 does not exist."],"errors":{}}')
 * //=> 'Issue 10001 does not exist.'
 */
export function jiraMessage(text: string): string {
  const start = text.indexOf('{');
  if (start >= 0) {
    try {
      const body = JSON.parse(text.slice(start)) as { errorMessages?: unknown; errors?: unknown };
      const messages = Array.isArray(body.errorMessages) ? body.errorMessages.filter((m): m is string => typeof m === 'string') : [];
      const errors =
        body.errors && typeof body.errors === 'object' ? Object.entries(body.errors).map(([key, value]) => `${key}: ${String(value)}`) : [];
      const joined = [...messages, ...errors].join('; ');
      if (joined) return joined;
    } catch {
      // not JSON: fall through to the raw text
    }
  }
  return text.replace(/^[^:]*: /, '');
}

/** Cells regrouped into bulk updates, one per (field, value), in first-seen order. */
function regroup(cells: readonly Cell[]): AppFieldUpdate[] {
  const groups = new Map<string, AppFieldUpdate>();
  for (const { customField, value, issueId } of cells) {
    const key = `${customField}\u0000${JSON.stringify(value)}`;
    const group = groups.get(key) ?? { customField, issueIds: [], value };
    group.issueIds.push(issueId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The updates as single (field, value, issue) cells. */
function cellsOf(updates: readonly AppFieldUpdate[]): Cell[] {
  return updates.flatMap((update) => update.issueIds.map((issueId) => ({ customField: update.customField, value: update.value, issueId })));
}

/** Chunks of cells whose regrouping stays within one request's `MAX_UPDATES_PER_REQUEST` updates. */
function requestChunks(cells: readonly Cell[]): Cell[][] {
  const chunks: Cell[][] = [];
  let current: Cell[] = [];
  const groups = new Set<string>();
  for (const cell of cells) {
    const key = `${cell.customField}\u0000${JSON.stringify(cell.value)}`;
    if (!groups.has(key) && groups.size === MAX_UPDATES_PER_REQUEST) {
      chunks.push(current);
      current = [];
      groups.clear();
    }
    groups.add(key);
    current.push(cell);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface Refusal {
  status: number;
  message: string;
}

/** What one `writeFieldChanges` call has left to spend on isolation, and the issues found to refuse every value. */
interface IsolationState {
  remaining: number;
  /** Issues whose every value was refused (deleted meanwhile): later requests send them on their own. */
  badIssues: Set<number>;
}

/** Splits cells into two halves of whole groups (by `keyOf`), or of cells when there is one group. */
function halves(cells: readonly Cell[], keyOf: (cell: Cell) => string | number): [Cell[], Cell[]] {
  const keys = [...new Set(cells.map(keyOf))];
  if (keys.length < 2) {
    const middle = Math.ceil(cells.length / 2);
    return [cells.slice(0, middle), cells.slice(middle)];
  }
  const first = new Set(keys.slice(0, Math.ceil(keys.length / 2)));
  return [cells.filter((cell) => first.has(keyOf(cell))), cells.filter((cell) => !first.has(keyOf(cell)))];
}

/**
 * Writes `updates` in as few requests as Jira accepts. A refused request (400/404) is halved and each half retried
 * until the refused updates stand alone, spending at most `state.remaining` extra requests:
 * - 404 means a field does not exist: halve by field; a refused request of one field rejects all its updates.
 * - 400 with several issues: halve by issue. With one issue: halve its values once; when both halves are refused
 *   too, the issue itself is refused (deleted meanwhile) and all its values are rejected, and its values in later
 *   requests of this call go on their own, so they cannot sink another request.
 * Other errors (429 and 5xx after retries, 403) propagate as before.
 */
async function writeIsolating(
  ctx: JiraContext,
  updates: readonly AppFieldUpdate[],
  generateChangelog: boolean,
  state: IsolationState,
  result: FieldWriteResult,
): Promise<void> {
  const send = async (cells: Cell[]): Promise<Refusal | null> => {
    try {
      result.requests += await writeAppFieldValues(ctx, regroup(cells), { generateChangelog });
      return null;
    } catch (error) {
      if (!(error instanceof JiraBadRequest) && !(error instanceof JiraNotFound)) throw error;
      result.requests += 1;
      return { status: error.status ?? 400, message: jiraMessage(error.message) };
    }
  };
  const reject = (cells: Cell[], refusal: Refusal, isolated: boolean): void => {
    for (const update of regroup(cells)) result.rejected.push({ ...update, ...refusal, isolated });
  };
  const isolate = async (cells: Cell[], refusal: Refusal): Promise<void> => {
    const fields = new Set(cells.map((cell) => cell.customField));
    const issues = new Set(cells.map((cell) => cell.issueId));
    if (cells.length === 1 || (refusal.status === 404 && fields.size === 1)) {
      if (refusal.status !== 404 && issues.size === 1) state.badIssues.add(cells[0]!.issueId);
      return reject(cells, refusal, true);
    }
    if (state.remaining < 2) return reject(cells, refusal, false);
    state.remaining -= 2;
    if (refusal.status !== 404 && issues.size === 1) {
      const [a, b] = halves(cells, (cell) => cell.customField);
      const [refusedA, refusedB] = [await send(a), await send(b)];
      if (refusedA && refusedB) {
        state.badIssues.add(cells[0]!.issueId);
        reject(a, refusedA, true);
        return reject(b, refusedB, true);
      }
      if (refusedA) await isolate(a, refusedA);
      if (refusedB) await isolate(b, refusedB);
      return;
    }
    for (const half of halves(cells, refusal.status === 404 ? (cell) => cell.customField : (cell) => cell.issueId)) {
      const refused = await send(half);
      if (refused) await isolate(half, refused);
    }
  };
  for (const chunk of requestChunks(cellsOf(updates))) {
    const known = chunk.filter((cell) => state.badIssues.has(cell.issueId));
    const rest = chunk.filter((cell) => !state.badIssues.has(cell.issueId));
    if (rest.length > 0) {
      const refused = await send(rest);
      if (refused) await isolate(rest, refused);
    }
    for (const issueId of new Set(known.map((cell) => cell.issueId))) {
      const own = known.filter((cell) => cell.issueId === issueId);
      if (state.remaining < 1) {
        reject(own, { status: 400, message: 'not sent: the issue refused every other value in this write' }, false);
        continue;
      }
      state.remaining -= 1;
      const refused = await send(own);
      if (refused) reject(own, refused, true);
    }
  }
}

/**
 * Groups per-issue changes (module key → value) into bulk updates: one per (field, value) with every issue id
 * sharing it; keys without a field id are left out. Jira refuses a request naming a field and issue twice, so an
 * issue listed twice keeps its last value.
 *
 * @example
 * groupUpdates([{ issueId: '1', changes: { 'sla-status': 'met' } }, { issueId: '2', changes: { 'sla-status': 'met' } }], { 'sla-status': 'customfield_1' })
 * //=> [{ customField: 'customfield_1', issueIds: [1, 2], value: 'met' }]
 */
export function groupUpdates(
  decisions: ReadonlyArray<{ issueId: string; changes: Record<string, FieldValue> }>,
  fieldIds: FieldIdMap,
): AppFieldUpdate[] {
  const cells = new Map<string, Cell>();
  for (const { issueId, changes } of decisions) {
    for (const [key, value] of Object.entries(changes)) {
      const customField = fieldIds[key];
      if (customField === undefined) continue;
      const at = `${customField}\u0000${issueId}`;
      cells.delete(at);
      cells.set(at, { customField, value, issueId: Number(issueId) });
    }
  }
  return regroup([...cells.values()]);
}

/**
 * Writes the changes of many issues: values whose changes automation should see (`CHANGELOG_FIELD_KEYS`: status,
 * escalation, priority, plan) in a request with `generateChangelog=true`, the instants in one without, so an event
 * costs at most two writes and none when nothing changed. The instants go first: a rule fired by the changelog
 * entry then already reads the new due dates. Refused updates are isolated (see `writeIsolating`) and returned.
 */
export async function writeFieldChanges(
  ctx: JiraContext,
  decisions: ReadonlyArray<{ issueId: string; changes: Record<string, FieldValue> }>,
  fieldIds: FieldIdMap,
): Promise<FieldWriteResult> {
  const quiet = decisions.map(({ issueId, changes }) => ({
    issueId,
    changes: Object.fromEntries(Object.entries(changes).filter(([key]) => !CHANGELOG_FIELD_KEYS.has(key))),
  }));
  const logged = decisions.map(({ issueId, changes }) => ({
    issueId,
    changes: Object.fromEntries(Object.entries(changes).filter(([key]) => CHANGELOG_FIELD_KEYS.has(key))),
  }));
  const result: FieldWriteResult = { requests: 0, rejected: [] };
  const state: IsolationState = { remaining: ISOLATION_REQUEST_BUDGET, badIssues: new Set() };
  await writeIsolating(ctx, groupUpdates(quiet, fieldIds), false, state, result);
  await writeIsolating(ctx, groupUpdates(logged, fieldIds), true, state, result);
  return result;
}

// ------------------------------------------------------------------------------------------------------------
// Reporting each refusal once

/** kvs key of the refusals already logged (per installation: Forge storage is the installation's own). */
export const WRITE_FAILURES_STORAGE_KEY = 'field-write-failures';
/** How many refusals are remembered (newest kept; inclusive). */
export const MAX_REMEMBERED_FAILURES = 200;
/** A refusal still happening after this long is logged again (once a day), so a persistent problem stays visible. */
export const REPORT_AGAIN_AFTER_MS = 24 * 3_600_000;
const MAX_MESSAGE_LENGTH = 300;

interface RememberedFailure {
  /** `<issueId>:<customField>` */
  at: string;
  message: string;
  reportedAt: number;
}

/** One refusal as logged: the issue (key when known), the field (module key and id) and Jira's message. */
export interface WriteFailure {
  issueId: number;
  issueKey: string;
  fieldKey: string;
  customField: string;
  status: number;
  message: string;
  isolated: boolean;
}

/** Refused updates as one failure per (issue, field), with issue keys and module keys for the log. */
export function writeFailures(
  rejected: readonly RejectedUpdate[],
  issueKeys: ReadonlyMap<string, string>,
  fieldIds: FieldIdMap,
): WriteFailure[] {
  const keyOfField = new Map(Object.entries(fieldIds).map(([key, id]) => [id, key]));
  return rejected.flatMap((update) =>
    update.issueIds.map((issueId) => ({
      issueId,
      issueKey: issueKeys.get(String(issueId)) ?? String(issueId),
      fieldKey: keyOfField.get(update.customField) ?? update.customField,
      customField: update.customField,
      status: update.status,
      message: update.message.slice(0, MAX_MESSAGE_LENGTH),
      isolated: update.isolated,
    })),
  );
}

/**
 * Logs each failure not already logged in the last `REPORT_AGAIN_AFTER_MS` with the same message, and remembers
 * it in kvs (bounded to the newest `MAX_REMEMBERED_FAILURES`). Costs kvs calls only when something was refused.
 * Returns the failures logged now. If kvs itself fails, everything is logged (better twice than never).
 */
export async function reportWriteFailures(failures: readonly WriteFailure[]): Promise<WriteFailure[]> {
  if (failures.length === 0) return [];
  const now = currentInstant();
  let remembered: RememberedFailure[] = [];
  let storageOk = true;
  try {
    const stored = await kvs.get<{ entries?: RememberedFailure[] }>(WRITE_FAILURES_STORAGE_KEY);
    remembered = Array.isArray(stored?.entries) ? stored.entries : [];
  } catch {
    storageOk = false;
  }
  const byKey = new Map(remembered.map((entry) => [entry.at, entry]));
  const fresh = failures.filter((failure) => {
    const seen = byKey.get(`${failure.issueId}:${failure.customField}`);
    return !seen || seen.message !== failure.message || now - seen.reportedAt >= REPORT_AGAIN_AFTER_MS;
  });
  for (const failure of fresh) {
    const why = failure.isolated
      ? ''
      : ' (refused together with other updates; the isolation budget ran out, so it may be innocent and is retried)';
    console.warn(
      `SLA field write refused by Jira: issue ${failure.issueKey} (id ${failure.issueId}), field ${failure.fieldKey} (${failure.customField}), ` +
        `HTTP ${failure.status}: ${failure.message}${why}. The issue's other values and other issues were written; this is logged once a day while it persists.`,
    );
  }
  if (fresh.length > 0 && storageOk) {
    for (const failure of fresh) {
      const at = `${failure.issueId}:${failure.customField}`;
      byKey.delete(at);
      byKey.set(at, { at, message: failure.message, reportedAt: now });
    }
    const entries = [...byKey.values()].slice(-MAX_REMEMBERED_FAILURES);
    try {
      await kvs.set(WRITE_FAILURES_STORAGE_KEY, { entries });
    } catch {
      // Not remembered: the failure is logged again next time, which is the lesser harm.
    }
  }
  return fresh;
}
