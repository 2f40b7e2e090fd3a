import { backlogAgeSeconds, claimDueEvents } from '../data/outbox';
import { publishAndRecord } from '../flows/outbox';
import { db } from '../platform/database';
import { logger } from '../platform/logger';
import { secondsMetric } from '../platform/metrics';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';

/** Events claimed per round; published to EventBridge ten at a time. */
const CLAIM_BATCH = 100;
/** Stop claiming with this much of the invocation left, so a round can always finish. */
const SAFETY_MARGIN_MS = 15_000;

/**
 * Publishes whatever the outbox still holds: events whose immediate publish failed, or whose
 * writer stopped between its commit and the publish.
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
  secondsMetric('OutboxBacklogAge', await backlogAgeSeconds(db));
  return { published, failed };
});
