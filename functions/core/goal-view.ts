import type { GoalDetailRow, GoalRow } from '../data/goals';
import { goalStanding, metStreak, periodOutcome } from './goals';

/** A goal as the API answers it: stored fields, current progress, and how it stands. */
export function toGoal(row: GoalRow) {
  const { today, period_start, period_end, current_value, ...goal } = row;
  return {
    ...goal,
    current_value,
    current_period: { start: period_start, end: period_end },
    ...goalStanding({
      goal_type: row.goal_type,
      value: current_value,
      target: row.target_value,
      period_start,
      period_end,
      today,
    }),
  };
}

export function toGoalDetail(row: GoalDetailRow) {
  const { progress_history, milestone_history, periods, ...rest } = row;
  const outcomes = (periods ?? []).map((p) => ({
    ...p,
    outcome: periodOutcome(p, row.target_value, row.today),
  }));
  return {
    ...toGoal(rest),
    progress_history,
    milestone_history,
    ...(row.is_recurring
      ? { periods: outcomes, met_streak: metStreak(outcomes.map((o) => o.outcome)) }
      : {}),
  };
}
