import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { type CountMetric, METRICS_NAMESPACE, type SecondsMetric } from './metric-names';

export type { CountMetric, MetricName, SecondsMetric } from './metric-names';

/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON log line per invocation
 * that CloudWatch turns into metrics, with no API call and no latency. The `service` dimension
 * (POWERTOOLS_SERVICE_NAME) tells stages apart; POWERTOOLS_METRICS_DISABLED turns output off.
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'study-analytics',
});

/** Counts `value` occurrences (sessions, points, emails…) of `name` in this invocation. */
export function countMetric(name: CountMetric, value = 1): void {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
}

/** Records an age or duration in seconds. */
export function secondsMetric(name: SecondsMetric, seconds: number): void {
  metrics.addMetric(name, MetricUnit.Seconds, Math.max(0, seconds));
}

const flush = () => {
  // Most invocations record nothing; Powertools would warn about every empty flush.
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};

/** Middy middleware publishing what the invocation recorded, whether it succeeded or failed. */
export const publishMetrics = (): MiddlewareObj => ({ after: flush, onError: flush });
