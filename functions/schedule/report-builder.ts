import { randomUUID } from 'node:crypto';
import * as z from '../contracts/zod';
import { recordDueDeliveries } from '../data/deliveries';
import { refreshSnapshots } from '../data/snapshots';
import { flag, readConfig, text } from '../platform/config';
import { db } from '../platform/database';
import { EventPublisher } from '../platform/event-publisher';
import { logger } from '../platform/logger';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';
import { wakeUpSender } from '../platform/sender-wake-up';

const config = readConfig({
  EVENT_BUS_NAME: text(),
  // A stage that must not email students (staging, say) still gets its snapshots.
  REPORT_EMAILS_ENABLED: flag(true),
});
const publisher = new EventPublisher(config.EVENT_BUS_NAME);
const emailsEnabled = config.REPORT_EMAILS_ENABLED;
// Leave time to record deliveries and return; unfinished snapshot batches continue next hour.
const SAFETY_MARGIN_MS = 60_000;

/**
 * Hourly: rolls up the periods that closed in each student's zone, then records the report
 * emails now due, and starts the sender when there is work (new emails, or earlier ones due
 * again). If the event cannot be published, the sender's wake-up queue starts it instead.
 */
// The schedule carries no input; a run may name its clock (`at`), for tests and backfills.
const BuilderInput = z.object({ at: z.optional(z.iso.datetime()) });

export const handler = scheduledJob('report-builder', async (input) => {
  const { at } = BuilderInput.parse(input ?? {});
  const deadline =
    (currentRequestContext()?.deadline ?? Number.POSITIVE_INFINITY) - SAFETY_MARGIN_MS;
  const snapshots = await refreshSnapshots(db, { deadline });
  if (!emailsEnabled) return { snapshots, deliveries: null };
  const deliveries = await recordDueDeliveries(db, at ? new Date(at) : new Date());
  if (deliveries.pending > 0 || deliveries.due_again > 0) {
    const [published] = await publisher.publish([
      {
        id: randomUUID(),
        detail_type: 'Report Deliveries Due',
        detail: {
          version: 1,
          event_id: randomUUID(),
          pending: deliveries.pending + deliveries.due_again,
          recorded_at: new Date().toISOString(),
        },
      },
    ]);
    if (published?.error) {
      logger.warn('Sender not started by event; waking it through its queue', {
        error: published.error,
      });
      await wakeUpSender(0, 'deliveries-recorded');
    }
  }
  return { snapshots, deliveries };
});
