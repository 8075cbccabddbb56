/**
 * The cycles each preset's seed implies (the preset's "Cycles" comment says which and why): BytezTech acknowledges
 * every escalation request, Businessmap and essensys run the resolution again on a reopened issue; first responses
 * run once everywhere. Instants in UTC with the wall time in a comment; BytezTech and Businessmap count Mon–Fri
 * business hours (America/New_York, Europe/Sofia).
 */
import { evaluate, listPresets, loadPreset } from '../../src/engine';

const PRESET_IDS = listPresets().map((preset) => preset.id);
import { AGENT, buildIssue, withComment, withLabelAdded, withLabelRemoved, withReopen, withResolution } from '../builders/jira-issue';

function metricOf(preset: string, issue: unknown, now: string, id: string, acknowledgedAt: string[] = []) {
  const found = evaluate(loadPreset(preset), issue, Date.parse(now), { acknowledgedAt }).metrics.find((metric) => metric.id === id);
  if (!found) throw new Error(`${preset} has no metric ${id}`);
  return found;
}

describe('preset cycles', () => {
  it('BytezTech: an escalation requested again after its acknowledgment is a second cycle', () => {
    let issue = buildIssue({ created: '2026-11-16T14:00:00Z', priority: 'Highest' }); // Mon 09:00 EST
    issue = withLabelAdded(issue, '2026-11-16T15:00:00Z', 'escalation-requested'); // Mon 10:00
    issue = withComment(issue, { at: '2026-11-16T15:30:00Z', by: AGENT }); // Mon 10:30: a reply is no acknowledgment
    issue = withLabelRemoved(issue, '2026-11-16T17:00:00Z', 'escalation-requested'); // Mon 12:00
    issue = withLabelAdded(issue, '2026-11-16T18:00:00Z', 'escalation-requested'); // Mon 13:00: asked again
    // Acknowledged in the panel Mon 11:00.
    const ack = metricOf('byteztech', issue, '2026-11-16T19:00:00Z', 'escalationAck', ['2026-11-16T16:00:00Z']); // Mon 14:00
    expect(ack).toMatchObject({ cycle: 2, status: 'running', startedAt: '2026-11-16T18:00:00.000Z', elapsedMinutes: 60 });
    expect(ack.pastCycles).toMatchObject([
      {
        status: 'met',
        startedAt: '2026-11-16T15:00:00.000Z',
        stoppedAt: '2026-11-16T16:00:00.000Z',
        reason: { stopped: 'acknowledged in the SLA panel' },
      },
    ]);
    // The first response does not repeat.
    expect(metricOf('byteztech', issue, '2026-11-16T19:00:00Z', 'firstResponse')).toMatchObject({ cycle: 1, pastCycles: [] });
  });

  it.each(['businessmap', 'essensys'])('%s: a reopened issue starts a new resolution cycle', (preset) => {
    let issue = buildIssue({ created: '2026-11-16T10:00:00Z' }); // Mon
    issue = withResolution(issue, '2026-11-16T12:00:00Z');
    issue = withReopen(issue, '2026-11-17T10:00:00Z'); // Tue
    const resolution = metricOf(preset, issue, '2026-11-17T11:00:00Z', 'resolution');
    expect(resolution).toMatchObject({ cycle: 2, startedAt: '2026-11-17T10:00:00.000Z', stoppedAt: null });
    expect(resolution.pastCycles).toMatchObject([
      { cycle: 1, stoppedAt: '2026-11-16T12:00:00.000Z', reason: { stopped: 'resolved (Done)' } },
    ]);
  });

  it.each(PRESET_IDS.filter((id) => !['businessmap', 'essensys'].includes(id)))('%s: nothing repeats on a reopen', (preset) => {
    let issue = buildIssue({ created: '2026-11-16T10:00:00Z' });
    issue = withResolution(issue, '2026-11-16T12:00:00Z');
    issue = withReopen(issue, '2026-11-17T10:00:00Z');
    for (const metric of evaluate(loadPreset(preset), issue, Date.parse('2026-11-17T11:00:00Z')).metrics) {
      expect({ id: metric.id, cycle: metric.cycle <= 1 }).toEqual({ id: metric.id, cycle: true });
    }
  });
});
