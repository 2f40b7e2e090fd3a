import { SessionEndedDetail } from '../contracts/events';
import { DAILY_POINTS_CAP, sessionAward } from '../core/points';
import { awardSessionPoints } from '../data/points';
import { db } from '../platform/database';
import { eventHandler } from '../platform/event-handler';
import { forwardAward } from '../platform/gamification';
import { logger } from '../platform/logger';
import { publishCommitted } from '../platform/outbox';

const gamificationUrl = process.env.GAMIFICATION_URL || undefined;

/** `Study Session Ended` → one ledger row per session, `Study Points Awarded`, gamification. */
export const handler = eventHandler(SessionEndedDetail, async (detail) => {
  const award = sessionAward(detail);
  const { entry, event } = await awardSessionPoints(db, {
    userId: detail.user_id,
    sessionId: detail.session_id,
    endedAt: new Date(detail.end_time),
    points: award.points,
    reason: detail.auto_closed ? 'study_session_auto_closed' : 'study_session',
    breakdown: award.breakdown,
    dailyCap: DAILY_POINTS_CAP,
  });
  if (!entry) {
    // A copy of this event is being awarded concurrently; that delivery finishes the job.
    logger.info('Award already in progress for this session', { session_id: detail.session_id });
    return;
  }
  if (event) await publishCommitted([event]);
  await forwardAward(gamificationUrl, entry);
});
