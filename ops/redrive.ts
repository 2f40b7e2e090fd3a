/**
 * Listing and redriving the queues where failures wait: functions' on-failure queues (Lambda's
 * invocation records), rules' dead-letter queues (events EventBridge could not deliver) and the
 * schedules' dead-letter queue. The same code runs against AWS and against the local stand-ins;
 * only the clients' endpoints differ.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface QueueSummary {
  name: string;
  url: string;
  /** Messages waiting to be redriven. */
  waiting: number;
  /** Messages received by someone (a redrive in progress) and not yet deleted. */
  inFlight: number;
}

export interface RedriveOutcome {
  redriven: number;
  /** Messages kept in the queue: the function failed again, or the message names no function. */
  kept: { messageId: string; reason: string }[];
}

/** Long enough for the slowest function (the report builder's 300 s) to finish a redrive. */
const VISIBILITY_SECONDS = 900;

const queueName = (url: string) => url.split('/').pop() ?? url;

export async function listQueues(sqs: SQSClient, prefix: string): Promise<QueueSummary[]> {
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, NextToken }));
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return Promise.all(
    urls.map(async (url) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        name: queueName(url),
        url,
        waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    }),
  );
}

/**
 * What a message asks to run again: a Lambda invocation record names its function and carries
 * the original payload; a rule's or schedule's dead letter is the payload itself, with the
 * target in its TARGET_ARN attribute.
 */
export function redriveTarget(message: Message): { functionArn: string; payload: unknown } {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    throw new Error('the body is not JSON');
  }
  const record = body as { requestContext?: { functionArn?: unknown }; requestPayload?: unknown };
  if (typeof record?.requestContext?.functionArn === 'string' && 'requestPayload' in record) {
    return { functionArn: record.requestContext.functionArn, payload: record.requestPayload };
  }
  const target = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (target?.includes(':lambda:')) return { functionArn: target, payload: body };
  throw new Error('neither an invocation record nor a dead letter naming a Lambda target');
}

/**
 * Runs every message of a queue again: invokes its function synchronously with the original
 * payload and deletes the message once the function succeeded. A message whose function fails
 * again stays in the queue, visible, with the error reported. The functions are idempotent
 * (points by session, deliveries by period), so a message redriven twice changes nothing more.
 *
 * The function is invoked directly rather than the event put back on the bus: the bus would
 * deliver it to every rule that matches, not only to the one that failed.
 */
export async function redriveQueue(
  clients: { sqs: SQSClient; lambda: LambdaClient },
  queue: string,
): Promise<RedriveOutcome> {
  const url = queue.includes('/')
    ? queue
    : (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl;
  if (!url) throw new Error(`No queue named ${queue}`);
  const outcome: RedriveOutcome = { redriven: 0, kept: [] };
  const keep: string[] = [];
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: VISIBILITY_SECONDS,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      const reason = await redriveOne(clients, message);
      if (reason === undefined) {
        await clients.sqs.send(
          new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
        );
        outcome.redriven++;
      } else {
        outcome.kept.push({ messageId: message.MessageId ?? '', reason });
        if (message.ReceiptHandle) keep.push(message.ReceiptHandle);
      }
    }
  }
  // Only now, so this pass does not receive them again: visible for the next look.
  for (const handle of keep) {
    await clients.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: handle,
        VisibilityTimeout: 0,
      }),
    );
  }
  return outcome;
}

/** Undefined when the function ran to success; otherwise why the message is kept. */
async function redriveOne(
  clients: { lambda: LambdaClient },
  message: Message,
): Promise<string | undefined> {
  let target: ReturnType<typeof redriveTarget>;
  try {
    target = redriveTarget(message);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const answer = await clients.lambda.send(
    new InvokeCommand({
      FunctionName: target.functionArn,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(target.payload)),
    }),
  );
  if (!answer.FunctionError) return undefined;
  const payload = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
  let error = payload;
  try {
    error = (JSON.parse(payload) as { errorMessage?: string }).errorMessage ?? payload;
  } catch {
    // Not JSON: report it as it came.
  }
  return `${target.functionArn} failed again: ${error}`;
}
