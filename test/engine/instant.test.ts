import { buildCalendar } from '../../src/engine/build-calendar';
import { assertInstant } from '../../src/engine/instant';

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
