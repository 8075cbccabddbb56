import { JiraSite, startJiraEmulator, type JiraEmulator } from '../../emulator';
import { Faults } from '../../emulator/jira/faults';
import { call } from './helpers';

describe('fault injection', () => {
  let emu: JiraEmulator;
  beforeEach(async () => {
    emu = await startJiraEmulator({ site: new JiraSite() });
  });
  afterEach(async () => emu.close());

  async function statuses(n: number): Promise<Array<{ status: number; retryAfter: string | null }>> {
    const out: Array<{ status: number; retryAfter: string | null }> = [];
    for (let i = 0; i < n; i++) {
      const res = await call(emu.baseUrl, 'app', 'GET', '/rest/api/3/myself');
      out.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
    }
    return out;
  }

  it('injects 429 with Retry-After and 5xx at the configured rates, identically for the same seed', async () => {
    emu.faults.set({ status429Rate: 0.2, failRate: 0.3, retryAfterSeconds: 7, seed: 42 });
    const first = await statuses(200);
    emu.faults.set({ seed: 42 });
    const second = await statuses(200);
    expect(second).toEqual(first);
    const count = (pred: (s: { status: number }) => boolean) => first.filter(pred).length;
    expect(count((s) => s.status === 429)).toBeGreaterThan(20);
    expect(count((s) => s.status === 429)).toBeLessThan(60);
    expect(count((s) => s.status >= 500)).toBeGreaterThan(35);
    expect(count((s) => s.status >= 500)).toBeLessThan(85);
    expect(first.filter((s) => s.status === 429).every((s) => s.retryAfter === '7')).toBe(true);
    expect(emu.calls.filter((c) => c.fault)).toHaveLength(2 * first.filter((s) => s.status !== 200).length);

    emu.faults.set({ seed: 43 });
    expect(await statuses(200)).not.toEqual(first);
    emu.faults.clear();
    expect((await statuses(50)).every((s) => s.status === 200)).toBe(true);
    expect(emu.specViolations).toEqual([]);
  });

  it('slows responses by up to latencyMs', async () => {
    emu.faults.set({ latencyMs: 40, seed: 3 });
    const started = performance.now();
    await statuses(10);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(60);
    emu.faults.clear();
  });

  it('duplicates and reorders event batches deterministically for a seed', () => {
    const shape = (seed: number) => {
      const f = new Faults();
      f.set({ duplicateEvents: 0.3, reorderEvents: true, seed });
      return f.shapeEvents(Array.from({ length: 40 }, (_, i) => i));
    };
    const a = shape(5);
    expect(shape(5)).toEqual(a);
    expect(shape(6)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(40);
    expect(new Set(a)).toEqual(new Set(Array.from({ length: 40 }, (_, i) => i)));
    expect(a.slice(0, 40)).not.toEqual(Array.from({ length: 40 }, (_, i) => i));
    const plain = new Faults();
    expect(plain.shapeEvents([1, 2, 3])).toEqual([1, 2, 3]);
  });
});
