-- The study time a student aims for each week, shown against this week's minutes on the
-- dashboard. Null until the student picks one.
ALTER TABLE user_preferences
  ADD COLUMN weekly_target_minutes integer
    CHECK (weekly_target_minutes IS NULL OR weekly_target_minutes BETWEEN 1 AND 10080);
