import {
  checkPolicyReferences,
  compileTextRegex,
  formatPath,
  ladderFor,
  policyIssues,
  policySchema,
  targetFor,
  type PolicyIssue,
} from '../../src/engine/policy-schema';
import { nearestName, unknownKeyMessage } from '../../src/engine/suggest';
import { minimalPolicy } from './policy-fixture';

function problems(input: unknown): PolicyIssue[] {
  const result = policySchema.safeParse(input);
  if (result.success) return [];
  return policyIssues(result.error.issues);
}

function problemAt(list: PolicyIssue[], path: string): PolicyIssue | undefined {
  return list.find((issue) => formatPath(issue.path) === path);
}

describe('policySchema: a valid policy', () => {
  it('accepts the minimal policy and applies the documented defaults', () => {
    const input = minimalPolicy();
    delete input.pause;
    const result = policySchema.safeParse(input);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.pause).toEqual([]);
    expect(result.data.metrics[0]?.pause).toBe('inherit');
    expect(result.data.metrics[0]?.stop[0]).toEqual({ on: 'publicComment', by: 'notReporter' });
    expect(result.data.escalation?.P1?.map((level) => level.id)).toEqual(['support', 'manager']);
  });

  it('accepts every source kind, a region map, field ids, metric-level pauses and a "*" ladder', () => {
    const input = minimalPolicy();
    input.calendars.push({ id: 'us', timeZone: 'America/New_York', week: { 'mon-fri': ['09:00-18:00'] } });
    input.planSelection.sources = [
      { from: 'customField', field: 'Support plan', map: { Gold: 'premium' } },
      { from: 'organization', map: { 'Acme Corp': 'premium' } },
      { from: 'labelPrefix', prefix: 'plan-' },
    ];
    input.regions = { source: { from: 'customField', field: 'Region' }, map: { US: 'us', UK: 'office' }, default: 'office' };
    input.fields = { organizations: 'customfield_10002', impact: 'customfield_10004' };
    input.metrics[1].pause = [{ when: 'field', field: 'Pending reason', equals: ['Customer'] }];
    input.metrics[1].start = { on: 'status', statuses: ['In Progress'] };
    input.escalation['*'] = [{ id: 'csm', label: 'CSM', contact: 'csm', after: '1w', plans: ['premium'] }];
    input.classification.rules.push({
      id: 'words',
      when: { text: { words: ['down'], regex: '(?i)cannot log ?in' }, impact: ['Extensive / Widespread'] },
      priority: 'P1',
    });
    expect(problems(input)).toEqual([]);
  });
});

