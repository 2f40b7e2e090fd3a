import { overview } from '../data/analytics';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { performanceOverviewRoute } from '../routes';
import { overviewOf } from '../views/overview';

export const handler = httpHandler(performanceOverviewRoute, async ({ userId, query }) => ({
  body: overviewOf(await overview(db, userId, query.period, query.class_id), query),
}));
