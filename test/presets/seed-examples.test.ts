/**
 * Hand-checked due instants from each seed, worked out on paper from the seed's own statements (and the
 * preset's labelled assumptions), then asserted against `dueInstants` / `escalationInstants`. Each case names
 * the weekday and local time of its start and shows the arithmetic.
 */
import { dueInstants, escalationInstants } from '../../src/engine/evaluate';
import { ladderFor } from '../../src/engine/policy-schema';
import { loadPreset } from '../../src/engine/presets';

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};

function due(preset: string, plan: string, priority: string, start: string, metric = 'firstResponse', calendar?: string) {
  const policy = loadPreset(preset);
  const result = dueInstants(policy, { plan, priority, start: at(start), ...(calendar === undefined ? {} : { calendar }) });
  const instant = result[metric]?.due;
  return instant === null || instant === undefined ? instant : new Date(instant).toISOString();
}

function ladder(preset: string, plan: string, priority: string, start: string, calendar?: string) {
  const policy = loadPreset(preset);
  return escalationInstants(policy, { plan, priority, start: at(start), ...(calendar === undefined ? {} : { calendar }) }).map((level) => [
    level.id,
    level.at === null ? null : new Date(level.at).toISOString(),
  ]);
}

describe('BytezTech (Mon-Fri 09:00-18:00 New York, US federal holidays as observed, 9h day)', () => {
  it('standard P1 (4 business hours) from Friday 16:30 is due Monday 11:30', () => {
    // Fri 2026-11-20 16:30 EST (21:30Z): 1h30 left on Friday; the weekend is closed; Mon 2026-11-23 09:00 + 2h30
    // = 11:30 EST = 16:30Z.
    expect(due('byteztech', 'standard', 'P1', '2026-11-20T21:30:00Z')).toBe('2026-11-23T16:30:00.000Z');
  });

  it('premium P1 (1 hour, 24/7) from Sunday 02:00 is due Sunday 03:00', () => {
    // Sun 2026-11-22 02:00 EST (07:00Z): the 24x7 calendar counts real time, so + 1h = 03:00 EST = 08:00Z.
    expect(due('byteztech', 'premium', 'P1', '2026-11-22T07:00:00Z')).toBe('2026-11-22T08:00:00.000Z');
  });

  it('standard P3 (2 business days = 18h) from Wednesday before Thanksgiving ends at Friday 18:00, not Monday', () => {
    // Wed 2026-11-25 09:00 EST (14:00Z): Wed 9h; Thu 2026-11-26 is Thanksgiving (closed); Fri 2026-11-27 (the day
    // after is only an observance, so open) 9h: 18h run out exactly at Friday's 18:00 close = 23:00Z.
    expect(due('byteztech', 'standard', 'P3', '2026-11-25T14:00:00Z')).toBe('2026-11-27T23:00:00.000Z');
  });

  it('premium P2 (4 business hours) from Wednesday 16:00 skips Thanksgiving', () => {
    // Wed 2026-11-25 16:00 EST (21:00Z): 2h on Wednesday; Thursday closed; Fri 09:00 + 2h = 11:00 EST = 16:00Z.
    expect(due('byteztech', 'premium', 'P2', '2026-11-25T21:00:00Z')).toBe('2026-11-27T16:00:00.000Z');
  });

  it('standard P1 from Thursday 16:00 skips Independence Day observed on Friday 3 July', () => {
    // 2026-07-04 is a Saturday, observed Fri 2026-07-03. Thu 2026-07-02 16:00 EDT (20:00Z): 2h on Thursday;
    // Friday (observed holiday) and the weekend closed; Mon 2026-07-06 09:00 + 2h = 11:00 EDT = 15:00Z.
    expect(due('byteztech', 'standard', 'P1', '2026-07-02T20:00:00Z')).toBe('2026-07-06T15:00:00.000Z');
  });

  it('standard P4 (3 business days = 27h) from Monday 10:00 is due Thursday 10:00', () => {
    // Mon 2026-07-06 10:00 EDT (14:00Z): Mon 8h, Tue 9h (17h), Wed 9h (26h), Thu 09:00 + 1h = 10:00 EDT = 14:00Z.
    expect(due('byteztech', 'standard', 'P4', '2026-07-06T14:00:00Z')).toBe('2026-07-09T14:00:00.000Z');
  });

  it('escalation acknowledgment (4 business hours) from a Saturday request is due Monday 13:00', () => {
    // Sat 2026-11-21 12:00 EST (17:00Z): closed until Mon 2026-11-23 09:00; + 4h = 13:00 EST = 18:00Z.
    expect(due('byteztech', 'premium', 'P3', '2026-11-21T17:00:00Z', 'escalationAck')).toBe('2026-11-23T18:00:00.000Z');
  });
});

