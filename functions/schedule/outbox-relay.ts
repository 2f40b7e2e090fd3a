import { claimDueEvents, outboxBacklog } from '../data/outbox';
import { publishAndRecord } from '../flows/outbox';
import { db } from '../platform/database';
import { logger } from '../platform/logger';
import { secondsMetric } from '../platform/metrics';
import { requestOutboxRetry } from '../platform/outbox-retry';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';
import { MAX_WAKE_UP_DELAY_SECONDS } from '../platform/wake-up';

/** Events claimed per round; published to EventBridge ten at a time. */
const CLAIM_BATCH = 100;
/** Stop claiming with this much of the invocation left, so a round can always finish. */
const SAFETY_MARGIN_MS = 15_000;

/**
 * Publishes whatever the outbox still holds: events whose publication failed, or that nobody
 * received within ten minutes (their writer stopped between its commit and the publish). Runs
 * hourly, and when a failed publication asks for it through the wake-up queue; a retry that is
 * due again within SQS's 15-minute delay asks for the next run itself, later ones wait for the
 * hourly run (the backoff is capped at an hour).
 */
export const handler = scheduledJob('outbox-relay', async () => {
  let published = 0;
  let failed = 0;
  const deadline = currentRequestContext()?.deadline ?? Date.now() + 60_000;
  while (Date.now() < deadline - SAFETY_MARGIN_MS) {
    const due = await claimDueEvents(db, CLAIM_BATCH);
    if (due.length === 0) break;
    const results = await publishAndRecord(due);
    for (const result of results) {
      if (result.error) {
        failed++;
        logger.warn('Relay could not publish an event', {
          event_id: result.id,
          error: result.error,
        });
      } else {
        published++;
      }
    }
    if (due.length < CLAIM_BATCH) break;
  }
  // What is still waiting after this run; an alarm goes off when it grows past minutes.
  const backlog = await outboxBacklog(db);
  secondsMetric('OutboxBacklogAge', backlog.ageSeconds);
  const retryIn = backlog.nextRetrySeconds;
  const wakeUp = retryIn !== null && retryIn <= MAX_WAKE_UP_DELAY_SECONDS;
  if (wakeUp) await requestOutboxRetry(Math.max(0, retryIn) + 1);
  return { published, failed, next_retry_seconds: wakeUp ? retryIn : null };
});
