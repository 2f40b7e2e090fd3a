import { recordPublishResults } from '../data/outbox';
import { nonNegativeNumber, readConfig, text } from '../platform/config';
import { db } from '../platform/database';
import { EventPublisher, type OutboxEvent, type PublishResult } from '../platform/event-publisher';
import { loggableError, logger } from '../platform/logger';
import { countMetric } from '../platform/metrics';

const config = readConfig({
  EVENT_BUS_NAME: text(),
  /** First retry delay of an unpublished event; doubles per attempt, capped at an hour. */
  OUTBOX_RETRY_BASE_SECONDS: nonNegativeNumber(15),
});
const publisher = new EventPublisher(config.EVENT_BUS_NAME);

const countPublished = (results: readonly PublishResult[]) =>
  countMetric('OutboxPublished', results.filter((r) => !r.error).length);
const retryBaseSeconds = config.OUTBOX_RETRY_BASE_SECONDS;

/**
 * Publishes events that the caller's statement just wrote to the outbox, then records the
 * outcome. Never throws: the change is already committed, and whatever did not get out (bus
 * down, recording failed) is still pending in the outbox for the relay.
 */
export async function publishCommitted(events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const results = await publisher.publish(events);
  countPublished(results);
  for (const failed of results.filter((r) => r.error)) {
    logger.warn('Event not published; the outbox relay will retry', {
      event_id: failed.id,
      error: failed.error,
    });
  }
  try {
    await recordPublishResults(db, results, retryBaseSeconds);
  } catch (err) {
    logger.warn(
      'Could not record publish results; the relay will publish again',
      loggableError(err),
    );
  }
}

/** The relay's way out: publish and record, letting a recording failure surface. */
export async function publishAndRecord(events: readonly OutboxEvent[]) {
  const results = await publisher.publish(events);
  countPublished(results);
  await recordPublishResults(db, results, retryBaseSeconds);
  return results;
}