describe('policySchema: cross-field checks name the path and say how to fix it', () => {
  // Each case breaks one reference of the minimal policy; the problem must sit at `path` and the message must
  // contain every `says` fragment.
  const cases: Array<{ name: string; mutate: (policy: Record<string, any>) => void; path: string; says: string[] }> = [
    {
      name: 'duplicate calendar id',
      mutate: (p) => p.calendars.push({ ...p.calendars[0] }),
      path: 'calendars[1].id',
      says: ['Duplicate calendar id "office"', 'calendars[0]'],
    },
    {
      name: 'the reserved 24x7 id',
      mutate: (p) => p.calendars.push({ id: '24x7', timeZone: 'UTC', week: { 'mon-sun': ['00:00-24:00'] } }),
      path: 'calendars[1].id',
      says: ['built-in', 'cannot be redefined'],
    },
    {
      name: 'an unknown default calendar, with a suggestion',
      mutate: (p) => (p.defaultCalendar = 'ofice'),
      path: 'defaultCalendar',
      says: ['"ofice" is not a calendar id', 'did you mean "office"', 'office, 24x7'],
    },
    {
      name: 'duplicate priority id',
      mutate: (p) => (p.priorities[1].id = 'P1'),
      path: 'priorities[1].id',
      says: ['Duplicate priority id "P1"'],
    },
    {
      name: 'duplicate plan id',
      mutate: (p) => (p.plans[1].id = 'standard'),
      path: 'plans[1].id',
      says: ['Duplicate plan id "standard"'],
    },
    {
      name: 'duplicate metric id',
      mutate: (p) => p.metrics.push({ ...p.metrics[0] }),
      path: 'metrics[2].id',
      says: ['Duplicate metric id "firstResponse"'],
    },
    {
      name: 'duplicate rule id',
      mutate: (p) => p.classification.rules.push({ ...p.classification.rules[0] }),
      path: 'classification.rules[1].id',
      says: ['Duplicate rule id "highest"', 'classification.rules[0]'],
    },
    {
      name: 'a rule naming an unknown priority',
      mutate: (p) => (p.classification.rules[0].priority = 'P9'),
      path: 'classification.rules[0].priority',
      says: ['"P9" is not a priority id', 'P1, P2', 'add it under priorities'],
    },
    {
      name: 'a rule without conditions',
      mutate: (p) => (p.classification.rules[0].when = {}),
      path: 'classification.rules[0].when',
      says: ['no condition', 'classification.default'],
    },
    {
      name: 'a text condition without words or regex',
      mutate: (p) => (p.classification.rules[0].when = { text: {} }),
      path: 'classification.rules[0].when.text',
      says: ['words or regex'],
    },
    {
      name: 'an invalid regular expression',
      mutate: (p) => (p.classification.rules[0].when = { text: { regex: '(?i)down(' } }),
      path: 'classification.rules[0].when.text.regex',
      says: ['not a valid RE2 regular expression'],
    },
    {
      name: 'an unknown classification default',
      mutate: (p) => (p.classification.default = 'p2'),
      path: 'classification.default',
      says: ['"p2" is not a priority id', 'did you mean "P2"'],
    },
    {
      name: 'a plan map value that is not a plan',
      mutate: (p) => (p.planSelection.sources[0].map = { gold: 'premum' }),
      path: 'planSelection.sources[0].map.gold',
      says: ['"premum" is not a plan id', 'did you mean "premium"'],
    },
    {
      name: 'an unknown plan default',
      mutate: (p) => (p.planSelection.default = 'basic'),
      path: 'planSelection.default',
      says: ['"basic" is not a plan id', 'standard, premium'],
    },
    {
      name: 'a region mapped to an unknown calendar',
      mutate: (p) => (p.regions = { source: { from: 'customField', field: 'Region' }, map: { US: 'us-east' }, default: 'office' }),
      path: 'regions.map.US',
      says: ['"us-east" is not a calendar id'],
    },
    {
      name: 'an unknown region default',
      mutate: (p) => (p.regions = { source: { from: 'organization' }, map: {}, default: 'nowhere' }),
      path: 'regions.default',
      says: ['"nowhere" is not a calendar id'],
    },
    {
      name: 'targets for an unknown plan',
      mutate: (p) => (p.targets.gold = { P1: { firstResponse: '1h' } }),
      path: 'targets.gold',
      says: ['"gold" is not a plan id', 'add it under plans'],
    },
    {
      name: 'targets for an unknown priority',
      mutate: (p) => (p.targets.standard.P3 = { firstResponse: '1h' }),
      path: 'targets.standard.P3',
      says: ['"P3" is not a priority id'],
    },
    {
      name: 'a target for an unknown metric',
      mutate: (p) => (p.targets.standard.P1.firstRespons = '1h'),
      path: 'targets.standard.P1.firstRespons',
      says: ['"firstRespons" is not a metric id', 'did you mean "firstResponse"'],
    },
    {
      name: 'a target on an unknown calendar',
      mutate: (p) => (p.targets.premium.P1.firstResponse.calendar = '24/7'),
      path: 'targets.premium.P1.firstResponse.calendar',
      says: ['"24/7" is not a calendar id', 'did you mean "24x7"'],
    },
    {
      name: 'a target duration that does not parse',
      mutate: (p) => (p.targets.premium.P2.firstResponse = '4 hours'),
      path: 'targets.premium.P2.firstResponse',
      says: ['"4 hours" is not a duration', '"4h"'],
    },
    {
      name: 'a target duration inside an object that does not parse',
      mutate: (p) => (p.targets.premium.P1.firstResponse.duration = '1 hour'),
      path: 'targets.premium.P1.firstResponse.duration',
      says: ['"1 hour" is not a duration'],
    },
    {
      name: 'a plan without targets',
      mutate: (p) => delete p.targets.premium,
      path: 'targets',
      says: ['Plan "premium" has no targets', 'targets.premium'],
    },
    {
      name: 'a plan missing a priority row',
      mutate: (p) => delete p.targets.standard.P2,
      path: 'targets.standard',
      says: ['no row for priority P2', 'none'],
    },
    {
      name: 'a priority row without any metric',
      mutate: (p) => (p.targets.standard.P2 = {}),
      path: 'targets.standard.P2',
      says: ['lists no metric', 'none'],
    },
    {
      name: 'a ladder for an unknown priority',
      mutate: (p) => (p.escalation.P7 = []),
      path: 'escalation.P7',
      says: ['"P7" is not a priority id', '"*"'],
    },
    {
      name: 'a level with both after and atPercent',
      mutate: (p) => (p.escalation.P1[0].atPercent = 50),
      path: 'escalation.P1[0]',
      says: ['not both', 'remove after or atPercent'],
    },
    {
      name: 'a level with neither after nor atPercent',
      mutate: (p) => delete p.escalation.P1[0].after,
      path: 'escalation.P1[0]',
      says: ['add after', 'atPercent'],
    },
    {
      name: 'atPercent without a metric',
      mutate: (p) => delete p.escalation.P1[1].metric,
      path: 'escalation.P1[1].metric',
      says: ['atPercent needs the metric'],
    },
    {
      name: 'a metric without atPercent',
      mutate: (p) => (p.escalation.P1[0].metric = 'resolution'),
      path: 'escalation.P1[0].metric',
      says: ['only used with atPercent'],
    },
    {
      name: 'a level metric that does not exist',
      mutate: (p) => (p.escalation.P1[1].metric = 'resolve'),
      path: 'escalation.P1[1].metric',
      says: ['"resolve" is not a metric id'],
    },
    {
      name: 'a calendar on an atPercent level',
      mutate: (p) => (p.escalation.P1[1].calendar = 'office'),
      path: 'escalation.P1[1].calendar',
      says: ['only used with after'],
    },
    {
      name: 'a level on an unknown calendar',
      mutate: (p) => (p.escalation.P1[0].calendar = 'offices'),
      path: 'escalation.P1[0].calendar',
      says: ['"offices" is not a calendar id'],
    },
    {
      name: 'after: none',
      mutate: (p) => (p.escalation.P1[0].after = 'none'),
      path: 'escalation.P1[0].after',
      says: ['never reach this level'],
    },
    {
      name: 'a level restricted to an unknown plan',
      mutate: (p) => (p.escalation.P1[0].plans = ['platinum']),
      path: 'escalation.P1[0].plans[0]',
      says: ['"platinum" is not a plan id'],
    },
    {
      name: 'a ladder level listed below one it comes before',
      mutate: (p) => p.escalation.P1.push({ id: 'early', label: 'Early', contact: 'supportTeam', after: '2h' }),
      path: 'escalation.P1[2].after',
      says: ['after: 2h comes sooner than the 4h of escalation.P1[0] above it', 'list its levels in the order they are reached'],
    },
    {
      name: 'duplicate level ids in a ladder',
      mutate: (p) => (p.escalation.P1[1].id = 'support'),
      path: 'escalation.P1[1].id',
      says: ['Duplicate level id "support"'],
    },
  ];

  it.each(cases)('rejects $name', ({ mutate, path, says }) => {
    const input = minimalPolicy();
    mutate(input);
    const list = problems(input);
    const found = problemAt(list, path);
    expect(found).toBeDefined();
    expect(found?.message.startsWith(`${path}: `)).toBe(true);
    for (const fragment of says) expect(found?.message).toContain(fragment);
  });
});

