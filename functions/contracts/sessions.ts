import { ACTIVITY_TYPES, SESSION_TYPES } from '../vocabulary';
import { ClassId, endNotBeforeStart, IsoDate, jsonbProblem, plainText } from './common';
import * as z from './zod';

const Rating = z
  .number()
  .check(z.int({ error: 'must be a whole number' }), z.minimum(1), z.maximum(5));

export const StartSessionBody = z.strictObject({
  class_id: z.optional(ClassId),
  session_type: z._default(z.enum(SESSION_TYPES), 'solo'),
  focus_mode: z._default(z.boolean(), false),
  location: z.optional(plainText(z.string().check(z.trim(), z.maxLength(200)))),
});
export type StartSessionInput = z.infer<typeof StartSessionBody>;

export const EndSessionBody = z.strictObject({
  mood_rating: z.optional(Rating),
  productivity_rating: z.optional(Rating),
  notes: z.optional(plainText(z.string().check(z.maxLength(5000)), 'lines')),
});
export type EndSessionInput = z.infer<typeof EndSessionBody>;

const ItemCount = z
  .number()
  .check(z.int({ error: 'must be a whole number' }), z.minimum(0), z.maximum(100_000));

export const LogActivityBody = z
  .strictObject({
    activity_type: z.enum(ACTIVITY_TYPES),
    content_type: z.optional(
      plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    ),
    content_id: z.optional(plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))),
    items_completed: z.optional(ItemCount),
    items_correct: z.optional(ItemCount),
    duration_minutes: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 60))),
    metadata: z.optional(
      z.record(z.string(), z.unknown()).check(
        z.superRefine((metadata, ctx) => {
          const problem = jsonbProblem(metadata);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      ),
    ),
  })
  .check(
    z.refine((a) => a.items_correct === undefined || a.items_correct <= (a.items_completed ?? 0), {
      path: ['items_correct'],
      message: 'must not exceed items_completed',
    }),
    z.refine((a) => a.metadata === undefined || JSON.stringify(a.metadata).length <= 8_000, {
      path: ['metadata'],
      message: 'must be at most 8000 characters of JSON',
    }),
  );
export type LogActivityInput = z.infer<typeof LogActivityBody>;

export const ListSessionsQuery = z
  .strictObject({
    class_id: z.optional(ClassId),
    start_date: z.optional(IsoDate),
    end_date: z.optional(IsoDate),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(200))),
  })
  .check(endNotBeforeStart('end_date'));
export type ListSessionsInput = z.infer<typeof ListSessionsQuery>;

export const SESSION_SOURCES = ['manual', 'offline', 'timer'] as const;

/** An instant with its offset (`Z` or `+13:00`), as clients that studied offline record it. */
const Instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-30T18:00:00Z',
});

const PastPauses = z
  .array(z.strictObject({ paused_at: Instant, resumed_at: Instant }))
  .check(z.maxLength(100));

/** Replaces a session's activities; each is scored as if logged live. */
const PastActivities = z.array(LogActivityBody).check(z.maxLength(100));

const Notes = plainText(z.string().check(z.maxLength(5000)), 'lines');

const pastFields = {
  start_time: z.optional(Instant),
  end_time: z.optional(Instant),
  pauses: z.optional(PastPauses),
  mood_rating: z.optional(Rating),
  productivity_rating: z.optional(Rating),
  notes: z.optional(Notes),
  activities: z.optional(PastActivities),
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
    source: z.optional(z.enum(SESSION_SOURCES)),
    client_session_id: z.optional(
      z
        .string()
        .check(
          z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, { error: 'must be 1-128 letters, digits or _.:-' }),
        ),
    ),
  })
  .check(
    z.superRefine((body, ctx) => {
      if ((body.start_time === undefined) !== (body.end_time === undefined)) {
        const missing = body.start_time === undefined ? 'start_time' : 'end_time';
        ctx.addIssue({
          code: 'custom',
          path: [missing],
          message: 'is required with the other time',
        });
      }
      if (body.start_time !== undefined) return;
      // A session starting now is timed by the server: what it records comes later.
      for (const field of [...Object.keys(pastFields), 'source', 'client_session_id']) {
        if ((body as Record<string, unknown>)[field] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'is only accepted with start_time and end_time',
          });
        }
      }
    }),
  );
export type AddSessionInput = z.infer<typeof AddSessionBody>;

/** `PATCH /sessions/{id}`: the fields to change on an ended session; null clears a field. */
export const UpdateSessionBody = z
  .strictObject({
    start_time: z.optional(Instant),
    end_time: z.optional(Instant),
    pauses: z.optional(PastPauses),
    class_id: z.optional(z.nullable(ClassId)),
    session_type: z.optional(z.enum(SESSION_TYPES)),
    focus_mode: z.optional(z.boolean()),
    mood_rating: z.optional(z.nullable(Rating)),
    productivity_rating: z.optional(z.nullable(Rating)),
    notes: z.optional(z.nullable(Notes)),
    activities: z.optional(PastActivities),
    /** Confirms an auto-closed session as it was closed (alone, or with corrections). */
    confirm: z.optional(z.literal(true)),
  })
  .check(
    z.refine((body) => Object.values(body).some((v) => v !== undefined), {
      message: 'must change at least one field',
    }),
  );
export type UpdateSessionInput = z.infer<typeof UpdateSessionBody>;
