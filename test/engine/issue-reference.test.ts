/**
 * The issue snapshot read the fast way against plain references (seeded random issues): `isJiraIssue` never lets
 * through what `jiraIssueSchema` refuses, an issue read as it is gives the snapshot zod's copy of it gives, a
 * field's timeline from the event index equals one from scanning every event, and Jira timestamps decode as
 * Date.parse reads them.
 */
import fc from 'fast-check';
import { buildTimeline, numericHistoryId, orderHistories, type ChangeEvent, type StampedHistory } from '../../src/engine/issue-timeline';
import { isJiraIssue, jiraIssueSchema, parseIssue, parseJiraInstant, type IssueSnapshot } from '../../src/engine/issue';
import { fieldValueStrings } from '../../src/engine/issue';
import { sameTextIgnoringCase } from '../../src/engine/text-match';
import {
  AGENT,
  buildIssue,
  REPORTER,
  withComment,
  withFieldChange,
  withLabelAdded,
  withPriorityChange,
  withReopen,
  withResolution,
  withStatusChange,
  type BuiltIssue,
} from '../builders/jira-issue';

const MINUTE = 60_000;
const PLAN = { fieldId: 'customfield_10050', name: 'Support plan' };
const PENDING = { fieldId: 'customfield_10052', name: 'Pending reason' };

/** Fields asked for by id, by name, in another case, and one the issue does not have. */
const FIELDS_ASKED = [
  'priority',
  'PRIORITY',
  'status',
  'labels',
  'resolution',
  PLAN.name,
  'SUPPORT PLAN',
  PLAN.fieldId,
  PENDING.name,
  PENDING.fieldId,
  'Nothing',
];

const ACTIONS = ['status', 'priority', 'plan', 'pending', 'label', 'comment', 'resolve', 'reopen'] as const;

const stepsArbitrary = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 600 }), action: fc.constantFrom(...ACTIONS), variant: fc.nat(3) }),
  { minLength: 0, maxLength: 30, size: 'max' },
);

/** An issue created Mon 2026-11-16 09:00 New York (14:00Z), changed by the steps. */
function issueOf(steps: ReadonlyArray<{ gap: number; action: (typeof ACTIONS)[number]; variant: number }>): BuiltIssue {
  let at = Date.parse('2026-11-16T14:00:00Z');
  let issue = buildIssue({
    names: { [PLAN.fieldId]: PLAN.name, [PENDING.fieldId]: PENDING.name },
    fields: { [PLAN.fieldId]: { value: 'Standard' } },
  });
  let resolved = false;
  for (const [index, step] of steps.entries()) {
    at += step.gap * MINUTE;
    const when = new Date(at).toISOString();
    switch (step.action) {
      case 'status':
        issue = withStatusChange(
          issue,
          when,
          issue.fields.status.name,
          ['In Progress', 'Waiting for customer', 'Open', 'Triage'][step.variant] ?? 'Open',
        );
        break;
      case 'priority':
        issue = withPriorityChange(issue, when, (issue.fields.priority as { name: string }).name, step.variant % 2 ? 'Highest' : 'Low');
        break;
      case 'plan':
        issue = withFieldChange(issue, when, {
          ...PLAN,
          value: step.variant === 3 ? null : { value: step.variant % 2 ? 'Premium' : 'Standard' },
        });
        break;
      case 'pending':
        issue = withFieldChange(issue, when, { ...PENDING, value: step.variant % 2 ? { value: 'Customer' } : null });
        break;
      case 'label':
        issue = withLabelAdded(issue, when, `tag-${index}`);
        break;
      case 'comment':
        issue = withComment(issue, { at: when, by: step.variant % 2 ? REPORTER : AGENT, public: step.variant !== 2 });
        break;
      case 'resolve':
        if (!resolved) issue = withResolution(issue, when);
        resolved = true;
        break;
      case 'reopen':
        if (resolved) issue = withReopen(issue, when);
        resolved = false;
        break;
    }
  }
  return issue;
}

/**
 * The changelog as Jira might send it: each item's `field` in another case, or without its `fieldId`, as the
 * `variants` say (0: as built, 1: upper case, 2: no fieldId, 3: lower case, 4: named by its id, without fieldId).
 */
