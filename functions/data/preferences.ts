import type { PutPreferencesInput } from '../contracts/preferences';
import { Invalid } from '../core/errors';
import { type Queryable, sqlStateOf } from '../platform/data-api';

export interface Preferences {
  timezone: string;
  week_start: 'monday' | 'sunday';
  day_starts_at_hour: number;
}

const GET_SQL = `
SELECT tz AS timezone, week_start, day_start_hour AS day_starts_at_hour FROM user_clock(:user_id)`;

export async function getPreferences(db: Queryable, userId: string): Promise<Preferences> {
  const { rows } = await db.query<Preferences>(GET_SQL, { user_id: userId });
  return rows[0] ?? { timezone: 'UTC', week_start: 'monday', day_starts_at_hour: 0 };
}

// `now() AT TIME ZONE` makes Postgres itself vouch for the zone name, so a zone the runtime
// knows but the database does not is refused here rather than breaking later queries.
const PUT_SQL = `
INSERT INTO user_preferences AS p (user_id, timezone, week_start, day_starts_at_hour)
SELECT :user_id, coalesce(CAST(:timezone AS text), 'UTC'), coalesce(CAST(:week_start AS text), 'monday'),
       coalesce(CAST(:day_starts_at_hour AS smallint), 0)
WHERE (now() AT TIME ZONE coalesce(CAST(:timezone AS text), 'UTC')) IS NOT NULL
ON CONFLICT (user_id) DO UPDATE
SET timezone = coalesce(CAST(:timezone AS text), p.timezone),
    week_start = coalesce(CAST(:week_start AS text), p.week_start),
    day_starts_at_hour = coalesce(CAST(:day_starts_at_hour AS smallint), p.day_starts_at_hour),
    updated_at = now()
RETURNING timezone, week_start, day_starts_at_hour`;

export async function putPreferences(
  db: Queryable,
  userId: string,
  input: PutPreferencesInput,
): Promise<Preferences> {
  try {
    const { rows } = await db.query<Preferences>(PUT_SQL, {
      user_id: userId,
      timezone: input.timezone ?? null,
      week_start: input.week_start ?? null,
      day_starts_at_hour: input.day_starts_at_hour ?? null,
    });
    if (!rows[0]) throw new Error('The preferences upsert returned no row');
    return rows[0];
  } catch (err) {
    if (sqlStateOf(err) === '22023') {
      throw new Invalid([
        { path: 'body.timezone', message: 'is not a time zone the database knows' },
      ]);
    }
    throw err;
  }
}
