import fc from 'fast-check';
import { buildCalendar } from '../../src/engine/build-calendar';
import { assertInstant, isoInstant } from '../../src/engine/instant';

describe('assertInstant', () => {
  it.each([0, -1, Date.parse('2026-11-20T10:15:30Z'), 8.64e15])('accepts %p', (ms) => {
    expect(() => assertInstant(ms, 'now')).not.toThrow();
  });

  const refused: Array<[unknown, string]> = [
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    ['2026-11-20T10:15:30Z', '2026-11-20T10:15:30Z'],
    [undefined, 'undefined'],
  ];
  it.each(refused)('refuses %p, naming the parameter and the value', (ms, shown) => {
    expect(() => assertInstant(ms as number, 'start')).toThrow(
      new RangeError(`start must be an instant in epoch milliseconds, got ${shown}.`),
    );
  });

  it('is the guard the calendar uses, with the calendar method parameter named', () => {
    const calendar = buildCalendar({ id: 'office', timeZone: 'UTC', week: { 'mon-fri': ['09:00-17:00'] } });
    expect(() => calendar.businessTimeBetween(0, Number.NaN)).toThrow(/^toMs must be an instant in epoch milliseconds, got NaN\.$/);
  });
});

describe('isoInstant', () => {
  it('writes what toISOString writes, also for instants that share a memo slot or repeat', () => {
    // Instants a second apart, a whole number of memo sizes apart and sub-second ones: clashes and repeats.
    const instants = fc.oneof(
      fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
      fc.integer({ min: 0, max: 20 }).map((n) => Date.parse('2026-11-01T05:59:59.999Z') + n * 4096 * 1000),
      fc.constantFrom(0, -0, 0.5, -1, 1_795_169_730_000, 1_795_169_730_001),
    );
    fc.assert(
      fc.property(fc.array(instants, { minLength: 1, maxLength: 50 }), (list) => {
        for (const ms of [...list, ...list.reverse()]) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { seed: 4096, numRuns: 500 },
    );
  });

  it('throws as toISOString does for what is not an instant', () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) expect(() => isoInstant(ms)).toThrow(RangeError);
  });
});
