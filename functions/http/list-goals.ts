import { listGoals } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { listGoalsRoute } from '../routes';
import { toGoal } from '../views/goal-view';

export const handler = httpHandler(listGoalsRoute, async ({ userId, query }) => {
  const goals = (await listGoals(db, userId, query)).map(toGoal);
  return { body: { goals, total_count: goals.length } };
});
