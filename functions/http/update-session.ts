import { Invalid } from '../core/errors';
import { correctedTimes } from '../core/past-sessions';
import { correctSession, storedTimes } from '../data/session-corrections';
import { publishCommitted } from '../flows/outbox';
import { pastActivities } from '../flows/past-session-parts';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { countMetric } from '../platform/metrics';
import { sessionLimits } from '../platform/session-limits';
import { updateSessionRoute } from '../routes';

const bounds = sessionLimits();

// Two Data API calls: the bounds are one TypeScript rule (core/past-sessions), shared with
// POST /sessions, and a partial correction is checked against the stored times it keeps, so
// those are read first; the write then applies only if the session is still at that revision.
export const handler = httpHandler(updateSessionRoute, async ({ userId, params, body }) => {
  const stored = await storedTimes(db, userId, Number(params.id));
  const { confirm, activities, start_time, end_time, pauses, ...fields } = body;
  if (confirm && !stored.auto_closed) {
    throw new Invalid([
      { path: 'body.confirm', message: 'only an auto-closed session is confirmed' },
    ]);
  }
  const timed = start_time !== undefined || end_time !== undefined || pauses !== undefined;
  const corrected = timed
    ? correctedTimes(
        { ...stored, end_time: stored.end_time ?? stored.start_time },
        { start_time, end_time, pauses },
        { ...bounds, now: new Date() },
      )
    : undefined;
  if (corrected?.issues) throw new Invalid(corrected.issues);
  const onlyConfirms = confirm === true && Object.keys(body).length === 1;
  const { session, event } = await correctSession(db, userId, stored, {
    ...fields,
    ...(corrected && {
      start_time,
      end_time,
      pauses,
      duration_seconds: corrected.durationSeconds,
      checkOverlapWith: corrected.times,
    }),
    ...(activities && { activities: pastActivities(activities) }),
    confirm: confirm === true,
    change: onlyConfirms ? 'confirmed' : 'edited',
  });
  countMetric('SessionsCorrected');
  await publishCommitted([event]);
  return { body: session };
});
