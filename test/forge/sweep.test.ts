/**
 * The sweep's repair search: which JQL, and how far back it looks (bounded), from the watermark of the last clean run.
 */
import {
  REPAIR_MARGIN_MINUTES,
  REPAIR_MAX_LOOKBACK_MINUTES,
  repairJql,
  repairLookbackMinutes,
  SWEEP_INTERVAL_MINUTES,
} from '../../src/forge/sweep';

const NOW = Date.parse('2026-03-02T09:05:00Z');
const MINUTE = 60_000;

describe('repairLookbackMinutes', () => {
  it.each([
    { name: 'the last clean run 5 minutes ago', watermark: NOW - 5 * MINUTE, minutes: 5 + REPAIR_MARGIN_MINUTES },
    { name: 'the last clean run 12.5 minutes ago (rounded up)', watermark: NOW - 12.5 * MINUTE, minutes: 13 + REPAIR_MARGIN_MINUTES },
    { name: 'no run yet', watermark: null, minutes: SWEEP_INTERVAL_MINUTES + REPAIR_MARGIN_MINUTES },
    { name: 'a watermark in the future (clock skew)', watermark: NOW + MINUTE, minutes: SWEEP_INTERVAL_MINUTES + REPAIR_MARGIN_MINUTES },
    { name: 'a week-long outage (bounded)', watermark: NOW - 7 * 24 * 60 * MINUTE, minutes: REPAIR_MAX_LOOKBACK_MINUTES },
  ])('$name', ({ watermark, minutes }) => {
    expect(repairLookbackMinutes(NOW, watermark)).toBe(minutes);
  });
});

describe('repairJql', () => {
  it.each([
    { minutes: 15, projects: null, jql: 'updated >= -15m ORDER BY updated ASC' },
    { minutes: 15, projects: ['SUP', 'OPS'], jql: 'updated >= -15m AND project in ("SUP", "OPS") ORDER BY updated ASC' },
    { minutes: 0.2, projects: ['SUP'], jql: 'updated >= -1m AND project in ("SUP") ORDER BY updated ASC' },
    { minutes: 15, projects: ['A"B'], jql: 'updated >= -15m AND project in ("AB") ORDER BY updated ASC' },
  ])('$jql', ({ minutes, projects, jql }) => {
    expect(repairJql(minutes, projects)).toBe(jql);
  });

  it('never restricts by resolution: resolved issues are repaired too', () => {
    expect(repairJql(15, null)).not.toMatch(/resolution/i);
  });
});
