/** figuresChange: a quarter's figures minus the previous quarter's (the resolver's e2e test checks it on real reports). */
import type { ReviewFigures } from '../../src/contracts/reports';
import { figuresChange } from '../../src/forge/quarterly-review';
import { metricFigures } from '../builders/outcome-report';

const figures = (overrides: Partial<ReviewFigures> = {}): ReviewFigures => ({
  requestsByPriority: [{ priority: 'P1', requests: 2 }],
  metrics: [metricFigures()],
  breachCount: 1,
  ...overrides,
});

describe('figuresChange', () => {
  it('subtracts figure by figure; compliance in percentage points to one decimal', () => {
    const now = figures({
      metrics: [metricFigures({ met: 5, breached: 1, openAtEnd: 0, compliancePercent: 83.3, medianMinutes: 45, p90Minutes: 200 })],
      breachCount: 1,
    });
    const before = figures({
      metrics: [metricFigures({ met: 3, breached: 1, openAtEnd: 2, compliancePercent: 75, medianMinutes: 60, p90Minutes: 180 })],
      breachCount: 3,
    });
    expect(figuresChange(now, before)).toEqual({
      requestsByPriority: [{ priority: 'P1', requests: 0 }],
      metrics: [
        { metric: 'firstResponse', met: 2, breached: 0, openAtEnd: -2, compliancePercent: 8.3, medianMinutes: -15, p90Minutes: 20 },
      ],
      breachCount: -2,
    });
  });

  it('counts a metric or priority missing on one side as 0, and a percentage or duration missing on either side as unknown', () => {
    const now = figures({
      requestsByPriority: [{ priority: 'P3', requests: 4 }],
      metrics: [
        metricFigures({
          metric: 'resolution',
          met: 1,
          breached: 1,
          openAtEnd: 1,
          compliancePercent: 50,
          medianMinutes: 90,
          p90Minutes: 90,
        }),
      ],
      breachCount: 1,
    });
    const before = figures({ requestsByPriority: [{ priority: 'P1', requests: 2 }], metrics: [metricFigures()], breachCount: 1 });
    expect(figuresChange(now, before)).toEqual({
      requestsByPriority: [
        { priority: 'P1', requests: -2 },
        { priority: 'P3', requests: 4 },
      ],
      metrics: [
        { metric: 'firstResponse', met: -3, breached: -1, openAtEnd: -1, compliancePercent: null, medianMinutes: null, p90Minutes: null },
        { metric: 'resolution', met: 1, breached: 1, openAtEnd: 1, compliancePercent: null, medianMinutes: null, p90Minutes: null },
      ],
      breachCount: 0,
    });
  });
});
