import {
  EVENT_SOURCE,
  SESSION_CHANGED,
  SESSION_ENDED,
  SessionEndedOrChangedDetail,
} from '../contracts/events';
import { evaluateGoalsAfterSession } from '../data/goals';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { eventHandler, refuseEvent } from '../platform/event-handler';
import { countMetric } from '../platform/metrics';

const ACCEPTS = {
  source: EVENT_SOURCE,
  detailTypes: [...SESSION_ENDED.detailTypes, ...SESSION_CHANGED.detailTypes],
};

/**
 * `Study Session Ended` and `Study Session Changed` → goal milestones. A second target of the
 * same events, so ending a session costs nothing more; progress itself is always computed from
 * the data when read, so a corrected or deleted session moves it at once. The day evaluated is
 * the stored session's; an event naming no ended session of its user does nothing. Milestones
 * already recorded stay: a correction can reach new ones, never withdraw an announced one.
 */
export const handler = eventHandler(ACCEPTS, SessionEndedOrChangedDetail, async (detail) => {
  if ('change' in detail && detail.change === 'deleted') return;
  const outcome = await evaluateGoalsAfterSession(db, detail.user_id, detail.session_id);
  if (!outcome.sessionFound) {
    refuseEvent('session_not_ended_for_user');
    return;
  }
  countMetric(
    'MilestonesReached',
    outcome.events.filter((e) => e.detail_type === 'Study Goal Milestone Reached').length,
  );
  await publishCommitted(outcome.events);
});
