import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('writes one line per invocation, a metric recorded twice with both values, then forgets', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      countMetric('EmailsSent');
      countMetric('EmailsSent', 2);
      metrics.publishStoredMetrics({});
      metrics.publishStoredMetrics({});
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0]?.endsWith('\n')).toBe(true);
    const emf = JSON.parse(written[0] ?? '');
    expect(emf).toMatchObject({ service: 'study-analytics', EmailsSent: [1, 2] });
    expect(emf._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'EmailsSent', Unit: 'Count' }]);
    expect(typeof emf._aws.Timestamp).toBe('number');
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('writes nothing when disabled, and still forgets what was recorded', () => {
    const spy = vi.spyOn(process.stdout, 'write');
    try {
      countMetric('EmailsSent');
      metrics.publishStoredMetrics({ POWERTOOLS_METRICS_DISABLED: 'true' });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('names every count once', () => {
    expect(new Set(COUNT_METRICS).size).toBe(COUNT_METRICS.length);
  });
});
