import { Instant } from '../contracts/answer-common';
import { PreferencesAnswer } from '../contracts/preference-answers';
import type { PutPreferencesInput } from '../contracts/preferences';
import * as z from '../contracts/zod';
import { Invalid } from '../core/errors';
import { type Queryable, sqlStateOf } from '../platform/data-api';
import { DEFAULT_CLOCK } from '../vocabulary';

/** A student's preferences are what the API answers for them. */
export type Preferences = PreferencesAnswer;

/**
 * Whether reports can reach `email`: `none` without an address, `suppressed` once it
 * hard-bounced or complained (with the reason and since when), `active` otherwise.
 */
export type EmailStatus = Preferences['email_status'];

/** A stored preferences row with the suppression of its address, if any. */
const PreferencesRow = z.extend(z.omit(PreferencesAnswer, { email_status: true }), {
  suppressed_reason: z.nullable(z.enum(['bounce', 'complaint'])),
  suppressed_since: z.nullable(Instant),
});
type PreferencesRow = z.output<typeof PreferencesRow>;

function toPreferences({ suppressed_reason, suppressed_since, ...row }: PreferencesRow) {
  const state = row.email === null ? 'none' : suppressed_reason ? 'suppressed' : 'active';
  const email_status: EmailStatus =
    state === 'suppressed'
      ? { state, reason: suppressed_reason, since: suppressed_since }
      : { state, reason: null, since: null };
  return { ...row, email_status };
}

const DEFAULTS: Preferences = {
  timezone: DEFAULT_CLOCK.timezone,
  week_start: DEFAULT_CLOCK.week_start,
  day_starts_at_hour: DEFAULT_CLOCK.day_starts_at_hour,
  email: null,
  daily_report: false,
  weekly_report: false,
  report_hour: 7,
  skip_empty: true,
  weekly_target_minutes: null,
  email_status: { state: 'none', reason: null, since: null },
};

const COLUMNS = `timezone, week_start, day_starts_at_hour, email, daily_report, weekly_report,
  report_hour, skip_empty, weekly_target_minutes`;

/** Why emails stopped, if they did (migration 011), beside the preferences themselves. */
const WITH_SUPPRESSION = (from: string) => `
SELECT p.*, s.reason AS suppressed_reason, s.since AS suppressed_since
FROM ${from} p LEFT JOIN email_suppressions s ON s.email = lower(p.email)`;

const GET_SQL = WITH_SUPPRESSION(
  `(SELECT ${COLUMNS} FROM user_preferences WHERE user_id = :user_id)`,
);

export async function getPreferences(db: Queryable, userId: string): Promise<Preferences> {
  const { rows } = await db.query(GET_SQL, { user_id: userId }, PreferencesRow);
  return rows[0] ? toPreferences(rows[0]) : DEFAULTS;
}

// `now() AT TIME ZONE` makes Postgres itself vouch for the zone name, so a zone the runtime
// knows but the database does not is refused here rather than breaking later queries.
// A null email removes the address, so `email_given` tells "set to null" from "leave alone".
const PUT_SQL = `
WITH saved AS (
INSERT INTO user_preferences AS p (user_id, timezone, week_start, day_starts_at_hour, email,
  daily_report, weekly_report, report_hour, skip_empty, weekly_target_minutes)
SELECT :user_id, coalesce(CAST(:timezone AS text), d.tz), coalesce(CAST(:week_start AS text), d.week_start),
       coalesce(CAST(:day_starts_at_hour AS smallint), d.day_start_hour), CAST(:email AS text),
       coalesce(CAST(:daily_report AS boolean), false), coalesce(CAST(:weekly_report AS boolean), false),
       coalesce(CAST(:report_hour AS smallint), 7), coalesce(CAST(:skip_empty AS boolean), true),
       CAST(:weekly_target_minutes AS integer)
FROM default_clock() AS d
WHERE (now() AT TIME ZONE coalesce(CAST(:timezone AS text), d.tz)) IS NOT NULL
ON CONFLICT (user_id) DO UPDATE
SET timezone = coalesce(CAST(:timezone AS text), p.timezone),
    week_start = coalesce(CAST(:week_start AS text), p.week_start),
    day_starts_at_hour = coalesce(CAST(:day_starts_at_hour AS smallint), p.day_starts_at_hour),
    email = CASE WHEN :email_given THEN CAST(:email AS text) ELSE p.email END,
    daily_report = coalesce(CAST(:daily_report AS boolean), p.daily_report),
    weekly_report = coalesce(CAST(:weekly_report AS boolean), p.weekly_report),
    report_hour = coalesce(CAST(:report_hour AS smallint), p.report_hour),
    skip_empty = coalesce(CAST(:skip_empty AS boolean), p.skip_empty),
    weekly_target_minutes = CASE WHEN :weekly_target_given THEN CAST(:weekly_target_minutes AS integer)
                                 ELSE p.weekly_target_minutes END,
    updated_at = now()
RETURNING ${COLUMNS})
${WITH_SUPPRESSION('saved')}`;

export async function putPreferences(
  db: Queryable,
  userId: string,
  input: PutPreferencesInput,
): Promise<Preferences> {
  try {
    const { rows } = await db.query(
      PUT_SQL,
      {
        user_id: userId,
        timezone: input.timezone ?? null,
        week_start: input.week_start ?? null,
        day_starts_at_hour: input.day_starts_at_hour ?? null,
        email: input.email ?? null,
        email_given: input.email !== undefined,
        daily_report: input.daily_report ?? null,
        weekly_report: input.weekly_report ?? null,
        report_hour: input.report_hour ?? null,
        skip_empty: input.skip_empty ?? null,
        weekly_target_minutes: input.weekly_target_minutes ?? null,
        weekly_target_given: input.weekly_target_minutes !== undefined,
      },
      PreferencesRow,
    );
    if (!rows[0]) throw new Error('The preferences upsert returned no row');
    return toPreferences(rows[0]);
  } catch (err) {
    if (sqlStateOf(err) === '22023') {
      throw new Invalid([
        { path: 'body.timezone', message: 'is not a time zone the database knows' },
      ]);
    }
    throw err;
  }
}
