import { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_QUEUE } from './events';
import { acknowledge } from './nag';

/**
 * Lambda's own retries of an asynchronous invocation (EventBridge rules and Scheduler invoke
 * asynchronously): after the function has thrown this many more times, or the event is this old,
 * the invocation record goes to the on-failure destination. Set explicitly, not left to defaults.
 */
export const ASYNC_RETRY_ATTEMPTS = 2;
export const ASYNC_MAX_EVENT_AGE = Duration.hours(6);

/**
 * An on-failure destination per asynchronously invoked function. A rule's or schedule's own
 * dead-letter queue only catches what could not be *delivered*; once Lambda has accepted the
 * event, a function that keeps throwing ends here (with the request and the error), never
 * dropped. Each queue has an alarm (infra/monitoring.ts) and can be redriven.
 */
export class FailureDestinations extends Construct {
  /** Function name (route-table name) → its on-failure queue. */
  readonly queues = new Map<string, Queue>();

  add(name: string, fn: LambdaFunction): Queue {
    const existing = this.queues.get(name);
    if (existing) return existing;
    const queue = new Queue(this, name, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(queue, DEAD_LETTER_QUEUE);
    fn.configureAsyncInvoke({
      onFailure: new SqsDestination(queue),
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: ASYNC_MAX_EVENT_AGE,
    });
    this.queues.set(name, queue);
    return queue;
  }
}
