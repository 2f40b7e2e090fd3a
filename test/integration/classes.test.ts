import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
let client: EventBridgeClient;
beforeAll(async () => {
  env = await startOwnStack();
  client = new EventBridgeClient({
    endpoint: env.stack.bus.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client?.destroy();
  await env?.close();
});

/** What the class-management service publishes. */
async function classEvent(detailType: string, detail: Record<string, unknown>) {
  const out = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: env.stack.bus.name,
          Source: 'learning-platform.classes',
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  expect(out.FailedEntryCount).toBe(0);
  await env.stack.bus.idle();
}

const classRow = async (id: number) =>
  (await env.rows(`SELECT name, deleted FROM classes WHERE id = ${id}`))[0];

describe('the class name cache', () => {
  const id = 700_000 + Math.floor(Math.random() * 100_000);

  it('learns names from class-management events', async () => {
    await classEvent('Class Created', {
      class_id: id,
      name: 'Biology 101',
      updated_at: '2026-09-01T08:00:00Z',
    });
    expect(await classRow(id)).toEqual({ name: 'Biology 101', deleted: false });
    await classEvent('Class Updated', {
      class_id: id,
      name: 'Biology 101 (Fall)',
      updated_at: '2026-09-02T08:00:00Z',
    });
    expect(await classRow(id)).toEqual({ name: 'Biology 101 (Fall)', deleted: false });
  });

  it('ignores a change older than the one it has, whatever the delivery order', async () => {
    await classEvent('Class Updated', {
      class_id: id,
      name: 'Old name',
      updated_at: '2026-09-01T12:00:00+02:00',
    });
    expect(await classRow(id)).toEqual({ name: 'Biology 101 (Fall)', deleted: false });
  });

  it('keeps the name of a deleted class for past reports', async () => {
    await classEvent('Class Deleted', {
      class_id: id,
      name: 'Biology 101 (Fall)',
      updated_at: '2026-12-20T08:00:00Z',
    });
    expect(await classRow(id)).toEqual({ name: 'Biology 101 (Fall)', deleted: true });
  });

  it('keeps an event that breaks the contract in the function’s on-failure queue, after Lambda’s retries', async () => {
    const before = env.onFailure('sync-class').length;
    await classEvent('Class Created', { class_id: 'abc', name: '' });
    const records = env.onFailure('sync-class').slice(before);
    expect(records).toHaveLength(1);
    expect(records[0]?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(records[0]?.requestPayload).toMatchObject({ detail: { class_id: 'abc' } });
    expect(records[0]?.responsePayload).toMatchObject({
      errorMessage: expect.stringMatching(/does not match its contract/),
    });
    // The bus delivered it: its rule's dead-letter queue is for deliveries that fail.
    expect(env.stack.bus.deadLetters()).toEqual([]);
  });
});
