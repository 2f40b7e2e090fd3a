import { classComparison, peerComparison, periodComparison } from '../data/analytics';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { performanceComparisonRoute } from '../routes';
import { byClass, byPeers, byPeriod } from '../views/comparison-view';

export const handler = httpHandler(performanceComparisonRoute, async ({ userId, query }) => {
  const { compare_by, period } = query;
  if (compare_by === 'class')
    return { body: byClass(await classComparison(db, userId, period), period) };
  if (compare_by === 'period')
    return { body: byPeriod(await periodComparison(db, userId, period), period) };
  const peerPeriod = period === 'monthly' ? 'monthly' : 'weekly';
  return { body: byPeers(await peerComparison(db, userId, peerPeriod), peerPeriod) };
});
