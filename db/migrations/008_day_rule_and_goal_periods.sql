-- The student's day on days when the clock changes, goals evaluated from the daily facts (one
-- rounding rule, bounded reads), and points that keep their day after a change of time zone.
-- The rules are written out in docs/rules.md.

-- THE DAY RULE. Local day d starts at the first instant at which the student's clock reads
-- d at the day-start hour, or later; it ends where day d + 1 starts. Every instant belongs to
-- exactly one day: the one whose [start, next start) contains it. When the clock is set back
-- over the start hour (it shows that hour twice), the day starts at the first showing; when the
-- clock skips the start hour, the day starts at the jump.

-- The first instant at which the clock of zone `tz` shows wall time `l` or later.
CREATE FUNCTION local_clock_reaches(l timestamp, tz text) RETURNS timestamptz
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  AS $$
  DECLARE
    -- PostgreSQL reads a wall time shown twice as its later instant, and a skipped one with the
    -- offset from before the jump, which lands after the jump.
    read timestamptz := l AT TIME ZONE tz;
    offset_before interval;
    earlier timestamptz;
  BEGIN
    IF read AT TIME ZONE tz = l THEN
      offset_before := (read - interval '1 day') AT TIME ZONE tz
                       - (read - interval '1 day') AT TIME ZONE 'UTC';
      earlier := (l - offset_before) AT TIME ZONE 'UTC';
      IF earlier < read AND earlier AT TIME ZONE tz = l THEN
        RETURN earlier;
      END IF;
      RETURN read;
    END IF;
    -- Skipped: the jump happened less than the skipped length before `read`, on a whole minute
    -- (as every clock change since 2000 has).
    RETURN (SELECT min(t)
            FROM generate_series(read - (read AT TIME ZONE tz - l), read, interval '1 minute') AS t
            WHERE t AT TIME ZONE tz >= l);
  END
  $$;

-- Where local day `d` starts. Away from a clock change (none within 27 hours either side) the
-- wall time is read directly, so the common case stays a single expression the planner inlines.
CREATE OR REPLACE FUNCTION local_day_start(d date, tz text, day_start_hour integer) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN ((d + make_interval(hours => day_start_hour)) AT TIME ZONE tz + interval '27 hours') AT TIME ZONE tz
           - ((d + make_interval(hours => day_start_hour)) AT TIME ZONE tz - interval '27 hours') AT TIME ZONE tz
           = interval '54 hours'
        THEN (d + make_interval(hours => day_start_hour)) AT TIME ZONE tz
      ELSE local_clock_reaches(d + make_interval(hours => day_start_hour), tz)
    END
  $$;

-- Near a clock change the wall clock's date can be a day off (it runs backwards for a while):
-- the day is the one whose [start, next start) holds the instant.
CREATE FUNCTION local_day_of_near_change(t timestamptz, tz text, day_start_hour integer) RETURNS date
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  AS $$
  DECLARE
    guess date := ((t AT TIME ZONE tz) - make_interval(hours => day_start_hour))::date;
  BEGIN
    IF t < local_day_start(guess, tz, day_start_hour) THEN
      RETURN guess - 1;
    END IF;
    IF t >= local_day_start(guess + 1, tz, day_start_hour) THEN
      RETURN guess + 1;
    END IF;
    RETURN guess;
  END
  $$;

-- The local day an instant belongs to, by the rule above.
CREATE OR REPLACE FUNCTION local_day_of(t timestamptz, tz text, day_start_hour integer) RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN (t + interval '27 hours') AT TIME ZONE tz - (t - interval '27 hours') AT TIME ZONE tz
           = interval '54 hours'
        THEN ((t AT TIME ZONE tz) - make_interval(hours => day_start_hour))::date
      ELSE local_day_of_near_change(t, tz, day_start_hour)
    END
  $$;

-- Snapshots built with the earlier reading of clock-change days are rebuilt by the next run
-- (answers come from the raw rows until then). UTC has no clock changes.
DELETE FROM analytics_snapshot_state WHERE tz <> 'UTC';

-- POINTS keep the local day they were awarded on (the day the daily cap counted them against),
-- also after a change of time zone; date filters of the ledger select by that day.
CREATE INDEX points_ledger_user_day ON points_ledger (user_id, award_day);

