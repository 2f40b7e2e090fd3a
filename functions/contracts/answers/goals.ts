import * as z from 'zod';
import { GOAL_STATUSES, GOAL_TYPES, RECURRENCES } from '../goals';
import { Day, Id, Instant } from './common';

export const GOAL_PRIORITIES = ['low', 'medium', 'high'] as const;
const Period = z.object({ start: Day, end: Day });

export const GoalAnswer = z.object({
  goal_id: Id,
  class_id: Id.nullable(),
  goal_type: z.enum(GOAL_TYPES),
  goal_name: z.string(),
  goal_description: z.string().nullable(),
  target_value: z.number(),
  unit: z.string().nullable(),
  start_date: Day,
  target_date: Day,
  priority: z.enum(GOAL_PRIORITIES),
  reminder_enabled: z.boolean(),
  is_recurring: z.boolean(),
  recurrence_pattern: z.enum(RECURRENCES).nullable(),
  status: z.enum(GOAL_STATUSES),
  completed_at: Instant.nullable(),
  created_at: Instant,
  updated_at: Instant,
  current_value: z.number().describe('a recurring goal’s value is its current period’s'),
  current_period: Period,
  percentage_complete: z.number(),
  days_remaining: z.number().int(),
  on_track: z.boolean(),
  projected_completion_date: Day.nullable(),
  milestones_reached: z.array(z.number().int()),
});
export type GoalAnswer = z.infer<typeof GoalAnswer>;

export const GoalPeriodAnswer = z.object({
  period_start: Day,
  period_end: Day,
  partial: z.boolean().describe('clipped by the goal’s own dates'),
  value: z.number(),
  outcome: z.enum(['met', 'missed', 'in_progress']),
});

export const GoalDetailAnswer = GoalAnswer.extend({
  progress_history: z.array(
    z.object({ value: z.number(), notes: z.string().nullable(), recorded_at: Instant }),
  ),
  milestone_history: z.array(
    z.object({
      percent: z.number().int(),
      period_start: Day,
      value: z.number(),
      reached_at: Instant,
    }),
  ),
  periods: z.array(GoalPeriodAnswer).optional().describe('recurring goals: newest first'),
  periods_next_cursor: z.string().nullable().optional(),
  met_streak: z.number().int().optional(),
});

export const GoalListAnswer = z.object({
  goals: z.array(GoalAnswer),
  total_count: z.number().int(),
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
  milestone_name: z.string().nullable(),
});
