import { refreshSnapshots } from '../data/snapshots';
import { db } from '../platform/database';
import { currentRequestContext } from '../platform/request-context';
import { scheduledJob } from '../platform/scheduled-job';

// Leave time to log and return: batches that do not fit are picked up by the next run.
const SAFETY_MARGIN_MS = 30_000;

export const handler = scheduledJob('report-builder', () =>
  refreshSnapshots(db, {
    deadline: (currentRequestContext()?.deadline ?? Number.POSITIVE_INFINITY) - SAFETY_MARGIN_MS,
  }),
);
