import { GOAL_STATUSES, GOAL_TYPES, RECURRENCES } from '../vocabulary';
import { Day, Id, Instant } from './answer-common';
import * as z from './zod';

export const GOAL_PRIORITIES = ['low', 'medium', 'high'] as const;
const Period = z.object({ start: Day, end: Day });

export const GoalAnswer = z.object({
  goal_id: Id,
  class_id: z.nullable(Id),
  goal_type: z.enum(GOAL_TYPES),
  goal_name: z.string(),
  goal_description: z.nullable(z.string()),
  target_value: z.number(),
  unit: z.nullable(z.string()),
  start_date: Day,
  target_date: Day,
  priority: z.enum(GOAL_PRIORITIES),
  reminder_enabled: z.boolean(),
  is_recurring: z.boolean(),
  recurrence_pattern: z.nullable(z.enum(RECURRENCES)),
  status: z.enum(GOAL_STATUSES),
  completed_at: z.nullable(Instant),
  created_at: Instant,
  updated_at: Instant,
  current_value: z.number().check(z.describe('a recurring goal’s value is its current period’s')),
  current_period: Period,
  percentage_complete: z.number(),
  days_remaining: z.number().check(z.int()),
  on_track: z.boolean(),
  projected_completion_date: z.nullable(Day),
  milestones_reached: z.array(z.number().check(z.int())),
});
export type GoalAnswer = z.infer<typeof GoalAnswer>;

export const GoalPeriodAnswer = z.object({
  period_start: Day,
  period_end: Day,
  partial: z.boolean().check(z.describe('clipped by the goal’s own dates')),
  value: z.number(),
  outcome: z.enum(['met', 'missed', 'in_progress']),
});

export const GoalDetailAnswer = z.extend(GoalAnswer, {
  progress_history: z.array(
    z.object({ value: z.number(), notes: z.nullable(z.string()), recorded_at: Instant }),
  ),
  milestone_history: z.array(
    z.object({
      percent: z.number().check(z.int()),
      period_start: Day,
      value: z.number(),
      reached_at: Instant,
    }),
  ),
  periods: z.optional(z.array(GoalPeriodAnswer)).check(z.describe('recurring goals: newest first')),
  periods_next_cursor: z.optional(z.nullable(z.string())),
  met_streak: z.optional(z.number().check(z.int())),
});

export const GoalListAnswer = z.object({
  goals: z.array(GoalAnswer),
  total_count: z.number().check(z.int()),
});

export const DeletedGoalAnswer = z.object({
  goal_id: Id,
  status: z.enum(['deleted', ...GOAL_STATUSES]),
});

export const GoalProgressAnswer = z.object({
  goal_id: Id,
  current_value: z.number(),
  target_value: z.number(),
  current_period: Period,
  percentage_complete: z.number(),
  status: z.enum(GOAL_STATUSES),
  milestone_reached: z.boolean(),
  milestone_name: z.nullable(z.string()),
});
