import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '../../src/engine/load-policy';
import { listPresets, loadPreset } from '../../src/engine/presets';

const root = join(__dirname, '..', '..');
const seedDir = join(root, 'presets', 'seeds');
const PRESET_IDS = ['b2bee', 'batoi-enterprise', 'businessmap', 'byteztech', 'essensys'];
const SEED_OF: Record<string, string> = {
  'batoi-enterprise': '000_49fe46e2a6224846.txt',
  businessmap: '001_3b2cd702f0585b7b.txt',
  byteztech: '002_3b726d7fc7d879b9.txt',
  b2bee: '003_0d4741c13352f77b.txt',
  essensys: '004_df241320fb60cb57.txt',
};

function presetText(id: string): string {
  return readFileSync(join(root, 'presets', `${id}.yaml`), 'utf8');
}

/** Collapses whitespace so a quote that spans lines in the seed still matches. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a quote is in the seed; "..." in a quote skips seed text, so its parts must appear in order. */
function quotedInOrder(seed: string, quote: string): boolean {
  let from = 0;
  for (const part of quote
    .split(/\s*\.\.\.\s*/)
    .map(normalise)
    .filter((part) => part !== '')) {
    const at = seed.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Every "…" quoted in a comment of a YAML file (the part of a line after `#`). */
function commentQuotes(text: string): string[] {
  const quotes: string[] = [];
  for (const line of text.split('\n')) {
    const hash = line.search(/(^|\s)#/);
    if (hash < 0) continue;
    for (const match of line.slice(hash).matchAll(/"([^"]+)"/g)) quotes.push(match[1] ?? '');
  }
  return quotes;
}

describe('presets', () => {
  it('ships exactly the five seed presets, one file each', () => {
    const files = readdirSync(join(root, 'presets')).filter((name) => name.endsWith('.yaml'));
    expect(files.sort()).toEqual(PRESET_IDS.map((id) => `${id}.yaml`));
    expect(listPresets().map((preset) => preset.id)).toEqual(PRESET_IDS);
  });

  it.each(PRESET_IDS)('%s validates with no problems and its id matches its file name', (id) => {
    const result = loadPolicy(presetText(id));
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (result.ok) expect(result.policy.id).toBe(id);
  });

  it.each(PRESET_IDS)('%s quotes only statements that are in its seed document', (id) => {
    const seed = normalise(readFileSync(join(seedDir, SEED_OF[id] ?? ''), 'utf8'));
    const quotes = commentQuotes(presetText(id));
    expect(quotes.length).toBeGreaterThan(3);
    const missing = quotes.filter((quote) => !quotedInOrder(seed, quote));
    expect(missing).toEqual([]);
  });

  it.each(PRESET_IDS)('%s labels its choices as ASSUMPTION and pauses while waiting for the customer', (id) => {
    const text = presetText(id);
    expect(text.match(/# ASSUMPTION:|ASSUMPTION:/g)?.length ?? 0).toBeGreaterThan(2);
    const policy = loadPreset(id);
    expect(policy.pause).toContainEqual({ when: 'status', statuses: ['Waiting for customer'] });
    expect(policy.planSelection.sources.map((source) => source.from)).toEqual(['customField', 'organization', 'labelPrefix']);
    expect(policy.classification.rules.some((rule) => rule.when.jiraPriority !== undefined)).toBe(true);
    expect(policy.classification.rules.some((rule) => rule.when.impact !== undefined)).toBe(true);
    expect(policy.classification.rules.some((rule) => rule.when.text !== undefined)).toBe(true);
  });

  it.each(PRESET_IDS.filter((id) => id !== 'essensys'))("%s describes each priority in its seed's words", (id) => {
    const seed = normalise(readFileSync(join(seedDir, SEED_OF[id] ?? ''), 'utf8')).toLowerCase();
    for (const priority of loadPreset(id).priorities) {
      expect(priority.description).toBeDefined();
      // A description may join the seed's bullet points with "; ".
      const parts = (priority.description ?? '').split(/;\s*/).map((part) => normalise(part).toLowerCase());
      expect(parts.filter((part) => !seed.includes(part))).toEqual([]);
    }
  });

  it('essensys, whose seed defines no priorities, describes each assumed one and says so', () => {
    expect(loadPreset('essensys').priorities.every((priority) => (priority.description ?? '') !== '')).toBe(true);
    expect(presetText('essensys')).toMatch(/ASSUMPTION: the seed defines no priority scheme/);
  });

  it('listPresets gives each policy name and its YAML source', () => {
    const byId = new Map(listPresets().map((preset) => [preset.id, preset]));
    expect(byId.get('byteztech')?.name).toBe('BytezTech support policy');
    expect(byId.get('b2bee')?.source).toBe(presetText('b2bee'));
  });

  it('loadPreset compiles once and names the valid ids for an unknown id', () => {
    expect(loadPreset('byteztech')).toBe(loadPreset('byteztech'));
    expect(() => loadPreset('bytez')).toThrow(
      'Unknown preset "bytez": choose one of b2bee, batoi-enterprise, businessmap, byteztech, essensys.',
    );
  });
});

describe('byteztech: the exact contract of issue 2', () => {
  const policy = loadPreset('byteztech');

  it('has the Mon-Fri 09:00-18:00 New York calendar without observed US public holidays, 9h days', () => {
    expect(policy.defaultCalendar).toBe('us-business');
    expect(policy.calendars).toEqual([
      {
        id: 'us-business',
        timeZone: 'America/New_York',
        week: { 'mon-fri': ['09:00-18:00'] },
        holidays: {
          country: 'US',
          types: ['public'],
          observed: true,
          rules: [
            { moveTo: 'previousWorkingDay', from: ['sat'], only: ['Veterans Day'] },
            { moveTo: 'nextWorkingDay', from: ['sun'], only: ['Veterans Day'] },
          ],
        },
        dayLength: '9h',
      },
    ]);
    expect(policy.calendar('us-business').dayLengthMs).toBe(9 * 3_600_000);
  });

  it.each([
    ['2028-11-10T15:00:00Z', 'Fri: Veterans Day (Sat 11th) as observed'],
    ['2029-11-12T15:00:00Z', 'Mon: Veterans Day (Sun 11th) as observed'],
    ['2027-07-05T15:00:00Z', 'Mon: Independence Day (Sun 4th) as observed'],
  ])('does not work on %s (%s)', (instant) => {
    expect(policy.calendar('us-business').isWorking(Date.parse(instant))).toBe(false);
  });

  it('has plans standard/premium, priorities P1-P4 and the firstResponse table', () => {
    expect(policy.plans.map((plan) => plan.id)).toEqual(['standard', 'premium']);
    expect(policy.priorities.map((priority) => priority.id)).toEqual(['P1', 'P2', 'P3', 'P4']);
    const firstResponse = (plan: string) => ['P1', 'P2', 'P3', 'P4'].map((priority) => policy.targets[plan]?.[priority]?.firstResponse);
    expect(firstResponse('standard')).toEqual(['4h', '8h', '2d', '3d']);
    expect(firstResponse('premium')).toEqual([{ duration: '1h', calendar: '24x7' }, '4h', '1d', '2d']);
  });

  it('has the escalationAck metric (4 business hours from the escalation request) and a 3-step ladder', () => {
    const metric = policy.metrics.find((candidate) => candidate.id === 'escalationAck');
    expect(metric?.start).toEqual({ on: 'label', label: 'escalation-requested' });
    for (const plan of ['standard', 'premium']) {
      for (const priority of ['P1', 'P2', 'P3', 'P4']) expect(policy.targets[plan]?.[priority]?.escalationAck).toBe('4h');
    }
    expect(policy.escalation?.['*']?.map((level) => level.contact)).toEqual(['supportTeam', 'accountManager', 'supportManagement']);
  });
});

describe('the other presets use the ids of issue 2', () => {
  it('businessmap: four plans, four priorities, three metrics; hotline = immediate, "-" = none', () => {
    const policy = loadPreset('businessmap');
    expect(policy.plans.map((plan) => plan.id)).toEqual(['standard', 'business', 'enterprise', 'premium']);
    expect(policy.priorities.map((priority) => priority.id)).toEqual(['high', 'medium', 'low', 'cosmetic']);
    expect(policy.metrics.map((metric) => metric.id)).toEqual(['firstResponse', 'workaround', 'resolution']);
    expect(policy.targets.business?.high?.firstResponse).toBe('immediate');
    expect(policy.targets.standard?.high?.firstResponse).toBe('2d');
    expect(policy.targets.enterprise?.low?.workaround).toBe('none');
  });

  it('b2bee: three plans, four severities, each cell on its own availability window', () => {
    const policy = loadPreset('b2bee');
    expect(policy.plans.map((plan) => plan.id)).toEqual(['basic', 'standard', 'premium']);
    expect(policy.priorities.map((priority) => priority.id)).toEqual(['critical', 'significant', 'minor', 'none']);
    expect(policy.targets.basic?.critical?.firstResponse).toEqual({ duration: '1h', calendar: 'daily-08-22' });
    expect(policy.targets.premium?.significant?.firstResponse).toEqual({ duration: '1h', calendar: 'wd-08-22' });
    expect(policy.calendars.find((calendar) => calendar.id === 'daily-08-24')?.week).toEqual({ 'mon-sun': ['08:00-24:00'] });
  });

  it('batoi-enterprise: P1-P4 on 06:00-16:00 GMT daily, ranges at their upper bound, the matrix as ladders', () => {
    const policy = loadPreset('batoi-enterprise');
    expect(policy.calendars[0]?.week).toEqual({ 'mon-sun': ['06:00-16:00'] });
    expect(['P1', 'P2', 'P3', 'P4'].map((priority) => policy.targets.enterprise?.[priority]?.firstResponse)).toEqual([
      '1d',
      '5d',
      '15d',
      'none',
    ]);
    const after = (priority: string) => policy.escalation?.[priority]?.map((level) => level.after);
    expect(after('P1')).toEqual(['4h', '1d', '2d']);
    expect(after('P2')).toEqual(['1d', '2d', '5d']);
    expect(after('P3')).toEqual(['3d', '1w', '2w']);
    expect(after('P4')).toEqual(['1w', '2w', '1mo']);
    expect(policy.escalation?.P1?.map((level) => level.label)).toEqual(['Batoi Support Team', 'Account Manager', 'Executive Management']);
  });

  it('essensys: one calendar per region chosen through regions; the customer success manager only on Enterprise', () => {
    const policy = loadPreset('essensys');
    expect(policy.plans.map((plan) => plan.id)).toEqual(['other', 'enterprise']);
    expect(new Set(Object.values(policy.regions?.map ?? {}))).toEqual(new Set(['uk-eu', 'us-est', 'us-ct', 'us-pst', 'apac']));
    expect(policy.calendars.find((calendar) => calendar.id === 'us-pst')?.week).toEqual({
      'mon-thu': ['00:00-24:00'],
      fri: ['00:00-17:00'],
    });
    const csm = policy.escalation?.['*']?.find((level) => level.contact === 'customerSuccessManager');
    expect(csm?.plans).toEqual(['enterprise']);
  });
});
