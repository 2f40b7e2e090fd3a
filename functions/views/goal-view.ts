import { encodePeriodsCursor } from '../contracts/goals';
import { goalStanding } from '../core/goals';
import type { GoalDetailRow, GoalRow } from '../data/goals';

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

/**
 * One goal with its history. A recurring goal adds a page of its periods, newest first (the one
 * running today always first, partial ones flagged), `periods_next_cursor` for the page before,
 * and `met_streak`: consecutive met periods counting back from the latest, a running period
 * that is not met yet leaving it unbroken.
 */
export function toGoalDetail(row: GoalDetailRow) {
  const { progress_history, milestone_history, periods, periods_before, met_streak, ...rest } = row;
  return {
    ...toGoal(rest),
    progress_history,
    milestone_history,
    ...(row.is_recurring
      ? {
          periods: periods ?? [],
          periods_next_cursor: periods_before ? encodePeriodsCursor(periods_before) : null,
          met_streak: met_streak ?? 0,
        }
      : {}),
  };
}
