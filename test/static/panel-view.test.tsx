import { renderToStaticMarkup } from 'react-dom/server';
import { announcement, PanelMessage, PanelView } from '../../static/sla-panel/panel-view';
import { liveMetrics } from '../../static/sla-panel/live';
import { answer, breachedState, busyState, FIXTURE_NOW, pausedState } from './fixtures';

const viewer = { timeZone: 'Europe/Berlin', locale: 'en-GB' };

function render(state = busyState(), elapsedMs = 0): string {
  const a = answer(state);
  if (a.state === null) throw new Error('fixture without state');
  return renderToStaticMarkup(<PanelView answer={{ ...a, state: a.state }} elapsedMs={elapsedMs} viewer={viewer} />);
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
  });

  it('lists clock history in time order', () => {
    const out = text(render());
    const started = out.indexOf('First response started');
    const paused = out.indexOf('Resolution paused');
    const met = out.indexOf('First response met');
    expect(started).toBeGreaterThan(-1);
    expect(met).toBeGreaterThan(started);
    expect(paused).toBeGreaterThan(met);
  });

  it('shows a pause with its reason', () => {
    const out = text(render(pausedState()));
    expect(out).toContain('Paused: Waiting for customer');
    expect(out).not.toContain('At risk');
  });

  it('shows a breach with when and how much overdue', () => {
    const out = text(render(breachedState()));
    expect(out).toContain('Breached Tue 3 Mar, 15:30 CET');
    expect(out).toContain('overdue by 2h 15m');
  });

  it('counts down live from the answer', () => {
    expect(text(render(busyState(), 20 * 60_000))).toContain('10m time left');
  });

  it('announces coarse, not per-minute, changes', () => {
    const state = busyState();
    const metrics = liveMetrics(state, Date.parse(FIXTURE_NOW), 2 * 60_000);
    expect(announcement('at risk', metrics)).toBe('SLA at risk. Workaround: 30m time left.');
  });

  it('has designed loading, no-policy and error states', () => {
    expect(renderToStaticMarkup(<PanelMessage kind="loading" />)).toContain('aria-busy="true"');
    expect(text(renderToStaticMarkup(<PanelMessage kind="no-policy" />))).toContain('No SLA policy applies to this project');
    const error = renderToStaticMarkup(<PanelMessage kind="error" message="Jira said no" onRetry={() => undefined} />);
    expect(error).toContain('role="alert"');
    expect(text(error)).toContain('Jira said no');
    expect(text(error)).toContain('Try again');
  });
});
