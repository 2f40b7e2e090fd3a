import * as z from 'zod';
import { ClassId, IsoDate, jsonbProblem, plainText } from './common';

export const SESSION_TYPES = ['solo', 'group', 'tutoring'] as const;
export const ACTIVITY_TYPES = [
  'reading',
  'testing',
  'flashcards',
  'notes',
  'video',
  'chat',
  'assignment',
] as const;

const Rating = z.number().int({ error: 'must be a whole number' }).min(1).max(5);

export const StartSessionBody = z.strictObject({
  class_id: ClassId.optional(),
  session_type: z.enum(SESSION_TYPES).default('solo'),
  focus_mode: z.boolean().default(false),
  location: plainText(z.string().trim().max(200)).optional(),
});
export type StartSessionInput = z.infer<typeof StartSessionBody>;

export const EndSessionBody = z.strictObject({
  mood_rating: Rating.optional(),
  productivity_rating: Rating.optional(),
  notes: plainText(z.string().max(5000), 'lines').optional(),
});
export type EndSessionInput = z.infer<typeof EndSessionBody>;

const ItemCount = z.number().int({ error: 'must be a whole number' }).min(0).max(100_000);

export const LogActivityBody = z
  .strictObject({
    activity_type: z.enum(ACTIVITY_TYPES),
    content_type: plainText(z.string().trim().min(1).max(100)).optional(),
    content_id: plainText(z.string().trim().min(1).max(200)).optional(),
    items_completed: ItemCount.optional(),
    items_correct: ItemCount.optional(),
    duration_minutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .superRefine((metadata, ctx) => {
        const problem = jsonbProblem(metadata);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .refine((a) => a.items_correct === undefined || a.items_correct <= (a.items_completed ?? 0), {
    path: ['items_correct'],
    message: 'must not exceed items_completed',
  })
  .refine((a) => a.metadata === undefined || JSON.stringify(a.metadata).length <= 8_000, {
    path: ['metadata'],
    message: 'must be at most 8000 characters of JSON',
  });
export type LogActivityInput = z.infer<typeof LogActivityBody>;

export const ListSessionsQuery = z
  .strictObject({
    class_id: ClassId.optional(),
    start_date: IsoDate.optional(),
    end_date: IsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, {
    path: ['end_date'],
    message: 'must not be before start_date',
  });
export type ListSessionsInput = z.infer<typeof ListSessionsQuery>;

export const SESSION_SOURCES = ['manual', 'offline', 'timer'] as const;

/** An instant with its offset (`Z` or `+13:00`), as clients that studied offline record it. */
const Instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-30T18:00:00Z',
});

const PastPause = z.strictObject({ paused_at: Instant, resumed_at: Instant });

/** Replaces a session's activities; each is scored as if logged live. */
const PastActivities = z.array(LogActivityBody).max(100);

const pastFields = {
  start_time: Instant.optional(),
  end_time: Instant.optional(),
  pauses: z.array(PastPause).max(100).optional(),
  mood_rating: Rating.optional(),
  productivity_rating: Rating.optional(),
  notes: plainText(z.string().max(5000), 'lines').optional(),
  activities: PastActivities.optional(),
};

/**
 * `POST /sessions`: with `start_time` and `end_time`, a session that already happened (typed in,
 * or uploaded by an offline client with its `client_session_id`); without them, a timed session
 * starting now, as `POST /sessions/start`.
 */
export const AddSessionBody = z
  .strictObject({
    ...StartSessionBody.shape,
    ...pastFields,
    source: z.enum(SESSION_SOURCES).optional(),
    client_session_id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/, { error: 'must be 1-128 letters, digits or _.:-' })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.start_time === undefined) !== (body.end_time === undefined)) {
      const missing = body.start_time === undefined ? 'start_time' : 'end_time';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other time' });
    }
    if (body.start_time !== undefined) return;
    // A session starting now is timed by the server: what it records comes later.
    for (const field of [...Object.keys(pastFields), 'source', 'client_session_id'] as const) {
      if (field in body && body[field as keyof typeof body] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'is only accepted with start_time and end_time',
        });
      }
    }
  });
export type AddSessionInput = z.infer<typeof AddSessionBody>;

/** `PATCH /sessions/{id}`: the fields to change on an ended session; null clears a field. */
export const UpdateSessionBody = z
  .strictObject({
    start_time: Instant.optional(),
    end_time: Instant.optional(),
    pauses: z.array(PastPause).max(100).optional(),
    class_id: ClassId.nullable().optional(),
    session_type: z.enum(SESSION_TYPES).optional(),
    focus_mode: z.boolean().optional(),
    mood_rating: Rating.nullable().optional(),
    productivity_rating: Rating.nullable().optional(),
    notes: plainText(z.string().max(5000), 'lines').nullable().optional(),
    activities: PastActivities.optional(),
    /** Confirms an auto-closed session as it was closed (alone, or with corrections). */
    confirm: z.literal(true).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'must change at least one field',
  });
export type UpdateSessionInput = z.infer<typeof UpdateSessionBody>;
