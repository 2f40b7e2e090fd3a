import { recordPublishResults } from '../data/outbox';
import { nonNegativeNumber, readConfig, text } from '../platform/config';
import { db } from '../platform/database';
import { EventPublisher, type OutboxEvent, type PublishResult } from '../platform/event-publisher';
import { loggableError, logger } from '../platform/logger';
import { countMetric } from '../platform/metrics';
import { requestOutboxRetry } from '../platform/outbox-retry';

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
 * Publishes events that the caller's statement just wrote to the outbox. Success costs no Data
 * API call: the event's receiver marks its row published (award-points in its statement, the
 * mark-published target for the others), and the relay republishes only rows nobody received.
 * A failure is recorded (the one case with a second call) and asks the relay to retry after the
 * first backoff. Never throws: the change is already committed, and whatever did not get out is
 * still pending in the outbox.
 */
export async function publishCommitted(events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const results = await publisher.publish(events);
  countPublished(results);
  const failed = results.filter((r) => r.error);
  if (failed.length === 0) return;
  for (const result of failed) {
    logger.warn('Event not published; the outbox relay will retry', {
      event_id: result.id,
      error: result.error,
    });
  }
  try {
    await recordPublishResults(db, failed, retryBaseSeconds);
  } catch (err) {
    logger.warn('Could not record the failed publication', loggableError(err));
  }
  // A second after the row's own backoff, so the relay finds it due.
  await requestOutboxRetry(retryBaseSeconds + 1);
}

/** The relay's way out: publish and record, letting a recording failure surface. */
export async function publishAndRecord(events: readonly OutboxEvent[]) {
  const results = await publisher.publish(events);
  countPublished(results);
  await recordPublishResults(db, results, retryBaseSeconds);
  return results;
}
