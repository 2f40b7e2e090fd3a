-- Events leave through an outbox written in the same statement as the change they describe;
-- points are awarded once per session into a ledger.

-- Studied seconds between a session's start and `until`: wall time minus the parts of pauses
-- that fall before `until` (a running pause counts until `until`).
CREATE FUNCTION session_studied_seconds_until(s study_sessions, until timestamptz) RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT greatest(0, floor(
      extract(epoch FROM until - s.start_time)
      - coalesce((SELECT sum(extract(epoch FROM least(coalesce(p.resumed_at, until), until)
                                                - p.paused_at))
                  FROM session_pauses p WHERE p.session_id = s.id AND p.paused_at < until), 0)
    ))::integer
  $$;

-- One definition of studied time: an open session counts until now.
CREATE OR REPLACE FUNCTION session_studied_seconds(s study_sessions) RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN s.end_time IS NOT NULL THEN s.duration_seconds
                ELSE session_studied_seconds_until(s, now()) END
  $$;

CREATE TABLE outbox (
  id              uuid PRIMARY KEY,
  detail_type     text NOT NULL,
  detail          jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- The writer publishes right after its commit; the relay leaves a fresh row alone until then.
  next_attempt_at timestamptz NOT NULL DEFAULT now() + interval '30 seconds',
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  sent_at         timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- The `Study Session Ended` detail (version 1), built where the session is ended so that the
-- event and the change commit together. `event_id` lets consumers drop redelivered copies.
CREATE FUNCTION session_ended_detail(s study_sessions, event_id uuid) RETURNS jsonb
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
      'auto_closed', s.auto_closed)
  $$;

CREATE TABLE points_ledger (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        text NOT NULL,
  reference_type text NOT NULL,
  reference_id   text NOT NULL,
  points         integer NOT NULL CHECK (points >= 0),
  reason         text NOT NULL,
  -- How the amount was reached (time, activities, caps), for support and the dashboard.
  breakdown      jsonb NOT NULL,
  -- The user's local day of the award, which the daily cap counts against.
  award_day      date NOT NULL,
  awarded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reference_type, reference_id)
);
CREATE INDEX points_ledger_user_awarded ON points_ledger (user_id, awarded_at);

-- Points granted per user and local day. Its row lock serialises concurrent awards of one user
-- (redeliveries of one event included), so the daily cap holds and each session counts once;
-- `last_granted` is what the latest award added.
CREATE TABLE points_daily (
  user_id       text NOT NULL,
  award_day     date NOT NULL,
  total         integer NOT NULL CHECK (total >= 0),
  last_granted  integer NOT NULL,
  reference_ids text[] NOT NULL,
  PRIMARY KEY (user_id, award_day)
);
