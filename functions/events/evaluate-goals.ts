import { SESSION_ENDED, SessionEndedDetail } from '../contracts/events';
import { evaluateGoalsAfterSession } from '../data/goals';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { eventHandler, refuseEvent } from '../platform/event-handler';
import { countMetric } from '../platform/metrics';

/**
 * `Study Session Ended` → goal milestones. A second target of the same event, so ending a
 * session costs nothing more; progress itself is always computed from the data when read. The
 * day evaluated is the stored session's; an event naming no ended session of its user does
 * nothing.
 */
export const handler = eventHandler(SESSION_ENDED, SessionEndedDetail, async (detail) => {
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
