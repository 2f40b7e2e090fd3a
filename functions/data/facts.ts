/**
 * SQL shared by the analytics and report statements. They all read `user_daily_facts()` (closed
 * days from analytics_snapshots, the rest from the raw rows) and sum it the same way, so a week's
 * days add up to the week, its classes to its total, and the API agrees with the emails.
 */

/**
 * Summary columns over rows of daily facts. Minutes are the whole minutes of each day and class,
 * so every breakdown of a period adds up to its total exactly.
 */
export const SUMMARY = `
  coalesce(sum(studied_seconds / 60), 0)::integer AS minutes,
  coalesce(sum(focus_seconds / 60), 0)::integer AS focus_minutes,
  coalesce(sum(sessions), 0)::integer AS sessions,
  coalesce(sum(points), 0)::integer AS points,
  coalesce(sum(tests_taken), 0)::integer AS tests_taken,
  round(100.0 * sum(test_correct) / nullif(sum(test_items), 0), 2) AS average_test_score,
  coalesce(sum(flashcards_reviewed), 0)::integer AS flashcards_reviewed,
  round(100.0 * sum(flashcards_correct) / nullif(sum(flashcards_reviewed), 0), 2) AS flashcard_accuracy,
  coalesce(sum(assignments_completed), 0)::integer AS assignments_completed,
  round(sum(mood_sum)::numeric / nullif(sum(mood_count), 0), 2) AS average_mood,
  round(sum(productivity_sum)::numeric / nullif(sum(productivity_count), 0), 2) AS average_productivity,
  coalesce(sum(productivity_count), 0)::integer AS rated_sessions`;

/** `SUMMARY` of the rows of `source` matching `where`, as one jsonb object. */
export const summaryOf = (source: string, where: string) =>
  `(SELECT to_jsonb(x) FROM (SELECT ${SUMMARY} FROM ${source} WHERE ${where}) x)`;

/** The class of a facts row as the API shows it; class_key 0 is study without a class. */
export const CLASS_JSON = (classKey: string) => `
  jsonb_build_object(
    'class_id', nullif(${classKey}, 0),
    'class_name', CASE WHEN ${classKey} = 0 THEN NULL
                       ELSE coalesce((SELECT name FROM classes WHERE id = ${classKey}), ${classKey}::text) END)`;

/** ISO label of a student's week (a Sunday-start week is labelled by the ISO week it mostly is). */
export const WEEK_LABEL = (firstDay: string, weekStart: string) =>
  `to_char(${firstDay} + CASE ${weekStart} WHEN 'sunday' THEN 1 ELSE 0 END, 'IYYY-"W"IW')`;

/**
 * Last day of the previous period to compare an open period with: as far into it as today is
 * into the current one (a whole month is not a fair match for the first week of the next).
 */
export const SAME_POINT_END = (
  prevFirst: string,
  prevLast: string,
  curFirst: string,
  curLast: string,
  today: string,
) => `least(${prevLast}, ${prevFirst} + (least(${curLast}, ${today}) - ${curFirst}))`;

export interface Summary {
  minutes: number;
  focus_minutes: number;
  sessions: number;
  points: number;
  tests_taken: number;
  average_test_score: number | null;
  flashcards_reviewed: number;
  flashcard_accuracy: number | null;
  assignments_completed: number;
  average_mood: number | null;
  average_productivity: number | null;
  rated_sessions: number;
}

/**
 * Learning activities logged on local days [firstDay, lastDay] of the clock `clock` (a row with
 * `tz` and `day_start_hour`), per type, as a jsonb object `{type: {count, minutes}}`. An
 * activity belongs to the day of the instant it was logged. The scan is bounded by the period,
 * through the (user_id, created_at) index; `classFilter` may test the session `s`.
 */
export const ACTIVITY_COUNTS = (
  firstDay: string,
  lastDay: string,
  clock: string,
  classFilter = 'true',
) => `
  coalesce((SELECT jsonb_object_agg(t.activity_type, jsonb_build_object('count', t.n, 'minutes', t.minutes))
            FROM (SELECT a.activity_type, count(*)::integer AS n,
                         coalesce(sum(a.duration_minutes), 0) AS minutes
                  FROM session_activities a JOIN study_sessions s ON s.id = a.session_id
                  WHERE a.user_id = :user_id
                    AND a.created_at >= local_day_start(${firstDay}, ${clock}.tz, ${clock}.day_start_hour)
                    AND a.created_at < local_day_start(${lastDay} + 1, ${clock}.tz, ${clock}.day_start_hour)
                    AND (${classFilter})
                  GROUP BY a.activity_type) t), '{}'::jsonb)`;
