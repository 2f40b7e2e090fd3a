-- Daily analytics rollups. Closed days are read from a few rows per student instead of splitting
-- every session again; the open part of a range is computed from the raw rows by the same
-- function that builds the rollups, so both give the same answer.

-- The local period (day, week or month) containing local day `d`.
CREATE FUNCTION period_bounds(kind text, d date, week_start text,
                              OUT first_day date, OUT last_day date)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT s, CASE kind WHEN 'daily' THEN s
                        WHEN 'weekly' THEN s + 6
                        ELSE (s + interval '1 month')::date - 1 END
    FROM (SELECT CASE kind
      WHEN 'daily' THEN d
      WHEN 'weekly' THEN d - ((extract(isodow FROM d)::int
                               - CASE week_start WHEN 'sunday' THEN 7 ELSE 1 END + 7) % 7)
      ELSE date_trunc('month', d)::date
    END AS s) AS start_of
  $$;

-- One row per student, local day and class (class_key 0: study without a class):
--   studied/focus seconds   the part of each completed session inside that day
--   sessions, mood, productivity   sessions counted on the day they started
--   tests, flashcards, assignments activities on the day they were logged
--   points                  awards on their award day
CREATE TABLE analytics_snapshots (
  user_id               text NOT NULL,
  day                   date NOT NULL,
  class_key             bigint NOT NULL,
  studied_seconds       integer NOT NULL,
  focus_seconds         integer NOT NULL,
  sessions              integer NOT NULL,
  mood_sum              integer NOT NULL,
  mood_count            integer NOT NULL,
  productivity_sum      integer NOT NULL,
  productivity_count    integer NOT NULL,
  tests_taken           integer NOT NULL,
  test_items            integer NOT NULL,
  test_correct          integer NOT NULL,
  flashcards_reviewed   integer NOT NULL,
  flashcards_correct    integer NOT NULL,
  assignments_completed integer NOT NULL,
  points                integer NOT NULL,
  PRIMARY KEY (user_id, day, class_key)
);

-- How far each student's snapshots go. Every day before `through_day` is in analytics_snapshots
-- and final: the builder never moves it past today or past the start of a session still open,
-- and only open sessions and today's activities and awards can still change. Snapshots hold
-- for the clock they were built with; another zone, day start or week start rebuilds them.
CREATE TABLE analytics_snapshot_state (
  user_id          text PRIMARY KEY,
  tz               text NOT NULL,
  day_start_hour   smallint NOT NULL,
  week_start       text NOT NULL,
  through_day      date NOT NULL,
  -- Weekly and monthly totals exist for every period that ended before this day.
  rollups_through  date NOT NULL,
  refreshed_at     timestamptz NOT NULL DEFAULT now()
);

-- Studied minutes per student and closed week or month, for peer percentiles from aggregates.
-- Only students who studied in the period have a row.
CREATE TABLE analytics_rollups (
  kind          text NOT NULL CHECK (kind IN ('weekly', 'monthly')),
  period_start  date NOT NULL,
  user_id       text NOT NULL,
  minutes       integer NOT NULL,
  PRIMARY KEY (kind, period_start, user_id)
);
CREATE INDEX analytics_rollups_cohort ON analytics_rollups (kind, period_start, minutes);
-- A student's rollups, replaced when their clock changes.
CREATE INDEX analytics_rollups_user ON analytics_rollups (user_id);

