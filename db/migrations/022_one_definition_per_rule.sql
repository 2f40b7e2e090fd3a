-- Rules the database needs, each defined once here (or in the migration named beside it); the
-- statements in functions/data/ call these functions instead of restating the rule, and the
-- TypeScript side (functions/vocabulary.ts, functions/core/) is tested against them by
-- test/integration/rule-parity.test.ts, which calls each function directly.
--
-- Already single and tested there: streak_day_minimum_minutes() (003), period_first_day(),
-- period_last_day(), period_bounds() and goal_period() (008).

-- The clock of a student who never set preferences: zone UTC, weeks from Monday, days from
-- midnight.
CREATE FUNCTION default_clock(OUT tz text, OUT week_start text, OUT day_start_hour integer)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT 'UTC'::text, 'monday'::text, 0 $$;

ALTER TABLE user_preferences
  ALTER COLUMN timezone SET DEFAULT (default_clock()).tz,
  ALTER COLUMN week_start SET DEFAULT (default_clock()).week_start,
  ALTER COLUMN day_starts_at_hour SET DEFAULT (default_clock()).day_start_hour;

CREATE OR REPLACE FUNCTION user_clock(uid text, OUT tz text, OUT week_start text,
                                      OUT day_start_hour integer, OUT today date)
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(p.timezone, d.tz), coalesce(p.week_start, d.week_start),
           coalesce(p.day_starts_at_hour, d.day_start_hour),
           local_day_of(now(), coalesce(p.timezone, d.tz),
                        coalesce(p.day_starts_at_hour, d.day_start_hour)::integer)
    FROM default_clock() AS d LEFT JOIN user_preferences p ON p.user_id = uid
  $$;

-- The goal milestones: the percentages of a target that are recorded and announced once each.
CREATE FUNCTION goal_milestone_percents() RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ARRAY[25, 50, 75, 100] $$;

ALTER TABLE goal_milestones
  DROP CONSTRAINT goal_milestones_percent_check,
  ADD CONSTRAINT goal_milestones_percent_check CHECK (percent = ANY (goal_milestone_percents()));

-- The ISO week label (`2026-W47`) of the week that starts on `first_day`: a Sunday-start week is
-- labelled by the ISO week of its Monday, the one it mostly is, as the API names weeks.
CREATE FUNCTION week_label(first_day date, week_start text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT to_char(first_day + CASE week_start WHEN 'sunday' THEN 1 ELSE 0 END, 'IYYY-"W"IW')
  $$;
