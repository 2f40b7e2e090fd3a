-- An event's publication is recorded by whoever receives it (the consumer's own statement, or
-- the mark-published target for events we do not consume), never by a second call of its
-- writer. The relay therefore leaves a fresh row alone for longer than a delivery takes, and
-- republishes only rows that nobody has received by then.
ALTER TABLE outbox ALTER COLUMN next_attempt_at SET DEFAULT now() + interval '10 minutes';
