import { percentOf } from '../core/rounding';
import { recordProgress } from '../data/goals';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { recordGoalProgressRoute } from '../routes';

export const handler = httpHandler(recordGoalProgressRoute, async ({ userId, params, body }) => {
  const goalId = Number(params.id);
  const result = await recordProgress(db, userId, goalId, body);
  await publishCommitted(result.events);
  return {
    body: {
      goal_id: goalId,
      // A recurring goal's value is its current period's.
      current_value: result.current_value,
      target_value: result.target_value,
      current_period: result.current_period,
      percentage_complete: Math.min(100, percentOf(result.current_value, result.target_value) ?? 0),
      // As stored: a recurring goal stays active when a period is met.
      status: result.status,
      milestone_reached: result.new_milestone > 0,
      milestone_name: result.new_milestone > 0 ? `${result.new_milestone}%` : null,
    },
  };
});
