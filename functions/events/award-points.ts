import { SESSION_ENDED, SessionEndedDetail } from '../contracts/events';
import { DAILY_POINTS_CAP, sessionAward } from '../core/points';
import { awardSessionPoints, endedSessionFacts } from '../data/points';
import { forwardAward } from '../flows/gamification';
import { publishCommitted } from '../flows/outbox';
import { optionalUrl, readConfig } from '../platform/config';
import { db } from '../platform/database';
import { eventHandler, refuseEvent } from '../platform/event-handler';
import { logger } from '../platform/logger';
import { countMetric } from '../platform/metrics';

const { GAMIFICATION_URL: gamificationUrl } = readConfig({ GAMIFICATION_URL: optionalUrl() });

/**
 * `Study Session Ended` → one ledger row per session, `Study Points Awarded`, gamification. The
 * event only names the session: the award is computed from the stored, ended session of that
 * user, so an event anyone could put on the bus earns nothing the student did not study.
 */
export const handler = eventHandler(SESSION_ENDED, SessionEndedDetail, async (detail) => {
  const found = await endedSessionFacts(db, detail.user_id, detail.session_id);
  if (!found.facts) {
    refuseEvent(found.refusal);
    return;
  }
  const { facts } = found;
  const award = sessionAward(facts);
  const { entry, event } = await awardSessionPoints(db, {
    userId: detail.user_id,
    sessionId: detail.session_id,
    endedAt: new Date(facts.end_time),
    points: award.points,
    reason: facts.auto_closed ? 'study_session_auto_closed' : 'study_session',
    breakdown: award.breakdown,
    dailyCap: DAILY_POINTS_CAP,
  });
  if (!entry) {
    // A copy of this event is being awarded concurrently (that delivery finishes the job), or
    // the student's data was erased since the facts were read (nothing to award).
    logger.info('No award made: in progress elsewhere, or the session is gone', {
      session_id: detail.session_id,
    });
    return;
  }
  countMetric('PointsAwarded', entry.points);
  if (event) await publishCommitted([event]);
  await forwardAward(gamificationUrl, entry);
});
