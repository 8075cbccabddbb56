/** The gadget's one figure, pure so it is unit-tested in Node. */
import type { GetOutcomeReportOk } from '../../src/contracts/reports';

/**
 * met ÷ (met + breached) × 100 over every metric of a report, one decimal; null when none was decided.
 * @example overallCompliance(report with firstResponse 3 met/1 breached and resolution 2/3) //=> 55.6
 */
export function overallCompliance(report: GetOutcomeReportOk): number | null {
  const met = report.metrics.reduce((sum, m) => sum + m.met, 0);
  const breached = report.metrics.reduce((sum, m) => sum + m.breached, 0);
  return met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10;
}
