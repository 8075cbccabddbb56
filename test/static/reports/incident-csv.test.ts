/**
 * The incident timeline's CSV (static/reports/incident-csv.ts): one row per entry of a real report (engine-built on
 * the incident policy's New York calendar), RFC 4180 quoting, CRLF line ends, formula-looking cells defused.
 */
import type { PersonDto } from '../../../src/contracts/ladder-resolvers';
import { evaluate } from '../../../src/engine/evaluate';
import { incidentReport, type IncidentAuditRecord } from '../../../src/engine/incident-report';
import { INCIDENT_CSV_COLUMNS, incidentCsv, incidentCsvFileName } from '../../../static/reports/incident-csv';
import { incidentPolicy } from '../../builders/incident-policy';
import { AGENT, buildIssue, withComment, withStatusChange } from '../../builders/jira-issue';
import { parseCsv } from '../../support/parse-csv';

const policy = incidentPolicy();

// Created Mon 2026-11-16 09:00 EST with a summary holding a comma and quotes, waiting for the customer 10:00–11:00,
// answered 11:30; a notice to the agent and a group at 12:00; reported at 13:00.
function answer() {
  let issue = buildIssue({ key: 'SUP-7', created: '2026-11-16T14:00:00Z', summary: 'VPN "drops", again' }); // Mon 09:00
  issue = withStatusChange(issue, '2026-11-16T15:00:00Z', 'Open', 'Waiting for customer'); // Mon 10:00
  issue = withStatusChange(issue, '2026-11-16T16:00:00Z', 'Waiting for customer', 'In Progress'); // Mon 11:00
  issue = withComment(issue, { at: '2026-11-16T16:30:00Z', by: AGENT }); // Mon 11:30
  const audit: IncidentAuditRecord[] = [
    {
      type: 'notice',
      kind: 'warning',
      channel: 'email',
      status: 'sent',
      level: 0,
      levelLabel: null,
      metricId: 'resolution',
      claimedAt: '2026-11-16T17:00:00.000Z',
      sentAt: '2026-11-16T17:00:00.000Z',
      recipients: [
        { kind: 'user', accountId: AGENT },
        { kind: 'group', name: 'support' },
      ],
      note: null,
    },
  ];
  const now = Date.parse('2026-11-16T18:00:00Z'); // Mon 13:00
  return incidentReport({ policy, issue, state: evaluate(policy, issue, now), audit, now });
}

// The agent's display name starts with @ and the reporter's with =: a spreadsheet would run both as formulas.
const people = new Map<string, PersonDto>([
  [AGENT, { accountId: AGENT, displayName: '@Alex Agent', avatarUrl: null }],
  ['customer-1', { accountId: 'customer-1', displayName: '=Casey, "C"', avatarUrl: null }],
]);

describe('incidentCsv', () => {
  test('a header and one row per entry, in the page order, with the entry figures', () => {
    const report = answer();
    const rows = parseCsv(incidentCsv(report, people));
    expect(Object.keys(rows[0]!)).toEqual([...INCIDENT_CSV_COLUMNS]);
    expect(rows.map((row) => [row.at, row.kind, row.since_previous_minutes, row.since_created_minutes])).toEqual([
      ['2026-11-16T14:00:00.000Z', 'created', '0', '0'], // Mon 09:00
      ['2026-11-16T14:00:00.000Z', 'cycleStarted', '0', '0'],
      ['2026-11-16T14:00:00.000Z', 'cycleStarted', '0', '0'],
      ['2026-11-16T15:00:00.000Z', 'status', '60', '60'], // Mon 10:00
      ['2026-11-16T15:00:00.000Z', 'pauseBegan', '0', '60'],
      ['2026-11-16T16:00:00.000Z', 'status', '60', '120'], // Mon 11:00
      ['2026-11-16T16:00:00.000Z', 'pauseEnded', '0', '120'],
      ['2026-11-16T16:30:00.000Z', 'cycleMet', '30', '150'], // Mon 11:30: first response used 9–10 + 11–11:30
      ['2026-11-16T17:00:00.000Z', 'notified', '30', '180'], // Mon 12:00
    ]);
    expect(rows.find((row) => row.kind === 'cycleMet')).toMatchObject({ used_minutes: '90', paused_minutes: '60' });
    expect(rows.find((row) => row.kind === 'status')).toMatchObject({ text: 'Status Open → Waiting for customer', used_minutes: '' });
    expect(rows.map((row) => row.text)).toEqual(report.entries.map((entry) => entry.text));
  });

  test('names as the page shows them, quoted per RFC 4180 with CRLF line ends, formula-looking cells prefixed with an apostrophe', () => {
    const text = incidentCsv(answer(), people);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(text);
    expect(rows[0]).toMatchObject({ text: 'Created: VPN "drops", again', actor: '\'=Casey, "C"' });
    expect(text.split('\r\n')[1]).toBe('2026-11-16T14:00:00.000Z,created,"Created: VPN ""drops"", again","\'=Casey, ""C""",,,,0,0');
    expect(rows.find((row) => row.kind === 'status')?.actor).toBe("'@Alex Agent");
    expect(rows.find((row) => row.kind === 'notified')?.notified).toBe("'@Alex Agent; group support");
  });

  test('an account the directory did not return is written as its id', () => {
    const rows = parseCsv(incidentCsv(answer(), new Map()));
    expect(rows.find((row) => row.kind === 'status')?.actor).toBe(AGENT);
    expect(incidentCsvFileName(answer())).toBe('incident-SUP-7.csv');
  });
});