describe('Batoi Enterprise (06:00-16:00 GMT every day, 10h business day)', () => {
  it('P1 response (<= 1 business day = 10h) from Saturday 15:00 is due Sunday 15:00', () => {
    // Sat 2026-11-21 15:00Z: 1h on Saturday; Sun 06:00 + 9h = 15:00Z ("daily": weekends are open).
    expect(due('batoi-enterprise', 'enterprise', 'P1', '2026-11-21T15:00:00Z')).toBe('2026-11-22T15:00:00.000Z');
  });

  it('P2 response (2-5 business days, taken as 5d = 50h) from Monday 06:00 is due Friday 16:00', () => {
    // Mon 2026-11-16 06:00Z: five full 10h days Mon-Fri; 50h run out exactly at Friday's 16:00 close.
    expect(due('batoi-enterprise', 'enterprise', 'P2', '2026-11-16T06:00:00Z')).toBe('2026-11-20T16:00:00.000Z');
  });

  it('P4 response ("Beyond 15 days") has no due instant', () => {
    expect(due('batoi-enterprise', 'enterprise', 'P4', '2026-11-16T06:00:00Z')).toBeNull();
  });

  it('P1 escalation: Support Team at 4 business hours, Account Manager at 1 business day, Executive at 2', () => {
    // Mon 2026-11-16 10:00Z: 4h -> Mon 14:00; 10h -> Mon 6h + Tue 4h = Tue 10:00; 20h -> Mon 6h + Tue 10h + Wed 4h
    // = Wed 10:00.
    expect(ladder('batoi-enterprise', 'enterprise', 'P1', '2026-11-16T10:00:00Z')).toEqual([
      ['support-team', '2026-11-16T14:00:00.000Z'],
      ['account-manager', '2026-11-17T10:00:00.000Z'],
      ['executive', '2026-11-18T10:00:00.000Z'],
    ]);
  });

  it('P4 escalation: 1 week, 2 weeks and 1 month of calendar time', () => {
    // Mon 2026-11-16 10:00Z (inside support hours): + 7 days = Mon 11-23 10:00; + 14 days = Mon 11-30 10:00;
    // + 1 month = Wed 12-16 10:00, all inside 06:00-16:00 so no move.
    expect(ladder('batoi-enterprise', 'enterprise', 'P4', '2026-11-16T10:00:00Z')).toEqual([
      ['support-team', '2026-11-23T10:00:00.000Z'],
      ['account-manager', '2026-11-30T10:00:00.000Z'],
      ['executive', '2026-12-16T10:00:00.000Z'],
    ]);
  });

  it('a calendar-time step from inside support hours keeps its wall-clock time', () => {
    // P3 Account Manager "1 week" from Tue 2026-11-17 15:30Z (open) lands on Tue 11-24 15:30, also open.
    expect(ladder('batoi-enterprise', 'enterprise', 'P3', '2026-11-17T15:30:00Z')[1]).toEqual([
      'account-manager',
      '2026-11-24T15:30:00.000Z',
    ]);
  });
});

describe('Businessmap (ASSUMPTION: Mon-Fri 09:00-18:00 Sofia, Bulgarian holidays, 9h day)', () => {
  it('business High response "Immediate response via hotline" is due at the start', () => {
    // Tue 2026-11-17 10:00 EET (08:00Z): immediate = the start instant.
    expect(due('businessmap', 'business', 'high', '2026-11-17T08:00:00Z')).toBe('2026-11-17T08:00:00.000Z');
  });

  it('enterprise Medium workaround (3 business days = 27h) from Tuesday 10:00 is due Friday 10:00', () => {
    // Tue 2026-11-17 10:00 EET: Tue 8h, Wed 9h (17h), Thu 9h (26h), Fri 09:00 + 1h = 10:00 EET = 08:00Z.
    expect(due('businessmap', 'enterprise', 'medium', '2026-11-17T08:00:00Z', 'workaround')).toBe('2026-11-20T08:00:00.000Z');
  });

  it('enterprise Medium response (1 business day) skips Liberation Day, Tuesday 3 March', () => {
    // Mon 2026-03-02 14:00 EET (12:00Z): 4h on Monday; Tue 03-03 is a Bulgarian public holiday; Wed 09:00 + 5h =
    // 14:00 EET = 12:00Z.
    expect(due('businessmap', 'enterprise', 'medium', '2026-03-02T12:00:00Z')).toBe('2026-03-04T12:00:00.000Z');
  });

  it('Low has no workaround or resolution target ("-")', () => {
    expect(due('businessmap', 'standard', 'low', '2026-11-17T08:00:00Z', 'workaround')).toBeNull();
    expect(due('businessmap', 'standard', 'low', '2026-11-17T08:00:00Z', 'resolution')).toBeNull();
  });

  it('premium (Custom SLA) gets the enterprise times', () => {
    const policy = loadPreset('businessmap');
    for (const priority of ['high', 'medium', 'low', 'cosmetic']) {
      const whatIf = { priority, start: at('2026-11-17T08:00:00Z') };
      expect(dueInstants(policy, { ...whatIf, plan: 'premium' })).toEqual(dueInstants(policy, { ...whatIf, plan: 'enterprise' }));
    }
  });
});

