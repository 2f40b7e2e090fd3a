-- Students own their record: sessions added after the fact (typed in, or uploaded by an offline
-- client), corrected or deleted, with a history of every change; points follow by compensating
-- ledger entries, never by rewriting an award.

-- SESSIONS. `source` says how a session came to be: timed by the server (`timer`), typed in
-- afterwards (`manual`) or uploaded by a client that studied offline (`offline`).
-- `client_session_id` is the offline client's own id, which makes a repeated upload one session.
-- `revision` counts the changes made after the session ended (0: never edited).
ALTER TABLE study_sessions
  ADD COLUMN source text NOT NULL DEFAULT 'timer' CHECK (source IN ('timer', 'manual', 'offline')),
  ADD COLUMN client_session_id text,
  ADD COLUMN revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
  -- When the student confirmed an auto-closed session as it was closed.
  ADD COLUMN confirmed_at timestamptz;

CREATE UNIQUE INDEX study_sessions_client_session
  ON study_sessions (user_id, client_session_id) WHERE client_session_id IS NOT NULL;

-- Every change to an ended session: when, which fields, their old and new values. No foreign
-- key: the record of a deletion outlives the session.
CREATE TABLE session_changes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id  bigint NOT NULL,
  user_id     text NOT NULL,
  revision    integer NOT NULL,
  change      text NOT NULL CHECK (change IN ('edited', 'confirmed', 'deleted')),
  -- {"field": {"old": …, "new": …}, …}
  fields      jsonb NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, revision)
);
CREATE INDEX session_changes_user ON session_changes (user_id, changed_at);

CREATE OR REPLACE FUNCTION session_json(s study_sessions) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT jsonb_build_object(
      'session_id', s.id,
      'class_id', s.class_id,
      'session_type', s.session_type,
      'focus_mode', s.focus_mode,
      'location', s.location,
      'status', s.status,
      'start_time', api_time(s.start_time),
      'end_time', api_time(s.end_time),
      'duration_seconds', session_studied_seconds(s),
      'duration_minutes', session_studied_seconds(s) / 60,
      'mood_rating', s.mood_rating,
      'productivity_rating', s.productivity_rating,
      'notes', s.notes,
      'auto_closed', s.auto_closed,
      'source', s.source,
      'edited', s.revision > 0,
      'confirmed', s.confirmed_at IS NOT NULL)
  $$;

-- `Study Session Ended` (version 1) also says how the session came to be; consumers that do not
-- know the field ignore it.
CREATE OR REPLACE FUNCTION session_ended_detail(s study_sessions, event_id uuid) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT jsonb_build_object(
      'version', 1,
      'event_id', event_id,
      'user_id', s.user_id,
      'session_id', s.id,
      'class_id', s.class_id,
      'session_type', s.session_type,
      'focus_mode', s.focus_mode,
      'start_time', api_time(s.start_time),
      'end_time', api_time(s.end_time),
      'duration_minutes', s.duration_seconds / 60,
      'activity_points', (SELECT coalesce(sum(a.points_earned), 0)::integer
                          FROM session_activities a WHERE a.session_id = s.id),
      'auto_closed', s.auto_closed,
      'source', s.source)
  $$;

-- POINTS. A correction adds entries (`study_session_adjustment`, negative when points are taken
-- back) instead of changing the award; `session_id` ties every entry of a session together, also
-- after the session is deleted.
ALTER TABLE points_ledger DROP CONSTRAINT points_ledger_points_check;
ALTER TABLE points_ledger
  ADD COLUMN session_id bigint,
  ADD CONSTRAINT points_ledger_award_not_negative
    CHECK (reference_type <> 'study_session' OR points >= 0);
UPDATE points_ledger SET session_id = reference_id::bigint WHERE reference_type = 'study_session';
CREATE INDEX points_ledger_session ON points_ledger (session_id) WHERE session_id IS NOT NULL;

-- How many times a session's points were adjusted. A settlement bumps it only if it still holds
-- the value read in the settlement's own snapshot, so two settlements of one session never both
-- count what they read.
CREATE TABLE session_points_state (
  session_id   bigint PRIMARY KEY,
  user_id      text NOT NULL,
  adjustments  integer NOT NULL
);

-- ANALYTICS. Studied time of sessions typed in afterwards (`manual`), apart from the rest, so
-- analytics can tell timed minutes from recorded ones; points count for the class of their
-- session, adjustments included (by `session_id`).
ALTER TABLE analytics_snapshots ADD COLUMN manual_seconds integer NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION raw_daily_facts(uid text, first_day date, last_day date, tz text,
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
      SELECT d::date AS day, x.class_key, (x.s).focus_mode AS focus, (x.s).source = 'manual' AS manual,
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
        ON s.id = l.session_id
      WHERE l.user_id = uid AND l.award_day BETWEEN first_day AND last_day
    ), facts (day, class_key, studied, focus, sessions, mood_sum, mood_count, productivity_sum,
              productivity_count, tests, test_items, test_correct, cards, cards_correct,
              assignments, points, manual) AS (
      SELECT day, class_key, seconds, CASE WHEN focus THEN seconds ELSE 0 END,
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CASE WHEN manual THEN seconds ELSE 0 END
      FROM time_pieces
      UNION ALL
      SELECT day, class_key, 0, 0, 1, coalesce(mood, 0), (mood IS NOT NULL)::int,
             coalesce(productivity, 0), (productivity IS NOT NULL)::int, 0, 0, 0, 0, 0, 0, 0, 0
      FROM starts
      UNION ALL
      SELECT day, class_key, 0, 0, 0, 0, 0, 0, 0,
             (activity_type = 'testing')::int,
             CASE WHEN activity_type = 'testing' THEN items_completed ELSE 0 END,
             CASE WHEN activity_type = 'testing' THEN items_correct ELSE 0 END,
             CASE WHEN activity_type = 'flashcards' THEN items_completed ELSE 0 END,
             CASE WHEN activity_type = 'flashcards' THEN items_correct ELSE 0 END,
             CASE WHEN activity_type = 'assignment' THEN items_completed ELSE 0 END, 0, 0
      FROM activities
      UNION ALL
      SELECT day, class_key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, points, 0 FROM awards
    )
    SELECT uid, f.day, f.class_key, sum(f.studied)::int, sum(f.focus)::int, sum(f.sessions)::int,
           sum(f.mood_sum)::int, sum(f.mood_count)::int, sum(f.productivity_sum)::int,
           sum(f.productivity_count)::int, sum(f.tests)::int, sum(f.test_items)::int,
           sum(f.test_correct)::int, sum(f.cards)::int, sum(f.cards_correct)::int,
           sum(f.assignments)::int, sum(f.points)::int, sum(f.manual)::int
    FROM facts f GROUP BY f.day, f.class_key;
  END
  $$;

