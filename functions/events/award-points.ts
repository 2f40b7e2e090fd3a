import { SESSION_ENDED, SessionEndedDetail } from '../contracts/events';
import { DAILY_POINTS_CAP, sessionAward } from '../core/points';
import {
  type AwardOutcome,
  awardSessionPoints,
  type EndedSessionFacts,
  endedSessionFacts,
  FACTS_DIFFER,
} from '../data/points';
import { forwardAward } from '../flows/gamification';
import { publishCommitted } from '../flows/outbox';
import { optionalUrl, readConfig } from '../platform/config';
import { db } from '../platform/database';
import { eventHandler, refuseEvent } from '../platform/event-handler';
import { logger } from '../platform/logger';
import { countMetric } from '../platform/metrics';

const { GAMIFICATION_URL: gamificationUrl } = readConfig({ GAMIFICATION_URL: optionalUrl() });

const award = (
  detail: SessionEndedDetail,
  eventId: string | null,
  facts: EndedSessionFacts,
): Promise<AwardOutcome> => {
  const { points, breakdown } = sessionAward(facts);
  return awardSessionPoints(db, {
    userId: detail.user_id,
    sessionId: detail.session_id,
    eventId,
    facts,
    points,
    reason: facts.auto_closed ? 'study_session_auto_closed' : 'study_session',
    breakdown,
    dailyCap: DAILY_POINTS_CAP,
  });
};

/**
 * `Study Session Ended` → one ledger row per session, `Study Points Awarded`, gamification. One
 * Data API call: the award is computed from the event's figures and granted only if the stored,
 * ended session of that user has exactly those figures, so an event anyone could put on the bus
 * earns nothing the student did not study. The same statement records the event as published.
 */
export const handler = eventHandler(SESSION_ENDED, SessionEndedDetail, async (detail) => {
  let outcome = await award(detail, detail.event_id, detail);
  if (outcome.refusal === FACTS_DIFFER) {
    // The session changed after its event was written (rare): award what is stored now, at the
    // cost of a read.
    const found = await endedSessionFacts(db, detail.user_id, detail.session_id);
    if (!found.facts) {
      refuseEvent(found.refusal);
      return;
    }
    outcome = await award(detail, null, found.facts);
  }
  if (outcome.refusal) {
    refuseEvent(outcome.refusal);
    return;
  }
  const { entry, event } = outcome;
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
