/**
 * The local Lambda service against Lambda's documented asynchronous invocation:
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (a function
 * error, timeouts included, is retried twice; throttled events wait in the queue),
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (the record
 * sent to an on-failure destination), and the Invoke API,
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../local/lambda';
import { startLambdaApi } from '../../local/lambda-api';
import {
  createLambdaService,
  type InvocationRecord,
  type LambdaService,
} from '../../local/lambda-service';
import { type LocalQueues, startLocalQueues } from '../../local/sqs';

/** What each test function does on its next attempts; the last entry repeats. */
let script: Record<string, ('throw' | 'hang' | 'ok')[]> = {};
const attempts: { name: string; requestId: string; event: unknown }[] = [];
const hanging: (() => void)[] = [];
/** Releases every hanging handler. */
const release = () => {
  for (const resolve of hanging.splice(0)) resolve();
};
let running = 0;
let mostAtOnce = 0;
/** When this many handlers hang at once, they have met: all are released. */
let meetAt: number | undefined;
let met = false;

const handlerFor =
  (name: string): LambdaHandler =>
  async (event: never, context: Context) => {
    attempts.push({ name, requestId: context.awsRequestId, event });
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    try {
      const steps = script[name] ?? ['ok'];
      const step = steps.length > 1 ? steps.shift() : steps[0];
      if (step === 'throw') throw new TypeError(`${name} broke`);
      if (step === 'hang') {
        await new Promise<void>((resolve) => {
          hanging.push(resolve);
          if (meetAt !== undefined && hanging.length >= meetAt) {
            met = true;
            release();
          }
        });
      }
      return { done: name };
    } finally {
      running--;
    }
  };

let queues: LocalQueues;
let lambda: LambdaService;
let api: Awaited<ReturnType<typeof startLambdaApi>>;
let sqs: SQSClient;
let lambdaClient: LambdaClient;
const clientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
};

beforeAll(async () => {
  queues = await startLocalQueues();
  lambda = createLambdaService({
    functions: [
      { name: 'worker', load: async () => handlerFor('worker'), timeoutSeconds: 30 },
      // A short timeout is the behaviour under test: its handler hangs until released.
      { name: 'sleeper', load: async () => handlerFor('sleeper'), timeoutSeconds: 0.2 },
      {
        name: 'single',
        load: async () => handlerFor('single'),
        timeoutSeconds: 30,
        maxConcurrency: 1,
      },
    ],
    asyncInvocation: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 },
    queues,
    retryDelaysMs: [1, 2],
  });
  api = await startLambdaApi(lambda);
  sqs = new SQSClient({ ...clientConfig, endpoint: queues.url });
  lambdaClient = new LambdaClient({ ...clientConfig, endpoint: api.url });
});
afterAll(async () => {
  release();
  sqs.destroy();
  lambdaClient.destroy();
  await api.close();
  await queues.close();
});
beforeEach(() => {
  script = {};
  attempts.length = 0;
  mostAtOnce = 0;
  meetAt = undefined;
  met = false;
});

/** Takes the records waiting in a function's on-failure queue, through the real SQS client. */
async function recordsOf(name: string): Promise<InvocationRecord[]> {
  const { QueueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: lambda.onFailureQueue(name) }),
  );
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
  );
  for (const m of Messages) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
  }
  return Messages.map((m) => JSON.parse(m.Body ?? '') as InvocationRecord);
}

