/** Builds getOutcomeReport answers for the report page's and CSV's tests (defaults: March 2026, UTC, one project). */
import type { BreachItem, GetOutcomeReportOk, MetricFigures } from '../../src/contracts/reports';

export function metricFigures(overrides: Partial<MetricFigures> = {}): MetricFigures {
  return {
    metric: 'firstResponse',
    met: 3,
    breached: 1,
    openAtEnd: 1,
    compliancePercent: 75,
    medianMinutes: 60,
    p90Minutes: 180,
    ...overrides,
  };
}

export function breachItem(overrides: Partial<BreachItem> = {}): BreachItem {
  return {
    issueKey: 'SUP-2',
    projectKey: 'SUP',
    metric: 'firstResponse',
    cycle: 1,
    organization: 'Acme',
    plan: 'standard',
    priority: 'P1',
    startedAt: '2026-03-02T09:00:00.000Z',
    dueAt: '2026-03-02T11:00:00.000Z',
    completedAt: '2026-03-02T12:00:00.000Z',
    businessMinutes: 180,
    escalationLevel: 1,
    ...overrides,
  };
}

export function outcomeReport(overrides: Partial<GetOutcomeReportOk> = {}): GetOutcomeReportOk {
  return {
    ok: true,
    period: { label: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', timeZone: 'UTC' },
    projectKeys: ['SUP'],
    requestsByPriority: [{ priority: 'P1', requests: 2 }],
    metrics: [metricFigures()],
    byOrganization: [{ organization: 'Acme', plan: 'standard', met: 3, breached: 1, compliancePercent: 75 }],
    breaches: { total: 1, items: [breachItem()] },
    ...overrides,
  };
}
