/**
 * The summary of rows of daily facts, as the analytics and report statements answer it: SQL's
 * `summarize()` aggregate over `user_daily_facts()` (migration 023), so a week's days add up to
 * the week, its classes to its total, and the API agrees with the emails.
 */
export interface Summary {
  minutes: number;
  /** Of `minutes`, those of sessions typed in afterwards (`source: manual`); the rest were timed. */
  manual_minutes: number;
  focus_minutes: number;
  sessions: number;
  points: number;
  tests_taken: number;
  average_test_score: number | null;
  flashcards_reviewed: number;
  flashcard_accuracy: number | null;
  assignments_completed: number;
  average_mood: number | null;
  average_productivity: number | null;
  rated_sessions: number;
}
