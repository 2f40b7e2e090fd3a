import { toGoal } from '../core/goal-view';
import { updateGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { updateGoalRoute } from '../routes';

export const handler = httpHandler(updateGoalRoute, async ({ userId, params, body }) => ({
  body: toGoal(await updateGoal(db, userId, Number(params.id), body)),
}));
