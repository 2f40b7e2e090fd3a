import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventRuleSpec } from '../functions/routes';
import { type Acknowledgement, acknowledge } from './nag';

/** A dead-letter queue is where failures end; it has none of its own. */
export const DEAD_LETTER_QUEUE: Acknowledgement[] = [
  {
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself a dead-letter queue (watched by an alarm).',
  },
  { id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is itself a dead-letter queue.' },
];

/** Functions invoked asynchronously by EventBridge or Scheduler. */
export const ASYNC_TARGET: Acknowledgement[] = [
  {
    id: 'Serverless-LambdaDLQ',
    reason: 'Its rule or schedule retries and then dead-letters the invocation to SQS.',
  },
];

/**
 * The rules on the service's event bus (the bus itself lives with the data). Consumers such as
 * gamification add their own rules to it.
 */
export class Events extends Construct {
  constructor(
    scope: Construct,
    id: string,
    readonly bus: IEventBus,
  ) {
    super(scope, id);
  }

  /** Grants PutEvents on this bus only, and tells the function its name. */
  bind(fn: LambdaFn): void {
    this.bus.grantPutEventsTo(fn);
    fn.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
  }

  /**
   * A rule delivering matching events to `target`, retried by EventBridge, then kept in an SQS
   * dead-letter queue whose depth raises an alarm: an event is never dropped silently.
   */
  addRule(spec: EventRuleSpec, target: LambdaFn): { rule: Rule; deadLetters: Queue; alarm: Alarm } {
    const deadLetters = new Queue(this, `${spec.name}-dlq`, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(deadLetters, DEAD_LETTER_QUEUE);
    acknowledge(target, ASYNC_TARGET);
    const rule = new Rule(this, spec.name, {
      // Without a bus, the rule is on the account's default bus, where AWS services publish.
      eventBus: spec.onDefaultBus ? undefined : this.bus,
      description: spec.description,
      eventPattern: spec.eventPattern as never,
      targets: [
        new LambdaFunction(target, {
          retryAttempts: spec.retryAttempts,
          maxEventAge: Duration.seconds(spec.maxEventAgeSeconds),
          deadLetterQueue: deadLetters,
        }),
      ],
    });
    const alarm = new Alarm(this, `${spec.name}-dlq-depth`, {
      alarmDescription: `Events for ${spec.target} failed every retry and wait in its dead-letter queue`,
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { rule, deadLetters, alarm };
  }
}
