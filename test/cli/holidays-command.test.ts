import { runCli, type CliIo } from '../../src/cli/run-cli';
import { TEST_POLICY_YAML } from '../builders/test-policy';

function run(argv: string[], files: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: () => '',
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    now: () => Date.parse('2026-11-23T15:00:00Z'),
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr };
}

/** The test policy with one more calendar that corrects Croatia's list: one date removed, one added, one rule. */
const corrected = TEST_POLICY_YAML.replace(
  'calendars:\n',
  `calendars:
  - id: office
    timeZone: Europe/Zagreb
    week: { mon-fri: ["09:00-17:00"] }
    holidays:
      country: HR
      remove: [{ date: "2027-01-06", name: "Epiphany (office open)" }]
      add: [{ date: "12-24", name: "Christmas Eve (office closed)" }]
      rules: [{ moveTo: nextWorkingDay, from: [sat, sun], only: ["National Day"] }]
`,
);

describe('sla holidays', () => {
  it("lists a preset calendar's holidays of a year with their names and where each comes from", () => {
    const result = run(['holidays', '--policy', 'businessmap', '--year', '2027']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('policy businessmap · calendar office (Europe/Sofia) · 2027 · BG public, 1 added, 1 rule');
    expect(lines.find((line) => line.startsWith('2027-05-04'))).toMatch(
      /^2027-05-04\s+Tue\s+Labour Day\s+rule \(moved from Sat 2027-05-01\)$/,
    );
    expect(lines.find((line) => line.startsWith('2027-12-26'))).toMatch(/Christmas \(26 December\)\s+added$/);
    expect(lines.find((line) => line.startsWith('2027-01-01'))).toMatch(/New Year's Day\s+library$/);
  });

  it('answers JSON for one calendar with --json, in any year (the CLI reads the library, not stored tables)', () => {
    const result = run(['holidays', '--policy', 'byteztech', '--calendar', 'us-business', '--year', '2045', '--json']);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      policy: string;
      year: number;
      calendars: Array<{ id: string; holidays: Array<{ date: string; source: string; movedFrom?: string }> }>;
    };
    expect(answer.policy).toBe('byteztech');
    expect(answer.calendars.map((calendar) => calendar.id)).toEqual(['us-business']);
    // Veterans Day 2045 is a Saturday: the rule observes it on Friday 10 November.
    expect(answer.calendars[0]?.holidays).toContainEqual({
      date: '2045-11-10',
      name: 'Veterans Day',
      source: 'rule',
      movedFrom: '2045-11-11',
    });
  });

  it("applies a policy file's removals, additions and rules, and lists only calendars with holidays", () => {
    const result = run(['holidays', '--policy', './corrected.yaml', '--year', '2027', '--json'], { './corrected.yaml': corrected });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      calendars: Array<{ id: string; holidays: Array<{ date: string; name: string; source: string }> }>;
    };
    expect(answer.calendars.map((calendar) => calendar.id)).toEqual(['office']);
    const holidays = answer.calendars[0]?.holidays ?? [];
    expect(holidays.some((holiday) => holiday.date === '2027-01-06')).toBe(false);
    expect(holidays).toContainEqual({ date: '2027-12-24', name: 'Christmas Eve (office closed)', source: 'added' });
    // National Day (Statehood Day, 30 May) 2027 is a Sunday: moved to Monday 31 May.
    expect(holidays.filter((holiday) => holiday.source === 'rule').map((holiday) => holiday.date)).toEqual(['2027-05-31']);
  });

  it.each([
    [['holidays', '--policy', 'businessmap'], 'sla: --year is required'],
    [
      ['holidays', '--policy', 'businessmap', '--year', '26'],
      "sla: --year '26' is not a year; give one from 1970 to 2200, e.g. --year 2026",
    ],
    [
      ['holidays', '--policy', 'businessmap', '--year', '2026', '--calendar', 'ofice'],
      "sla: unknown calendar 'ofice' (did you mean 'office'?); choose one of: 24x7, office",
    ],
  ])('refuses %j with one line', (argv, message) => {
    const result = run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(message);
  });

  it('reports an unknown country of a policy file at its line', () => {
    const bad = corrected.replace('country: HR', 'country: XX');
    const line = bad.split('\n').findIndex((text) => text.includes('country: XX')) + 1;
    const result = run(['validate', './bad.yaml'], { './bad.yaml': bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`./bad.yaml:${line}:7: calendars[0].holidays.country: "XX" is not a date-holidays country`);
  });
});
