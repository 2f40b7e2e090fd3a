import { SessionEndedDetail } from '../contracts/events';
import { evaluateGoalsAfterSession } from '../data/goals';
import { db } from '../platform/database';
import { eventHandler } from '../platform/event-handler';
import { publishCommitted } from '../platform/outbox';

/**
 * `Study Session Ended` → goal milestones. A second target of the same event, so ending a
 * session costs nothing more; progress itself is always computed from the data when read.
 */
export const handler = eventHandler(SessionEndedDetail, async (detail) => {
  const events = await evaluateGoalsAfterSession(db, detail.user_id, new Date(detail.end_time));
  await publishCommitted(events);
});