-- The facts of one student's local days [first_day, last_day], computed from the raw rows.
-- PL/pgSQL so that each connection plans the query once and reuses the plan, and without JIT,
-- which the planner's generic estimates would switch on to compile more than it runs.
CREATE FUNCTION raw_daily_facts(uid text, first_day date, last_day date, tz text,
                                day_start_hour integer)
  RETURNS SETOF analytics_snapshots
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET jit = off
  AS $$
  BEGIN
    RETURN QUERY
    WITH bounds AS (
      SELECT local_day_start(first_day, tz, day_start_hour) AS a,
             local_day_start(last_day + 1, tz, day_start_hour) AS b
    ), sessions AS (
      SELECT s, coalesce(s.class_id, 0) AS class_key FROM study_sessions s, bounds
      WHERE s.user_id = uid AND s.end_time IS NOT NULL
        AND s.start_time < bounds.b AND s.end_time > bounds.a
    ), time_pieces AS (
      SELECT d::date AS day, x.class_key, (x.s).focus_mode AS focus,
             session_studied_between(x.s, local_day_start(d::date, tz, day_start_hour),
                                     local_day_start(d::date + 1, tz, day_start_hour)) AS seconds
      FROM sessions x,
      LATERAL generate_series(greatest(local_day_of((x.s).start_time, tz, day_start_hour), first_day),
                              least(local_day_of((x.s).end_time, tz, day_start_hour), last_day),
                              interval '1 day') AS d
    ), starts AS (
      SELECT local_day_of((x.s).start_time, tz, day_start_hour) AS day, x.class_key,
             (x.s).mood_rating AS mood, (x.s).productivity_rating AS productivity
      FROM sessions x, bounds WHERE (x.s).start_time >= bounds.a
    ), activities AS (
      SELECT local_day_of(a.created_at, tz, day_start_hour) AS day,
             coalesce(s.class_id, 0) AS class_key, a.activity_type, a.items_completed, a.items_correct
      FROM session_activities a JOIN study_sessions s ON s.id = a.session_id, bounds
      WHERE a.user_id = uid AND a.created_at >= bounds.a AND a.created_at < bounds.b
    ), awards AS (
      SELECT l.award_day AS day, coalesce(s.class_id, 0) AS class_key, l.points
      FROM points_ledger l
      LEFT JOIN study_sessions s
        ON l.reference_type = 'study_session' AND s.id = CASE WHEN l.reference_type = 'study_session'
                                                         THEN l.reference_id::bigint END
      WHERE l.user_id = uid AND l.award_day BETWEEN first_day AND last_day
    ), facts (day, class_key, studied, focus, sessions, mood_sum, mood_count, productivity_sum,
              productivity_count, tests, test_items, test_correct, cards, cards_correct,
              assignments, points) AS (
      SELECT day, class_key, seconds, CASE WHEN focus THEN seconds ELSE 0 END,
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM time_pieces
      UNION ALL
      SELECT day, class_key, 0, 0, 1, coalesce(mood, 0), (mood IS NOT NULL)::int,
             coalesce(productivity, 0), (productivity IS NOT NULL)::int, 0, 0, 0, 0, 0, 0, 0
      FROM starts
      UNION ALL
      SELECT day, class_key, 0, 0, 0, 0, 0, 0, 0,
             (activity_type = 'testing')::int,
             CASE WHEN activity_type = 'testing' THEN items_completed ELSE 0 END,
             CASE WHEN activity_type = 'testing' THEN items_correct ELSE 0 END,
             CASE WHEN activity_type = 'flashcards' THEN items_completed ELSE 0 END,
             CASE WHEN activity_type = 'flashcards' THEN items_correct ELSE 0 END,
             CASE WHEN activity_type = 'assignment' THEN items_completed ELSE 0 END, 0
      FROM activities
      UNION ALL
      SELECT day, class_key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, points FROM awards
    )
    SELECT uid, f.day, f.class_key, sum(f.studied)::int, sum(f.focus)::int, sum(f.sessions)::int,
           sum(f.mood_sum)::int, sum(f.mood_count)::int, sum(f.productivity_sum)::int,
           sum(f.productivity_count)::int, sum(f.tests)::int, sum(f.test_items)::int,
           sum(f.test_correct)::int, sum(f.cards)::int, sum(f.cards_correct)::int,
           sum(f.assignments)::int, sum(f.points)::int
    FROM facts f GROUP BY f.day, f.class_key;
  END
  $$;

-- The facts of one student's local days [first_day, last_day] in their current clock: days
-- the snapshots cover come from there, the rest from the raw rows.
CREATE FUNCTION user_daily_facts(uid text, first_day date, last_day date)
  RETURNS SETOF analytics_snapshots
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET jit = off
  AS $$
  BEGIN
    RETURN QUERY
    WITH c AS (SELECT * FROM user_clock(uid)), ready AS (
      SELECT c.tz, c.day_start_hour,
             CASE WHEN st.tz = c.tz AND st.day_start_hour = c.day_start_hour
                  THEN least(greatest(st.through_day, first_day), last_day + 1)
                  ELSE first_day END AS through
      FROM c LEFT JOIN analytics_snapshot_state st ON st.user_id = uid
    )
    SELECT s.* FROM analytics_snapshots s, ready
    WHERE s.user_id = uid AND s.day >= first_day AND s.day < ready.through
    UNION ALL
    SELECT r.* FROM ready, raw_daily_facts(uid, ready.through, last_day, ready.tz, ready.day_start_hour) r;
  END
  $$;
