/**
 * The CSV export of an incident report's timeline (docs/reports.md, "Incident report"): one row per entry the page
 * shows, in the page's order, with the same figures, so a spreadsheet holds exactly what the timeline table holds.
 * Pure (no DOM): unit-tested in Node, and the browser test compares the downloaded file with the page.
 */
import type { PersonDto } from '../../src/contracts/ladder-resolvers';
import type { IncidentReport } from '../../src/engine/incident-report';
import { csvField } from './report-csv';

/** The columns of every row, in order. */
export const INCIDENT_CSV_COLUMNS = [
  'at',
  'kind',
  'text',
  'actor',
  'notified',
  'used_minutes',
  'paused_minutes',
  'since_previous_minutes',
  'since_created_minutes',
] as const;

/**
 * How the page names an account id or a notified group (`group:<name>`): the person's display name, the id itself
 * when the directory did not return the person.
 * @example personLabel('group:support', new Map()) //=> 'group support'
 */
export function personLabel(accountId: string, people: ReadonlyMap<string, PersonDto>): string {
  if (accountId.startsWith('group:')) return `group ${accountId.slice('group:'.length)}`;
  return people.get(accountId)?.displayName ?? accountId;
}

/**
 * The timeline as CSV (RFC 4180, CRLF line ends, a header row): the entry's instant in ISO UTC, its kind and text,
 * who acted and who was notified (names as the page shows them, several joined with "; "), and its business
 * minutes (used and paused for a cycle's end or breach, since the previous entry, since creation). Texts starting
 * with = + - @ are prefixed with ' (a summary or a status name is customer data a spreadsheet would run).
 * @example incidentCsv(report, people).split('\r\n')[1] //=> '2026-11-16T14:00:00.000Z,created,Created: VPN drops,Casey Customer,,,,0,0'
 */
export function incidentCsv(report: IncidentReport, people: ReadonlyMap<string, PersonDto>): string {
  const lines = [INCIDENT_CSV_COLUMNS.join(',')];
  for (const entry of report.entries) {
    const cells = [
      entry.at,
      entry.kind,
      entry.text,
      entry.actor === null ? null : personLabel(entry.actor, people),
      entry.people.map((id) => personLabel(id, people)).join('; '),
      entry.usedMinutes,
      entry.usedMinutes === null ? null : (entry.pausedMinutes ?? 0),
      entry.sincePreviousMinutes,
      entry.sinceCreatedMinutes,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The file name of an issue's incident CSV.
 * @example incidentCsvFileName(report of SUP-12) //=> 'incident-SUP-12.csv'
 */
export function incidentCsvFileName(report: IncidentReport): string {
  return `incident-${report.issueKey}.csv`;
}
