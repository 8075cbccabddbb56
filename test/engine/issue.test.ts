import fc from 'fast-check';
import { adfText, fieldValueStrings, IssueParseError, isoInstant, jiraIssueSchema, parseIssue, parseJiraInstant } from '../../src/engine';
import {
  AGENT,
  buildIssue,
  newestFirst,
  REPORTER,
  withComment,
  withFieldChange,
  withLabelAdded,
  withLabelRemoved,
  withReopen,
  withResolution,
  withStatusChange,
} from '../builders/jira-issue';
import { FIELD, FIELD_NAMES } from '../builders/test-policy';

const at = (iso: string) => Date.parse(iso);
const WAITING = 'Waiting for customer';

function parseError(raw: unknown): IssueParseError {
  try {
    parseIssue(raw);
  } catch (error) {
    if (error instanceof IssueParseError) return error;
    throw error;
  }
  throw new Error('expected an IssueParseError');
}

describe('parseJiraInstant', () => {
  it.each([
    ['2026-11-20T10:15:30.000+0000', '2026-11-20T10:15:30.000Z'],
    ['2026-11-20T05:15:30.000-0500', '2026-11-20T10:15:30.000Z'],
    ['2026-11-20T15:45:30.123+0530', '2026-11-20T10:15:30.123Z'],
    ['2026-11-20T10:15:30.000Z', '2026-11-20T10:15:30.000Z'],
    ['2026-11-20T11:15:30+01:00', '2026-11-20T10:15:30.000Z'],
    ['2028-02-29T00:00:00.000+0000', '2028-02-29T00:00:00.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseJiraInstant(text)).toBe(Date.parse(expected));
  });

  it.each([
    'yesterday',
    '2026-02-30T10:00:00.000+0000',
    '2026-13-01T10:00:00.000+0000',
    '2026-11-20T24:00:00.000+0000',
    '2026-11-2xT10:00:00.000+0000',
    '2026-11-20T10:00:00.000+2400',
    '',
  ])('rejects %j', (text) => {
    expect(parseJiraInstant(text)).toBeNaN();
  });

  it('agrees with Date.parse for Jira-formatted instants at any offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -12 * 60, max: 14 * 60 }), (ms, offsetMinutes) => {
        const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
        expect(parseJiraInstant(text)).toBe(ms);
        expect(Date.parse(text)).toBe(ms);
      }),
    );
  });
});

describe('isoInstant', () => {
  it('prints exactly what toISOString prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
    );
    expect(isoInstant(951_782_400_000)).toBe('2000-02-29T00:00:00.000Z');
  });
});

