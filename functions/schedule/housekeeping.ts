import { purgeExpiredRecords } from '../data/housekeeping';
import { db } from '../platform/database';
import { scheduledJob } from '../platform/scheduled-job';

export const handler = scheduledJob('housekeeping', () =>
  purgeExpiredRecords(db, { keyHours: 24, sentEventDays: 7 }),
);
