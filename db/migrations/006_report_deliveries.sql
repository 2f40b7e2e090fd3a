-- Emailed reports: opt-ins on the preferences, and one delivery row per student, kind and period,
-- so running the builder twice never sends twice.

ALTER TABLE user_preferences
  ADD COLUMN email        text CHECK (email IS NULL OR length(email) <= 254),
  ADD COLUMN daily_report boolean NOT NULL DEFAULT false,
  ADD COLUMN weekly_report boolean NOT NULL DEFAULT false,
  -- Local hour (0–23) from which a report of the day or week that ended is sent.
  ADD COLUMN report_hour  smallint NOT NULL DEFAULT 7 CHECK (report_hour BETWEEN 0 AND 23),
  -- No email for a period without study.
  ADD COLUMN skip_empty   boolean NOT NULL DEFAULT true;

CREATE INDEX user_preferences_with_email ON user_preferences (user_id) WHERE email IS NOT NULL;

-- kind: daily / weekly reports, or a goal reminder for a student who takes no daily report.
-- status: pending → sending (claimed until next_attempt_at) → sent, or failed (retried at
-- next_attempt_at) → abandoned after the attempt limit; skipped when there was nothing to say.
CREATE TABLE report_deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('daily', 'weekly', 'reminder')),
  period_start    date NOT NULL,
  email           text NOT NULL,
  status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'abandoned')),
  attempts        smallint NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  message_id      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  UNIQUE (user_id, kind, period_start)
);
CREATE INDEX report_deliveries_due ON report_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'sending', 'failed');
