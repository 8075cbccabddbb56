/**
 * How long outcome records are kept: as long as a report can still show their period. The trend shows at most 24
 * months (MAX_TREND_MONTHS), ending in the current month or any earlier one; 24 complete months
 * before the current one plus the current month is 25 calendar months, which also covers the 12-month default trend
 * and the quarterly review (its quarter and the quarter before: at most 9 months back) and a date range of up to 731 days that ends today. Months are delimited in the
 * reader's IANA zone, so the cutoff is the earliest instant any zone's 25-month window can start.
 */

import { MAX_TREND_MONTHS } from './report-period';

/** Calendar months of outcomes the reports can show: the current month and the 24 before it (25). */
export const OUTCOME_RETENTION_MONTHS = MAX_TREND_MONTHS + 1;

/** The most a zone's wall clock runs ahead of UTC (Pacific/Kiritimati, +14:00) and behind it (−12:00), in ms. */
const MAX_AHEAD_MS = 14 * 3_600_000;
const MAX_BEHIND_MS = 12 * 3_600_000;

/**
 * The instant (epoch ms) before which a decided outcome can no longer appear in any report: the start of the
 * calendar month 24 months before the current one, taken in the zone where that start comes earliest. Records
 * decided and started before it (exclusive bound: a record at exactly the cutoff is kept) may be deleted.
 * The current month is the one of the zone furthest behind UTC, and its start is moved back by the zone furthest
 * ahead, so no zone's window begins before the cutoff.
 *
 * @example
 * // Wednesday 2 December 2026, 10:00 UTC: the window starts with December 2024 in every zone
 * new Date(outcomeRetentionCutoff(Date.parse('2026-12-02T10:00:00Z'))).toISOString() //=> '2024-11-30T10:00:00.000Z'
 */
export function outcomeRetentionCutoff(now: number): number {
  const behind = new Date(now - MAX_BEHIND_MS);
  return Date.UTC(behind.getUTCFullYear(), behind.getUTCMonth() - (OUTCOME_RETENTION_MONTHS - 1), 1) - MAX_AHEAD_MS;
}
