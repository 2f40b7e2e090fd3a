import { trendBuckets } from '../data/analytics';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { performanceTrendsRoute } from '../routes';
import { trendsOf } from '../views/trend-view';
import { DEFAULT_POINTS } from '../vocabulary';

export const handler = httpHandler(performanceTrendsRoute, async ({ userId, query }) => {
  const points = query.points ?? DEFAULT_POINTS[query.period];
  const buckets = await trendBuckets(db, userId, query.period, points);
  return { body: trendsOf(buckets, query.metric_type, query.period) };
});