function varied(issue: BuiltIssue, variants: readonly number[]): BuiltIssue {
  const copy = structuredClone(issue);
  let n = 0;
  for (const history of copy.changelog.histories) {
    for (const item of history.items) {
      const variant = variants[n++ % Math.max(1, variants.length)] ?? 0;
      if (variant === 1) item.field = item.field.toUpperCase();
      if (variant === 2) delete item.fieldId;
      if (variant === 3) item.field = item.field.toLowerCase();
      if (variant === 4) {
        item.field = item.fieldId ?? item.field;
        delete item.fieldId;
      }
    }
  }
  return copy;
}

/** Everything a snapshot answers, as data. */
function answers(snapshot: IssueSnapshot) {
  const { labelAddedAt, fieldTimeline, fieldValues, ...data } = snapshot;
  return {
    data: JSON.parse(JSON.stringify({ ...data, fields: undefined, events: undefined, timelines: undefined })) as unknown,
    // Key order aside (fields are read by key), and without the comment list: zod's copy drops the keys of each
    // comment the engine does not read; the snapshot's own `comments` (in `data`) are what it reads of them.
    fields: JSON.parse(JSON.stringify({ ...snapshot.fields, comment: undefined })) as unknown,
    timelines: FIELDS_ASKED.map((field) => fieldTimeline.call(snapshot, field)),
    values: FIELDS_ASKED.map((field) => fieldValues.call(snapshot, field)),
    labels: ['tag-0', 'tag-3', 'missing'].map((label) => labelAddedAt.call(snapshot, label)),
  };
}

/** A field's timeline the plain way: every changelog item in Jira's order, kept when it names the field. */
function referenceTimeline(raw: BuiltIssue, field: string): ReturnType<typeof buildTimeline> {
  const created = Date.parse(raw.fields.created.replace('+0000', 'Z'));
  const histories = raw.changelog.histories;
  const stamped: StampedHistory[] = histories.map((history, index) => ({
    at: Date.parse(history.created.replace('+0000', 'Z')),
    index,
    id: numericHistoryId(history.id),
    seq: index,
  }));
  orderHistories(stamped);
  const events: ChangeEvent[] = stamped.flatMap(({ at, index }) =>
    (histories[index]?.items ?? []).map((item) => ({
      at,
      field: item.field,
      fieldId: item.fieldId ?? null,
      from: item.from,
      to: item.to,
      fromString: item.fromString,
      toString: item.toString,
    })),
  );
  const names = raw.names ?? {};
  const id = Object.hasOwn(raw.fields, field)
    ? field
    : (Object.keys(names).find((key) => sameTextIgnoringCase(names[key] ?? '', field)) ?? field);
  const name = Object.hasOwn(names, id) ? names[id] : undefined;
  const matching = events.filter(
    (event) =>
      event.fieldId === id ||
      event.field === id ||
      sameTextIgnoringCase(event.field, field) ||
      (name !== undefined && sameTextIgnoringCase(event.field, name)),
  );
  const current = fieldValueStrings(raw.fields[id]);
  return buildTimeline(created, matching, current.length > 0 ? current.join(', ') : null, false, Object.hasOwn(raw.fields, id));
}

