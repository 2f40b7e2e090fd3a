import { deleteGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { deleteGoalRoute } from '../routes';

export const handler = httpHandler(deleteGoalRoute, async ({ userId, params, query }) => ({
  body: await deleteGoal(db, userId, Number(params.id), query.purge === 'true'),
}));
