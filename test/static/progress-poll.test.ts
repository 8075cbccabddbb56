import { FIRST_PROGRESS_POLL_MS, MAX_PROGRESS_POLL_MS, progressPollDelayMs } from '../../static/admin/progress-poll';

describe('progress poll schedule', () => {
  it.each([
    [0, FIRST_PROGRESS_POLL_MS],
    [1, FIRST_PROGRESS_POLL_MS * 1.5],
    [2, FIRST_PROGRESS_POLL_MS * 1.5 * 1.5],
    [50, MAX_PROGRESS_POLL_MS],
    [-3, FIRST_PROGRESS_POLL_MS],
  ])('waits before ask %p: %p ms', (polled, expected) => {
    expect(progressPollDelayMs(polled)).toBe(expected);
  });

  it('never asks more often than once a second, and asks at most 11 times in any minute', () => {
    const starts: number[] = [];
    let at = 0;
    for (let polled = 0; at < 10 * 60_000; polled += 1) {
      at += progressPollDelayMs(polled);
      starts.push(at);
    }
    const busiestMinute = Math.max(...starts.map((start) => starts.filter((t) => t >= start && t < start + 60_000).length));
    expect(busiestMinute).toBeLessThanOrEqual(11);
    expect(Math.min(...starts.map((t, i) => t - (starts[i - 1] ?? 0)))).toBeGreaterThanOrEqual(FIRST_PROGRESS_POLL_MS);
  });
});
