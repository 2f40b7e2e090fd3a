import { expireGoals } from '../data/goals';
import { db } from '../platform/database';
import { scheduledJob } from '../platform/scheduled-job';

export const handler = scheduledJob('goal-expiry', async () => ({
  expired: await expireGoals(db),
}));
