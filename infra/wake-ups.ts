import { Duration, Names } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WakeUpQueueSpec } from '../functions/routes';
import { DEAD_LETTER_QUEUE } from './events';
import { acknowledge } from './nag';

const ESM_FAILURES_IN_DLQ = [
  {
    id: 'Serverless-LambdaEventSourceMappingDestination',
    reason:
      "A wake-up whose job fails on every receive goes to the queue's dead-letter queue (its redrive policy), which an alarm watches; the work itself stays recorded in the database.",
  },
];

/** Receives of one wake-up before it is kept in the dead-letter queue (throttled runs count). */
const MAX_RECEIVES = 5;

/**
 * The jobs' wake-up queues: a function that wants a job to run later (a failed publication's
 * retry, the sender's next batch) sends a message delayed by up to 15 minutes, and the queue
 * starts the job through a Lambda event source. Nothing polls the database meanwhile, so an idle
 * stage lets Aurora pause. A job that keeps failing on a wake-up leaves it in the dead-letter
 * queue, watched by an alarm; the work itself stays recorded in the database for the hourly run.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export class WakeUps extends Construct {
  readonly queues = new Map<string, { spec: WakeUpQueueSpec; queue: Queue; deadLetters: Queue }>();

  constructor(scope: Construct, id: string, specs: readonly WakeUpQueueSpec[]) {
    super(scope, id);
    for (const spec of specs) {
      const deadLetters = new Queue(this, `${spec.name}-dlq`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      acknowledge(deadLetters, DEAD_LETTER_QUEUE);
      const queue = new Queue(this, spec.name, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // Lambda's advice: six times the function's timeout, so a throttled batch is not
        // received again while its first run may still be going.
        visibilityTimeout: Duration.minutes(30),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
      });
      this.queues.set(spec.name, { spec, queue, deadLetters });
    }
  }

  /** Lets `fn` send to the wake-up queues its resource grants, and tells it their URLs. */
  bindSender(fn: LambdaFunction, grantedBy: string): void {
    for (const { spec, queue } of this.queues.values()) {
      if (spec.grantedBy !== grantedBy) continue;
      queue.grantSendMessages(fn);
      fn.addEnvironment(spec.envName, queue.queueUrl);
    }
  }

  /** Starts each queue's target from its messages; one wake-up is as good as ten. */
  attachTargets(functionOf: (schedule: string) => LambdaFunction): void {
    for (const { spec, queue } of this.queues.values()) {
      const source = new SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
      });
      const fn = functionOf(spec.target);
      fn.addEventSource(source);
      const mapping = fn.node.tryFindChild(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`);
      if (!mapping) throw new Error(`No event source mapping for ${spec.name}`);
      acknowledge(mapping, ESM_FAILURES_IN_DLQ);
    }
  }
}
