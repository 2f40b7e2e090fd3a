/**
 * The local EventBridge: PutEvents, and delivery to rule targets as documented in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html: a delivery the
 * target refuses is retried, then kept in the rule's dead-letter queue. Delivery to Lambda ends
 * when Lambda accepts the event; the function failing later is Lambda's to retry
 * (test/lambda/async-invocation.test.ts), never the rule's dead-letter queue.
 */
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EventBus, type EventEnvelope, startEventBus } from '../../local/event-bus/server';

let bus: EventBus;
let client: EventBridgeClient;
const delivered: { target: string; event: EventEnvelope }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  bus = await startEventBus({
    busName: 'test-bus',
    retryBaseDelayMs: 1,
    rules: [
      {
        name: 'ended',
        eventPattern: { source: ['app'], 'detail-type': ['Ended'] },
        target: 'on-ended',
        retryAttempts: 2,
      },
      {
        name: 'flaky',
        eventPattern: { source: ['app'], 'detail-type': ['Flaky'] },
        target: 'flaky',
        retryAttempts: 2,
      },
    ],
    // Rejecting stands for the target refusing the delivery (a missing function, no permission).
    invoke: async (target, event) => {
      if (target === 'flaky' && failuresLeft-- > 0) throw new Error('target refused');
      delivered.push({ target, event });
    },
  });
  client = new EventBridgeClient({
    endpoint: bus.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await bus.close();
});
beforeEach(() => {
  delivered.length = 0;
  failuresLeft = 0;
});

const entry = (over: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  EventBusName: 'test-bus',
  Source: 'app',
  DetailType: 'Ended',
  Detail: JSON.stringify({ n: 1 }),
  ...over,
});
const put = (entries: PutEventsRequestEntry[]) =>
  client.send(new PutEventsCommand({ Entries: entries }));

describe('PutEvents through the real SDK', () => {
  it('accepts events and delivers the standard envelope to matching rules only', async () => {
    const out = await put([entry(), entry({ DetailType: 'Other' })]);
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.map((e) => typeof e.EventId)).toEqual(['string', 'string']);
    await bus.idle();
    expect(delivered).toHaveLength(1);
    const event = delivered[0]?.event;
    expect(event).toMatchObject({
      version: '0',
      id: out.Entries?.[0]?.EventId,
      'detail-type': 'Ended',
      source: 'app',
      account: expect.stringMatching(/^\d{12}$/),
      region: 'us-east-1',
      resources: [],
      detail: { n: 1 },
    });
    expect(event?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('refuses more than ten entries', async () => {
    await expect(put(Array.from({ length: 11 }, () => entry()))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses a request over 256 KB', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(100 * 1024) });
    await expect(
      put([entry({ Detail: big }), entry({ Detail: big }), entry({ Detail: big })]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('reports malformed entries one by one, in order', async () => {
    const out = await put([
      entry(),
      entry({ Detail: 'not json' }),
      entry({ Detail: '[1,2]' }),
      entry({ EventBusName: 'nope' }),
    ]);
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'MalformedDetail',
      'MalformedDetail',
      'NotAuthorizedForSourceException',
    ]);
    await bus.idle();
    expect(delivered).toHaveLength(1);
  });

  it('can fail whole requests or every entry on demand', async () => {
    bus.failNextPutEvents(1, 'request');
    await expect(put([entry()])).rejects.toThrow();
    bus.failNextPutEvents(1, 'entries');
    const out = await put([entry(), entry()]);
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries?.[0]?.ErrorCode).toBe('InternalFailure');
    expect((await put([entry()])).FailedEntryCount).toBe(0);
  });
});

describe('delivery', () => {
  it('retries a delivery the target refused, and delivers once it is accepted', async () => {
    failuresLeft = 2;
    await put([entry({ DetailType: 'Flaky' })]);
    await bus.idle();
    expect(delivered.filter((d) => d.target === 'flaky')).toHaveLength(1);
  });

  it('dead-letters an event it could not deliver after the last retry', async () => {
    failuresLeft = 100;
    const before = bus.deadLetters().length;
    const out = await put([entry({ DetailType: 'Flaky' })]);
    await bus.idle();
    const letters = bus.deadLetters().slice(before);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      rule: 'flaky',
      target: 'flaky',
      attempts: 3,
      error: 'target refused',
    });
    expect(letters[0]?.event.id).toBe(out.Entries?.[0]?.EventId);
  });

  it('delivers every event twice when asked, with the same id', async () => {
    bus.setDeliverTwice(true);
    try {
      await put([entry()]);
      await bus.idle();
    } finally {
      bus.setDeliverTwice(false);
    }
    expect(delivered).toHaveLength(2);
    expect(delivered[0]?.event.id).toBe(delivered[1]?.event.id);
  });
});
