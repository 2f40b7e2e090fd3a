/**
 * The events this service publishes on EventBridge (source `study-analytics`). Each detail
 * carries `version`; a change that would reject an older fixture under test/fixtures/events is
 * a new version, not an edit. Consumers get at-least-once delivery and dedupe by `event_id`.
 * Schemas accept unknown fields, so adding a field is backward compatible.
 */
import { GOAL_TYPES } from '../vocabulary';
import * as z from './zod';

export const EVENT_SOURCE = 'study-analytics';

const Instant = z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' });

export const SessionEndedDetail = z.looseObject({
  version: z.literal(1),
  event_id: z.uuid(),
  user_id: z.string().check(z.minLength(1)),
  session_id: z.number().check(z.int(), z.positive()),
  class_id: z.nullable(z.number().check(z.int(), z.positive())),
  session_type: z.enum(['solo', 'group', 'tutoring']),
  focus_mode: z.boolean(),
  start_time: Instant,
  end_time: Instant,
  duration_minutes: z.number().check(z.int(), z.minimum(0)),
  activity_points: z.number().check(z.int(), z.minimum(0)),
  auto_closed: z.boolean(),
  /** How the session came to be (absent from events written before it was added: `timer`). */
  source: z.optional(z.enum(['manual', 'offline', 'timer'])),
});
export type SessionEndedDetail = z.infer<typeof SessionEndedDetail>;

/** What the targets of `Study Session Ended` take (their rules select the same). */
export const SESSION_ENDED = {
  source: EVENT_SOURCE,
  detailTypes: ['Study Session Ended'],
} as const;

export const PointsAwardedDetail = z.looseObject({
  version: z.literal(1),
  event_id: z.uuid(),
  user_id: z.string().check(z.minLength(1)),
  points: z.number().check(z.int(), z.minimum(0)),
  reason: z.string().check(z.minLength(1)),
  reference_type: z.literal('study_session'),
  reference_id: z.string().check(z.minLength(1)),
  awarded_at: Instant,
  breakdown: z.optional(z.record(z.string(), z.unknown())),
});
export type PointsAwardedDetail = z.infer<typeof PointsAwardedDetail>;

/**
 * An ended session was corrected (`edited`), its auto-closed times confirmed (`confirmed`), or
 * it was deleted (`deleted`: no times). Says what happened, like `Study Session Ended`: its
 * targets read the stored session for anything they pay or count.
 */
export const SessionChangedDetail = z.looseObject({
  version: z.literal(1),
  event_id: z.uuid(),
  user_id: z.string().check(z.minLength(1)),
  session_id: z.number().check(z.int(), z.positive()),
  /** The session's change count after this change; its history row has this revision. */
  revision: z.number().check(z.int(), z.positive()),
  change: z.enum(['edited', 'confirmed', 'deleted']),
  class_id: z.nullable(z.number().check(z.int(), z.positive())),
  start_time: z.nullable(Instant),
  end_time: z.nullable(Instant),
  duration_minutes: z.nullable(z.number().check(z.int(), z.minimum(0))),
  source: z.enum(['manual', 'offline', 'timer']),
  previous: z.looseObject({
    start_time: Instant,
    end_time: z.nullable(Instant),
    duration_minutes: z.nullable(z.number().check(z.int(), z.minimum(0))),
  }),
});
export type SessionChangedDetail = z.infer<typeof SessionChangedDetail>;

/** What the targets of `Study Session Changed` take. */
export const SESSION_CHANGED = {
  source: EVENT_SOURCE,
  detailTypes: ['Study Session Changed'],
} as const;

/** Either, for the targets of both (goal evaluation). */
export const SessionEndedOrChangedDetail = z.union([SessionEndedDetail, SessionChangedDetail]);

/**
 * A compensating ledger entry: points given (positive) or taken back (negative) because a
 * session was corrected or deleted, on the day they count against (`award_day`). The award it
 * adjusts is never changed: a consumer adds `points` to what it holds for the student and
 * drops repeated deliveries by `event_id` (or by `reference_id`, unique per entry).
 */
