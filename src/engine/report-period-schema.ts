/**
 * The report period as the report resolvers accept it: zod only, so src/contracts (which static/ bundles) can
 * share it without pulling luxon in; report-period.ts turns it into instants.
 */
import * as z from 'zod';

export const reportPeriodSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('month'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'give the month as YYYY-MM, e.g. 2026-03') })
    .strict(),
  z
    .object({ kind: z.literal('quarter'), quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'give the quarter as YYYY-Qn, e.g. 2026-Q1') })
    .strict(),
  z
    .object({
      kind: z.literal('range'),
      /** first day, inclusive (YYYY-MM-DD) */
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'give the first day as YYYY-MM-DD'),
      /** last day, inclusive (YYYY-MM-DD) */
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'give the last day as YYYY-MM-DD'),
    })
    .strict(),
]);
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;
