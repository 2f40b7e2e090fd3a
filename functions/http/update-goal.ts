import { updateGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { updateGoalRoute } from '../routes';
import { toGoal } from '../views/goal-view';

export const handler = httpHandler(updateGoalRoute, async ({ userId, params, body }) => ({
  body: toGoal(await updateGoal(db, userId, Number(params.id), body)),
}));
