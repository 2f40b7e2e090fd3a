import { SESSION_CHANGED, SessionChangedDetail } from '../contracts/events';
import { DAILY_POINTS_CAP, sessionAward } from '../core/points';
import { adjustSessionPoints } from '../data/point-adjustments';
import { endedSessionFacts } from '../data/points';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { eventHandler, refuseEvent } from '../platform/event-handler';
import { logger } from '../platform/logger';
import { countMetric } from '../platform/metrics';

/** Settlements of one session racing each other: each loser runs again, at most this often. */
const MAX_ATTEMPTS = 3;

/**
 * `Study Session Changed` → compensating ledger entries and `Study Points Adjusted`. Like an
 * award, the amount comes from the stored session (gone: nothing), never from the event, and
 * the settlement brings the ledger to it, so a redelivered or stale event adjusts nothing more.
 */
export const handler = eventHandler(SESSION_CHANGED, SessionChangedDetail, async (detail) => {
  const found = await endedSessionFacts(db, detail.user_id, detail.session_id);
  if (!found.facts && found.refusal !== 'no_such_session') {
    refuseEvent(found.refusal);
    return;
  }
  const award = found.facts ? sessionAward(found.facts) : undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const outcome = await adjustSessionPoints(db, {
      userId: detail.user_id,
      sessionId: detail.session_id,
      eventId: detail.event_id,
      endedAt: found.facts ? new Date(found.facts.end_time) : null,
      points: award?.points ?? 0,
      reason: found.facts ? 'study_session_corrected' : 'study_session_deleted',
      breakdown: { ...award?.breakdown, change: detail.change, revision: detail.revision },
      dailyCap: DAILY_POINTS_CAP,
    });
    if (!outcome.awarded) {
      if (!found.facts) return; // Deleted before it was ever awarded: nothing to take back.
      // Thrown so that Lambda tries again later, once award-points has made the award.
      throw new Error(`Session ${detail.session_id} is not awarded yet; adjusting later`);
    }
    if (outcome.claimed) {
      if (outcome.adjusted !== 0) countMetric('PointsAdjusted', outcome.adjusted);
      await publishCommitted(outcome.events);
      return;
    }
    logger.info('Another settlement of this session got in first; settling again', {
      session_id: detail.session_id,
      attempt,
    });
  }
  throw new Error(`Session ${detail.session_id} kept changing while its points were settled`);
});
