-- Helpers that let each analytics and report statement in functions/data/ be one readable
-- literal instead of text stitched from TypeScript fragments: how rows of daily facts are summed,
-- how a class and a period are named, which stretch of the previous period an open one is
-- compared with, and the learning activities of a stretch of days.

-- The summary of rows of daily facts (user_daily_facts(), analytics_snapshots). Minutes are the
-- whole minutes of each day and class, so every breakdown of a period adds up to its total.
CREATE TYPE facts_summary AS (
  minutes               integer,
  manual_minutes        integer,
  focus_minutes         integer,
  sessions              integer,
  points                integer,
  tests_taken           integer,
  average_test_score    numeric,
  flashcards_reviewed   integer,
  flashcard_accuracy    numeric,
  assignments_completed integer,
  average_mood          numeric,
  average_productivity  numeric,
  rated_sessions        integer
);

CREATE FUNCTION facts_summary_of(facts analytics_snapshots[]) RETURNS facts_summary
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(sum(studied_seconds / 60), 0)::integer,
           coalesce(sum(manual_seconds / 60), 0)::integer,
           coalesce(sum(focus_seconds / 60), 0)::integer,
           coalesce(sum(sessions), 0)::integer,
           coalesce(sum(points), 0)::integer,
           coalesce(sum(tests_taken), 0)::integer,
           round(100.0 * sum(test_correct) / nullif(sum(test_items), 0), 2),
           coalesce(sum(flashcards_reviewed), 0)::integer,
           round(100.0 * sum(flashcards_correct) / nullif(sum(flashcards_reviewed), 0), 2),
           coalesce(sum(assignments_completed), 0)::integer,
           round(sum(mood_sum)::numeric / nullif(sum(mood_count), 0), 2),
           round(sum(productivity_sum)::numeric / nullif(sum(productivity_count), 0), 2),
           coalesce(sum(productivity_count), 0)::integer
    FROM unnest(facts)
  $$;

-- `summarize(f)` over rows `f` of daily facts: their facts_summary (all zeros over no rows).
CREATE AGGREGATE summarize(analytics_snapshots) (
  SFUNC = array_append,
  STYPE = analytics_snapshots[],
  INITCOND = '{}',
  FINALFUNC = facts_summary_of
);

-- A class as the API shows it; class_key 0 is study without a class.
CREATE FUNCTION class_json(class_key bigint) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT jsonb_build_object(
      'class_id', nullif(class_key, 0),
      'class_name', CASE WHEN class_key = 0 THEN NULL
                         ELSE coalesce((SELECT name FROM classes WHERE id = class_key),
                                       class_key::text) END)
  $$;

-- A period's name in the API: `2026-12-01`, `2026-W49` (week_label(), 022) or `2026-12`.
CREATE FUNCTION period_label(kind text, first_day date, week_start text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE kind WHEN 'daily' THEN to_char(first_day, 'YYYY-MM-DD')
                     WHEN 'weekly' THEN week_label(first_day, week_start)
                     ELSE to_char(first_day, 'YYYY-MM') END
  $$;

-- The last day of the previous period to compare an open period with: as far into it as today
-- is into the current one (a whole month is no fair match for the first week of the next).
CREATE FUNCTION same_point_end(prev_first date, prev_last date, cur_first date, cur_last date,
                               today date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT least(prev_last, prev_first + (least(cur_last, today) - cur_first)) $$;

-- Learning activities `uid` logged on local days [first_day, last_day] of the clock (tz,
-- day_start_hour), per type, as `{type: {count, minutes}}`; only those of sessions of class
-- `only_class` unless it is null. An activity belongs to the day of the instant it was logged;
-- the scan is bounded by the period, through the (user_id, created_at) index.
CREATE FUNCTION activity_counts(uid text, first_day date, last_day date, tz text,
                                day_start_hour integer, only_class bigint) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(jsonb_object_agg(t.activity_type,
                                     jsonb_build_object('count', t.n, 'minutes', t.minutes)),
                    '{}'::jsonb)
    FROM (SELECT a.activity_type, count(*)::integer AS n,
                 coalesce(sum(a.duration_minutes), 0) AS minutes
          FROM session_activities a JOIN study_sessions s ON s.id = a.session_id
          WHERE a.user_id = uid
            AND a.created_at >= local_day_start(first_day, tz, day_start_hour)
            AND a.created_at < local_day_start(last_day + 1, tz, day_start_hour)
            AND (only_class IS NULL OR s.class_id = only_class)
          GROUP BY a.activity_type) t
  $$;
