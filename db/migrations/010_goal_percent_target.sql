-- A percentage goal (test score, flashcard mastery) aims at most at 100 %, on every edit as on
-- create. The API checks a new goal before it gets here; an edit names no goal type, so the
-- stored row is checked here, in the edit's own statement. NOT VALID: rows written before this
-- rule stay readable; they are checked when next edited.
ALTER TABLE study_goals ADD CONSTRAINT study_goals_percent_target
  CHECK (goal_type NOT IN ('test_score', 'flashcard_mastery') OR target_value <= 100) NOT VALID;
