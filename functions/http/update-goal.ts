import { updateGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';
import { toGoal } from '../views/goal-view';

export const handler = httpHandler(routes['update-goal'], async ({ userId, params, body }) => ({
  body: toGoal(await updateGoal(db, userId, Number(params.id), body)),
}));
