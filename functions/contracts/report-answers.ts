import { GOAL_STATUSES, GOAL_TYPES, SESSION_TYPES } from '../vocabulary';
import { Day, Figure, Id, Instant } from './answer-common';
import { LearningActivitiesAnswer, PeriodChangeAnswer, StreakAnswer } from './performance-answers';
import * as z from './zod';

export const ReportSummaryAnswer = z.object({
  minutes: z.number(),
  focus_minutes: z.number(),
  sessions: z.number().check(z.int()),
  points: z.number(),
  tests_taken: z.number().check(z.int()),
  average_test_score: Figure,
  flashcards_reviewed: z.number().check(z.int()),
  flashcard_accuracy: Figure,
  assignments_completed: z.number().check(z.int()),
  average_mood: Figure,
  average_productivity: Figure,
});

export const ReportAnswer = z.object({
  kind: z.enum(['daily', 'weekly', 'monthly']),
  period: z.string().check(z.describe('YYYY-MM-DD, YYYY-Www or YYYY-MM')),
  period_start: Day,
  period_end: Day,
  timezone: z.string(),
  complete: z.boolean().check(z.describe('the period has ended')),
  summary: ReportSummaryAnswer,
  previous: z.extend(ReportSummaryAnswer, { period: z.string() }),
  change: PeriodChangeAnswer,
  days: z.array(z.extend(ReportSummaryAnswer, { date: Day })),
  classes: z.array(
    z.extend(ReportSummaryAnswer, { class_id: z.nullable(Id), class_name: z.nullable(z.string()) }),
  ),
  sessions: z.array(
    z.object({
      session_id: Id,
      class_id: z.nullable(Id),
      class_name: z.nullable(z.string()),
      session_type: z.enum(SESSION_TYPES),
      focus_mode: z.boolean(),
      start_time: Instant,
      end_time: z.nullable(Instant),
      duration_minutes: z.number(),
      minutes_in_period: z.number().check(z.describe('the part of the session inside the period')),
      mood_rating: z.nullable(z.number().check(z.int())),
      productivity_rating: z.nullable(z.number().check(z.int())),
      auto_closed: z.boolean(),
    }),
  ),
  goals: z.array(
    z.object({
      goal_id: Id,
      goal_name: z.string(),
      goal_type: z.enum(GOAL_TYPES),
      class_id: z.nullable(Id),
      target_value: z.number(),
      unit: z.nullable(z.string()),
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

export const CsvText = z.string().check(z.describe('CSV: one row per day and a total row'));
export const HtmlPage = z.string().check(z.describe('an HTML page'));

export const UnsubscribedAnswer = z.object({
  unsubscribed: z.literal(true),
  kind: z.enum(['daily', 'weekly', 'reminder']),
});
