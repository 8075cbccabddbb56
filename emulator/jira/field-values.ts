/**
 * Custom field values: the friendly inputs tests and the sandbox give (option text, organization names) turned
 * into Jira's REST shapes, their changelog strings, and the type checks of app-owned field values.
 */
import { jiraDateTime } from './rest-text';
import type { SiteDirectory } from './site-directory';
import { SiteError, type ChangeItem, type FieldDef, type StoredIssue } from './site-model';

/** Accepts friendly values (option text, organization names, request type name) or REST shapes. */
export function toRestValue(directory: SiteDirectory, f: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  switch (f.kind) {
    case 'select': {
      const text = typeof value === 'string' ? value : (value as { value?: string }).value;
      if (typeof text !== 'string') throw new SiteError(400, `Field ${f.name} expects an option value.`, { [f.id]: 'invalid option' });
      return directory.optionFor(f, text);
    }
    case 'organizations': {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) return null;
      return list.map((o) => {
        const name = typeof o === 'string' ? o : ((o as { name?: string }).name ?? '');
        return { id: String(1 + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 0)), name };
      });
    }
    case 'requestType': {
      const name = typeof value === 'string' ? value : ((value as { requestType?: { name?: string } }).requestType?.name ?? '');
      return {
        requestType: { id: String(10 + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 0)), name },
        currentStatus: { status: 'Open' },
      };
    }
    case 'text':
      if (typeof value !== 'string') throw new SiteError(400, `Field ${f.name} expects text.`, { [f.id]: 'invalid value' });
      return value;
    default:
      return value;
  }
}

function displayString(f: FieldDef, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (f.kind === 'select') return (value as { value: string }).value;
  if (f.kind === 'organizations') return (value as Array<{ name: string }>).map((o) => o.name).join(', ');
  if (f.kind === 'requestType') return (value as { requestType: { name: string } }).requestType.name;
  return String(value);
}

/** Sets (or with null clears) a custom value on the issue; the changelog item, or null when nothing changed. */
export function applyCustom(issue: StoredIssue, f: FieldDef, value: unknown): ChangeItem | null {
  const before = issue.custom.get(f.id) ?? null;
  if (JSON.stringify(before) === JSON.stringify(value)) return null;
  if (value === null) issue.custom.delete(f.id);
  else issue.custom.set(f.id, value);
  const id = (v: unknown): string | null => (f.kind === 'select' && v ? (v as { id: string }).id : null);
  return {
    field: f.name,
    fieldtype: 'custom',
    fieldId: f.id,
    from: id(before),
    fromString: displayString(f, before),
    to: id(value),
    toString: displayString(f, value),
  };
}

/** An app field value checked against the field type (datetimes stored without milliseconds, like Jira). */
export function appValue(f: FieldDef, value: unknown): unknown {
  if (value === null) return null;
  switch (f.appType) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new SiteError(400, `Field ${f.id} (number) requires a number, got ${JSON.stringify(value)}.`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new SiteError(400, `Field ${f.id} (string) requires a string, got ${JSON.stringify(value)}.`);
      if (value.length > 255) throw new SiteError(400, `Field ${f.id} (string) accepts at most 255 characters, got ${value.length}.`);
      return value;
    case 'datetime': {
      const ms =
        typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(ms))
        throw new SiteError(400, `Field ${f.id} (datetime) requires an ISO date-time string, got ${JSON.stringify(value)}.`);
      return jiraDateTime(Math.floor(ms / 1000) * 1000);
    }
    default:
      return value;
  }
}
