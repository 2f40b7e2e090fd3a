import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MetricName } from '../functions/platform/metric-names';
import type { Alerts } from './alerts';

/**
 * The namespace a stack's functions publish their own metrics to (POWERTOOLS_METRICS_NAMESPACE):
 * the stack's name, so two stages in one account never mix their figures.
 */
export const metricsNamespaceOf = (scope: Construct): string => Stack.of(scope).stackName;

/** CloudWatch alarms built on metric math may read at most 10 metrics (a hard limit). */
const ALARM_MATH_METRICS = 10;
/** A function whose slowest run in 5 minutes took more than this share of its timeout. */
export const DURATION_ALARM_PERCENT = 90;
/** The API answers 5xx to more than this share of requests (with at least 20 requests). */
export const API_5XX_ALARM_PERCENT = 1;
export const API_P99_ALARM_MS = 3_000;
/** The oldest event the outbox relay still has to publish. */
export const OUTBOX_BACKLOG_ALARM_SECONDS = 5 * 60;
/** SES reviews an account at 5 % bounces and 0.1 % complaints; we want to hear well before. */
export const SES_BOUNCE_ALARM_RATE = 0.02;
export const SES_COMPLAINT_ALARM_RATE = 0.0005;

const FIVE_MINUTES = Duration.minutes(5);

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

/**
 * Metrics named `<prefix>0`, `<prefix>1`, … for a metric math expression. Ids must be unique on a
 * dashboard graph that shows several expressions, so each expression has its own prefix.
 */
const named = (prefix: string, metrics: readonly IMetric[]): Record<string, IMetric> =>
  Object.fromEntries(metrics.map((m, i) => [`${prefix}${i}`, m]));

/** The sum of the metrics, a missing datapoint counting 0 (a function not run has none). */
const sumOf = (prefix: string, metrics: readonly IMetric[], label: string) =>
  new MathExpression({
    expression: `SUM([${metrics.map((_, i) => `FILL(${prefix}${i}, 0)`).join(', ')}])`,
    usingMetrics: named(prefix, metrics),
    label,
    period: FIVE_MINUTES,
  });

/**
 * Alarms that reach a person (every one notifies the alert topic, going off and recovering) and
 * one dashboard with the golden signals per area. Functions are watched in groups through metric
 * math, not one alarm each, so the stack stays far below CloudFormation's 500 resources.
 */
