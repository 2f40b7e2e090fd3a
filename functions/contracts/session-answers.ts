import { ACTIVITY_TYPES, SESSION_TYPES } from '../vocabulary';
import { Day, Id, Instant } from './answer-common';
import * as z from './zod';

export const SESSION_STATUSES = ['active', 'paused', 'completed'] as const;

export const SessionAnswer = z.object({
  session_id: Id,
  class_id: z.nullable(Id),
  session_type: z.enum(SESSION_TYPES),
  focus_mode: z.boolean(),
  location: z.nullable(z.string()),
  status: z.enum(SESSION_STATUSES),
  start_time: Instant,
  end_time: z.nullable(Instant),
  duration_seconds: z.number().check(z.describe('studied time: wall time less pauses')),
  duration_minutes: z.number().check(z.int()),
  mood_rating: z.nullable(z.number().check(z.int())),
  productivity_rating: z.nullable(z.number().check(z.int())),
  notes: z.nullable(z.string()),
  auto_closed: z.boolean().check(z.describe('ended by the closer after being left running')),
  source: z
    .enum(['timer', 'manual', 'offline'])
    .check(z.describe('timed live, typed in afterwards, or uploaded from an offline device')),
  edited: z.boolean().check(z.describe('corrected after it ended (see its history)')),
  confirmed: z.boolean().check(z.describe('an auto-closed session its student confirmed')),
});
export type SessionAnswer = z.infer<typeof SessionAnswer>;

export const ActivityAnswer = z.object({
  activity_id: Id,
  session_id: Id,
  activity_type: z.enum(ACTIVITY_TYPES),
  content_type: z.nullable(z.string()),
  content_id: z.nullable(z.string()),
  items_completed: z.nullable(z.number().check(z.int())),
  items_correct: z.nullable(z.number().check(z.int())),
  accuracy_percentage: z.nullable(z.number()),
  duration_minutes: z.nullable(z.number()),
  points_earned: z.number(),
  metadata: z.nullable(z.record(z.string(), z.unknown())),
  created_at: Instant,
});
export type ActivityAnswer = z.infer<typeof ActivityAnswer>;

export const PauseAnswer = z.object({ paused_at: Instant, resumed_at: z.nullable(Instant) });

export const SessionChangeAnswer = z.object({
  revision: z.number().check(z.int()),
  change: z.enum(['edited', 'confirmed', 'deleted']),
  changed_at: Instant,
  fields: z
    .record(z.string(), z.object({ old: z.unknown(), new: z.unknown() }))
    .check(z.describe('each changed field, from what to what')),
});

export const SessionDetailAnswer = z.extend(SessionAnswer, {
  activity_count: z.number().check(z.int()).check(z.describe('all of the session’s activities')),
  pause_count: z.number().check(z.int()),
  history_count: z.number().check(z.int()),
  activities: z
    .array(ActivityAnswer)
    .check(z.describe('the latest activities that fit in one answer')),
  pauses: z.array(PauseAnswer),
  history: z.array(SessionChangeAnswer).check(z.describe('the latest changes that fit')),
});
export type SessionDetailAnswer = z.infer<typeof SessionDetailAnswer>;

export const ActiveSessionAnswer = z.object({ session: z.nullable(SessionDetailAnswer) });

export const EndedSessionAnswer = z.extend(SessionAnswer, {
  points_earned: z
    .number()
    .check(z.int())
    .check(z.describe('points for this session, within the daily cap')),
  points_breakdown: z.object({
    credited_minutes: z.number(),
    time_points: z.number(),
    activity_points: z.number(),
  }),
});

/** A recorded past session with its points, or (without times) a started or replayed one. */
export const AddedSessionAnswer = z.union([EndedSessionAnswer, SessionAnswer]);

export const DeletedSessionAnswer = z.object({ session_id: Id, deleted: z.literal(true) });

export const SessionListAnswer = z.object({
  sessions: z.array(SessionAnswer),
  total_count: z.number().check(z.int()),
  total_minutes: z.number(),
  avg_duration: z.number(),
  next_cursor: z.nullable(z.string()).check(z.describe('pass as ?cursor= for the next page')),
});

export const ClassListAnswer = z.object({
  classes: z.array(
    z.object({
      class_id: Id,
      class_name: z.nullable(z.string()).check(z.describe('null until the class service names it')),
      sessions: z.number().check(z.int()),
      last_studied_at: Instant,
    }),
  ),
});

export const PointsAwardAnswer = z.object({
  user_id: z.string(),
  /** An award for a session, or an adjustment of one after it was corrected or deleted. */
  reference_type: z.enum(['study_session', 'study_session_adjustment']),
  reference_id: z.string(),
  /** Negative for an adjustment that takes points back. */
  points: z.number().check(z.int()),
  reason: z.string(),
  breakdown: z.record(z.string(), z.unknown()),
  award_day: Day,
  awarded_at: Instant,
});

export const PointsAnswer = z.object({
  total_points: z.number().check(z.int()),
  award_count: z.number().check(z.int()),
  awards: z.array(PointsAwardAnswer),
});
