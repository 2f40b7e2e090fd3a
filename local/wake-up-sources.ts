/**
 * The local stand-in for Lambda's SQS event sources on the jobs' wake-up queues: a message
 * becomes visible after its delay (AWS's seconds, shortened like the other retries here), and
 * its job is invoked with the SQS event Lambda sends. A run that fails is received again after
 * a wait; after MAX_RECEIVES the message moves to the queue's dead-letter queue, as its redrive
 * policy does on AWS. https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
import { createHash, randomUUID } from 'node:crypto';
import type { WakeUpQueueSpec } from '../functions/routes';
import { ACCOUNT, REGION } from './event-bus/put-events';
import type { LocalQueues, SentMessage } from './sqs';

/** As infra/wake-ups.ts configures the redrive policy. */
export const MAX_RECEIVES = 5;

export interface WakeUpSources {
  /** Hook for the queues: a message was sent. */
  onSend(message: SentMessage): void;
  /**
   * In manual mode (tests that step a job's retries themselves), delivers every message the
   * queue holds now, whatever its delay; resolves when their runs have finished.
   */
  deliverNow(queue: string): Promise<void>;
  /** True while a wake-up is waiting for its delay or its job is running. */
  busy(): boolean;
  idle(): Promise<void>;
}

export function createWakeUpSources(options: {
  specs: readonly WakeUpQueueSpec[];
  queues: () => LocalQueues;
  invoke: (target: string, event: unknown) => Promise<unknown>;
  /** Local milliseconds for a delay of `seconds` on AWS. */
  delayMs: (seconds: number) => number;
  /** 'manual' leaves messages in their queue until `deliverNow`. */
  mode?: 'auto' | 'manual';
  log?: (message: string) => void;
}): WakeUpSources {
  let pending = 0;
  const waiters: (() => void)[] = [];
  const settle = () => {
    pending--;
    if (pending === 0) for (const wake of waiters.splice(0)) wake();
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

  async function deliver(spec: WakeUpQueueSpec, id: string) {
    const message = options.queues().take(spec.name, id);
    if (!message) return;
    for (let receive = 1; ; receive++) {
      const record = {
        messageId: message.id,
        receiptHandle: randomUUID(),
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(receive),
          SentTimestamp: String(message.sentAt),
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(message.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${spec.name}`,
        awsRegion: REGION,
      };
      try {
        await options.invoke(spec.target, { Records: [record] });
        return;
      } catch (err) {
        if (receive >= MAX_RECEIVES) {
          options.log?.(`wake-up of ${spec.target} kept in ${spec.name}-dlq: ${String(err)}`);
          options.queues().send(`${spec.name}-dlq`, message.body);
          return;
        }
        // The visibility timeout, shortened.
        await sleep(options.delayMs(60));
      }
    }
  }

  return {
    async deliverNow(queue) {
      const spec = options.specs.find((s) => s.name === queue);
      if (!spec) throw new Error(`No wake-up queue ${queue}`);
      for (const message of options.queues().messages(queue)) await deliver(spec, message.id);
    },
    onSend(message) {
      const spec = options.specs.find((s) => s.name === message.queue);
      if (!spec || options.mode === 'manual') return;
      pending++;
      setTimeout(() => {
        deliver(spec, message.id)
          .catch((err) => options.log?.(`wake-up of ${spec.target} failed: ${String(err)}`))
          .finally(settle);
      }, options.delayMs(message.delaySeconds)).unref();
    },
    busy: () => pending > 0,
    idle: () =>
      pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
