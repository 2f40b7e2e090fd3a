-- Goals start no earlier than 2000-01-01 and end at most five years after they start, so every
-- statement over a goal's days reads a bounded span (goal_span_days() holds the longest goal).
-- The API refuses such dates first; this catches a start that defaulted to the student's today
-- and an update that moves only one of the two dates. NOT VALID: rows stored before the rule are
-- left as they are (their reads are clipped to goal_span_days()).
ALTER TABLE study_goals
  ADD CONSTRAINT study_goals_date_bounds
  CHECK (start_date >= DATE '2000-01-01' AND target_date <= (start_date + interval '5 years')::date)
  NOT VALID;