describe('asynchronous invocation', () => {
  it('retries a function error twice, then sends the record AWS writes to the on-failure queue', async () => {
    script.worker = ['throw'];
    const event = { source: 'app', 'detail-type': 'Ended', detail: { n: 1 } };
    lambda.invokeAsync('worker', event);
    await lambda.idle();
    expect(attempts.map((a) => a.name)).toEqual(['worker', 'worker', 'worker']);
    // One invocation: the same request id on every attempt.
    expect(new Set(attempts.map((a) => a.requestId)).size).toBe(1);
    const records = await recordsOf('worker');
    expect(records).toHaveLength(1);
    expect(records[0]).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId: attempts[0]?.requestId,
        functionArn:
          'arn:aws:lambda:us-east-1:000000000000:function:study-analytics-worker:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'TypeError',
        errorMessage: 'worker broke',
        trace: expect.arrayContaining([expect.stringContaining('TypeError: worker broke')]),
      },
    });
  });

  it('records nothing when a retry succeeds', async () => {
    script.worker = ['throw', 'throw', 'ok'];
    lambda.invokeAsync('worker', { n: 2 });
    await lambda.idle();
    expect(attempts).toHaveLength(3);
    expect(await recordsOf('worker')).toEqual([]);
  });

  it('fails a handler past its timeout as a function error, and retries it', async () => {
    script.sleeper = ['hang'];
    lambda.invokeAsync('sleeper', { n: 3 });
    await lambda.idle();
    release();
    expect(attempts.filter((a) => a.name === 'sleeper')).toHaveLength(3);
    const [record] = await recordsOf('sleeper');
    expect(record?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record?.responsePayload).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${record?.requestContext.requestId} Error: Task timed out after 0.20 seconds`,
    });
  });

  it('gives up when the event is older than the maximum age, saying so', async () => {
    const aged = createLambdaService({
      functions: [{ name: 'worker', load: async () => handlerFor('worker'), timeoutSeconds: 30 }],
      asyncInvocation: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 0 },
      queues,
      retryDelaysMs: [1, 2],
    });
    script.worker = ['throw'];
    aged.invokeAsync('worker', { n: 4 });
    await aged.idle();
    expect(attempts).toHaveLength(1);
    const [record] = await recordsOf('worker');
    expect(record?.requestContext).toMatchObject({
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 1,
    });
  });

  it('runs invocations of one function at once, unless its reserved concurrency is 1', async () => {
    // Each hangs until both run: only overlapping invocations can finish.
    meetAt = 2;
    script.worker = ['hang'];
    lambda.invokeAsync('worker', { n: 5 });
    lambda.invokeAsync('worker', { n: 6 });
    await lambda.idle();
    expect(met).toBe(true);
    expect(mostAtOnce).toBe(2);

    mostAtOnce = 0;
    for (let n = 0; n < 3; n++) lambda.invokeAsync('single', { n });
    await lambda.idle();
    expect(attempts.filter((a) => a.name === 'single')).toHaveLength(3);
    expect(mostAtOnce).toBe(1);
  });

  it('refuses an unknown function at once, as Invoke does', () => {
    expect(() => lambda.invokeAsync('nope', {})).toThrow(/Function not found/);
  });
});

describe('the Invoke API through the real LambdaClient', () => {
  const invoke = (FunctionName: string, payload: unknown, type?: 'Event') =>
    lambdaClient.send(
      new InvokeCommand({
        FunctionName,
        InvocationType: type,
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
  const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

  it('answers the result of a synchronous invocation, by name or ARN', async () => {
    const byName = await invoke('study-analytics-worker', { n: 7 });
    expect(byName.StatusCode).toBe(200);
    expect(byName.FunctionError).toBeUndefined();
    expect(json(byName.Payload)).toEqual({ done: 'worker' });
    const byArn = await invoke(
      'arn:aws:lambda:us-east-1:000000000000:function:study-analytics-worker:$LATEST',
      { n: 8 },
    );
    expect(json(byArn.Payload)).toEqual({ done: 'worker' });
  });

  it('reports a function error in the payload, without retrying a synchronous call', async () => {
    script.worker = ['throw'];
    const out = await invoke('study-analytics-worker', { n: 9 });
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'worker broke',
    });
    expect(attempts).toHaveLength(1);
  });

  it('accepts an Event invocation with 202 and runs it afterwards', async () => {
    const out = await invoke('study-analytics-worker', { n: 10 }, 'Event');
    expect(out.StatusCode).toBe(202);
    await lambda.idle();
    expect(attempts.map((a) => a.event)).toEqual([{ n: 10 }]);
  });

  it('answers ResourceNotFoundException for an unknown function', async () => {
    await expect(invoke('study-analytics-nope', {})).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
