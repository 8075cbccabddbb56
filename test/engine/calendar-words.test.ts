/**
 * Calendars in words: the panel and the CLI name the hours, zone and holidays behind each target from the policy.
 */
import { describeCalendar, holidayWords, weekWords } from '../../src/engine/calendar-words';
import { calendarSpecSchema, evaluate, loadPreset } from '../../src/engine';
import { buildIssue } from '../builders/jira-issue';

describe('weekWords', () => {
  it.each([
    [{ 'mon-fri': ['09:00-18:00'] }, 'Mon–Fri 09:00–18:00'],
    [{ 'mon-sun': ['08:00-22:00'] }, 'every day 08:00–22:00'],
    [{ 'mon-thu': ['09:00-17:00'], fri: ['09:00-15:00'] }, 'Mon–Thu 09:00–17:00; Fri 09:00–15:00'],
    [{ 'mon-fri': ['08:00-12:00', '13:00-17:00'], sat: ['10:00-14:00'] }, 'Mon–Fri 08:00–12:00, 13:00–17:00; Sat 10:00–14:00'],
    [{ sat: ['10:00-14:00'], sun: ['10:00-14:00'] }, 'Sat, Sun 10:00–14:00'],
    [{ 'mon-sun': ['00:00-24:00'] }, 'every day 00:00–24:00'],
  ])('%j reads %s', (week, words) => {
    expect(weekWords(week)).toBe(words);
  });
});

describe('holidayWords', () => {
  it.each([
    [undefined, null],
    [{ country: 'BG', types: ['public'] }, 'Bulgaria public holidays'],
    [{ country: 'US', state: 'CA', types: ['public'] }, 'United States (CA) public holidays'],
    [
      {
        country: 'BG',
        types: ['public'],
        add: [{ date: '12-26', name: 'Second day of Christmas' }],
        rules: [{ moveTo: 'nextWorkingDay', from: ['sat', 'sun'] }],
      },
      'Bulgaria public holidays and 1 listed holiday, 1 moving rule',
    ],
    [
      { country: 'GB', state: 'ENG', types: ['public'], remove: [{ date: '2026-05-04', name: 'Early May' }] },
      'United Kingdom (ENG) public holidays, 1 removed',
    ],
    [{ dates: ['2026-12-24'] }, '1 listed holiday'],
    [
      { country: 'HR', types: ['public', 'bank'], dates: ['2026-12-24', '2026-12-31'] },
      'Croatia public and bank holidays and 2 listed holidays',
    ],
  ])('%j reads %s', (holidays, words) => {
    expect(holidayWords(holidays as Parameters<typeof holidayWords>[0])).toBe(words);
  });
});

describe('describeCalendar', () => {
  it('names the hours, the zone and the holidays, and what a business day counts', () => {
    const spec = calendarSpecSchema.parse({
      id: 'office',
      timeZone: 'Europe/Sofia',
      week: { 'mon-fri': ['09:00-18:00'] },
      holidays: { country: 'BG', types: ['public'] },
    });
    expect(describeCalendar(spec, 540)).toEqual({
      id: 'office',
      timeZone: 'Europe/Sofia',
      hours: 'Mon–Fri 09:00–18:00 Europe/Sofia, Bulgaria public holidays',
      dayLengthMinutes: 540,
      day: '1 business day = 9h',
    });
  });

  it('says the built-in 24x7 calendar counts elapsed time', () => {
    expect(describeCalendar(null, 1440)).toMatchObject({ id: '24x7', timeZone: 'UTC', day: '1 day = 24h' });
    expect(describeCalendar(null, 1440).hours).toMatch(/24\/7/);
  });
});

describe('evaluate: calendars', () => {
  it.each([
    ['businessmap', 'office', 'Mon–Fri 09:00–18:00 Europe/Sofia, Bulgaria public holidays and 1 listed holiday, 1 moving rule'],
    ['batoi-enterprise', 'gmt-daily', 'every day 06:00–16:00 UTC'],
  ])('%s describes the calendar %s behind its targets', (preset, id, hours) => {
    const state = evaluate(loadPreset(preset), buildIssue({ created: '2026-11-16T14:00:00Z' }), Date.parse('2026-11-16T15:00:00Z'));
    expect(state.calendars.find((calendar) => calendar.id === id)?.hours).toBe(hours);
    for (const metric of state.metrics) {
      if (metric.target) expect(state.calendars.map((calendar) => calendar.id)).toContain(metric.target.calendar);
    }
  });

  it('lists each calendar once, a 24x7 target beside the business one', () => {
    const issue = buildIssue({ created: '2026-11-16T14:00:00Z', summary: 'Checkout outage, system down', labels: ['plan-premium'] });
    const state = evaluate(loadPreset('byteztech'), issue, Date.parse('2026-11-16T15:00:00Z'));
    expect(state.calendars.map((calendar) => calendar.id)).toEqual(['us-business', '24x7']);
  });
});