describe('B2Bee (ASSUMPTION: Europe/Zagreb; each cell counts inside its own availability window)', () => {
  it('critical basic (1h, 8-22:00 every day) from Friday 21:30 is due Saturday 08:30', () => {
    // Fri 2026-11-20 21:30 CET (20:30Z): 30 min until 22:00; Sat 08:00 + 30 min = 08:30 CET = 07:30Z.
    expect(due('b2bee', 'basic', 'critical', '2026-11-20T20:30:00Z')).toBe('2026-11-21T07:30:00.000Z');
  });

  it('critical standard (1h, 8-24:00 every day) from Friday 21:30 is due Friday 22:30', () => {
    // The same start as above: the window is open until midnight, so + 1h = 22:30 CET = 21:30Z.
    expect(due('b2bee', 'standard', 'critical', '2026-11-20T20:30:00Z')).toBe('2026-11-20T21:30:00.000Z');
  });

  it('significant basic (4h, 8-18:00 w.d.) from Friday 16:00 is due Monday 10:00', () => {
    // Fri 2026-11-20 16:00 CET (15:00Z): 2h on Friday; weekend closed ("w.d."); Mon 08:00 + 2h = 10:00 CET = 09:00Z.
    expect(due('b2bee', 'basic', 'significant', '2026-11-20T15:00:00Z')).toBe('2026-11-23T09:00:00.000Z');
  });

  it('significant basic skips the Croatian Remembrance Day holiday, Wednesday 18 November', () => {
    // Tue 2026-11-17 16:00 CET (15:00Z): 2h on Tuesday; Wed 11-18 closed; Thu 08:00 + 2h = 10:00 CET = 09:00Z.
    expect(due('b2bee', 'basic', 'significant', '2026-11-17T15:00:00Z')).toBe('2026-11-19T09:00:00.000Z');
  });

  it('minor basic (24h, 9-17:00 w.d.) from Monday 09:00 is due at Wednesday 17:00, the close', () => {
    // Mon 2026-11-23 09:00 CET (08:00Z): three 8h days; the time runs out exactly at Wednesday's 17:00 close
    // (16:00Z), not at Thursday's opening.
    expect(due('b2bee', 'basic', 'minor', '2026-11-23T08:00:00Z')).toBe('2026-11-25T16:00:00.000Z');
  });
});

describe('essensys (ASSUMPTION targets; calendar per customer region)', () => {
  it('US PST: a Friday 09:00 start gets 8h before the 17:00 Friday close, the rest on Monday', () => {
    // other P4 response 24h on us-pst. Fri 2026-11-20 09:00 PST (17:00Z): 8h until the 17:00 close; the weekend
    // is closed; Mon 2026-11-23 00:00 PST + 16h = 16:00 PST = Tue 00:00Z.
    expect(due('essensys', 'other', 'P4', '2026-11-20T17:00:00Z', 'firstResponse', 'us-pst')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('US EST: the same instant closes at 20:00 EST, the same instant as 17:00 PST, then Monday counts from EST midnight', () => {
    // Fri 2026-11-20 12:00 EST (17:00Z): 8h until 20:00 EST; Mon 00:00 EST + 16h = 16:00 EST = 21:00Z.
    expect(due('essensys', 'other', 'P4', '2026-11-20T17:00:00Z', 'firstResponse', 'us-est')).toBe('2026-11-23T21:00:00.000Z');
  });

  it('UK EU: a 4h target from Friday 20:00 runs out at the 24:00 close, not on Monday', () => {
    // other P2 response 4h on uk-eu. Fri 2026-11-20 20:00 GMT: 4h end exactly at Friday 24:00 = Sat 00:00Z.
    expect(due('essensys', 'other', 'P2', '2026-11-20T20:00:00Z', 'firstResponse', 'uk-eu')).toBe('2026-11-21T00:00:00.000Z');
  });

  it('the customer success manager is on the Enterprise ladder only', () => {
    const policy = loadPreset('essensys');
    expect(ladderFor(policy, 'P1', 'enterprise').map((level) => level.id)).toEqual([
      'specialist-team',
      'customer-success-manager',
      'authorized-representative',
    ]);
    expect(ladderFor(policy, 'P1', 'other').map((level) => level.id)).toEqual(['specialist-team', 'authorized-representative']);
  });

  it('enterprise P1 ladder: 50 %, 75 % and 100 % of the 4h fix time', () => {
    // Mon 2026-11-16 10:00 GMT on uk-eu (open all day): 2h -> 12:00, 3h -> 13:00, 4h -> 14:00.
    expect(ladder('essensys', 'enterprise', 'P1', '2026-11-16T10:00:00Z', 'uk-eu')).toEqual([
      ['specialist-team', '2026-11-16T12:00:00.000Z'],
      ['customer-success-manager', '2026-11-16T13:00:00.000Z'],
      ['authorized-representative', '2026-11-16T14:00:00.000Z'],
    ]);
  });
});
