/**
 * The shared words for SLA states: the panel and the CLI say the same thing for the same state.
 */
import { evaluate, loadPreset } from '../../src/engine';
import { AGENT, buildIssue, withComment } from '../builders/jira-issue';
import {
  dayMeaning,
  formatMinutes,
  ladderWaitWords,
  metricStateWords,
  metricTimeWords,
  requestWords,
  type MetricWordsInput,
} from '../../src/engine/sla-words';

const business = { duration: '4h', calendar: 'us-business', dayLengthMinutes: 540 };
const days = { duration: '2d', calendar: 'us-business', dayLengthMinutes: 540 };
const immediate = { duration: 'immediate', calendar: 'us-business', dayLengthMinutes: 540 };
const elapsed = { duration: '1h', calendar: '24x7', dayLengthMinutes: 1440 };

function metric(overrides: Partial<MetricWordsInput>): MetricWordsInput {
  return {
    status: 'running',
    target: business,
    startedAt: '2026-11-16T14:00:00.000Z',
    stoppedAt: null,
    remainingMinutes: 135,
    atRisk: false,
    ...overrides,
  };
}

describe('metricTimeWords', () => {
  it.each<[string, Partial<MetricWordsInput>, string]>([
    ['running, business time', {}, '2h 15m business time left of 4h'],
    ['running, elapsed time', { target: elapsed, remainingMinutes: 20 }, '20m time left of 1h'],
    ['running, a target in days counts business days', { target: days, remainingMinutes: 600 }, '1d 1h business time left of 2d'],
    ['running, immediate', { target: immediate, remainingMinutes: 0 }, 'due at once'],
    ['running past due, immediate', { target: immediate, remainingMinutes: -20 }, 'late by 20m (due at once)'],
    ['running past due', { remainingMinutes: -75 }, 'late by 1h 15m (target 4h)'],
    ['breached and still open', { status: 'breached', remainingMinutes: -20 }, 'late by 20m (target 4h)'],
    ['breached, immediate', { status: 'breached', target: immediate, remainingMinutes: -20 }, 'late by 20m (due at once)'],
    ['breached by days', { status: 'breached', target: days, remainingMinutes: -600 }, 'late by 1d 1h (target 2d)'],
    ['met early', { status: 'met', stoppedAt: '2026-11-16T15:00:00.000Z', remainingMinutes: 80 }, 'met 1h 20m early (target 4h)'],
    ['met on the due minute', { status: 'met', stoppedAt: '2026-11-16T15:00:00.000Z', remainingMinutes: 0 }, 'met on time (target 4h)'],
    ['met, immediate', { status: 'met', target: immediate, remainingMinutes: 0 }, 'met at once'],
    ['paused', { status: 'paused', remainingMinutes: 90 }, 'paused with 1h 30m business time left of 4h'],
    ['not started', { status: 'none', startedAt: null, remainingMinutes: null }, 'not started; 4h once it starts'],
    [
      'not started, immediate',
      { status: 'none', target: immediate, startedAt: null, remainingMinutes: null },
      'not started; due at once when it starts',
    ],
    ['no target', { status: 'none', target: null, remainingMinutes: null }, 'no target for this plan and priority'],
  ])('%s', (_name, overrides, words) => {
    expect(metricTimeWords(metric(overrides))).toBe(words);
  });
});

describe('metricStateWords', () => {
  it.each<[Partial<MetricWordsInput>, string]>([
    [{}, 'On track'],
    [{ atRisk: true }, 'At risk'],
    [{ status: 'paused' }, 'Paused'],
    [{ status: 'met' }, 'Met'],
    [{ status: 'breached' }, 'Breached'],
    [{ status: 'none' }, 'Not started'],
    [{ status: 'none', target: null }, 'No target'],
  ])('%j is %s', (overrides, words) => {
    expect(metricStateWords(metric(overrides))).toBe(words);
  });
});

describe('dayMeaning', () => {
  it.each([
    [days, '2d = 2 business days of 9h'],
    [{ duration: '1d', calendar: 'gmt-daily', dayLengthMinutes: 600 }, '1d = 1 business day of 10h'],
    [{ duration: '3d', calendar: '24x7', dayLengthMinutes: 1440 }, '3d = 3 days of 24h'],
    [business, null],
    [immediate, null],
  ])('%j means %s', (target, words) => {
    expect(dayMeaning(target)).toBe(words);
  });
});

describe('requestWords and ladderWaitWords', () => {
  it.each([
    [{ on: 'created' } as const, null],
    [{ on: 'label', label: 'escalation-requested' } as const, 'label `escalation-requested`'],
    [{ on: 'field', field: 'Escalation requested' } as const, 'field Escalation requested set'],
    [{ on: 'status', statuses: ['Escalated', 'Urgent'] } as const, "status 'Escalated' or 'Urgent'"],
  ])('%j is asked for as %s', (start, words) => {
    expect(requestWords(start)).toBe(words);
  });

  it.each([
    [{ kind: 'scheduled' } as const, null],
    [
      { kind: 'request', level: 2, metric: 'Escalation acknowledgment', request: 'label `escalation-requested`' } as const,
      'Level 2 waits for an escalation request: label `escalation-requested`',
    ],
    [
      { kind: 'paused', level: 1, reason: "status 'Waiting for customer'", since: null } as const,
      "Level 1 is not scheduled while the clock is paused: status 'Waiting for customer'",
    ],
    [
      { kind: 'no-target', level: 3, metric: 'Resolution' } as const,
      'Level 3 is never reached: Resolution has no target for this plan and priority',
    ],
    [
      { kind: 'stopped', level: 1, metric: 'First response', status: 'met' } as const,
      'Level 1 is not reached: First response was met first',
    ],
    [{ kind: 'top' } as const, 'Top of the ladder'],
  ])('%j reads %s', (wait, words) => {
    expect(ladderWaitWords(wait)).toBe(words);
  });
});

describe('formatMinutes', () => {
  it.each([
    [135, undefined, '2h 15m'],
    [720, 540, '1d 3h'],
    [0, undefined, '0m'],
    [-90, undefined, '-1h 30m'],
  ])('%d minutes (day %s) read %s', (minutes, day, words) => {
    expect(formatMinutes(minutes, day)).toBe(words);
  });
});

describe('the words on evaluated states', () => {
  // Businessmap: a `high` issue on the business and enterprise plans (hotline) has an `immediate` first response
  // (Mon–Fri 09:00–18:00 Sofia).
  const businessmap = loadPreset('businessmap');
  const created = '2026-11-17T08:00:00Z'; // Tue 10:00 Sofia
  const issue = () => buildIssue({ created, priority: 'Highest', labels: ['plan-enterprise'] });
  const firstResponse = (raw: ReturnType<typeof issue>, now: string) => {
    const metric = evaluate(businessmap, raw, Date.parse(now)).metrics.find((candidate) => candidate.id === 'firstResponse');
    if (!metric) throw new Error('no firstResponse');
    return metric;
  };

  it('reads an immediate target late by the business time since it started', () => {
    const metric = firstResponse(issue(), '2026-11-17T08:20:00Z');
    expect(metric.target?.duration).toBe('immediate');
    expect([metricStateWords(metric), metricTimeWords(metric)]).toEqual(['Breached', 'late by 20m (due at once)']);
  });

  it('reads a reply at once as met at once', () => {
    const metric = firstResponse(withComment(issue(), { at: created, by: AGENT }), '2026-11-17T09:00:00Z');
    expect([metricStateWords(metric), metricTimeWords(metric)]).toEqual(['Met', 'met at once']);
  });
});