describe('policySchema: shape errors', () => {
  it('names each unknown key at its own path with the nearest valid key', () => {
    const input = minimalPolicy();
    input.plan = [];
    input.defaultCalender = 'office';
    input.metrics[0].strat = { on: 'created' };
    const list = problems(input);
    expect(problemAt(list, 'plan')?.message).toContain('Unknown key "plan"; did you mean "plans"?');
    expect(problemAt(list, 'defaultCalender')?.message).toContain('did you mean "defaultCalendar"?');
    expect(problemAt(list, 'metrics[0].strat')?.message).toContain('did you mean "start"?');
    expect(problemAt(list, 'metrics[0].strat')?.message).toContain('Valid keys here: id, label, description, start, stop, pause, repeat.');
  });

  it('says how to fix a reference when the list it refers to is missing', () => {
    const input = minimalPolicy();
    input.plan = input.plans;
    delete input.plans;
    const list = problems(input);
    expect(problemAt(list, 'plans')?.message).toContain('plans: required');
    expect(problemAt(list, 'planSelection.default')?.message).toBe(
      'planSelection.default: "standard" is not a plan id. There are no plan ids yet: add it under plans.',
    );
  });

  it('accepts ladders whose levels climb, and does not compare across units, calendars or atPercent levels', () => {
    const input = minimalPolicy();
    input.escalation.P1 = [
      { id: 'a', label: 'A', contact: 'c', after: '4h' },
      { id: 'b', label: 'B', contact: 'c', atPercent: 50, metric: 'resolution' },
      { id: 'c', label: 'C', contact: 'c', after: '4h' },
      { id: 'd', label: 'D', contact: 'c', after: '1d' },
      { id: 'e', label: 'E', contact: 'c', after: '2h', calendar: '24x7' },
      { id: 'f', label: 'F', contact: 'c', after: '1w' },
      { id: 'g', label: 'G', contact: 'c', after: '1mo' },
    ];
    expect(checkPolicyReferences(input).map((issue) => formatPath(issue.path))).toEqual([]);
  });

  it('says to remove an unknown key that resembles nothing', () => {
    const input = minimalPolicy();
    input.priorities[0].xyzzy = true;
    expect(problemAt(problems(input), 'priorities[0].xyzzy')?.message).toContain('Unknown key "xyzzy"; remove it.');
  });

  it('suggests the nearest key inside a calendar and its holidays too, each at its own path', () => {
    const input = minimalPolicy();
    input.calendars[0].dayLenght = '8h';
    input.calendars[0].holidays = { country: 'GB', dats: ['2026-12-24'], observd: false };
    const list = problems(input);
    expect(problemAt(list, 'calendars[0].dayLenght')?.message).toContain('Unknown key "dayLenght"; did you mean "dayLength"?');
    expect(problemAt(list, 'calendars[0].holidays.dats')?.message).toContain('Unknown key "dats"; did you mean "dates"?');
    expect(problemAt(list, 'calendars[0].holidays.observd')?.message).toContain('Unknown key "observd"; did you mean "observed"?');
  });

  it('explains an unknown start or stop kind', () => {
    const input = minimalPolicy();
    input.metrics[0].start = { on: 'creation' };
    input.metrics[1].stop = [{ on: 'resolved' }];
    const list = problems(input);
    expect(problemAt(list, 'metrics[0].start.on')?.message).toContain('one of created, status, label, field');
    expect(problemAt(list, 'metrics[1].stop[0].on')?.message).toContain('one of publicComment, status, field, resolution');
  });

  it('reports missing required keys with an example', () => {
    const input = minimalPolicy();
    delete input.targets;
    delete input.name;
    const list = problems(input);
    expect(problemAt(list, 'targets')?.message).toContain('targets: required: add plan');
    expect(problemAt(list, 'name')?.message).toContain('name: required: add it');
  });

  it('reports shape errors and reference errors of one document together', () => {
    const input = minimalPolicy();
    input.metrics[0].stop = [];
    input.priorities[0].lable = 'x';
    input.classification.default = 'P5';
    input.targets.standard.P1.firstResponse = 'soon';
    const paths = problems(input).map((issue) => formatPath(issue.path));
    expect(paths).toEqual(
      expect.arrayContaining(['metrics[0].stop', 'priorities[0].lable', 'classification.default', 'targets.standard.P1.firstResponse']),
    );
  });

  it('rejects a policy id with upper-case letters and a window that is not a list', () => {
    const input = minimalPolicy();
    input.id = 'Mini';
    input.classification.rules[0].when.jiraPriority = 'Highest';
    const list = problems(input);
    expect(problemAt(list, 'id')?.message).toContain('lower-case');
    expect(problemAt(list, 'classification.rules[0].when.jiraPriority')?.message).toContain('one-item list');
  });

  it('explains wrong types in words, including keys without a custom message', () => {
    const input = minimalPolicy();
    input.source = 3;
    input.priorities[0].description = 5;
    input.calendars.push(7);
    input.escalation.P1[0].atPercent = '50%';
    const list = problems(input);
    expect(problemAt(list, 'source')?.message).toBe('source: must be a string, e.g. "Vendor support policy, section 5".');
    expect(problemAt(list, 'priorities[0].description')?.message).toContain('priorities[0].description: must be a string');
    expect(problemAt(list, 'calendars[1]')?.message).toContain('A calendar must be an object');
    expect(problemAt(list, 'escalation.P1[0].atPercent')?.message).toContain('atPercent: must be a number of percent');
    expect(list.every((issue) => !issue.message.includes('Invalid input'))).toBe(true);
  });

  it('checkPolicyReferences tolerates malformed input', () => {
    expect(checkPolicyReferences(null)).toEqual([]);
    expect(checkPolicyReferences({ targets: 'x', escalation: [1], calendars: 'y', classification: 3 })).toEqual([]);
  });
});