describe('parseIssue: timelines', () => {
  it('starts the status timeline at creation with the status before the first change', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' }); // Mon 09:00 New York
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'In Progress');
    issue = withStatusChange(issue, '2026-11-16T16:30:00Z', 'In Progress', 'Waiting for customer');
    const snapshot = parseIssue(issue);
    expect(snapshot.created).toBe(at('2026-11-16T14:00:00Z'));
    expect(snapshot.status).toBe('Waiting for customer');
    expect(snapshot.statusTimeline).toEqual([
      { from: at('2026-11-16T14:00:00Z'), to: at('2026-11-16T15:00:00Z'), value: 'Open' },
      { from: at('2026-11-16T15:00:00Z'), to: at('2026-11-16T16:30:00Z'), value: 'In Progress' },
      { from: at('2026-11-16T16:30:00Z'), to: Infinity, value: 'Waiting for customer' },
    ]);
  });

  it('gives the same snapshot whether histories come newest or oldest first', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' });
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'In Progress');
    issue = withLabelAdded(issue, '2026-11-16T15:30:00Z', 'vip');
    issue = withStatusChange(issue, '2026-11-17T15:00:00Z', 'In Progress', 'Waiting for customer');
    const oldest = parseIssue(issue);
    const newest = parseIssue(newestFirst(issue));
    expect(newest.statusTimeline).toEqual(oldest.statusTimeline);
    expect(newest.labelAddedAt('vip')).toBe(at('2026-11-16T15:30:00Z'));
    expect(oldest.statusTimeline[2]?.value).toBe('Waiting for customer');
  });

  it('keeps only the last value when several changes share an instant', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' });
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'In Progress');
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'In Progress', 'Resolved');
    expect(parseIssue(issue).statusTimeline.map((entry) => entry.value)).toEqual(['Open', 'Resolved']);
  });

  describe('histories sharing an instant are applied in Jira history id order, whatever the list order', () => {
    // Mon 2026-11-16 09:00 New York (14:00Z): Open → Waiting for customer → Open, both changes at 10:00 (15:00Z).
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' });
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', WAITING); // id 1
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', WAITING, 'Open'); // id 2
    const expected = [{ from: at('2026-11-16T14:00:00Z'), to: Infinity, value: 'Open' }];
    const withoutIds = (raw: typeof issue) => {
      const next = structuredClone(raw);
      for (const history of next.changelog.histories) Reflect.deleteProperty(history, 'id');
      return next;
    };
    const withEarlierPadding = (raw: typeof issue) => {
      // An older history first in the list makes the order neither oldest nor newest first.
      const next = withStatusChange(raw, '2026-11-16T14:30:00Z', 'Open', 'Open');
      next.changelog.histories[2]!.id = '0';
      next.changelog.histories.unshift(next.changelog.histories.pop()!);
      next.changelog.histories.reverse();
      return next;
    };
    it.each<[string, typeof issue]>([
      ['oldest first (GET /changelog)', issue],
      ['newest first (expand=changelog)', newestFirst(issue)],
      ['ids out of list order', withEarlierPadding(issue)],
      [
        'newest first without ids: the list direction decides',
        newestFirst(withStatusChange(withoutIds(issue), '2026-11-16T16:00:00Z', 'Open', 'Open')),
      ],
    ])('%s', (_order, raw) => {
      // Applied in reverse, the issue would read as waiting from its creation on.
      expect(parseIssue(raw).statusTimeline).toEqual(expected);
    });

    it('compares ids as numbers, not as text ("10" after "9")', () => {
      let ten = buildIssue({ created: '2026-11-16T14:00:00Z' });
      ten = withStatusChange(ten, '2026-11-16T15:00:00Z', 'Open', WAITING);
      ten = withStatusChange(ten, '2026-11-16T15:00:00Z', WAITING, 'In Progress');
      ten.changelog.histories[0]!.id = '9';
      ten.changelog.histories[1]!.id = '10';
      expect(parseIssue(newestFirst(ten)).statusTimeline.map((entry) => entry.value)).toEqual(['Open', 'In Progress']);
    });

    it('a resolve and a reopen at one instant leave the issue unresolved throughout', () => {
      let reopened = buildIssue({ created: '2026-11-16T14:00:00Z' });
      reopened = withResolution(reopened, '2026-11-16T15:00:00Z');
      reopened = withReopen(reopened, '2026-11-16T15:00:00Z');
      const snapshot = parseIssue(newestFirst(reopened));
      expect(snapshot.resolutionTimeline).toEqual([{ from: at('2026-11-16T14:00:00Z'), to: Infinity, value: null }]);
      expect(snapshot.resolvedAt).toBeNull();
    });
  });

  it.each<[string, (raw: ReturnType<typeof buildIssue>) => void, 'statusTimeline' | 'resolutionTimeline', Array<string | null>]>([
    [
      'a status change missing from the changelog',
      (raw) => (raw.fields.status = { name: 'In Progress' }),
      'statusTimeline',
      ['Open', 'In Progress'],
    ],
    [
      'a reopen missing from the changelog',
      (raw) => ((raw.fields.resolution = null), (raw.fields.resolutiondate = null), (raw.fields.status = { name: 'Open' })),
      'resolutionTimeline',
      [null],
    ],
  ])('takes the current field as the truth where the changelog disagrees: %s', (_what, spoil, timeline, values) => {
    // Mon 2026-11-16 09:00 New York: a change at 10:00, then the issue's fields disagree with it.
    let raw = buildIssue({ created: '2026-11-16T14:00:00Z' });
    raw =
      timeline === 'statusTimeline'
        ? withStatusChange(raw, '2026-11-16T15:00:00Z', 'Open', WAITING)
        : withResolution(raw, '2026-11-16T15:00:00Z');
    spoil(raw);
    expect(parseIssue(raw)[timeline].map((entry) => entry.value)).toEqual(values);
  });

  it('dates labels present at creation to the creation and later ones to when they were added', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z', labels: ['billing'] });
    issue = withLabelAdded(issue, '2026-11-16T18:00:00Z', 'escalation-requested');
    issue = withLabelRemoved(issue, '2026-11-17T18:00:00Z', 'escalation-requested');
    issue = withLabelAdded(issue, '2026-11-18T18:00:00Z', 'escalation-requested');
    const snapshot = parseIssue(issue);
    expect(snapshot.labelAddedAt('billing')).toBe(at('2026-11-16T14:00:00Z'));
    expect(snapshot.labelAddedAt('escalation-requested')).toBe(at('2026-11-16T18:00:00Z'));
    expect(snapshot.labelAddedAt('escalation')).toBeNull();
  });

  it('reads a custom field timeline by name through `names`, and its current values', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z', names: FIELD_NAMES });
    issue = withFieldChange(issue, '2026-11-16T15:00:00Z', {
      fieldId: FIELD.pendingReason,
      name: 'Pending reason',
      value: { value: 'Customer' },
    });
    issue = withFieldChange(issue, '2026-11-16T17:00:00Z', { fieldId: FIELD.pendingReason, name: 'Pending reason', value: null });
    const snapshot = parseIssue(issue);
    expect(snapshot.fieldTimeline('Pending reason')).toEqual([
      { from: at('2026-11-16T14:00:00Z'), to: at('2026-11-16T15:00:00Z'), value: null },
      { from: at('2026-11-16T15:00:00Z'), to: at('2026-11-16T17:00:00Z'), value: 'Customer' },
      { from: at('2026-11-16T17:00:00Z'), to: Infinity, value: null },
    ]);
    expect(snapshot.fieldTimeline(FIELD.pendingReason)).toEqual(snapshot.fieldTimeline('pending REASON'));
    expect(snapshot.fieldValues('Pending reason')).toEqual([]);
  });

  it('takes a field value without changelog entries as holding since creation', () => {
    const issue = buildIssue({
      created: '2026-11-16T14:00:00Z',
      names: FIELD_NAMES,
      fields: { [FIELD.workaround]: 'Restart the sync job' },
    });
    expect(parseIssue(issue).fieldTimeline('Workaround')).toEqual([
      { from: at('2026-11-16T14:00:00Z'), to: Infinity, value: 'Restart the sync job' },
    ]);
  });

  it('tracks resolution, including a reopen', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' });
    issue = withResolution(issue, '2026-11-17T14:00:00Z');
    const resolved = parseIssue(issue);
    expect(resolved.resolvedAt).toBe(at('2026-11-17T14:00:00Z'));
    issue = withReopen(issue, '2026-11-18T14:00:00Z');
    const reopened = parseIssue(issue);
    expect(reopened.resolvedAt).toBeNull();
    expect(reopened.resolutionTimeline).toEqual([
      { from: at('2026-11-16T14:00:00Z'), to: at('2026-11-17T14:00:00Z'), value: null },
      { from: at('2026-11-17T14:00:00Z'), to: at('2026-11-18T14:00:00Z'), value: 'Done' },
      { from: at('2026-11-18T14:00:00Z'), to: Infinity, value: null },
    ]);
  });

  it('uses resolutiondate when the changelog does not show the resolution', () => {
    const issue = buildIssue({
      created: '2026-11-16T14:00:00Z',
      resolution: 'Done',
      resolutionDate: '2026-11-16T20:00:00Z',
      status: 'Resolved',
    });
    const snapshot = parseIssue(issue);
    expect(snapshot.resolvedAt).toBe(at('2026-11-16T20:00:00Z'));
    expect(snapshot.resolutionTimeline.map((entry) => entry.value)).toEqual([null, 'Done']);
  });

  it('orders comments by time and reads jsdPublic (absent = public)', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z' });
    issue = withComment(issue, { at: '2026-11-16T17:00:00Z', by: AGENT });
    issue = withComment(issue, { at: '2026-11-16T15:00:00Z', by: AGENT, public: false });
    issue = withComment(issue, { at: '2026-11-16T16:00:00Z', by: REPORTER, public: true });
    expect(parseIssue(issue).comments.map(({ at, by, public: isPublic }) => ({ at, by, public: isPublic }))).toEqual([
      { at: at('2026-11-16T15:00:00Z'), by: AGENT, public: false },
      { at: at('2026-11-16T16:00:00Z'), by: REPORTER, public: true },
      { at: at('2026-11-16T17:00:00Z'), by: AGENT, public: true },
    ]);
  });

  it('reads the fields classification uses', () => {
    const issue = buildIssue({
      summary: 'API returns 500',
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Since ' },
              { type: 'text', text: 'noon' },
            ],
          },
          { type: 'paragraph', content: [{ type: 'text', text: 'Everyone' }] },
        ],
      },
      components: ['API', 'Web'],
      issueType: 'Bug',
      priority: 'Highest',
    });
    const snapshot = parseIssue(issue);
    expect(snapshot).toMatchObject({
      summary: 'API returns 500',
      components: ['API', 'Web'],
      issueType: 'Bug',
      jiraPriority: 'Highest',
      reporterId: REPORTER,
    });
    expect(snapshot.description).toBe('Since noon\nEveryone');
  });
});

