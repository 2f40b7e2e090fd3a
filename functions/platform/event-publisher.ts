import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '../contracts/events';
import { withCorrelationId } from './correlation';
import { environmentCredentials } from './environment-credentials';
import { traced } from './tracer';

/** An event as the outbox holds it. */
export interface OutboxEvent {
  readonly id: string;
  readonly detail_type: string;
  readonly detail: Record<string, unknown>;
}

/** `error` is null when EventBridge accepted the event. */
export interface PublishResult {
  readonly id: string;
  readonly error: string | null;
}

/** PutEvents takes at most 10 entries per call. */
const PUT_EVENTS_BATCH = 10;

/**
 * Publishes outbox events to the service's bus and reports, event by event, what EventBridge
 * accepted: a whole-request failure fails its batch, `FailedEntryCount` fails single entries.
 * It never throws, so the caller can always record the outcome.
 */
export class EventPublisher {
  constructor(
    private readonly busName: string,
    private readonly client: EventBridgeClient = traced(
      new EventBridgeClient({ credentials: environmentCredentials }),
    ),
  ) {}

  async publish(events: readonly OutboxEvent[]): Promise<PublishResult[]> {
    const results: PublishResult[] = [];
    for (let i = 0; i < events.length; i += PUT_EVENTS_BATCH) {
      results.push(...(await this.publishBatch(events.slice(i, i + PUT_EVENTS_BATCH))));
    }
    return results;
  }

  private async publishBatch(batch: readonly OutboxEvent[]): Promise<PublishResult[]> {
    try {
      const output = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.detail_type,
            Detail: JSON.stringify(withCorrelationId(event.detail)),
          })),
        }),
      );
      return batch.map((event, i) => {
        const entry = output.Entries?.[i];
        const error = entry?.ErrorCode
          ? `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`.trim()
          : entry?.EventId
            ? null
            : 'No result for this entry';
        return { id: event.id, error };
      });
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return batch.map((event) => ({ id: event.id, error: message }));
    }
  }
}
