import { deleteGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['delete-goal'], async ({ userId, params, query }) => ({
  body: await deleteGoal(db, userId, Number(params.id), query.purge === 'true'),
}));
