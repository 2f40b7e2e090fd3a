-- Addresses SES reported as undeliverable (a hard bounce) or unwanted (a complaint). No report is
-- sent to them again, whoever gave the address, and GET /preferences says why. The address is
-- kept lower-cased, as the comparisons with user_preferences.email and report_deliveries.email
-- lower-case theirs.
CREATE TABLE email_suppressions (
  email       text PRIMARY KEY CHECK (email = lower(email) AND length(email) <= 254),
  reason      text NOT NULL CHECK (reason IN ('bounce', 'complaint')),
  -- When SES received the bounce or complaint.
  since       timestamptz NOT NULL,
  -- The message and SES's feedback report that caused it.
  message_id  text NOT NULL,
  feedback_id text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Feedback names the message; only an address this service mailed that message to is suppressed.
CREATE INDEX report_deliveries_message ON report_deliveries (message_id)
  WHERE message_id IS NOT NULL;
