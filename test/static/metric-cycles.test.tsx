/**
 * The panel's cycles (static/sla-panel/metric-cycles.tsx) on builder-made states: the current cycle's line on the
 * live numbers, the folded history of past cycles with their outcomes, and nothing at all for a metric that ran once.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { PanelView } from '../../static/sla-panel/panel-view';
import { cycleLineWords, inSentence, pastCycleWords } from '../../static/sla-panel/metric-cycles';
import { liveMetric } from '../../static/sla-panel/live';
import type { MetricState } from '../../src/engine/evaluate';
import { completedCycle } from '../builders/completed-cycle';
import { answer, busyState, cyclesState, FIXTURE_NOW } from './fixtures';

const viewer = { timeZone: 'Europe/Berlin', locale: 'en-GB' };
const now = Date.parse(FIXTURE_NOW);

function render(state = cyclesState(), elapsedMs = 0): string {
  const a = answer(state);
  if (a.state === null) throw new Error('fixture without state');
  return renderToStaticMarkup(<PanelView answer={{ ...a, state: a.state }} elapsedMs={elapsedMs} viewer={viewer} />);
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

const nextReply = (): MetricState => cyclesState().metrics.find((m) => m.id === 'nextReply')!;

describe('the current cycle line', () => {
  it('names the cycle and the metric with the time left, as the issue asks ("cycle 3 of next reply: 1h 10m left")', () => {
    expect(cycleLineWords(liveMetric(nextReply(), now, 0))).toBe('cycle 3 of next reply: 1h 10m left');
    expect(text(render())).toContain('Cycle 3 of next reply: 1h 10m left');
  });

  it('counts down on the live clock of a 24x7 target, then says how late', () => {
    expect(cycleLineWords(liveMetric(nextReply(), now, 40 * 60_000))).toBe('cycle 3 of next reply: 30m left');
    expect(cycleLineWords(liveMetric(nextReply(), now, 70 * 60_000))).toBe('cycle 3 of next reply: due now');
    expect(cycleLineWords(liveMetric(nextReply(), now, 85 * 60_000))).toBe('cycle 3 of next reply: late by 15m');
    expect(text(render(cyclesState(), 40 * 60_000))).toContain('Cycle 3 of next reply: 30m left');
  });

  it.each([
    ['paused with time left', { status: 'paused', remainingMinutes: 45 }, 'cycle 3 of next reply: paused, 45m left'],
    ['paused when late', { status: 'paused', remainingMinutes: -20 }, 'cycle 3 of next reply: paused, late by 20m'],
    ['met', { status: 'met', remainingMinutes: 30 }, 'cycle 3 of next reply: met'],
    ['breached', { status: 'breached', remainingMinutes: -10 }, 'cycle 3 of next reply: breached'],
  ] as const)('reads %s', (_name, change, words) => {
    const metric = { ...nextReply(), ...change } as MetricState;
    expect(cycleLineWords(liveMetric(metric, now, 0))).toBe(words);
  });

  it('counts a target in days in business days of its calendar', () => {
    const resolution = cyclesState().metrics.find((m) => m.id === 'resolution')!;
    // 960 minutes left of a 2d target on 9h business days.
    expect(cycleLineWords(liveMetric(resolution, now, 0))).toBe('cycle 2 of resolution: 1d 7h left');
  });

  it('is absent for a metric in its first cycle, and the panel of a single-cycle issue has no cycles at all', () => {
    const first = { ...nextReply(), cycle: 1, pastCycles: [] } as MetricState;
    expect(cycleLineWords(liveMetric(first, now, 0))).toBeNull();
    const html = render(busyState());
    expect(html).not.toContain('data-testid="cycles-');
    expect(text(html)).not.toMatch(/cycle/i);
  });

  it('keeps an abbreviation at the start of a label as written', () => {
    expect(inSentence('Next reply')).toBe('next reply');
    expect(inSentence('API uptime')).toBe('API uptime');
    expect(inSentence('X')).toBe('x');
  });
});

describe('the history of past cycles', () => {
  it('lists each past cycle oldest first with start, stop, outcome and why, folded under a summary that counts breaches', () => {
    const html = render();
    const section = html.slice(html.indexOf('data-testid="cycles-nextReply"'));
    expect(section).toMatch(/<details class="cycle-history">/);
    expect(section).not.toMatch(/<details class="cycle-history" open/);
    expect(text(section)).toContain('Past cycles (2): 1 breached');
    const items = [...section.matchAll(/<li [^>]*data-cycle="(\d)" data-status="(\w+)"/g)].map((match) => [match[1], match[2]]);
    expect(items).toEqual([
      ['1', 'met'],
      ['2', 'breached'],
    ]);
    // Cycle 2: Mon 21:00–23:45 UTC is 22:00–00:45 in Berlin; 2h 45m less 15m paused = 2h 30m of 2h.
    expect(text(section)).toContain('Cycle 2 Mon 2 Mar, 22:00 CET → Tue 3 Mar, 00:45 CET : breached: 2h 30m of 2h used, 15m paused');
    expect(text(section)).toContain('(customer commented; public comment by Alex Agent)');
    const resolution = html.slice(html.indexOf('data-testid="cycles-resolution"'), html.indexOf('data-testid="cycles-nextReply"'));
    expect(text(resolution)).toContain('Past cycles (1): all met');
    expect(text(resolution)).toContain('met: 6h of 18h used');
    expect(text(resolution)).toContain('(issue created; resolved (Done))');
  });

  it('words each outcome with the business time used of the target, and says when a cycle had no target', () => {
    const cycle = (partial: Parameters<typeof completedCycle>[0]) => pastCycleWords(completedCycle(partial));
    const start = '2026-03-02T09:00:00Z';
    expect(cycle({ cycle: 1, startedAt: start, stoppedAt: '2026-03-02T09:50:00Z', targetMinutes: 60 })).toBe('met: 50m of 1h used');
    expect(cycle({ cycle: 1, startedAt: start, stoppedAt: '2026-03-02T10:45:00Z', pausedMinutes: 15, targetMinutes: 60 })).toBe(
      'breached: 1h 30m of 1h used, 15m paused',
    );
    expect(cycle({ cycle: 1, startedAt: start, stoppedAt: '2026-03-02T10:00:00Z', targetMinutes: null })).toBe('met: 1h used');
  });
});
