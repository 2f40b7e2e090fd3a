-- Study goals. Progress is never stored: it is computed from sessions and activities whenever it
-- is read, so it cannot drift from the data. Only what cannot be recomputed is kept: manual
-- progress of custom goals, and milestones (each recorded once per goal, period and percent).

CREATE TABLE study_goals (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id            text NOT NULL,
  class_id           bigint,
  goal_type          text NOT NULL CHECK (goal_type IN ('study_time', 'test_score',
                       'flashcard_mastery', 'assignment_completion', 'streak', 'custom')),
  goal_name          text NOT NULL,
  goal_description   text,
  target_value       numeric(12, 2) NOT NULL CHECK (target_value > 0),
  unit               text,
  start_date         date NOT NULL,
  target_date        date NOT NULL,
  priority           text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
  reminder_enabled   boolean NOT NULL DEFAULT false,
  recurrence_pattern text CHECK (recurrence_pattern IN ('daily', 'weekly', 'monthly')),
  -- Sum of manual progress (custom goals), kept on the row so that concurrent updates add up
  -- under its row lock; goal_progress keeps each entry.
  manual_total       numeric(12, 2) NOT NULL DEFAULT 0,
  status             text NOT NULL DEFAULT 'active'
                       CHECK (status IN ('active', 'completed', 'abandoned', 'expired')),
  completed_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT study_goals_dates CHECK (target_date >= start_date)
);
CREATE INDEX study_goals_user_status ON study_goals (user_id, status);
CREATE INDEX study_goals_active_target ON study_goals (target_date) WHERE status = 'active';

-- Manual progress: the only source of progress for custom goals.
CREATE TABLE goal_progress (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  goal_id     bigint NOT NULL REFERENCES study_goals (id) ON DELETE CASCADE,
  value       numeric(12, 2) NOT NULL,
  notes       text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX goal_progress_goal ON goal_progress (goal_id, recorded_at);

CREATE TABLE goal_milestones (
  goal_id      bigint NOT NULL REFERENCES study_goals (id) ON DELETE CASCADE,
  -- First day of the period for recurring goals; the goal's start date otherwise.
  period_start date NOT NULL,
  percent      smallint NOT NULL CHECK (percent IN (25, 50, 75, 100)),
  value        numeric(12, 2) NOT NULL,
  reached_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (goal_id, period_start, percent)
);

-- Minimum studied minutes that make a day count toward a streak.
CREATE FUNCTION streak_day_minimum_minutes() RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$ SELECT 15 $$;

-- Studied seconds of a finished session that fall inside [a, b).
CREATE FUNCTION session_studied_between(s study_sessions, a timestamptz, b timestamptz)
  RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN s.end_time IS NULL OR b <= s.start_time OR a >= s.end_time OR b <= a THEN 0
      ELSE greatest(0, session_studied_seconds_until(s, least(b, s.end_time))
                       - session_studied_seconds_until(s, greatest(a, s.start_time)))
    END
  $$;

-- The period of a goal containing local day `d`: [period_start, period_end] as local days,
-- clipped to the goal's own dates. Non-recurring goals have one period, the whole goal.
CREATE FUNCTION goal_period(g study_goals, d date, week_start text, OUT period_start date, OUT period_end date)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT greatest(g.start_date, p.s), least(g.target_date, p.e)
    FROM (SELECT
      CASE g.recurrence_pattern
        WHEN 'daily' THEN d
        WHEN 'weekly' THEN d - ((extract(isodow FROM d)::int - CASE week_start WHEN 'sunday' THEN 7 ELSE 1 END + 7) % 7)
        WHEN 'monthly' THEN date_trunc('month', d)::date
        ELSE g.start_date
      END AS s) AS start_of,
    LATERAL (SELECT
      CASE g.recurrence_pattern
        WHEN 'daily' THEN start_of.s
        WHEN 'weekly' THEN start_of.s + 6
        WHEN 'monthly' THEN (start_of.s + interval '1 month')::date - 1
        ELSE g.target_date
      END AS e) AS end_of,
    LATERAL (SELECT start_of.s AS s, end_of.e AS e) AS p
  $$;

-- A goal's progress over the local days [first_day, last_day] (days starting at
-- `day_start_hour` in time zone `tz`), from the raw
-- sessions and activities (class-filtered when the goal has a class):
--   study_time            studied minutes (sessions split at the period's edges)
--   test_score            accuracy % of testing activities
--   flashcard_mastery     accuracy % of flashcard activities
--   assignment_completion assignment items completed
--   streak                longest run of consecutive days with the daily minimum of study
--   custom                sum of manual progress (manual_total)
CREATE FUNCTION goal_value(g study_goals, first_day date, last_day date, tz text,
                           day_start_hour integer) RETURNS numeric
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    WITH bounds AS (
      SELECT local_day_start(first_day, tz, day_start_hour) AS a,
             local_day_start(last_day + 1, tz, day_start_hour) AS b
    ), sessions AS (
      SELECT s FROM study_sessions s, bounds
      WHERE s.user_id = g.user_id AND s.end_time IS NOT NULL
        AND s.start_time < bounds.b AND s.end_time > bounds.a
        AND (g.class_id IS NULL OR s.class_id = g.class_id)
    ), activities AS (
      SELECT a.* FROM session_activities a
      JOIN study_sessions s ON s.id = a.session_id, bounds
      WHERE a.user_id = g.user_id AND a.created_at >= bounds.a AND a.created_at < bounds.b
        AND (g.class_id IS NULL OR s.class_id = g.class_id)
    ), days AS (
      SELECT d::date AS day,
             (SELECT coalesce(sum(session_studied_between(x.s,
                        local_day_start(d::date, tz, day_start_hour),
                        local_day_start(d::date + 1, tz, day_start_hour))), 0)
              FROM sessions x) / 60 >= streak_day_minimum_minutes() AS studied
      FROM generate_series(first_day, last_day, interval '1 day') AS d
    ), runs AS (
      SELECT count(*) AS length FROM (
        SELECT day, day - (row_number() OVER (ORDER BY day))::int AS run FROM days WHERE studied
      ) r GROUP BY run
    )
    SELECT CASE g.goal_type
      WHEN 'study_time' THEN
        (SELECT floor(coalesce(sum(session_studied_between(x.s, bounds.a, bounds.b)), 0) / 60.0)
         FROM sessions x, bounds)
      WHEN 'test_score' THEN
        (SELECT coalesce(round(100.0 * sum(items_correct) / nullif(sum(items_completed), 0), 2), 0)
         FROM activities WHERE activity_type = 'testing')
      WHEN 'flashcard_mastery' THEN
        (SELECT coalesce(round(100.0 * sum(items_correct) / nullif(sum(items_completed), 0), 2), 0)
         FROM activities WHERE activity_type = 'flashcards')
      WHEN 'assignment_completion' THEN
        (SELECT coalesce(sum(items_completed), 0) FROM activities WHERE activity_type = 'assignment')
      WHEN 'streak' THEN (SELECT coalesce(max(length), 0) FROM runs)
      ELSE g.manual_total
    END
  $$;
