/**
 * The app-owned Jira custom fields (keys shared with manifest.yml's `jira:customField` modules and the adapters),
 * their values for an SLA state, and which of them need writing given what the issue holds now.
 */
import type { SlaState } from './evaluate';
import { parseJiraInstant } from './jira-instant';

export type SlaFieldType = 'datetime' | 'string' | 'number';

/** One app-owned field: its key, its Jira type and what it shows. */
export interface SlaFieldSpec {
  key: string;
  type: SlaFieldType;
  /** Display name in Jira. */
  name: string;
  /** The metric whose `dueAt` it shows, for the due-date fields. */
  metric?: string;
  description: string;
  /**
   * Whether a change of the value is written with a changelog entry (`generateChangelog=true`), so Jira automation's
   * "Field value changed" trigger sees it. Only values that change rarely and mean something (status, escalation,
   * classification) do; instants move on every pause, resume and reclassification and would flood the history.
   */
  changelog: boolean;
}

/**
 * The manifest's three due-date fields and the policy metric whose `dueAt` each shows: the one place these field
 * keys meet metric ids. A policy without one of these metrics leaves its field empty.
 */
const DUE_DATE_FIELDS = [
  { key: 'sla-first-response-due', name: 'SLA first response due', metric: 'firstResponse' },
  { key: 'sla-workaround-due', name: 'SLA workaround due', metric: 'workaround' },
  { key: 'sla-resolution-due', name: 'SLA resolution due', metric: 'resolution' },
] as const;

/** The app-owned fields in display order (docs/architecture.md, "App-owned fields"). */
export const SLA_FIELDS = [
  ...DUE_DATE_FIELDS.map((field) => ({
    ...field,
    type: 'datetime' as const,
    description: `Due instant of the ${field.metric} metric`,
    changelog: false,
  })),
  { key: 'sla-priority', type: 'string', name: 'SLA priority', description: 'Priority id from the policy classification', changelog: true },
  { key: 'sla-plan', type: 'string', name: 'SLA plan', description: 'Support plan id', changelog: true },
  {
    key: 'sla-status',
    type: 'string',
    name: 'SLA status',
    description: 'Summary status: on track, at risk, paused, met, breached or none',
    changelog: true,
  },
  {
    key: 'sla-escalation-level',
    type: 'number',
    name: 'SLA escalation level',
    description: 'Escalation level reached (0 = none)',
    changelog: true,
  },
  {
    key: 'sla-escalation-level-name',
    type: 'string',
    name: 'SLA escalation',
    description: 'Escalation level label, or "None"',
    changelog: true,
  },
  {
    key: 'sla-next-breach',
    type: 'datetime',
    name: 'SLA next breach',
    description: 'Earliest due instant among running metrics',
    changelog: false,
  },
  {
    key: 'sla-next-check',
    type: 'datetime',
    name: 'SLA next check',
    description: 'Next instant the SLA state changes without a new event',
    changelog: false,
  },
] as const satisfies readonly SlaFieldSpec[];

export type SlaFieldKey = (typeof SLA_FIELDS)[number]['key'];

/** Field key → value to write: ISO-8601 UTC string for datetimes, a string, a number, or null to clear. */
export type SlaFieldValues = { [K in SlaFieldKey]: string | number | null };

/** The longest text Jira stores in a string custom field (characters, inclusive); a longer value is refused with 400. */
export const MAX_FIELD_TEXT_LENGTH = 255;

/**
 * A text fitted into a string field: unchanged up to `MAX_FIELD_TEXT_LENGTH` characters (UTF-16 code units, as Jira
 * counts), else cut to 254 and ended with an ellipsis, never splitting a surrogate pair.
 *
 * @example
 * fieldText('P1') //=> 'P1'
 * fieldText('x'.repeat(300)).length //=> 255 (254 × 'x' then '…')
 */
export function fieldText(text: string): string {
  if (text.length <= MAX_FIELD_TEXT_LENGTH) return text;
  let cut = MAX_FIELD_TEXT_LENGTH - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

const FIELD_TYPES = new Map<string, SlaFieldType>(SLA_FIELDS.map((field) => [field.key, field.type]));

/**
 * The value of every app-owned field for a state. A due-date field whose metric the policy lacks, or whose
 * metric has no due (paused, met with no target, …), is null. Texts come from the policy (ids, labels) and are
 * fitted into Jira's 255 characters (`fieldText`), so no value the engine produces can be refused for its length.
 *
 * @example
 * slaFieldValues(state)['sla-escalation-level-name'] //=> 'None' when no ladder level is reached
 */
export function slaFieldValues(state: SlaState): SlaFieldValues {
  const due = (metric: string): string | null => state.metrics.find((candidate) => candidate.id === metric)?.dueAt ?? null;
  const dueDates = Object.fromEntries(DUE_DATE_FIELDS.map((field) => [field.key, due(field.metric)])) as Record<
    (typeof DUE_DATE_FIELDS)[number]['key'],
    string | null
  >;
  return {
    ...dueDates,
    'sla-priority': fieldText(state.priority.id),
    'sla-plan': fieldText(state.plan.id),
    'sla-status': state.status,
    'sla-escalation-level': state.escalation.level,
    'sla-escalation-level-name': fieldText(state.escalation.label ?? 'None'),
    'sla-next-breach': state.nextBreachAt,
    'sla-next-check': state.nextChangeAt,
  };
}

function normalised(type: SlaFieldType, value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'datetime') {
    const text = String(value);
    const ms = parseJiraInstant(text);
    // Jira keeps app datetime fields to the second: a due instant with milliseconds is unchanged if its second is.
    return Number.isNaN(ms) ? text : Math.floor(ms / 1000);
  }
  if (type === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isNaN(number) ? String(value) : number;
  }
  return String(value);
}

/**
 * The fields whose value differs between what the issue holds (`previous`, e.g. read back from Jira) and the new
 * values: only those need writing. Datetimes compare as instants to the whole second, as Jira stores them
 * (`…10:00:00.000+0000` equals `…10:00:00.456Z`), numbers as numbers; a missing or empty previous value counts as
 * null (unset).
 *
 * @example
 * changedFieldValues({ 'sla-plan': 'premium', 'sla-next-check': '2026-11-16T18:00:00.000+0000' },
 *   { ...values, 'sla-plan': 'premium', 'sla-next-check': '2026-11-16T18:00:00.000Z' })
 * //=> only the other keys whose values differ
 */
export function changedFieldValues(previous: Partial<Record<SlaFieldKey, unknown>>, next: SlaFieldValues): Partial<SlaFieldValues> {
  const changed: Partial<SlaFieldValues> = {};
  for (const key of Object.keys(next) as SlaFieldKey[]) {
    const type = FIELD_TYPES.get(key) ?? 'string';
    if (normalised(type, previous[key]) !== normalised(type, next[key])) changed[key] = next[key];
  }
  return changed;
}
