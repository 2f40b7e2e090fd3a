import { sessionPoints } from '../core/points';
import { endSession } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['end-session'], async ({ userId, params, body }) => {
  const { session, activityPoints } = await endSession(db, userId, Number(params.id), body);
  return {
    body: {
      ...session,
      points_earned: sessionPoints(session.duration_minutes, activityPoints),
    },
  };
});
