/**
 * The only place the Forge adapters read the time. Tests and the sandbox control `currentInstant()` by faking
 * `Date` (`@sinonjs/fake-timers`, `toFake: ['Date']`); `elapsedMs()` is monotonic and is used only for the
 * invocation's own time budget, so a frozen fake clock never makes work look instantaneous or endless.
 */
import { performance } from 'node:perf_hooks';

/**
 * The current instant in epoch milliseconds (the business clock the engine evaluates against).
 *
 * @example
 * new Date(currentInstant()).toISOString() //=> "2026-11-22T03:00:00.000Z" (whatever now is)
 */
export function currentInstant(): number {
  return Date.now();
}

/** A monotonic reading in milliseconds for measuring how much of an invocation's budget is spent. */
export function monotonicMs(): number {
  return performance.now();
}

/** A time budget for one invocation: `remainingMs()` never goes below 0; `expired()` once nothing is left. */
export interface Budget {
  remainingMs(): number;
  expired(): boolean;
}

/**
 * A budget of `totalMs` on the monotonic clock, starting now; it expires once `totalMs` have passed (inclusive).
 *
 * @example
 * const budget = startBudget(20_000); budget.remainingMs() //=> ≈ 20000
 */
export function startBudget(totalMs: number): Budget {
  const end = monotonicMs() + totalMs;
  return {
    remainingMs: () => Math.max(0, end - monotonicMs()),
    expired: () => monotonicMs() >= end,
  };
}

let sleeper: ((ms: number) => Promise<void>) | null = null;

/**
 * Replaces real waiting, e.g. by a sandbox whose fake clock should move forward by the Retry-After the client waits
 * out (the emulator's rate limits follow that clock); `null` restores real timers.
 */
export function useSleeper(replacement: ((ms: number) => Promise<void>) | null): void {
  sleeper = replacement;
}

/** Resolves after `ms` milliseconds of real time (timers are never faked by the test shim), or as `useSleeper` says. */
export function sleep(ms: number): Promise<void> {
  if (sleeper) return sleeper(ms);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
