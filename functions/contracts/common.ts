import { EARLIEST_DATE, LATEST_DATE } from '../vocabulary';
import * as z from './zod';

/**
 * A calendar day, `YYYY-MM-DD`, checked to be a real date within the supported range
 * (2000-01-01 to 2100-12-31, docs/rules.md): PostgreSQL's own range is far wider, and a goal
 * dated in year 1 would make every read of it score two thousand years of days.
 */
export const IsoDate = z.iso.date({ error: 'must be a date in YYYY-MM-DD form' }).check(
  z.refine((day) => day >= EARLIEST_DATE && day <= LATEST_DATE, {
    error: `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`,
  }),
);

/** C0 controls, DEL and C1 controls (`Cc`): invisible, and PostgreSQL text refuses NUL. */
const CONTROL = /\p{Cc}/u;
/** The same, but multi-line text keeps tab, line feed and carriage return. */
const CONTROL_EXCEPT_LINES = /(?![\t\n\r])\p{Cc}/u;
/** Half of a surrogate pair on its own: not Unicode, so it cannot be stored as UTF-8. */
const LONE_SURROGATE = /\p{Surrogate}/u;

export const CONTROL_MESSAGE = 'must not contain control characters';
export const SURROGATE_MESSAGE = 'must be valid Unicode (no unpaired surrogates)';

/**
 * Text a person typed, as it may be stored and shown: no control characters (names end up in
 * email subjects, where a line break would start a header) and valid Unicode. `lines` keeps
 * tab, CR and LF for notes and descriptions.
 */
export const plainText = (schema: z.ZodMiniString, shape: 'line' | 'lines' = 'line') =>
  schema.check(
    z.refine((text) => !(shape === 'line' ? CONTROL : CONTROL_EXCEPT_LINES).test(text), {
      error: shape === 'line' ? `${CONTROL_MESSAGE} or line breaks` : CONTROL_MESSAGE,
    }),
    z.refine((text) => !LONE_SURROGATE.test(text), { error: SURROGATE_MESSAGE }),
  );

/** How deep a JSON document from a client may nest; real metadata is a level or two. */
export const MAX_JSON_DEPTH = 16;

/**
 * Why PostgreSQL jsonb would refuse `value`, or undefined: a NUL (`\u0000`) or an unpaired
 * surrogate in any key or string, or nesting past MAX_JSON_DEPTH.
 */
export function jsonbProblem(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
    return LONE_SURROGATE.test(value) ? SURROGATE_MESSAGE : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_JSON_DEPTH) return `must be nested at most ${MAX_JSON_DEPTH} levels deep`;
  const entries = Array.isArray(value) ? value.map((v) => ['', v]) : Object.entries(value);
  for (const [key, inner] of entries) {
    const problem = jsonbProblem(key, depth) ?? jsonbProblem(inner, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** External class reference: a positive integer (query strings arrive as text). */
export const ClassId = z.coerce
  .number({ error: 'must be a number' })
  .check(
    z.int({ error: 'must be a whole number' }),
    z.positive({ error: 'must be positive' }),
    z.maximum(Number.MAX_SAFE_INTEGER),
  );

/** Path parameter naming one of the caller's objects. Non-numeric ids are simply not found. */
export const IdParams = z.object({
  id: z.string().check(z.regex(/^[1-9][0-9]{0,15}$/, { error: 'must be a numeric id' })),
});

export const ErrorBody = z.object({
  error: z.string().check(z.describe('machine-readable error code')),
  message: z.string(),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

/**
 * A range's end (`end_date`, `target_date`) must not come before its `start_date`, when both are
 * given: the one rule for every date range a request carries.
 */
export const endNotBeforeStart = <End extends string>(end: End) =>
  z.refine<{ readonly start_date?: string } & { readonly [K in End]?: string }>(
    (range) => {
      const last = range[end];
      return !range.start_date || !last || last >= range.start_date;
    },
    { path: [end], message: 'must not be before start_date' },
  );
