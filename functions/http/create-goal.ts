import { createGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { createGoalRoute } from '../routes';
import { toGoal } from '../views/goal-view';

export const handler = httpHandler(createGoalRoute, async ({ userId, body }) => {
  const goal = toGoal(await createGoal(db, userId, body));
  return { status: 201, body: goal, headers: { location: `/api/analytics/goals/${goal.goal_id}` } };
});
