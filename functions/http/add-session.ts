import { Invalid } from '../core/errors';
import { pastSessionProblems, studiedSeconds } from '../core/past-sessions';
import { sessionAward, withinDailyCap } from '../core/points';
import { addPastSession } from '../data/past-sessions';
import { publishCommitted } from '../flows/outbox';
import { pastActivities } from '../flows/past-session-parts';
import { startTimedSession } from '../flows/start-timed-session';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { countMetric } from '../platform/metrics';
import { sessionLimits } from '../platform/session-limits';
import { addSessionRoute } from '../routes';

const bounds = sessionLimits();

export const handler = httpHandler(addSessionRoute, async ({ userId, body, headers }) => {
  const { start_time, end_time } = body;
  if (start_time === undefined || end_time === undefined) {
    return startTimedSession(userId, body, headers);
  }
  const times = { start_time, end_time, pauses: body.pauses ?? [] };
  const problems = pastSessionProblems(times, { ...bounds, now: new Date() });
  if (problems.length > 0) throw new Invalid(problems);
  const activities = pastActivities(body.activities);
  const outcome = await addPastSession(
    db,
    userId,
    { ...body, start_time, end_time },
    { durationSeconds: studiedSeconds(times), pauses: times.pauses, activities },
  );
  const location = { location: `/api/analytics/sessions/${outcome.session.session_id}` };
  if (outcome.replayed) {
    return {
      status: 201,
      body: outcome.session,
      headers: { ...location, 'idempotent-replayed': 'true' },
    };
  }
  countMetric('SessionsAdded');
  await publishCommitted([outcome.event]);
  // As when a session ends: award-points makes the award from the event; this is its figure.
  const award = sessionAward({
    duration_minutes: outcome.session.duration_minutes,
    activity_points: activities.reduce((sum, a) => sum + a.points_earned, 0),
  });
  return {
    status: 201,
    body: {
      ...outcome.session,
      points_earned: withinDailyCap(award.points, outcome.earnedThatDay),
      points_breakdown: award.breakdown,
    },
    headers: location,
  };
});
