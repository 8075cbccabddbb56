/**
 * The sandbox's controllable clock: fakes `Date` only (@sinonjs/fake-timers `toFake: ['Date']`), so the app's
 * `Date.now()` and the emulator's timestamps follow it while real timers, sockets and promises keep working.
 */
import FakeTimers from '@sinonjs/fake-timers';

export interface SandboxClock {
  now(): number;
  set(iso: string): void;
  advance(ms: number): void;
  uninstall(): void;
}

export function installClock(startIso: string): SandboxClock {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new Error(`Clock start "${startIso}" is not an ISO date-time; use e.g. 2026-03-02T09:00:00Z.`);
  const fake = FakeTimers.install({ now: start, toFake: ['Date'], shouldAdvanceTime: false });
  return {
    now: () => Date.now(),
    set(iso: string) {
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) throw new Error(`clock.set("${iso}"): not an ISO date-time.`);
      fake.setSystemTime(ms);
    },
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`clock.advance(${ms}): give a non-negative number of milliseconds.`);
      fake.setSystemTime(Date.now() + ms);
    },
    uninstall: () => fake.uninstall(),
  };
}
