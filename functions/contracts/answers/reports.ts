import * as z from 'zod';
import { GOAL_STATUSES, GOAL_TYPES } from '../goals';
import { SESSION_TYPES } from '../sessions';
import { Day, Figure, Id, Instant } from './common';
import { LearningActivitiesAnswer, PeriodChangeAnswer, StreakAnswer } from './performance';

export const ReportSummaryAnswer = z.object({
  minutes: z.number(),
  focus_minutes: z.number(),
  sessions: z.number().int(),
  points: z.number(),
  tests_taken: z.number().int(),
  average_test_score: Figure,
  flashcards_reviewed: z.number().int(),
  flashcard_accuracy: Figure,
  assignments_completed: z.number().int(),
  average_mood: Figure,
  average_productivity: Figure,
});

export const ReportAnswer = z.object({
  kind: z.enum(['daily', 'weekly', 'monthly']),
  period: z.string().describe('YYYY-MM-DD, YYYY-Www or YYYY-MM'),
  period_start: Day,
  period_end: Day,
  timezone: z.string(),
  complete: z.boolean().describe('the period has ended'),
  summary: ReportSummaryAnswer,
  previous: ReportSummaryAnswer.extend({ period: z.string() }),
  change: PeriodChangeAnswer,
  days: z.array(ReportSummaryAnswer.extend({ date: Day })),
  classes: z.array(
    ReportSummaryAnswer.extend({ class_id: Id.nullable(), class_name: z.string().nullable() }),
  ),
  sessions: z.array(
    z.object({
      session_id: Id,
      class_id: Id.nullable(),
      class_name: z.string().nullable(),
      session_type: z.enum(SESSION_TYPES),
      focus_mode: z.boolean(),
      start_time: Instant,
      end_time: Instant.nullable(),
      duration_minutes: z.number(),
      minutes_in_period: z.number().describe('the part of the session inside the period'),
      mood_rating: z.number().int().nullable(),
      productivity_rating: z.number().int().nullable(),
      auto_closed: z.boolean(),
    }),
  ),
  goals: z.array(
    z.object({
      goal_id: Id,
      goal_name: z.string(),
      goal_type: z.enum(GOAL_TYPES),
      class_id: Id.nullable(),
      target_value: z.number(),
      unit: z.string().nullable(),
      current_value: z.number(),
      current_period: z.object({ start: Day, end: Day }),
      percentage_complete: z.number(),
      on_track: z.boolean(),
      reminder_enabled: z.boolean(),
      status: z.enum(GOAL_STATUSES),
    }),
  ),
  streak: StreakAnswer,
  learning_activities: LearningActivitiesAnswer,
  highlights: z.array(z.string()),
});
export type ReportAnswer = z.infer<typeof ReportAnswer>;

export const CsvText = z.string().describe('CSV: one row per day and a total row');
export const HtmlPage = z.string().describe('an HTML page');

export const UnsubscribedAnswer = z.object({
  unsubscribed: z.literal(true),
  kind: z.enum(['daily', 'weekly', 'reminder']),
});
