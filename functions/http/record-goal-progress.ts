import { recordProgress } from '../data/goals';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { publishCommitted } from '../platform/outbox';
import { routes } from '../routes';

export const handler = httpHandler(
  routes['record-goal-progress'],
  async ({ userId, params, body }) => {
    const goalId = Number(params.id);
    const result = await recordProgress(db, userId, goalId, body);
    await publishCommitted(result.events);
    return {
      body: {
        goal_id: goalId,
        current_value: result.current_value,
        target_value: result.target_value,
        percentage_complete: Math.min(
          100,
          Math.round((result.current_value / result.target_value) * 1000) / 10,
        ),
        status: result.current_value >= result.target_value ? 'completed' : 'active',
        milestone_reached: result.new_milestone > 0,
        milestone_name: result.new_milestone > 0 ? `${result.new_milestone}%` : null,
      },
    };
  },
);
