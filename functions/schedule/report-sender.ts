import { defaultMailer, sendDueReports, senderConfig } from '../flows/report-delivery';
import { db } from '../platform/database';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';

const config = senderConfig();
// Stop claiming in time to record the last outcomes; what is left goes out next minute.
const SAFETY_MARGIN_MS = 10_000;

export const handler = scheduledJob('report-sender', () =>
  sendDueReports(
    db,
    defaultMailer(),
    config,
    (currentRequestContext()?.deadline ?? Date.now() + 60_000) - SAFETY_MARGIN_MS,
  ),
);
