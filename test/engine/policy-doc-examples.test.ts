/**
 * The worked examples of docs/policy.md ("Worked examples: histories, ladders and time zones"): each is computed by
 * the engine and compared with the instants worked out by hand, and the doc's bullet of that name must still name
 * exactly those instants, so the doc cannot drift from what the engine does. Instants are written as the doc
 * writes them, `2026-11-16T18:00Z` (UTC, whole minutes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCalendar, escalationInstants, evaluate, loadPolicy, type BusinessCalendar, type SlaState } from '../../src/engine';
import { parseDuration } from '../../src/engine/duration';
import { loadPreset } from '../../src/engine/presets';
import { buildIssue, newestFirst, withReopen, withResolution, withStatusChange } from '../builders/jira-issue';
import { WEEK_RULE_YAML } from '../builders/week-rule-policy';

const HOUR = 3_600_000;
const WAITING = 'Waiting for customer';
const ms = (iso: string): number => Date.parse(iso);
/** `2026-11-16T18:00Z`, as the doc writes instants. */
const short = (instant: number | string | null): string => {
  if (instant === null) return 'null';
  return new Date(typeof instant === 'string' ? Date.parse(instant) : instant).toISOString().replace(/:00\.000Z$/, 'Z');
};

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'policy.md'), 'utf8');
const SECTION = DOC.slice(
  DOC.indexOf('### Worked examples: histories, ladders and time zones'),
  DOC.indexOf('## How plan, region and priority are chosen'),
);

/** The doc bullet that starts with `- **name**`, up to the next bullet. */
function bullet(name: string): string {
  const start = SECTION.indexOf(`- **${name}**`);
  if (start < 0) throw new Error(`docs/policy.md has no worked example "${name}"`);
  const next = SECTION.indexOf('\n- **', start + 1);
  return SECTION.slice(start, next < 0 ? undefined : next);
}

function instantsIn(text: string): string[] {
  return [...text.matchAll(/`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z)`/g)].map((match) => match[1] as string);
}

const firstResponse = (state: SlaState) => state.metrics.find((metric) => metric.id === 'firstResponse');

function byteztechStory(change: 'wait' | 'resolve'): SlaState {
  // Created Mon 2026-11-16 09:00 EST; both changes at 10:00 EST; evaluated at 11:00 EST.
  let issue = buildIssue({ created: '2026-11-16T14:00:00Z', priority: 'Highest' });
  if (change === 'wait') {
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', WAITING);
    issue = withStatusChange(issue, '2026-11-16T15:00:00Z', WAITING, 'Open');
  } else {
    issue = withResolution(issue, '2026-11-16T15:00:00Z');
    issue = withReopen(issue, '2026-11-16T15:00:00Z');
  }
  return evaluate(loadPreset('byteztech'), newestFirst(issue), ms('2026-11-16T16:00:00Z'));
}

/** Due instant and ladder instant of the week-rule policy, created Wed 2026-11-18 08:00 EST, one optional pause. */
function weekRule(labels: string[], pause: [string, string] | null): string[] {
  const loaded = loadPolicy(WEEK_RULE_YAML);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  let issue = buildIssue({ created: '2026-11-18T13:00:00Z', labels });
  if (pause) {
    issue = withStatusChange(issue, pause[0], 'Open', WAITING);
    issue = withStatusChange(issue, pause[1], WAITING, 'Open');
  }
  const state = evaluate(loaded.policy, issue, ms('2026-11-24T12:00:00Z'));
  const due = state.metrics[0]?.dueAt ?? null;
  const level = state.escalation.next?.at ?? null;
  if (due !== level) throw new Error(`target ${due} and level ${level} disagree`);
  return [short(due)];
}

const zone = (timeZone: string, week: Record<string, string[]>): BusinessCalendar =>
  buildCalendar({ id: `doc-${timeZone.replace(/\W/g, '-').toLowerCase()}-${Object.keys(week).join('-')}`, timeZone, week });

/** Working intervals of a calendar in a range, as doc instants (start, end, …). */
const intervals = (cal: BusinessCalendar, from: string, to: string): string[] =>
  cal.workingIntervals(ms(from), ms(to)).flatMap((interval) => [short(interval.start), short(interval.end)]);

