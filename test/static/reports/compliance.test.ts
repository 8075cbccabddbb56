import { overallCompliance } from '../../../static/reports/compliance';
import { metricFigures, outcomeReport } from '../../builders/outcome-report';

describe('overallCompliance', () => {
  it('is met ÷ (met + breached) over every metric, one decimal, null when none was decided', () => {
    const two = outcomeReport({
      metrics: [metricFigures({ met: 3, breached: 1 }), metricFigures({ metric: 'resolution', met: 2, breached: 3 })],
    });
    expect(overallCompliance(two)).toBe(55.6); // 5 of 9
    expect(overallCompliance(outcomeReport({ metrics: [metricFigures({ met: 0, breached: 0 })] }))).toBeNull();
    expect(overallCompliance(outcomeReport({ metrics: [] }))).toBeNull();
  });
});
