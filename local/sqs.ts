/**
 * The local stand-in for the SQS queues that keep failures: the functions' on-failure queues and
 * the rules' dead-letter queues. It speaks the SQS JSON protocol (awsJson1_0) for the real
 * SQSClient, so the redrive tool runs the same code here as against AWS; only the operations it
 * uses are served. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCOUNT, REGION } from './event-bus/put-events';

export type MessageAttributes = Record<string, { DataType: 'String'; StringValue: string }>;

interface StoredMessage {
  id: string;
  body: string;
  attributes: MessageAttributes;
  sentAt: number;
  receiveCount: number;
  invisibleUntil: number;
  receiptHandle?: string;
}

export interface LocalQueues {
  readonly url: string;
  /** Creates the queue if it does not exist and answers its URL. */
  create(name: string): string;
  send(name: string, body: string, attributes?: MessageAttributes): string;
  /** Every message a queue holds, received or not, oldest first (for tests and the admin page). */
  messages(name: string): { id: string; body: string; attributes: MessageAttributes }[];
  /** Removes one message for a local event source, which then owns it (and may send it back). */
  take(
    name: string,
    id: string,
  ): { id: string; body: string; receiveCount: number; sentAt: number } | undefined;
  close(): Promise<void>;
}

/** SQS's default visibility timeout, for a receive that names none. */
const DEFAULT_VISIBILITY_SECONDS = 30;
const MAX_RECEIVE = 10;

class SqsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly queryCode: string,
    message: string,
  ) {
    super(message);
  }
}

const noSuchQueue = () =>
  new SqsError(
    400,
    'com.amazonaws.sqs#QueueDoesNotExist',
    'AWS.SimpleQueueService.NonExistentQueue;Sender',
    'The specified queue does not exist.',
  );

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** A message just sent, as a queue's event source sees it. */
export interface SentMessage {
  readonly queue: string;
  readonly id: string;
  readonly delaySeconds: number;
}

