import type { MiddlewareObj } from '@middy/core';
import { type CountMetric, METRICS_NAMESPACE, type SecondsMetric } from './metric-names';

export type { CountMetric, MetricName, SecondsMetric } from './metric-names';

type Unit = 'Count' | 'Seconds';

/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON log line per invocation
 * that CloudWatch turns into metrics, with no API call and no latency. The `service` dimension
 * (POWERTOOLS_SERVICE_NAME) tells stages apart; POWERTOOLS_METRICS_DISABLED turns output off.
 * The same lines Powertools Metrics writes, in the few lines this service needs of it: the
 * library and its dependencies weighed about 10 KB in every bundle.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export class EmbeddedMetrics {
  private stored = new Map<string, { unit: Unit; values: number[] }>();

  constructor(
    private readonly namespace: string,
    private readonly service: string,
  ) {}

  add(name: string, unit: Unit, value: number): void {
    const metric = this.stored.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    this.stored.set(name, metric);
  }

  hasStoredMetrics(): boolean {
    return this.stored.size > 0;
  }

  /** The EMF document of what is stored; a metric recorded more than once carries each value. */
  serializeMetrics() {
    const values = Object.fromEntries(
      [...this.stored].map(([name, m]) => [name, m.values.length === 1 ? m.values[0] : m.values]),
    );
    return {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            Dimensions: [['service']],
            Metrics: [...this.stored].map(([name, m]) => ({ Name: name, Unit: m.unit })),
          },
        ],
      },
      service: this.service,
      ...values,
    };
  }

  clearMetrics(): void {
    this.stored.clear();
  }

  /** Writes the stored metrics as one log line (unless disabled) and forgets them. */
  publishStoredMetrics(env: NodeJS.ProcessEnv = process.env): void {
    if (!this.hasStoredMetrics()) return;
    if (env.POWERTOOLS_METRICS_DISABLED !== 'true') {
      process.stdout.write(`${JSON.stringify(this.serializeMetrics())}\n`);
    }
    this.clearMetrics();
  }
}

export const metrics = new EmbeddedMetrics(
  process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  process.env.POWERTOOLS_SERVICE_NAME ?? 'study-analytics',
);

/** Counts `value` occurrences (sessions, points, emails…) of `name` in this invocation. */
export function countMetric(name: CountMetric, value = 1): void {
  if (value > 0) metrics.add(name, 'Count', value);
}

/** Records an age or duration in seconds. */
export function secondsMetric(name: SecondsMetric, seconds: number): void {
  metrics.add(name, 'Seconds', Math.max(0, seconds));
}

const flush = () => metrics.publishStoredMetrics();

/** Middy middleware publishing what the invocation recorded, whether it succeeded or failed. */
export const publishMetrics = (): MiddlewareObj => ({ after: flush, onError: flush });