export const PointsAdjustedDetail = z.looseObject({
  version: z.literal(1),
  event_id: z.uuid(),
  user_id: z.string().check(z.minLength(1)),
  points: z.number().check(z.int()),
  reason: z.enum(['study_session_corrected', 'study_session_deleted']),
  reference_type: z.literal('study_session_adjustment'),
  reference_id: z.string().check(z.minLength(1)),
  /** The award this entry adjusts. */
  adjusts: z.looseObject({
    reference_type: z.literal('study_session'),
    reference_id: z.string().check(z.minLength(1)),
  }),
  session_id: z.number().check(z.int(), z.positive()),
  award_day: z.iso.date(),
  adjusted_at: Instant,
  breakdown: z.optional(z.record(z.string(), z.unknown())),
});
export type PointsAdjustedDetail = z.infer<typeof PointsAdjustedDetail>;

/** Fields every goal event carries. */
const goalEventFields = {
  version: z.literal(1),
  event_id: z.uuid(),
  user_id: z.string().check(z.minLength(1)),
  goal_id: z.number().check(z.int(), z.positive()),
  goal_type: z.enum(GOAL_TYPES),
  goal_name: z.string(),
  target_value: z.number().check(z.positive()),
};

export const GoalMilestoneReachedDetail = z.looseObject({
  ...goalEventFields,
  percent: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]),
  /** First day of the period (recurring goals) or the goal's start date. */
  period_start: z.iso.date(),
  value: z.number(),
  recurring: z.boolean(),
  reached_at: Instant,
});

export const GoalCompletedDetail = z.looseObject({
  ...goalEventFields,
  completed_at: Instant,
});

/** Detail type → schema, for every event this service publishes. */
/** Internal: the report builder recorded emails to send; starts the sender without waiting. */
export const ReportDeliveriesDueDetail = z.looseObject({
  version: z.literal(1),
  event_id: z.uuid(),
  pending: z.number().check(z.int(), z.minimum(0)),
  recorded_at: Instant,
});
export type ReportDeliveriesDueDetail = z.infer<typeof ReportDeliveriesDueDetail>;

/**
 * A student's data was erased (DELETE /me): consumers erase what they hold about `user_id`. The
 * detail names the student and nothing else about them. An event about the student that was
 * already on its way can arrive after this one; its own time (`end_time`, `awarded_at`,
 * `reached_at`) is before `erased_at`, and a consumer that has processed the erasure drops it.
 */
export const StudentDataErasedDetail = z.looseObject({
  version: z.literal(1),
  event_id: z.uuid(),
  user_id: z.string().check(z.minLength(1)),
  erased_at: Instant,
});
export type StudentDataErasedDetail = z.infer<typeof StudentDataErasedDetail>;

export const publishedEvents = {
  'Study Session Ended': SessionEndedDetail,
  'Study Points Awarded': PointsAwardedDetail,
  'Study Session Changed': SessionChangedDetail,
  'Study Points Adjusted': PointsAdjustedDetail,
  'Study Goal Milestone Reached': GoalMilestoneReachedDetail,
  'Study Goal Completed': GoalCompletedDetail,
  'Report Deliveries Due': ReportDeliveriesDueDetail,
  'Student Data Erased': StudentDataErasedDetail,
} as const;
export type PublishedDetailType = keyof typeof publishedEvents;

/**
 * Outbox events that no target of ours consumes in a statement that could record their
 * publication: the mark-published target receives them for that alone. (`Study Session Ended`
 * is recorded by award-points; `Report Deliveries Due` never goes through the outbox.)
 */
export const RECEIPT_ONLY_EVENTS = {
  source: EVENT_SOURCE,
  detailTypes: [
    'Study Points Awarded',
    'Study Points Adjusted',
    'Study Goal Milestone Reached',
    'Study Goal Completed',
    'Student Data Erased',
  ],
} as const;

/** What mark-published reads of any of our events: which outbox row it came from. */
export const OutboxEventReceipt = z.looseObject({ event_id: z.uuid() });
