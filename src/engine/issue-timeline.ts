/**
 * Changelog histories in the order Jira made them, and a value's timeline rebuilt from its changes: what the
 * issue snapshot (issue.ts) computes its status, resolution and field timelines with.
 */

/** One stretch of time with a value: `from` inclusive, `to` exclusive (`Infinity` = still so). */
export interface TimedValue {
  from: number;
  to: number;
  value: string | null;
}

/** One changelog item at its history's instant. */
export interface ChangeEvent {
  at: number;
  field: string;
  fieldId: string | null;
  from: string | null;
  to: string | null;
  fromString: string | null;
  toString: string | null;
}

function emptyToNull(text: string | null | undefined): string | null {
  return text === null || text === undefined || text.trim() === '' ? null : text;
}

/** A history's place in time: its instant, then `seq` for histories that share the instant. */
export interface StampedHistory {
  at: number;
  index: number;
  /** Jira's history id without leading zeros (digits only), or null when absent or not numeric. */
  id: string | null;
  seq: number;
}

function compareAt(a: StampedHistory, b: StampedHistory): number {
  return a.at - b.at || a.seq - b.seq;
}

/** Jira history ids are decimal strings that grow with every change; longer means later, then by digits. */
function compareHistoryIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Longer ids are not Jira's: such a history counts as one without an id. */
const HISTORY_ID_MAX_DIGITS = 30;

export function numericHistoryId(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || text.length === 0 || text.length > HISTORY_ID_MAX_DIGITS) return null;
  let zeros = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
    if (code === 48 && zeros === i && i < text.length - 1) zeros += 1;
  }
  return zeros === 0 ? text : text.slice(zeros);
}

/**
 * Orders histories as Jira made them: by instant, and histories sharing an instant by Jira's history id (numeric,
 * growing), since list order is newest first from `expand=changelog` and oldest first from `/changelog`. Without
 * numeric ids on every history, ties follow the list's direction (a list whose last history is older than its
 * first is read newest first).
 */
export function orderHistories(stamped: StampedHistory[]): void {
  const ids = stamped.every((history) => history.id !== null);
  const newestFirst = stamped.length > 1 && (stamped[0] as StampedHistory).at > (stamped[stamped.length - 1] as StampedHistory).at;
  if (ids) {
    let rising = true;
    let falling = true;
    for (let h = 1; h < stamped.length; h++) {
      const order = compareHistoryIds((stamped[h - 1] as StampedHistory).id as string, (stamped[h] as StampedHistory).id as string);
      if (order > 0) rising = false;
      if (order < 0) falling = false;
    }
    if (rising || falling) {
      for (const history of stamped) history.seq = rising ? history.index : -history.index;
    } else {
      const byId = [...stamped].sort((a, b) => compareHistoryIds(a.id as string, b.id as string));
      byId.forEach((history, rank) => (history.seq = rank));
    }
  } else {
    for (const history of stamped) history.seq = newestFirst ? -history.index : history.index;
  }
  for (let h = 1; h < stamped.length; h++) {
    if (compareAt(stamped[h - 1] as StampedHistory, stamped[h] as StampedHistory) > 0) {
      stamped.sort(compareAt);
      return;
    }
  }
}

/**
 * Rebuilds a value's history: the value before the first change holds from `created`, and `current` (the issue's
 * field as it is now) from the last change on. Display strings are used (`fromString`/`toString`, falling back
 * to the raw ids for custom fields); `raw` keeps empty strings as they are.
 */
export function buildTimeline(
  created: number,
  changes: readonly ChangeEvent[],
  current: string | null,
  raw: boolean,
  currentKnown = true,
): TimedValue[] {
  if (changes.length === 0) return [{ from: created, to: Infinity, value: current }];
  const timeline: TimedValue[] = [];
  const first = changes[0] as ChangeEvent;
  let value = raw ? first.fromString : emptyToNull(first.fromString ?? first.from);
  let from = created;
  for (const change of changes) {
    const at = change.at > created ? change.at : created;
    // Several changes at one instant leave no zero-length stretch: only the last value holds.
    if (at > from) {
      pushStretch(timeline, from, at, value);
      from = at;
    }
    value = raw ? change.toString : emptyToNull(change.toString ?? change.to);
  }
  // The current fields are the truth where the changelog's last value disagrees (a change missing from
  // the changelog, a renamed status): the current value holds from the last change on. Field display strings
  // need not match the REST value, so a field is corrected only when one side is empty and the other is not.
  if (currentKnown && (raw ? value !== current : (value === null) !== (current === null))) value = current;
  pushStretch(timeline, from, Infinity, value);
  return timeline;
}

/** Appends a stretch, or lengthens the last one when the value did not really change (Open → Open). */
function pushStretch(timeline: TimedValue[], from: number, to: number, value: string | null): void {
  const last = timeline[timeline.length - 1];
  if (last !== undefined && last.value === value) last.to = to;
  else timeline.push({ from, to, value });
}