describe('helpers', () => {
  it('nearestName suggests within a small edit distance only', () => {
    expect(nearestName('defaultCalender', ['calendars', 'defaultCalendar'])).toBe('defaultCalendar');
    expect(nearestName('PLANS', ['plans', 'pause'])).toBe('plans');
    expect(nearestName('zzzz', ['plans', 'pause'])).toBeUndefined();
  });

  it('unknownKeyMessage lists the valid keys', () => {
    expect(unknownKeyMessage('lable', ['id', 'label'])).toBe('Unknown key "lable"; did you mean "label"? Valid keys here: id, label.');
  });

  it('formatPath joins keys with dots and indexes in brackets', () => {
    expect(formatPath(['targets', 'premium', 'P1', 'firstResponse'])).toBe('targets.premium.P1.firstResponse');
    expect(formatPath(['calendars', 0, 'week', 'mon-fri', 1])).toBe('calendars[0].week.mon-fri[1]');
    expect(formatPath([])).toBe('');
  });

  it('targetFor resolves the calendar of a cell, and null for a missing cell', () => {
    const policy = policySchema.parse(minimalPolicy());
    expect(targetFor(policy, 'premium', 'P1', 'firstResponse')).toEqual({ duration: '1h', calendar: '24x7' });
    expect(targetFor(policy, 'standard', 'P1', 'firstResponse')).toEqual({ duration: '4h', calendar: 'office' });
    expect(targetFor(policy, 'standard', 'P1', 'firstResponse', 'us')).toEqual({ duration: '4h', calendar: 'us' });
    expect(targetFor(policy, 'standard', 'P2', 'resolution')).toBeNull();
  });

  it('ladderFor prefers the priority ladder, falls back to "*", and filters levels by plan', () => {
    const input = minimalPolicy();
    input.escalation['*'] = [
      { id: 'all', label: 'All', contact: 'team', after: '1d' },
      { id: 'csm', label: 'CSM', contact: 'csm', after: '2d', plans: ['premium'] },
    ];
    const policy = policySchema.parse(input);
    expect(ladderFor(policy, 'P1').map((level) => level.id)).toEqual(['support', 'manager']);
    expect(ladderFor(policy, 'P2').map((level) => level.id)).toEqual(['all', 'csm']);
    expect(ladderFor(policy, 'P2', 'standard').map((level) => level.id)).toEqual(['all']);
    expect(ladderFor(policy, 'P2', 'premium').map((level) => level.id)).toEqual(['all', 'csm']);
    expect(ladderFor({ escalation: undefined }, 'P1')).toEqual([]);
  });

  it('compileTextRegex honours a leading (?i)', () => {
    expect(compileTextRegex('(?i)cannot log ?in').firstMatch('CANNOT LOGIN')).toBe('CANNOT LOGIN');
    expect(compileTextRegex('cannot log ?in').firstMatch('CANNOT LOGIN')).toBeNull();
  });
});
