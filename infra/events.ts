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

/**
 * Functions invoked asynchronously by EventBridge or Scheduler. Their errors are Lambda's to
 * retry, and what fails every retry goes to the function's on-failure destination, which keeps
 * the error with the event (a Lambda DLQ would keep the event alone).
 */
export const ASYNC_TARGET: Acknowledgement[] = [
  {
    id: 'Serverless-LambdaDLQ',
    reason:
      'Invoked asynchronously: an on-failure destination (SQS) keeps what fails every retry, the newer form of a DLQ.',
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
   * A rule delivering matching events to `target`. A delivery that fails (the function cannot be
   * invoked: missing, not permitted) is retried by EventBridge, then kept in the rule's SQS
   * dead-letter queue, whose depth raises an alarm. Once Lambda has accepted the event, the
   * function's own errors never come back to the rule: Lambda retries them and sends the record
   * to the function's on-failure destination (infra/failure-destinations.ts).
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
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
      alarmDescription: `EventBridge could not deliver events to ${spec.target}; they wait in the rule's dead-letter queue. See docs/runbook.md#alarms.`,
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { rule, deadLetters, alarm };
  }
}
