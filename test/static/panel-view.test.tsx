import { renderToStaticMarkup } from 'react-dom/server';
import { announcement, historyLines, PanelMessage, PanelView } from '../../static/sla-panel/panel-view';
import { compareClockEvents } from '../../src/engine/sla-rules';
import { liveMetrics } from '../../static/sla-panel/live';
import { answer, breachedState, busyState, fixtureMetric, FIXTURE_NOW, pausedState } from './fixtures';

const viewer = { timeZone: 'Europe/Berlin', locale: 'en-GB' };

function render(state = busyState(), elapsedMs = 0, as = viewer): string {
  const a = answer(state);
  if (a.state === null) throw new Error('fixture without state');
  return renderToStaticMarkup(<PanelView answer={{ ...a, state: a.state }} elapsedMs={elapsedMs} viewer={as} />);
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('SLA panel view', () => {
  it('shows priority, plan and why, one row per metric and the summary', () => {
    const out = text(render());
    expect(out).toContain('Critical (P1)');
    expect(out).toContain('Premium plan');
    expect(out).toContain('rule outage-words');
    expect(out).toContain('At risk');
    expect(out).toContain('30m time left');
    expect(out).toContain('1d 7h business time left of 2d');
    expect(render().match(/data-metric=/g)).toHaveLength(3);
  });

  it('prints due instants in the viewer zone and the calendar zone when they differ', () => {
    const out = text(render());
    // Resolution due 2026-03-05T14:00Z: 15:00 in Berlin, 09:00 in New York.
    expect(out).toMatch(/Due Thu 5 Mar, 15:00 CET \(Thu 5 Mar, 09:00 (EST|GMT-5)\)/);
  });

  it("prints a target's due instant in its own calendar's zone, not the issue's", () => {
    // Workaround is on 24x7 (UTC) in a New York policy: due 2026-03-03T14:30Z is 15:30 in Berlin, 14:30 UTC.
    const out = text(render());
    expect(out).toMatch(/Due Tue 3 Mar, 15:30 CET \(Tue 3 Mar, 14:30 UTC\)/);
    expect(out).not.toMatch(/Due Tue 3 Mar, 15:30 CET \(Tue 3 Mar, 09:30/);
  });

  it('exposes progress bars with values and a polite live region', () => {
    const html = render();
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="80"');
    expect(html).toContain('aria-live="polite"');
  });

  it('highlights the current escalation level and says when the next is reached', () => {
    const html = render();
    expect(html).toMatch(/class="step step-current step-reached"[^>]*aria-current="step"[^>]*data-level="1"/);
    expect(text(html)).toContain('next: Account Manager at Tue 3 Mar, 17:00 CET');
    // Who each level goes to, in words rather than the policy's role id; not repeated when it is the label.
    const state = busyState();
    state.escalation.ladder[2]!.contact = 'executiveOffice';
    const out = text(render(state));
    expect(out).toContain('Executive Management → executive office');
    expect(out).not.toContain('executiveOffice');
    expect(out).toContain('Account Manager next, at');
    expect(out).not.toContain('→ account manager');
  });

  it('lists clock history in time order', () => {
    const out = text(render());
    const started = out.indexOf('First response, Workaround and Resolution started');
    const paused = out.indexOf('Resolution paused');
    const met = out.indexOf('First response met');
    expect(started).toBeGreaterThan(-1);
    expect(met).toBeGreaterThan(started);
    expect(paused).toBeGreaterThan(met);
  });

  it('shows a pause with its reason', () => {
    const out = text(render(pausedState()));
    expect(out).toMatch(/Paused since Tue 3 Mar, 14:50 CET ?: Waiting for customer/);
    expect(out).toContain('paused with 1d 7h business time left of 2d');
    expect(out).not.toContain('At risk');
  });

  it('shows a breach with when and how much overdue', () => {
    const out = text(render(breachedState()));
    expect(out).toContain('Breached Tue 3 Mar, 15:30 CET');
    expect(out).toContain('late by 2h 15m (target 2h 30m)');
    expect(out).not.toContain('late by 2h 15m of');
  });

  it('counts down live from the answer', () => {
    expect(text(render(busyState(), 20 * 60_000))).toContain('10m time left');
  });

  it('says breached, not on track, once a live clock passes its due instant', () => {
    const out = text(render(busyState(), 35 * 60_000));
    expect(out).toContain('Workaround Breached late by 5m (target 2h 30m)');
    expect(out).not.toContain('Workaround On track');
    expect(render(busyState(), 35 * 60_000)).toContain('data-status="breached"');
  });

  it('announces coarse, not per-minute, changes', () => {
    const state = busyState();
    const metrics = liveMetrics(state, Date.parse(FIXTURE_NOW), 2 * 60_000);
    expect(announcement('at risk', metrics)).toBe('SLA at risk. Workaround: 30m time left of 2h 30m.');
  });

  it('has designed loading, no-policy and error states', () => {
    expect(renderToStaticMarkup(<PanelMessage kind="loading" />)).toContain('aria-busy="true"');
    expect(text(renderToStaticMarkup(<PanelMessage kind="no-policy" />))).toContain('No SLA policy applies to this project');
    const error = renderToStaticMarkup(<PanelMessage kind="error" message="Jira said no" onRetry={() => undefined} />);
    expect(error).toContain('role="alert"');
    expect(text(error)).toContain('Jira said no');
    expect(text(error)).toContain('Try again');
  });

  it('says when a met target was met', () => {
    // First response met at 12:20 UTC = 13:20 in Berlin.
    expect(text(render())).toContain('Met Tue 3 Mar, 13:20 CET');
  });

  it("prints the calendar zone only when its wall clock differs from the viewer's", () => {
    const out = text(render(busyState(), 0, { timeZone: 'America/New_York', locale: 'en-GB' }));
    expect(out).toMatch(/Due Thu 5 Mar, 09:00 (EST|GMT-5)/);
    expect(out).not.toMatch(/Due Thu 5 Mar, 09:00 (EST|GMT-5) \(/);
  });

  it('does not repeat a priority id that only differs from its label in case', () => {
    const state = busyState();
    state.priority = { ...state.priority, id: 'high', label: 'High' };
    const out = text(render(state));
    expect(out).toContain('High Premium plan');
    expect(out).not.toContain('(high)');
  });

  it('merges the same clock event of several metrics into one history line, starts before stops', () => {
    const state = pausedState();
    const since = '2026-03-03T13:50:00.000Z';
    state.metrics = state.metrics.map((m) =>
      m.status === 'paused'
        ? { ...m, history: [...m.history, { kind: 'paused' as const, at: since, reason: 'status Waiting for customer' }] }
        : m,
    );
    const out = text(render(state));
    expect(out).toContain('Workaround and Resolution paused (status Waiting for customer)');
    expect(out.match(/paused \(status Waiting for customer\)/g)).toHaveLength(2); // the 12:30 pause and the merged one
    const lines = historyLines(state.metrics);
    expect(lines[0]).toMatchObject({ kind: 'started', metrics: ['First response', 'Workaround', 'Resolution'] });
    // A met and a start at the same instant: the start comes first whatever the metric order.
    const sameInstant = historyLines([
      { ...state.metrics[0]!, label: 'A', history: [{ kind: 'met', at: since, reason: 'x' }] },
      { ...state.metrics[1]!, label: 'B', history: [{ kind: 'started', at: since, reason: 'y' }] },
    ]);
    expect(sameInstant.map((l) => l.kind)).toEqual(['started', 'met']);
  });

  it('orders events at one instant by the engine rule, whatever the metric order', () => {
    const state = pausedState();
    const since = '2026-03-03T13:50:00.000Z';
    const kinds = ['met', 'breached', 'paused', 'resumed', 'started'] as const;
    const lines = historyLines(
      kinds.map((kind, index) => ({ ...state.metrics[0]!, label: `M${index}`, history: [{ kind, at: since, reason: kind }] })),
    );
    const byEngine = [...kinds].sort((a, b) => compareClockEvents({ ms: 0, kind: a }, { ms: 0, kind: b }));
    expect(lines.map((line) => line.kind)).toEqual(byEngine);
    expect(byEngine[0]).toBe('started');
  });

  it('unfolds a short clock history and folds a long one, still counting its lines', () => {
    expect(render()).toMatch(/<details class="section history" open="">/);
    const state = busyState();
    const resolution = state.metrics.find((m) => m.id === 'resolution')!;
    for (let hour = 15; hour < 19; hour += 1) {
      resolution.history.push(
        { kind: 'paused', at: `2026-03-03T${hour}:00:00.000Z`, reason: 'status Waiting for customer' },
        { kind: 'resumed', at: `2026-03-03T${hour}:30:00.000Z`, reason: 'status In Progress' },
      );
    }
    const html = render(state);
    expect(html).toMatch(/<details class="section history">/);
    expect(text(html)).toContain('Clock history (12)');
  });

  it('leaves metrics without a target out of the clock history', () => {
    const state = busyState();
    state.metrics = state.metrics.map((m) => (m.id === 'workaround' ? fixtureMetric({ ...m, target: null, status: 'none' }) : m));
    const out = text(render(state));
    expect(out).toContain('First response and Resolution started');
    expect(out).not.toContain('Workaround started');
    expect(out).toContain('Workaround No target no target for this plan and priority');
  });

  it('announces business time in the same days as the row shows', () => {
    const state = busyState();
    state.metrics = state.metrics.map((m) => (m.id === 'workaround' ? fixtureMetric({ ...m, status: 'met', atRisk: false }) : m));
    const metrics = liveMetrics(state, Date.parse(FIXTURE_NOW), 0);
    // Resolution: 960 minutes left of a 2d (= 1080 minutes) target, so a business day is 540 minutes.
    expect(text(render(state))).toContain('1d 7h business time left of 2d');
    expect(announcement('on track', metrics)).toBe('SLA on track. Resolution: 1d 7h business time left of 2d.');
  });

  it('says no further level is scheduled when the next level has no instant, instead of naming it as next', () => {
    const state = pausedState();
    state.escalation = { ...state.escalation, next: { ...state.escalation.next!, at: null } };
    state.escalation.ladder[1]!.at = null;
    const wait = { kind: 'paused', level: 2, reason: "status 'Waiting for customer'", since: '2026-03-03T13:50:00.000Z' } as const;
    state.escalationOutlook = {
      ...state.escalationOutlook,
      next: wait,
      levels: state.escalationOutlook.levels.map((l) => (l.level === 2 ? { ...l, wait } : l)),
    };
    const out = text(render(state));
    expect(out).toContain(
      'Level 1: Support Team; level 2 is not scheduled while the clock is paused: status &#x27;Waiting for customer&#x27;',
    );
    expect(out).toContain('Account Manager not scheduled while paused (status &#x27;Waiting for customer&#x27;)');
    expect(out).not.toContain('next: Account Manager');
  });

  it('says which request the next level waits for, and names no level as reached that nobody asked for', () => {
    const state = pausedState();
    state.escalation = { ...state.escalation, level: 0, id: null, label: null, contact: null, since: null };
    state.escalation.ladder = state.escalation.ladder.map((step) => ({ ...step, at: null, reached: false }));
    const wait = { kind: 'request', level: 2, metric: 'Escalation acknowledgment', request: 'label `escalation-requested`' } as const;
    state.escalationOutlook = {
      nextLevel: 2,
      next: wait,
      levels: state.escalationOutlook.levels.map((l) =>
        l.level === 1 ? { ...l, wait: { kind: 'stopped', level: 1, metric: 'First response', status: 'met' } } : { ...l, wait },
      ),
    };
    const html = render(state);
    const out = text(html);
    expect(out).toContain('Not escalated; level 2 waits for an escalation request: label escalation-requested');
    expect(html).toContain('label <code>escalation-requested</code>');
    expect(out).toContain('not reached: First response was met first');
    expect(html).not.toContain('step-reached');
    expect(html).not.toContain('aria-current="step"');
  });

  it('names the calendar behind the targets and what a day means, and shows times on hover in its zone', () => {
    const html = render();
    const out = text(html);
    expect(out).toContain('Business hours: Mon–Fri 09:00–18:00 America/New_York, United States public holidays');
    expect(out).toContain('2d = 2 business days of 9h');
    expect(out).toMatch(/Workaround .* On 24\/7, elapsed time/);
    // Resolution due 14:00Z: the viewer reads 15:00 CET, hovering shows New York's 09:00.
    expect(html).toMatch(
      /<time dateTime="2026-03-05T14:00:00.000Z" title="Thu 5 Mar, 09:00 (EST|GMT-5) in America\/New_York \(the calendar(&#x27;|')s zone\)">Thu 5 Mar, 15:00 CET<\/time>/,
    );
  });

  it('says how early a target was met and how late a breached one is', () => {
    expect(text(render())).toContain('First response Met met 40m early (target 1h)');
    expect(text(render(breachedState()))).toContain('Workaround Breached late by 2h 15m (target 2h 30m)');
  });
});