describe('fieldTimeline: the event index equals scanning every event', () => {
  it('for fields asked by id, by name and in another case, with items that name them either way', () => {
    fc.assert(
      fc.property(stepsArbitrary, fc.array(fc.nat(4), { maxLength: 12 }), (steps, variants) => {
        const raw = varied(issueOf(steps), variants);
        const snapshot = parseIssue(raw);
        for (const field of FIELDS_ASKED.filter((asked) => asked !== 'status' && asked !== 'resolution')) {
          expect(snapshot.fieldTimeline(field)).toEqual(referenceTimeline(raw, field));
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

/** Every path to a value inside a JSON-like tree. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((entry, index) => out.push(...paths(entry, [...prefix, index])));
  else if (typeof value === 'object' && value !== null)
    for (const key of Object.keys(value)) out.push(...paths((value as Record<string, unknown>)[key], [...prefix, key]));
  return out;
}

/** A copy of `root` with the value at `path` replaced (the root itself when the path is empty). */
function replaced(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

/** Values hostile input may hold where the schema wants something else, including objects JSON.parse cannot make. */
const oddValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constant(JSON.parse('{"__proto__": {"name": "x"}, "name": "Open", "value": "Premium"}') as unknown),
  fc.constant(
    Object.assign(Object.create(null) as object, { name: 'Open', accountId: 'a', created: '2026-11-16T14:00:00.000+0000', items: [] }),
  ),
  fc.constant(Object.assign(Object.create({ inherited: 1 }) as object, { name: 'Open' })),
  fc.constant(Object.defineProperty({ name: 'Open' }, 'hidden', { value: 'x', enumerable: false })),
  fc.constant(() => 'a function'),
  fc.constant([]),
);

describe('isJiraIssue: a stricter check than jiraIssueSchema, never a looser one', () => {
  it('holds for the issues the builders make (the everyday path is the fast one)', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        expect(isJiraIssue(issueOf(steps))).toBe(true);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('passes nothing zod refuses, and what it passes reads as zod’s copy of it reads', () => {
    let refused = 0;
    let passed = 0;
    fc.assert(
      fc.property(stepsArbitrary, fc.nat(), oddValue, (steps, pick, value) => {
        const issue = issueOf(steps);
        const all = paths(issue);
        const mutated = replaced(issue, all[pick % all.length] ?? [], value);
        const zod = jiraIssueSchema.safeParse(mutated);
        if (!isJiraIssue(mutated)) {
          refused += 1;
          return;
        }
        passed += 1;
        expect(zod.success).toBe(true);
        if (!zod.success) return;
        let fast: IssueSnapshot | Error;
        let copied: IssueSnapshot | Error;
        try {
          fast = parseIssue(mutated);
        } catch (error) {
          fast = error as Error;
        }
        try {
          copied = parseIssue(zod.data);
        } catch (error) {
          copied = error as Error;
        }
        if (fast instanceof Error || copied instanceof Error) expect(String(fast)).toBe(String(copied));
        else expect(answers(fast)).toEqual(answers(copied));
      }),
      { seed: 5, numRuns: 800 },
    );
    // Both ways were taken many times: the check refused odd values and passed harmless ones.
    expect(refused).toBeGreaterThan(200);
    expect(passed).toBeGreaterThan(200);
  });

  it('refuses objects whose keys zod’s copy would not keep (so the issue goes to zod)', () => {
    const issue = issueOf([]);
    const nullPrototypeFields = Object.assign(Object.create(null) as object, issue.fields);
    const protoKeyNames = JSON.parse('{"__proto__": "Support plan"}') as Record<string, string>;
    expect(isJiraIssue({ ...issue, fields: nullPrototypeFields })).toBe(true);
    expect(isJiraIssue({ ...issue, fields: Object.assign(Object.create({ inherited: 'x' }) as object, issue.fields) })).toBe(false);
    expect(isJiraIssue({ ...issue, names: protoKeyNames })).toBe(false);
    expect(
      isJiraIssue({ ...issue, fields: Object.defineProperty({ ...issue.fields }, 'customfield_1', { value: 'x', enumerable: false }) }),
    ).toBe(false);
  });
});

describe('parseJiraInstant decodes by hand what Date.parse reads', () => {
  it('for valid timestamps of years 100–9999 at any offset, in both of Jira’s shapes', () => {
    const parts = fc.record({
      year: fc.integer({ min: 100, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      milli: fc.integer({ min: 0, max: 999 }),
      offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      zulu: fc.boolean(),
    });
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    fc.assert(
      fc.property(parts, (p) => {
        const valid =
          new Date(Date.UTC(2000, p.month - 1, p.day)).getUTCDate() === p.day &&
          (p.month !== 2 ||
            p.day < 29 ||
            new Date(
              Date.UTC(p.year % 400 === 0 ? 2000 : p.year % 100 === 0 ? 1900 : p.year % 4 === 0 ? 2004 : 2001, 1, p.day),
            ).getUTCDate() === p.day);
        const local = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${pad(p.milli, 3)}`;
        const sign = p.offset < 0 ? '-' : '+';
        const offset = `${pad(Math.floor(Math.abs(p.offset) / 60), 2)}${pad(Math.abs(p.offset) % 60, 2)}`;
        const jira = p.zulu ? `${local}Z` : `${local}${sign}${offset}`;
        const iso = p.zulu ? `${local}Z` : `${local}${sign}${offset.slice(0, 2)}:${offset.slice(2)}`;
        if (valid) expect(parseJiraInstant(jira)).toBe(Date.parse(iso));
        else expect(parseJiraInstant(jira)).toBeNaN();
      }),
      { seed: 9, numRuns: 5000 },
    );
  });
});