export async function startLocalQueues(
  options: { host?: string; port?: number; onSend?: (message: SentMessage) => void } = {},
) {
  const host = options.host ?? '127.0.0.1';
  const queues = new Map<string, StoredMessage[]>();
  let url = '';
  const queueUrl = (name: string) => `${url}/${ACCOUNT}/${name}`;
  const queueOf = (input: { QueueUrl?: unknown }): StoredMessage[] => {
    const name = String(input.QueueUrl ?? '')
      .split('/')
      .pop();
    const queue = name ? queues.get(name) : undefined;
    if (!queue) throw noSuchQueue();
    return queue;
  };
  const findByReceipt = (queue: StoredMessage[], handle: unknown) => {
    const index = queue.findIndex((m) => m.receiptHandle === handle);
    if (index < 0) {
      throw new SqsError(
        400,
        'com.amazonaws.sqs#ReceiptHandleIsInvalid',
        'ReceiptHandleIsInvalid;Sender',
        'The input receipt handle is invalid.',
      );
    }
    return index;
  };

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    ListQueues: (input) => ({
      QueueUrls: [...queues.keys()]
        .filter((name) => name.startsWith(String(input.QueueNamePrefix ?? '')))
        .map(queueUrl),
    }),
    GetQueueUrl: (input) => {
      if (!queues.has(String(input.QueueName))) throw noSuchQueue();
      return { QueueUrl: queueUrl(String(input.QueueName)) };
    },
    GetQueueAttributes: (input) => {
      const queue = queueOf(input);
      const now = Date.now();
      const visible = queue.filter((m) => m.invisibleUntil <= now).length;
      const name = String(input.QueueUrl).split('/').pop();
      return {
        Attributes: {
          QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
          ApproximateNumberOfMessages: String(visible),
          ApproximateNumberOfMessagesNotVisible: String(queue.length - visible),
        },
      };
    },
    SendMessage: (input) => {
      const body = String(input.MessageBody ?? '');
      const delaySeconds = Number(input.DelaySeconds ?? 0);
      if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
        throw new SqsError(
          400,
          'com.amazonaws.sqs#InvalidParameterValue',
          'InvalidParameterValue;Sender',
          'Value for parameter DelaySeconds is invalid. Reason: must be between 0 and 900.',
        );
      }
      const queue = queueOf(input);
      const id = send(
        queue,
        body,
        (input.MessageAttributes ?? {}) as MessageAttributes,
        delaySeconds,
      );
      const name = String(input.QueueUrl).split('/').pop() ?? '';
      options.onSend?.({ queue: name, id, delaySeconds });
      return { MessageId: id, MD5OfMessageBody: md5(body) };
    },
    ReceiveMessage: (input) => {
      const queue = queueOf(input);
      const max = Math.min(Number(input.MaxNumberOfMessages ?? 1), MAX_RECEIVE);
      const visibilityMs = Number(input.VisibilityTimeout ?? DEFAULT_VISIBILITY_SECONDS) * 1000;
      const now = Date.now();
      const taken = queue.filter((m) => m.invisibleUntil <= now).slice(0, max);
      return {
        Messages: taken.map((m) => {
          m.receiveCount++;
          m.invisibleUntil = now + visibilityMs;
          m.receiptHandle = randomUUID();
          return {
            MessageId: m.id,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: md5(m.body),
            Body: m.body,
            Attributes: {
              ApproximateReceiveCount: String(m.receiveCount),
              SentTimestamp: String(m.sentAt),
            },
            ...(Object.keys(m.attributes).length ? { MessageAttributes: m.attributes } : {}),
          };
        }),
      };
    },
    DeleteMessage: (input) => {
      const queue = queueOf(input);
      queue.splice(findByReceipt(queue, input.ReceiptHandle), 1);
      return {};
    },
    ChangeMessageVisibility: (input) => {
      const queue = queueOf(input);
      const message = queue[findByReceipt(queue, input.ReceiptHandle)];
      if (message) message.invisibleUntil = Date.now() + Number(input.VisibilityTimeout) * 1000;
      return {};
    },
  };

  function send(
    queue: StoredMessage[],
    body: string,
    attributes: MessageAttributes = {},
    delaySeconds = 0,
  ) {
    const id = randomUUID();
    const sentAt = Date.now();
    // A delayed message stays invisible for its delay (in real seconds: receivers poll).
    const invisibleUntil = delaySeconds > 0 ? sentAt + delaySeconds * 1000 : 0;
    queue.push({ id, body, attributes, sentAt, receiveCount: 0, invisibleUntil });
    return id;
  }

  const reply = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AmazonSQS.') ? operations[target.slice(10)] : undefined;
    try {
      if (!operation || req.method !== 'POST') {
        throw new SqsError(
          400,
          'com.amazonaws.sqs#UnsupportedOperation',
          'AWS.SimpleQueueService.UnsupportedOperation;Sender',
          `Unsupported operation ${target}`,
        );
      }
      const text = Buffer.concat(chunks).toString('utf8');
      reply(res, 200, operation(text ? JSON.parse(text) : {}));
    } catch (err) {
      if (err instanceof SqsError) {
        return reply(
          res,
          err.status,
          { __type: err.type, message: err.message },
          { 'x-amzn-query-error': err.queryCode },
        );
      }
      reply(res, 500, { __type: 'com.amazonaws.sqs#InternalError', message: String(err) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  url = `http://${host}:${(server.address() as AddressInfo).port}`;

  const local: LocalQueues = {
    url,
    create(name) {
      if (!queues.has(name)) queues.set(name, []);
      return queueUrl(name);
    },
    send(name, body, attributes) {
      local.create(name);
      return send(queues.get(name) ?? [], body, attributes);
    },
    messages: (name) =>
      (queues.get(name) ?? []).map(({ id, body, attributes }) => ({ id, body, attributes })),
    take(name, id) {
      const queue = queues.get(name) ?? [];
      const index = queue.findIndex((m) => m.id === id);
      if (index < 0) return undefined;
      const [message] = queue.splice(index, 1);
      if (message) message.receiveCount++;
      return (
        message && {
          id: message.id,
          body: message.body,
          receiveCount: message.receiveCount,
          sentAt: message.sentAt,
        }
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return local;
}
