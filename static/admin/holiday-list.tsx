/**
 * The holidays each calendar of the policy in force observes in a year (the getHolidays resolver, the same list
 * as `sla holidays`), with where each comes from: date-holidays, the policy's own additions, or one of its rules.
 * An admin checks here that the calendar matches the law before trusting a due date.
 */
import { useEffect, useState } from 'react';
import type { GetHolidaysOk, PolicyScope } from '../../src/contracts/resolvers';
import { callResolver, isResolverError } from '../shared/api';

type Holiday = GetHolidaysOk['calendars'][number]['holidays'][number];

const FIRST_YEAR = 1970;
const LAST_YEAR = 2200;

/** "Mon 28 Dec" for a local ISO date, in the viewer's locale (the date is a calendar date, not an instant). */
function dayLabel(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Where a holiday comes from, in words. */
export function holidayOrigin(holiday: Holiday, locale: string): string {
  if (holiday.source === 'library') return 'date-holidays';
  if (holiday.source === 'added') return 'added by the policy';
  return holiday.movedFrom ? `rule: moved from ${dayLabel(holiday.movedFrom, locale)}` : 'rule';
}

export function HolidayList({ scope, version, locale }: { scope: PolicyScope; version: number | null; locale: string }) {
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [answer, setAnswer] = useState<GetHolidaysOk | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scopeText = JSON.stringify(scope);

  useEffect(() => {
    if (version === null) {
      setAnswer(null);
      setError(null);
      return;
    }
    let current = true;
    void callResolver('getHolidays', { scope: JSON.parse(scopeText) as PolicyScope, year }).then((result) => {
      if (!current) return;
      if (isResolverError(result)) {
        setAnswer(null);
        setError(result.message);
      } else {
        setAnswer(result);
        setError(null);
      }
    });
    return () => {
      current = false;
    };
  }, [scopeText, version, year]);

  return (
    <section className="card" aria-labelledby="holidays-h" data-testid="holiday-list">
      <h2 id="holidays-h">Holidays</h2>
      <p className="subtle">
        Days the policy in force does not count, per calendar. Correct them in the policy with <code>add</code>, <code>remove</code> and{' '}
        <code>rules</code> under a calendar&apos;s <code>holidays</code>.
      </p>
      <div className="row">
        <button type="button" className="button" aria-label="Previous year" disabled={year <= FIRST_YEAR} onClick={() => setYear(year - 1)}>
          ‹
        </button>
        <label>
          <span className="field-label">Year</span>
          <input
            type="number"
            min={FIRST_YEAR}
            max={LAST_YEAR}
            value={year}
            data-testid="holiday-year"
            onChange={(event) => {
              const next = Number(event.target.value);
              if (Number.isInteger(next) && next >= FIRST_YEAR && next <= LAST_YEAR) setYear(next);
            }}
          />
        </label>
        <button type="button" className="button" aria-label="Next year" disabled={year >= LAST_YEAR} onClick={() => setYear(year + 1)}>
          ›
        </button>
      </div>
      {version === null ? <p className="subtle">No policy is saved for this scope yet.</p> : null}
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      {answer && answer.calendars.length === 0 ? <p className="subtle">No calendar of this policy has holidays.</p> : null}
      {answer?.calendars.map((calendar) => (
        <div key={calendar.id} className="holiday-calendar" data-calendar={calendar.id}>
          <h3>
            {calendar.id}{' '}
            <span className="subtle">
              ({calendar.timeZone}
              {calendar.basis ? ` · ${calendar.basis}` : ''})
            </span>
          </h3>
          {calendar.holidays.length === 0 ? (
            <p className="subtle">No holidays in {answer.year}.</p>
          ) : (
            <table>
              <caption className="sr-only">
                Holidays of {calendar.id} in {answer.year}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Holiday</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {calendar.holidays.map((holiday) => (
                  <tr key={`${holiday.date}|${holiday.name}|${holiday.source}`} data-source={holiday.source}>
                    <th scope="row">
                      <time dateTime={holiday.date}>{dayLabel(holiday.date, locale)}</time>
                    </th>
                    <td>{holiday.name}</td>
                    <td>{holidayOrigin(holiday, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
