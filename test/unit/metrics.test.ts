import { afterEach, describe, expect, it } from 'vitest';
import { COUNT_METRICS, METRICS_NAMESPACE } from '../../functions/platform/metric-names';
import { countMetric, metrics, secondsMetric } from '../../functions/platform/metrics';

afterEach(() => metrics.clearMetrics());

describe('metrics', () => {
  it('records counts and ages in the service namespace as embedded metric format', () => {
    countMetric('SessionsEnded');
    countMetric('PointsAwarded', 25);
    secondsMetric('OutboxBacklogAge', 301.5);
    const emf = metrics.serializeMetrics();
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(directive?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'SessionsEnded', Unit: 'Count' },
        { Name: 'PointsAwarded', Unit: 'Count' },
        { Name: 'OutboxBacklogAge', Unit: 'Seconds' },
      ]),
    );
    expect(emf).toMatchObject({ SessionsEnded: 1, PointsAwarded: 25, OutboxBacklogAge: 301.5 });
  });

  it('records nothing for a zero count, so no empty datapoint skews a sum', () => {
    countMetric('EmailsFailed', 0);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('names every count once', () => {
    expect(new Set(COUNT_METRICS).size).toBe(COUNT_METRICS.length);
  });
});
