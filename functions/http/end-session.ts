import { sessionAward, withinDailyCap } from '../core/points';
import { endSession } from '../data/sessions';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { countMetric } from '../platform/metrics';
import { endSessionRoute } from '../routes';

export const handler = httpHandler(endSessionRoute, async ({ userId, params, body }) => {
  const { session, event, earnedToday } = await endSession(db, userId, Number(params.id), body);
  // The award itself is made by award-points from the event, with the same rules; this is the
  // same figure, shown to the student now.
  const award = sessionAward({
    duration_minutes: session.duration_minutes,
    activity_points: Number(event.detail.activity_points ?? 0),
  });
  countMetric('SessionsEnded');
  await publishCommitted([event]);
  return {
    body: {
      ...session,
      points_earned: withinDailyCap(award.points, earnedToday),
      points_breakdown: award.breakdown,
    },
  };
});