-- GOALS. A goal's value over some of its days comes from the student's daily facts, summed as
-- the reports sum them (whole minutes per day and class), so a goal and a report of the same
-- days agree, and closed days are read from the snapshots.

-- Periods as plain expressions the planner inlines, so a statement mapping each of a goal's
-- days to its period pays no function call per day. period_bounds (005) and goal_period (003)
-- keep their signatures and now say the same through these.

-- The first day of the period (day; week from the student's week start; month) holding day `d`.
-- Date arithmetic only (date_trunc would go through timestamptz, which is not immutable and
-- would keep the planner from inlining).
CREATE FUNCTION period_first_day(kind text, d date, week_start text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE kind
      WHEN 'daily' THEN d
      WHEN 'weekly' THEN d - ((extract(isodow FROM d)::integer
                               - CASE week_start WHEN 'sunday' THEN 7 ELSE 1 END + 7) % 7)
      ELSE d - (extract(day FROM d)::integer - 1)
    END
  $$;

-- The last day of the period that starts on `first_day` (named once, so that inlining does not
-- repeat the expression passed for it).
CREATE FUNCTION period_last_day(kind text, first_day date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT (first_day + CASE kind WHEN 'daily' THEN interval '0 days'
                                  WHEN 'weekly' THEN interval '6 days'
                                  ELSE interval '1 month -1 day' END)::date
  $$;

CREATE OR REPLACE FUNCTION period_bounds(kind text, d date, week_start text,
                                         OUT first_day date, OUT last_day date)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT period_first_day(kind, d, week_start),
           period_last_day(kind, period_first_day(kind, d, week_start))
  $$;

-- The period of goal `g` holding local day `d`, clipped to the goal's dates; a one-off goal's
-- one period is its dates.
CREATE FUNCTION goal_period_first_day(g study_goals, d date, week_start text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN g.recurrence_pattern IS NULL THEN g.start_date
                ELSE greatest(g.start_date, period_first_day(g.recurrence_pattern, d, week_start)) END
  $$;

CREATE FUNCTION goal_period_last_day(g study_goals, d date, week_start text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN g.recurrence_pattern IS NULL THEN g.target_date
                ELSE least(g.target_date, period_last_day(g.recurrence_pattern,
                                                          period_first_day(g.recurrence_pattern, d, week_start))) END
  $$;

CREATE OR REPLACE FUNCTION goal_period(g study_goals, d date, week_start text,
                                       OUT period_start date, OUT period_end date)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT goal_period_first_day(g, d, week_start), goal_period_last_day(g, d, week_start) $$;

-- No goal statement reads more than this many days: five years and a few days, which holds the
-- longest goal the API accepts and any page of a recurring goal's periods. A goal stored with a
-- longer span is evaluated over its last this-many days.
CREATE FUNCTION goal_span_days() RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$ SELECT 1831 $$;

-- The periods of goal `g` that overlap local days [first_day, last_day], each with the goal's
-- value over its days up to last_day (today, for the period still running):
--   study_time            studied minutes (whole minutes per day and class, class-filtered)
--   test_score            accuracy % of testing activities
--   flashcard_mastery     accuracy % of flashcard activities
--   assignment_completion assignment items completed
--   streak                longest run of consecutive days with the daily minimum of study
--   custom                one-off: the sum of all manual progress; recurring: the progress
--                         recorded on the period's own days
-- A recurring goal's periods are days, weeks (from the student's week start) or months,
-- clipped to the goal's dates and then `partial`; a one-off goal has one period, its dates.
CREATE FUNCTION goal_period_values(g study_goals, first_day date, last_day date, week_start text)
  RETURNS TABLE (period_start date, period_end date, partial boolean, value numeric)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET jit = off
  AS $$
  #variable_conflict use_column
  BEGIN
    RETURN QUERY
    WITH span AS (
      SELECT greatest(first_day, g.start_date, last_day - goal_span_days() + 1) AS a,
             least(last_day, g.target_date) AS b
    ), clock AS (
      SELECT c.tz, c.day_start_hour FROM user_clock(g.user_id) c
    ), days AS (
      SELECT d::date AS day, goal_period_first_day(g, d::date, week_start) AS period_start,
             goal_period_last_day(g, d::date, week_start) AS period_end
      FROM span, generate_series(span.a, span.b, interval '1 day') AS d
    ), facts AS (
      SELECT f.day, sum(f.studied_seconds / 60) AS minutes, sum(f.test_items) AS test_items,
             sum(f.test_correct) AS test_correct, sum(f.flashcards_reviewed) AS cards,
             sum(f.flashcards_correct) AS cards_correct, sum(f.assignments_completed) AS assignments
      FROM span, LATERAL user_daily_facts(g.user_id, span.a, span.b) f
      WHERE g.goal_type <> 'custom' AND (g.class_id IS NULL OR f.class_key = g.class_id)
      GROUP BY f.day
    ), manual AS (
      SELECT local_day_of(e.recorded_at, clock.tz, clock.day_start_hour) AS day, sum(e.value) AS amount
      FROM span, clock, goal_progress e
      WHERE g.goal_type = 'custom' AND g.recurrence_pattern IS NOT NULL AND e.goal_id = g.id
        AND e.recorded_at >= local_day_start(span.a, clock.tz, clock.day_start_hour)
        AND e.recorded_at < local_day_start(span.b + 1, clock.tz, clock.day_start_hour)
      GROUP BY 1
    ), per_day AS (
      SELECT d.day, d.period_start, d.period_end, f.minutes, f.test_items,
             f.test_correct, f.cards, f.cards_correct, f.assignments, m.amount,
             coalesce(f.minutes, 0) >= streak_day_minimum_minutes() AS studied
      FROM days d LEFT JOIN facts f ON f.day = d.day LEFT JOIN manual m ON m.day = d.day
    ), runs AS (
      SELECT r.period_start, count(*) AS length
      FROM (SELECT x.period_start,
                   x.day - (row_number() OVER (PARTITION BY x.period_start ORDER BY x.day))::integer AS run
            FROM per_day x WHERE x.studied) r
      GROUP BY r.period_start, r.run
    )
    SELECT x.period_start, x.period_end,
      g.recurrence_pattern IS NOT NULL
        AND (x.period_start, x.period_end)
            <> (period_first_day(g.recurrence_pattern, x.period_start, week_start),
                period_last_day(g.recurrence_pattern,
                                period_first_day(g.recurrence_pattern, x.period_start, week_start))),
      (CASE g.goal_type
        WHEN 'study_time' THEN coalesce(sum(x.minutes), 0)
        WHEN 'test_score' THEN
          coalesce(round(100.0 * sum(x.test_correct) / nullif(sum(x.test_items), 0), 2), 0)
        WHEN 'flashcard_mastery' THEN
          coalesce(round(100.0 * sum(x.cards_correct) / nullif(sum(x.cards), 0), 2), 0)
        WHEN 'assignment_completion' THEN coalesce(sum(x.assignments), 0)
        WHEN 'streak' THEN
          coalesce((SELECT max(r.length) FROM runs r WHERE r.period_start = x.period_start), 0)
        ELSE CASE WHEN g.recurrence_pattern IS NULL THEN g.manual_total
                  ELSE coalesce(sum(x.amount), 0) END
      END)::numeric
    FROM per_day x
    GROUP BY x.period_start, x.period_end;
  END
  $$;

-- The value of goal `g` over local days [first_day, last_day] of one of its periods; 0 before
-- the period has begun.
CREATE FUNCTION goal_period_value(g study_goals, first_day date, last_day date, week_start text)
  RETURNS numeric
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce((SELECT v.value FROM goal_period_values(g, first_day, last_day, week_start) v
                     ORDER BY v.period_start DESC LIMIT 1), 0)
  $$;

-- The same value for statements written against the earlier signature: every caller passed the
-- student's own zone and day start, which the daily facts already use.
CREATE OR REPLACE FUNCTION goal_value(g study_goals, first_day date, last_day date, tz text,
                                      day_start_hour integer) RETURNS numeric
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT goal_period_value(g, first_day, last_day, (SELECT c.week_start FROM user_clock(g.user_id) c))
  $$;

-- How a recurring goal's period stands: met once its value reaches the target (also while it
-- runs), missed when it closed short of it.
CREATE FUNCTION goal_period_outcome(value numeric, target numeric, period_end date, today date)
  RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN value >= target THEN 'met' WHEN period_end < today THEN 'missed'
                ELSE 'in_progress' END
  $$;