describe('field values and descriptions', () => {
  it.each([
    ['a string', 'Premium', ['Premium']],
    ['a select', { value: 'Premium', id: '1' }, ['Premium']],
    [
      'organizations',
      [
        { id: 1, name: 'Acme Corp' },
        { id: 2, name: 'Globex' },
      ],
      ['Acme Corp', 'Globex'],
    ],
    ['a JSM request type', { requestType: { name: 'Ask a question' } }, ['Ask a question']],
    ['a number', 3, ['3']],
    ['empty', '  ', []],
    ['null', null, []],
  ])('reads %s', (_what, value, expected) => {
    expect(fieldValueStrings(value)).toEqual(expected);
  });

  it('keeps a plain-string description', () => {
    expect(adfText('Site is down')).toBe('Site is down');
  });
});

describe('parseIssue: malformed issues name the path', () => {
  const good = () =>
    withComment(withStatusChange(buildIssue(), '2026-11-16T15:00:00Z', 'Open', 'In Progress'), { at: '2026-11-16T16:00:00Z', by: AGENT });

  it.each<[string, (issue: Record<string, any>) => unknown, string]>([
    ['not an object', () => 'SUP-1', '(issue)'],
    ['missing key', (issue) => (delete issue.key, issue), 'key'],
    ['missing created', (issue) => (delete issue.fields.created, issue), 'fields.created'],
    ['created not a timestamp', (issue) => ((issue.fields.created = 'yesterday'), issue), 'fields.created'],
    ['status without a name', (issue) => ((issue.fields.status = { id: 3 }), issue), 'fields.status.name'],
    ['labels not a list', (issue) => ((issue.fields.labels = 'outage'), issue), 'fields.labels'],
    [
      'a history with a bad created',
      (issue) => ((issue.changelog.histories[0].created = '20/11/2026'), issue),
      'changelog.histories[0].created',
    ],
    [
      'an item field that is a number',
      (issue) => ((issue.changelog.histories[0].items[0].field = 7), issue),
      'changelog.histories[0].items[0].field',
    ],
    [
      'a comment with a non-boolean jsdPublic',
      (issue) => ((issue.fields.comment.comments[0].jsdPublic = 'yes'), issue),
      'fields.comment.comments[0].jsdPublic',
    ],
    [
      'a comment with a bad created',
      (issue) => ((issue.fields.comment.comments[0].created = 'noon'), issue),
      'fields.comment.comments[0].created',
    ],
  ])('%s', (_what, spoil, path) => {
    const error = parseError(spoil(structuredClone(good())));
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });

  it('reads a changelog item without toString (the inherited Object.prototype.toString is not a value)', () => {
    // Not the last change: the last one is corrected by the current status.
    const raw = withStatusChange(good(), '2026-11-16T17:00:00Z', 'In Progress', WAITING);
    const item = raw.changelog.histories[0]!.items[0] as unknown as Record<string, unknown>;
    Reflect.deleteProperty(item, 'toString');
    expect(jiraIssueSchema.safeParse(raw).success).toBe(true);
    expect(parseIssue(raw).statusTimeline.map((entry) => entry.value)).toEqual(['Open', null, WAITING]);
  });

  it('accepts what the schema accepts', () => {
    const raw = good();
    expect(jiraIssueSchema.safeParse(raw).success).toBe(true);
    expect(() => parseIssue(raw)).not.toThrow();
  });
});
