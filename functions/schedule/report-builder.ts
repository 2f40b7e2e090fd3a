import { randomUUID } from 'node:crypto';
import { recordDueDeliveries } from '../data/deliveries';
import { refreshSnapshots } from '../data/snapshots';
import { requireEnv } from '../platform/config';
import { db } from '../platform/database';
import { EventPublisher } from '../platform/event-publisher';
import { logger } from '../platform/logger';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';

const publisher = new EventPublisher(requireEnv('EVENT_BUS_NAME'));
// Leave time to record deliveries and return; unfinished snapshot batches continue next hour.
const SAFETY_MARGIN_MS = 60_000;

/**
 * Hourly: rolls up the periods that closed in each student's zone, then records the report
 * emails now due, and starts the sender. Losing that start costs at most a minute: the sender
 * also runs every minute.
 */
export const handler = scheduledJob('report-builder', async () => {
  const deadline =
    (currentRequestContext()?.deadline ?? Number.POSITIVE_INFINITY) - SAFETY_MARGIN_MS;
  const snapshots = await refreshSnapshots(db, { deadline });
  const deliveries = await recordDueDeliveries(db);
  if (deliveries.pending > 0) {
    const [published] = await publisher.publish([
      {
        id: randomUUID(),
        detail_type: 'Report Deliveries Due',
        detail: {
          version: 1,
          event_id: randomUUID(),
          pending: deliveries.pending,
          recorded_at: new Date().toISOString(),
        },
      },
    ]);
    if (published?.error)
      logger.warn('Sender not started; its schedule will pick up', { error: published.error });
  }
  return { snapshots, deliveries };
});