const examples: Array<[name: string, compute: () => string[], expected: string[]]> = [
  [
    'Changes at one instant',
    () => {
      const metric = firstResponse(byteztechStory('wait'));
      if (metric?.status !== 'running' || metric.elapsedMinutes !== 120)
        throw new Error(`not running with 2h used: ${JSON.stringify(metric)}`);
      return [short(metric.dueAt)];
    },
    ['2026-11-16T18:00Z'],
  ],
  [
    'Resolved and reopened at one instant',
    () => {
      const state = byteztechStory('resolve');
      const metric = firstResponse(state);
      if (state.status !== 'on track' || metric?.history.some((entry) => entry.kind === 'met')) throw new Error('met on an open issue');
      return [short(metric?.dueAt ?? null)];
    },
    ['2026-11-16T18:00Z'],
  ],
  [
    'Batoi P4 ladder from Sunday evening',
    () =>
      escalationInstants(loadPreset('batoi-enterprise'), { plan: 'enterprise', priority: 'P4', start: ms('2026-11-15T20:00:00Z') }).map(
        (level) => short(level.at),
      ),
    ['2026-11-23T06:00Z', '2026-11-30T06:00Z', '2026-12-16T06:00Z'],
  ],
  [
    'A week that ends before the opening',
    () =>
      [
        ...weekRule([], null),
        ...weekRule([], ['2026-11-21T15:00:00Z', '2026-11-21T17:00:00Z']), // Sat 10:00–12:00 EST
        ...weekRule([], ['2026-11-23T15:00:00Z', '2026-11-23T17:00:00Z']), // Mon 10:00–12:00 EST
        ...weekRule(['monthly'], null),
      ].filter((instant, index, all) => all.indexOf(instant) === index),
    ['2026-11-25T14:00Z', '2026-11-25T16:00Z', '2026-12-18T14:00Z'],
  ],
  [
    'Santiago, a Sunday that starts at 01:00',
    () => {
      const sunday = zone('America/Santiago', { sun: ['00:00-06:00'] });
      const nights = zone('America/Santiago', { sat: ['22:00-24:00'], sun: ['00:00-06:00'] });
      if (sunday.businessTimeBetween(ms('2026-09-05T12:00:00Z'), ms('2026-09-07T12:00:00Z')) !== 5 * HOUR) throw new Error('not 5h');
      if (nights.businessTimeBetween(ms('2026-09-05T12:00:00Z'), ms('2026-09-07T12:00:00Z')) !== 7 * HOUR) throw new Error('not 7h');
      return [
        short(sunday.nextWorkingInstant(ms('2026-09-05T16:00:00Z'))),
        ...intervals(nights, '2026-09-05T12:00:00Z', '2026-09-07T12:00:00Z'),
      ];
    },
    ['2026-09-06T04:00Z', '2026-09-06T02:00Z', '2026-09-06T09:00Z'],
  ],
  [
    'Havana, midnight changes',
    () => {
      const havana = zone('America/Havana', { sun: ['00:00-03:00'] });
      return [
        ...intervals(havana, '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z').slice(0, 1),
        ...intervals(havana, '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z'),
      ];
    },
    ['2026-03-08T05:00Z', '2026-11-01T04:00Z', '2026-11-01T08:00Z'],
  ],
  [
    'Lord Howe, 30-minute daylight saving',
    () => {
      const lordHowe = zone('Australia/Lord_Howe', { sun: ['01:00-04:00'] });
      return [
        ...intervals(lordHowe, '2026-10-03T12:00:00Z', '2026-10-03T20:00:00Z'),
        ...intervals(lordHowe, '2026-04-04T12:00:00Z', '2026-04-04T20:00:00Z'),
      ];
    },
    ['2026-10-03T14:30Z', '2026-10-03T17:00Z', '2026-04-04T14:00Z', '2026-04-04T17:30Z'],
  ],
  [
    'Kathmandu, UTC+05:45',
    () => [short(zone('Asia/Kathmandu', { 'sun-fri': ['09:00-17:00'] }).addBusinessTime(ms('2026-11-20T10:15:00Z'), 2 * HOUR))],
    ['2026-11-22T04:15Z'],
  ],
  [
    'Apia, the skipped Friday',
    () => {
      const apia = zone('Pacific/Apia', { 'mon-sun': ['09:00-17:00'] });
      if (apia.businessTimeBetween(ms('2011-12-29T19:00:00Z'), ms('2011-12-31T03:00:00Z')) !== 16 * HOUR) throw new Error('not 16h');
      return [short(apia.addBusinessTime(ms('2011-12-30T02:00:00Z'), 2 * HOUR))];
    },
    ['2011-12-30T20:00Z'],
  ],
  [
    'A window that starts in a DST gap',
    () => {
      const gap = zone('America/New_York', { sun: ['02:30-05:00'] });
      const oneAm = ms('2026-03-08T06:00:00Z'); // Sun 01:00 EST
      return [short(gap.addDuration(oneAm, parseDuration('0m'))), short(gap.addBusinessTime(oneAm, 30 * 60_000))];
    },
    ['2026-03-08T07:00Z', '2026-03-08T07:30Z'],
  ],
];

describe('docs/policy.md worked examples: histories, ladders and time zones', () => {
  it.each(examples)('%s', (name, compute, expected) => {
    expect(compute()).toEqual(expected);
    // The doc names exactly these instants (each at least once), and no other.
    expect([...new Set(instantsIn(bullet(name)))].sort()).toEqual([...new Set(expected)].sort());
  });

  it('covers every bullet of the section', () => {
    const names = [...SECTION.matchAll(/^- \*\*(.+?)\*\*/gm)].map((match) => match[1]);
    expect(names).toEqual(examples.map(([name]) => name));
  });
});
