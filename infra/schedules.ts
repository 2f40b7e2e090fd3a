import { Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../functions/routes';
import { ASYNC_TARGET, DEAD_LETTER_QUEUE } from './events';
import { acknowledge } from './nag';

/**
 * EventBridge Scheduler schedules. Scheduler invokes Lambda asynchronously, so its retries and
 * dead-letter queue see only invocations Lambda refused; a function error is Lambda's to retry
 * and record in the function's on-failure destination. Two runs of a schedule may overlap.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 */
export class Schedules extends Construct {
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(this.deadLetters, DEAD_LETTER_QUEUE);
  }

  add(spec: ScheduleSpec & { expression: string }, fn: LambdaFunction): Schedule {
    acknowledge(fn, ASYNC_TARGET);
    // A role per schedule under this construct, so its acknowledgement stays this narrow.
    const role = new Role(this, `${spec.name}-invoker`, {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    acknowledge(role, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "Scheduler's Lambda target grants invoking the function's versions and aliases too.",
        finding: /^Resource::<Schedule[A-Za-z0-9]+\.Arn>:\*$/,
      },
    ]);
    return new Schedule(this, spec.name, {
      description: spec.description,
      schedule: ScheduleExpression.expression(spec.expression),
      target: new LambdaInvoke(fn, {
        role,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
        deadLetterQueue: this.deadLetters,
      }),
    });
  }
}
