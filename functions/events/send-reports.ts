import { ReportDeliveriesDueDetail } from '../contracts/events';
import { db } from '../platform/database';
import { eventHandler } from '../platform/event-handler';
import { logger } from '../platform/logger';
import { defaultMailer, sendDueReports, senderConfig } from '../platform/report-delivery';
import { currentRequestContext } from '../platform/request-context';

const config = senderConfig();
const SAFETY_MARGIN_MS = 5_000;

/** Started by the report builder's event; the every-minute schedule is the backstop. */
export const handler = eventHandler(ReportDeliveriesDueDetail, async () => {
  const outcome = await sendDueReports(
    db,
    defaultMailer(),
    config,
    (currentRequestContext()?.deadline ?? Date.now() + 30_000) - SAFETY_MARGIN_MS,
  );
  logger.info('Report emails sent', { outcome });
});
