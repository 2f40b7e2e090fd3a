import * as z from 'zod';
import { ACTIVITY_TYPES, SESSION_TYPES } from '../sessions';
import { Day, Id, Instant } from './common';

export const SESSION_STATUSES = ['active', 'paused', 'completed'] as const;

export const SessionAnswer = z.object({
  session_id: Id,
  class_id: Id.nullable(),
  session_type: z.enum(SESSION_TYPES),
  focus_mode: z.boolean(),
  location: z.string().nullable(),
  status: z.enum(SESSION_STATUSES),
  start_time: Instant,
  end_time: Instant.nullable(),
  duration_seconds: z.number().describe('studied time: wall time less pauses'),
  duration_minutes: z.number().int(),
  mood_rating: z.number().int().nullable(),
  productivity_rating: z.number().int().nullable(),
  notes: z.string().nullable(),
  auto_closed: z.boolean().describe('ended by the closer after being left running'),
});
export type SessionAnswer = z.infer<typeof SessionAnswer>;

export const ActivityAnswer = z.object({
  activity_id: Id,
  session_id: Id,
  activity_type: z.enum(ACTIVITY_TYPES),
  content_type: z.string().nullable(),
  content_id: z.string().nullable(),
  items_completed: z.number().int().nullable(),
  items_correct: z.number().int().nullable(),
  accuracy_percentage: z.number().nullable(),
  duration_minutes: z.number().nullable(),
  points_earned: z.number(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  created_at: Instant,
});
export type ActivityAnswer = z.infer<typeof ActivityAnswer>;

export const PauseAnswer = z.object({ paused_at: Instant, resumed_at: Instant.nullable() });

export const SessionDetailAnswer = SessionAnswer.extend({
  activity_count: z.number().int().describe('all of the session’s activities'),
  pause_count: z.number().int(),
  activities: z.array(ActivityAnswer).describe('the latest activities that fit in one answer'),
  pauses: z.array(PauseAnswer),
});
export type SessionDetailAnswer = z.infer<typeof SessionDetailAnswer>;

export const ActiveSessionAnswer = z.object({ session: SessionDetailAnswer.nullable() });

export const EndedSessionAnswer = SessionAnswer.extend({
  points_earned: z.number().int().describe('points for this session, within the daily cap'),
  points_breakdown: z.object({
    credited_minutes: z.number(),
    time_points: z.number(),
    activity_points: z.number(),
  }),
});

export const SessionListAnswer = z.object({
  sessions: z.array(SessionAnswer),
  total_count: z.number().int(),
  total_minutes: z.number(),
  avg_duration: z.number(),
  next_cursor: z.string().nullable().describe('pass as ?cursor= for the next page'),
});

export const ClassListAnswer = z.object({
  classes: z.array(
    z.object({
      class_id: Id,
      class_name: z.string().nullable().describe('null until the class service names it'),
      sessions: z.number().int(),
      last_studied_at: Instant,
    }),
  ),
});

export const PointsAwardAnswer = z.object({
  user_id: z.string(),
  reference_type: z.literal('study_session'),
  reference_id: z.string(),
  points: z.number().int(),
  reason: z.string(),
  breakdown: z.record(z.string(), z.unknown()),
  award_day: Day,
  awarded_at: Instant,
});

export const PointsAnswer = z.object({
  total_points: z.number().int(),
  award_count: z.number().int(),
  awards: z.array(PointsAwardAnswer),
});
