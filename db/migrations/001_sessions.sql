-- Study sessions, their pauses and activities, user preferences and idempotency records.
-- Every instant is timestamptz; days, weeks and months are computed in the user's time zone.

CREATE TABLE user_preferences (
  user_id     text PRIMARY KEY,
  timezone    text NOT NULL DEFAULT 'UTC',
  week_start  text NOT NULL DEFAULT 'monday' CHECK (week_start IN ('monday', 'sunday')),
  -- For students who study past midnight: a day runs from this hour to the same hour next day.
  day_starts_at_hour smallint NOT NULL DEFAULT 0 CHECK (day_starts_at_hour BETWEEN 0 AND 6),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The one definition of a student's day, used by every period computation: local day `d`
-- starts at `day_start_hour` o'clock in zone `tz` (DST days are 23 or 25 hours long).
CREATE FUNCTION local_day_start(d date, tz text, day_start_hour integer) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (d + make_interval(hours => day_start_hour)) AT TIME ZONE tz $$;

-- The local day an instant belongs to.
CREATE FUNCTION local_day_of(t timestamptz, tz text, day_start_hour integer) RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT ((t AT TIME ZONE tz) - make_interval(hours => day_start_hour))::date $$;

-- A student's clock: zone, week start, day start and today, with defaults for students who
-- never set preferences.
CREATE FUNCTION user_clock(uid text, OUT tz text, OUT week_start text,
                           OUT day_start_hour integer, OUT today date)
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(p.timezone, 'UTC'), coalesce(p.week_start, 'monday'),
           coalesce(p.day_starts_at_hour, 0),
           local_day_of(now(), coalesce(p.timezone, 'UTC'), coalesce(p.day_starts_at_hour, 0)::integer)
    FROM (SELECT 1) AS defaults LEFT JOIN user_preferences p ON p.user_id = uid
  $$;

CREATE TABLE study_sessions (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id             text NOT NULL,
  class_id            bigint,
  session_type        text NOT NULL CHECK (session_type IN ('solo', 'group', 'tutoring')),
  focus_mode          boolean NOT NULL DEFAULT false,
  location            text,
  status              text NOT NULL DEFAULT 'active'
                        CHECK (status IN ('active', 'paused', 'completed')),
  start_time          timestamptz NOT NULL DEFAULT now(),
  end_time            timestamptz,
  -- Studied time (wall time minus pauses), fixed when the session ends so that analytics can sum
  -- it without replaying pauses.
  duration_seconds    integer CHECK (duration_seconds >= 0),
  mood_rating         smallint CHECK (mood_rating BETWEEN 1 AND 5),
  productivity_rating smallint CHECK (productivity_rating BETWEEN 1 AND 5),
  notes               text,
  -- Ended by the abandoned-session closer rather than by the student.
  auto_closed         boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'completed') = (end_time IS NOT NULL)),
  CHECK (end_time IS NULL OR end_time >= start_time)
);

-- At most one open (active or paused) session per user, enforced where races cannot slip past.
CREATE UNIQUE INDEX study_sessions_one_open_per_user
  ON study_sessions (user_id) WHERE end_time IS NULL;

-- Per-user time ranges: listing, reports and analytics all filter on user and start time.
CREATE INDEX study_sessions_user_start ON study_sessions (user_id, start_time DESC, id DESC);
CREATE INDEX study_sessions_user_class_start
  ON study_sessions (user_id, class_id, start_time DESC) WHERE class_id IS NOT NULL;

CREATE TABLE session_pauses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id  bigint NOT NULL REFERENCES study_sessions (id) ON DELETE CASCADE,
  paused_at   timestamptz NOT NULL DEFAULT now(),
  resumed_at  timestamptz,
  CHECK (resumed_at IS NULL OR resumed_at >= paused_at)
);
-- A session has at most one pause still running.
CREATE UNIQUE INDEX session_pauses_one_open ON session_pauses (session_id) WHERE resumed_at IS NULL;
CREATE INDEX session_pauses_session ON session_pauses (session_id, paused_at);

CREATE TABLE session_activities (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id          bigint NOT NULL REFERENCES study_sessions (id) ON DELETE CASCADE,
  user_id             text NOT NULL,
  activity_type       text NOT NULL CHECK (activity_type IN
                        ('reading', 'testing', 'flashcards', 'notes', 'video', 'chat', 'assignment')),
  content_type        text,
  content_id          text,
  items_completed     integer NOT NULL DEFAULT 0 CHECK (items_completed >= 0),
  items_correct       integer NOT NULL DEFAULT 0 CHECK (items_correct >= 0),
  accuracy_percentage numeric(5, 2) GENERATED ALWAYS AS (
                        CASE WHEN items_completed > 0
                          THEN round(100.0 * items_correct / items_completed, 2) END) STORED,
  duration_minutes    numeric(7, 2),
  points_earned       integer NOT NULL DEFAULT 0 CHECK (points_earned >= 0),
  metadata            jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (items_correct <= items_completed)
);
CREATE INDEX session_activities_session ON session_activities (session_id, created_at);
CREATE INDEX session_activities_user_created ON session_activities (user_id, created_at);

-- A retried request carrying the same Idempotency-Key gets the first answer back.
CREATE TABLE idempotency_keys (
  user_id       text NOT NULL,
  operation     text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   smallint NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, operation, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- JSON representations shared by every statement that answers the API, so a session looks the
-- same whether it was just started, replayed from an idempotency record, or listed.

-- ISO 8601 in UTC with milliseconds, the form JSON clients parse.
CREATE FUNCTION api_time(t timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

-- Studied seconds: fixed once ended; while open, wall time so far minus pauses (a running pause
-- counts until now).
CREATE FUNCTION session_studied_seconds(s study_sessions) RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN s.end_time IS NOT NULL THEN s.duration_seconds
      ELSE greatest(0, floor(
        extract(epoch FROM now() - s.start_time)
        - coalesce((SELECT sum(extract(epoch FROM coalesce(p.resumed_at, now()) - p.paused_at))
                    FROM session_pauses p WHERE p.session_id = s.id), 0)))::integer
    END
  $$;

CREATE FUNCTION session_json(s study_sessions) RETURNS jsonb
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
      'auto_closed', s.auto_closed)
  $$;

CREATE FUNCTION activity_json(a session_activities) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT jsonb_build_object(
      'activity_id', a.id,
      'session_id', a.session_id,
      'activity_type', a.activity_type,
      'content_type', a.content_type,
      'content_id', a.content_id,
      'items_completed', a.items_completed,
      'items_correct', a.items_correct,
      'accuracy_percentage', a.accuracy_percentage,
      'duration_minutes', a.duration_minutes,
      'points_earned', a.points_earned,
      'metadata', a.metadata,
      'created_at', api_time(a.created_at))
  $$;

-- A session with its activities and pauses, for the detail views.
CREATE FUNCTION session_detail_json(s study_sessions) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT session_json(s) || jsonb_build_object(
      'activities', coalesce(
        (SELECT jsonb_agg(activity_json(a) ORDER BY a.created_at, a.id)
         FROM session_activities a WHERE a.session_id = s.id), '[]'::jsonb),
      'pauses', coalesce(
        (SELECT jsonb_agg(jsonb_build_object(
                  'paused_at', api_time(p.paused_at), 'resumed_at', api_time(p.resumed_at))
                ORDER BY p.paused_at)
         FROM session_pauses p WHERE p.session_id = s.id), '[]'::jsonb))
  $$;
