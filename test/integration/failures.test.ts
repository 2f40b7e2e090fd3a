/**
 * Failures through the local stack, as Lambda's asynchronous invocation treats them
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): an event
 * target or scheduled job that keeps failing ends, after two retries, as an invocation record in
 * its function's on-failure queue; `npm run dlq -- redrive` runs it again, once.
 */
import { randomUUID } from 'node:crypto';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listQueues, redriveQueue } from '../../ops/redrive';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
let clients: { sqs: SQSClient; lambda: LambdaClient };

beforeAll(async () => {
  env = await startOwnStack();
  const config = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  clients = {
    sqs: new SQSClient({ ...config, endpoint: env.stack.queues.url }),
    lambda: new LambdaClient({ ...config, endpoint: env.stack.lambdaApiUrl }),
  };
});
afterAll(async () => {
  clients?.sqs.destroy();
  clients?.lambda.destroy();
  await env?.close();
});

const newUser = () => `failures-${randomUUID()}`;

async function endSessionOf(user: string, minutes: number) {
  const { body } = await env.call(user, 'POST', '/sessions/start', {});
  await env.sql(
    `UPDATE study_sessions SET start_time = now() - interval '${minutes} minutes' WHERE id = ${body.session_id}`,
  );
  const ended = await env.call(user, 'PUT', `/sessions/${body.session_id}/end`, {});
  expect(ended.status).toBe(200);
  return body.session_id as number;
}

const ledgerFor = (sessionId: number) =>
  env.rows(`SELECT points FROM points_ledger WHERE reference_id = '${sessionId}'`);

describe('an event target that keeps failing', () => {
  const user = newUser();
  let sessionId: number;

  it('is retried twice by Lambda, then kept in its on-failure queue in the shape AWS writes', async () => {
    const queue = env.stack.lambda.onFailureQueue('award-points');
    env.stack.lambda.failNextInvocations('award-points', 3);
    sessionId = await endSessionOf(user, 20);
    await env.stack.bus.idle();

    expect(await ledgerFor(sessionId)).toEqual([]);
    const records = env.onFailure('award-points');
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.any(String),
      requestContext: {
        requestId: expect.any(String),
        functionArn:
          'arn:aws:lambda:us-east-1:000000000000:function:study-analytics-award-points:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: expect.objectContaining({
        source: 'study-analytics',
        'detail-type': 'Study Session Ended',
        detail: expect.objectContaining({ session_id: sessionId, user_id: user }),
      }),
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'Injected failure.' },
    });
    // EventBridge delivered the event; its rule's dead-letter queue is for failed deliveries.
    expect(env.stack.bus.deadLetters()).toEqual([]);
    // The evaluation of goals, another target of the same event, was not disturbed.
    expect(env.onFailure('evaluate-goals')).toEqual([]);

    const listed = await listQueues(clients.sqs, '');
    expect(listed.find((q) => q.name === queue)).toMatchObject({ waiting: 1, inFlight: 0 });
  });

  it('awards the points exactly once when redriven, however often', async () => {
    const queue = env.stack.lambda.onFailureQueue('award-points');
    const [message] = env.stack.queues.messages(queue);
    // A copy of the same record, as a redrive interrupted before its delete would leave.
    env.stack.queues.send(queue, message?.body ?? '');

    const outcome = await redriveQueue(clients, queue);
    expect(outcome).toEqual({ redriven: 2, kept: [] });
    expect(await ledgerFor(sessionId)).toEqual([{ points: 10 }]);
    expect(env.onFailure('award-points')).toEqual([]);

    expect(await redriveQueue(clients, queue)).toEqual({ redriven: 0, kept: [] });
    expect(await ledgerFor(sessionId)).toEqual([{ points: 10 }]);
  });

  it('keeps a message whose function fails again, with the reason', async () => {
    const queue = env.stack.lambda.onFailureQueue('award-points');
    env.stack.lambda.failNextInvocations('award-points', 3);
    const id = await endSessionOf(newUser(), 15);
    await env.stack.bus.idle();
    expect(env.onFailure('award-points')).toHaveLength(1);

    env.stack.lambda.failNextInvocations('award-points', 1);
    const outcome = await redriveQueue(clients, queue);
    expect(outcome.redriven).toBe(0);
    expect(outcome.kept).toEqual([
      { messageId: expect.any(String), reason: expect.stringMatching(/Injected failure/) },
    ]);
    // Visible again for the next attempt, which succeeds.
    expect(await redriveQueue(clients, queue)).toEqual({ redriven: 1, kept: [] });
    expect(await ledgerFor(id)).toHaveLength(1);
  });
});

describe('scheduled jobs', () => {
  it('are retried by Lambda and kept in the on-failure queue like other asynchronous invocations', async () => {
    env.stack.lambda.failNextInvocations('goal-expiry', 3);
    env.stack.scheduler.fire('goal-expiry');
    await env.stack.bus.idle();
    const [record] = env.onFailure('goal-expiry');
    expect(record?.requestContext).toMatchObject({
      functionArn: expect.stringMatching(/:function:study-analytics-goal-expiry:\$LATEST$/),
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record?.requestPayload).toEqual({});

    expect(await redriveQueue(clients, env.stack.lambda.onFailureQueue('goal-expiry'))).toEqual({
      redriven: 1,
      kept: [],
    });
  });

  it('are safe when two runs of the outbox relay overlap: every event is published once', async () => {
    const probe = randomUUID();
    const count = 150;
    await env.sql(`
      INSERT INTO outbox (id, detail_type, detail, next_attempt_at)
      SELECT gen_random_uuid(), 'Overlap Probe',
             jsonb_build_object('probe', '${probe}', 'n', n), now() - interval '1 minute'
      FROM generate_series(1, ${count}) AS n`);

    // Two runs at once, as two firings of one schedule may be on AWS.
    const runs = (await Promise.all([
      env.runSchedule('outbox-relay'),
      env.runSchedule('outbox-relay'),
    ])) as { published: number; failed: number }[];

    expect(runs.reduce((sum, r) => sum + r.published, 0)).toBe(count);
    const published = env.stack.bus
      .published()
      .filter((e) => e.detail.probe === probe)
      .map((e) => e.detail.n);
    expect(published).toHaveLength(count);
    expect(new Set(published).size).toBe(count);
  });
});
