import { getGoal } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { getGoalRoute } from '../routes';
import { toGoalDetail } from '../views/goal-view';

export const handler = httpHandler(getGoalRoute, async ({ userId, params, query }) => ({
  body: toGoalDetail(
    await getGoal(db, userId, Number(params.id), {
      limit: query.periods_limit,
      before: query.periods_cursor,
    }),
  ),
}));
