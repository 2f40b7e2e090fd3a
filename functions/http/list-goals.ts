import { toGoal } from '../core/goal-view';
import { listGoals } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { listGoalsRoute } from '../routes';

export const handler = httpHandler(listGoalsRoute, async ({ userId, query }) => {
  const goals = (await listGoals(db, userId, query)).map(toGoal);
  return { body: { goals, total_count: goals.length } };
});
