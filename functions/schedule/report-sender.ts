import { secondsUntilNextDelivery } from '../data/deliveries';
import { defaultMailer, sendDueReports, senderConfig } from '../flows/report-delivery';
import { db } from '../platform/database';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';
import { wakeUpSender } from '../platform/sender-wake-up';
import { MAX_WAKE_UP_DELAY_SECONDS } from '../platform/wake-up';

const config = senderConfig();
// Stop claiming in time to record the last outcomes and ask for the next run.
const SAFETY_MARGIN_MS = 10_000;

/**
 * Sends what is due, started by the builder's `Report Deliveries Due` or by its own wake-up
 * queue; it never polls. Work left for later (more than one run can send, a failed send's
 * backoff) asks for the next run through the queue when it is due within SQS's 15-minute delay;
 * anything due later is started by the next hourly build, which counts deliveries due again.
 */
export const handler = scheduledJob('report-sender', async () => {
  const outcome = await sendDueReports(
    db,
    defaultMailer(),
    config,
    (currentRequestContext()?.deadline ?? Date.now() + 60_000) - SAFETY_MARGIN_MS,
  );
  const nextDue = await secondsUntilNextDelivery(db);
  const wakeUp = nextDue !== null && nextDue <= MAX_WAKE_UP_DELAY_SECONDS;
  if (wakeUp) await wakeUpSender(Math.max(0, nextDue) + 1, 'reports-due');
  return { ...outcome, next_run_in_seconds: wakeUp ? Math.max(0, nextDue) + 1 : null };
});