export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly namespace: string;
  private readonly queueDepths: IMetric[] = [];
  private readonly functionProblems: IMetric[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly alerts: Alerts,
  ) {
    super(scope, id);
    this.namespace = metricsNamespaceOf(this);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-golden-signals`,
      defaultInterval: Duration.hours(24),
    });
  }

  /** One of the service's own metrics (platform/metrics.ts), summed unless told otherwise. */
  metric(name: MetricName, statistic = 'Sum', period = FIVE_MINUTES): Metric {
    return new Metric({
      namespace: this.namespace,
      metricName: name,
      dimensionsMap: { service: 'study-analytics' },
      statistic,
      period,
      label: name,
    });
  }

  /** An alarm that notifies the alert topic. */
  alarm(id: string, props: ConstructorParameters<typeof Alarm>[2]): Alarm {
    const alarm = new Alarm(this, id, {
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...props,
    });
    this.alerts.notify(alarm);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Adopts the depth alarm of a queue made elsewhere (a rule's dead-letter queue). */
  adoptQueueAlarm(id: string, queue: Queue, alarm: Alarm): void {
    this.alerts.notify(alarm);
    this.alarms.push(alarm);
    this.queueDepths.push(
      queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: id }),
    );
  }

  /**
   * Any message in the queue is a failure that needs a person (and usually a redrive). A queue
   * whose messages are work (a wake-up queue) alarms only when they stay visible, unconsumed,
   * for `minutes` in a row.
   */
  watchQueue(id: string, queue: Queue, what: string, minutes = 1): Alarm {
    const depth = queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    this.queueDepths.push(depth.with({ label: id }));
    return this.alarm(`${id}-not-empty`, {
      alarmDescription: `${what}: messages wait in ${id}. See docs/runbook.md#alarms.`,
      metric: depth,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: minutes,
    });
  }

  /** Errors, throttles and runs near their timeout, for groups of at most ten functions. */
  watchFunctions(group: string, functions: readonly LambdaFunction[]): void {
    chunks(functions, ALARM_MATH_METRICS).forEach((fns, i) => {
      const id = `${group}${i + 1}`;
      const key = id.toLowerCase().replace(/[^a-z0-9]/g, '');
      const names = fns.map((fn) => fn.node.id).join(', ');
      const errors = sumOf(
        `${key}e`,
        fns.map((fn) => fn.metricErrors({ period: FIVE_MINUTES })),
        `${id} errors`,
      );
      const throttles = sumOf(
        `${key}t`,
        fns.map((fn) => fn.metricThrottles({ period: FIVE_MINUTES })),
        `${id} throttles`,
      );
      // Each function's slowest run as a percentage of its own timeout; the group's highest.
      const shares = fns.map(
        (fn, j) => `FILL(${key}d${j}, 0) / ${(fn.timeout ?? Duration.seconds(3)).toMilliseconds()}`,
      );
      const nearTimeout = new MathExpression({
        expression: `100 * MAX([${shares.join(', ')}])`,
        usingMetrics: named(
          `${key}d`,
          fns.map((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'Maximum' })),
        ),
        label: `${id} slowest run, % of timeout`,
        period: FIVE_MINUTES,
      });
      this.functionProblems.push(errors, throttles);
      this.alarm(`${id}-errors`, {
        alarmDescription: `A function threw or timed out (${names}). See docs/runbook.md#alarms.`,
        metric: errors,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      this.alarm(`${id}-throttles`, {
        alarmDescription: `Lambda refused invocations for lack of concurrency (${names}).`,
        metric: throttles,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      this.alarm(`${id}-near-timeout`, {
        alarmDescription: `A run took over ${DURATION_ALARM_PERCENT} % of its function's timeout (${names}).`,
        metric: nearTimeout,
        threshold: DURATION_ALARM_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    });
  }

  /** 5xx rate and p99 latency of the HTTP API; the sessions row of the dashboard. */
  watchApi(api: HttpApi): void {
    const requests = api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errorRate = new MathExpression({
      expression: 'IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: 'API 5xx, % of requests',
      period: FIVE_MINUTES,
    });
    const p99 = api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99', label: 'p99 ms' });
    const p50 = api.metricLatency({ period: FIVE_MINUTES, statistic: 'p50', label: 'p50 ms' });
    this.alarm('api-5xx-rate', {
      alarmDescription: `Over ${API_5XX_ALARM_PERCENT} % of API requests answered 5xx for 10 minutes.`,
      metric: errorRate,
      threshold: API_5XX_ALARM_PERCENT,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    this.alarm('api-p99-latency', {
      alarmDescription: `API p99 latency above ${API_P99_ALARM_MS} ms for 15 minutes.`,
      metric: p99,
      threshold: API_P99_ALARM_MS,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    this.row('Sessions', [
      this.graph('Sessions started and ended', [
        this.metric('SessionsStarted'),
        this.metric('SessionsEnded'),
      ]),
      this.graph('API requests and 5xx', [requests, serverErrors]),
      this.graph('API latency (ms)', [p50, p99]),
    ]);
  }

  /** Outbox backlog and the event targets' results; the events row of the dashboard. */
  watchEvents(): void {
    const backlogAge = this.metric('OutboxBacklogAge', 'Maximum');
    this.alarm('outbox-backlog-age', {
      alarmDescription: `The outbox holds an event unpublished for over ${OUTBOX_BACKLOG_ALARM_SECONDS / 60} minutes.`,
      metric: backlogAge,
      threshold: OUTBOX_BACKLOG_ALARM_SECONDS,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.row('Events', [
      this.graph('Points awarded and milestones reached', [
        this.metric('PointsAwarded'),
        this.metric('MilestonesReached'),
      ]),
      this.graph('Outbox: published, oldest unpublished (s)', [
        this.metric('OutboxPublished'),
        backlogAge,
      ]),
      this.graph('Failed work waiting in queues', this.queueDepths),
      this.graph('Function errors and throttles', this.functionProblems),
    ]);
  }

  /** Report emails and the account's SES reputation; the reports row of the dashboard. */
  watchReports(): void {
    const abandoned = this.metric('EmailsAbandoned');
    this.alarm('report-deliveries-abandoned', {
      alarmDescription: 'A report email failed every attempt and was abandoned.',
      metric: abandoned,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    // Account-wide reputation (SES publishes it without dimensions), over its own window.
    const reputation = (name: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName: `Reputation.${name}`,
        statistic: 'Maximum',
        period: Duration.hours(1),
        label: name,
      });
    const bounceRate = reputation('BounceRate');
    const complaintRate = reputation('ComplaintRate');
    this.alarm('ses-bounce-rate', {
      alarmDescription: `SES bounce rate above ${SES_BOUNCE_ALARM_RATE * 100} % (SES reviews the account at 5 %).`,
      metric: bounceRate,
      threshold: SES_BOUNCE_ALARM_RATE,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.alarm('ses-complaint-rate', {
      alarmDescription: `SES complaint rate above ${SES_COMPLAINT_ALARM_RATE * 100} % (SES reviews the account at 0.1 %).`,
      metric: complaintRate,
      threshold: SES_COMPLAINT_ALARM_RATE,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.row('Reports', [
      this.graph('Report emails', [
        this.metric('EmailsSent'),
        this.metric('EmailsFailed'),
        abandoned,
      ]),
      this.graph('SES reputation (account)', [bounceRate, complaintRate]),
    ]);
  }

  /** Aurora Serverless v2 capacity against its maximum; the database row of the dashboard. */
  watchDatabase(cluster: DatabaseCluster, maxCapacity: number): void {
    const capacity = cluster.metricServerlessDatabaseCapacity({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
      label: 'ACU',
    });
    this.alarm('aurora-capacity-at-max', {
      alarmDescription: `Aurora ran at its maximum of ${maxCapacity} ACU for 15 minutes: queries queue and slow down.`,
      metric: capacity,
      threshold: maxCapacity,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    this.row('Database', [
      this.graph(`Aurora capacity (ACU, max ${maxCapacity})`, [capacity]),
      this.graph('Aurora ACU utilisation (%)', [
        cluster.metricACUUtilization({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      ]),
    ]);
  }

  /** Every alarm's state, last on the dashboard; call once everything is watched. */
  finish(): void {
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
  }

  private graph(title: string, metrics: IMetric[]): GraphWidget {
    return new GraphWidget({ title, left: metrics, width: 6, height: 6 });
  }

  private row(area: string, widgets: GraphWidget[]): void {
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `## ${area}`, width: 24, height: 1 }),
      ...widgets,
    );
  }
}
