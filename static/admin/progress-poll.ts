/**
 * How often the admin page asks for a recompute job's progress. Each ask costs Forge storage reads (the job record
 * and one page of 20 part records per 20 queue events: at most 21 reads), and Forge allows an installation 4,000
 * read units a minute for everything it does, so the page starts at one ask a second and backs off to one every
 * ten seconds: at most 11 asks (≈ 230 reads) in any minute, whatever the job's size.
 */

export const FIRST_PROGRESS_POLL_MS = 1_000;
export const MAX_PROGRESS_POLL_MS = 10_000;
const BACKOFF_FACTOR = 1.5;

/**
 * The pause before progress ask number `polled + 1` (0-based `polled` = asks already made): 1 s, growing by half
 * each time, capped at 10 s (inclusive).
 *
 * @example
 * progressPollDelayMs(0) //=> 1000
 * progressPollDelayMs(2) //=> 2250
 * progressPollDelayMs(20) //=> 10000
 */
export function progressPollDelayMs(polled: number): number {
  return Math.min(MAX_PROGRESS_POLL_MS, Math.round(FIRST_PROGRESS_POLL_MS * BACKOFF_FACTOR ** Math.max(0, polled)));
}
