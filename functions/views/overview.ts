/** The performance overview as the API answers it, from the figures the database summed. */

import { insightsFor } from '../core/insights';
import { learningActivities } from '../core/learning-activities';
import { changePercentage } from '../core/periods';
import { percentOf, roundHalfAwayFromZero } from '../core/rounding';
import { STREAK_MINIMUM_MINUTES, streakOf } from '../core/streaks';
import { trendOf } from '../core/trends';
import type { OverviewPeriod, OverviewRow } from '../data/analytics';

/**
 * The days of runs of streak days ([first day, days]), each counted with the minimum that made
 * it a streak day (the database selected them by the same minimum).
 */
function studyDaysOf(runs: readonly [string, number][]) {
  return runs.flatMap(([first, days]) =>
    Array.from({ length: days }, (_, i) => {
      const d = new Date(`${first}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + i);
      return { date: d.toISOString().slice(0, 10), minutes: STREAK_MINIMUM_MINUTES };
    }),
  );
}

/**
 * The overview's period is the current one, still open: its change is measured against the
 * previous period up to the same day (`compared_to: "to_date"`, see periodChange).
 */
export function overviewOf(row: OverviewRow, query: { period: OverviewPeriod; class_id?: number }) {
  const { current, previous, previous_to_date } = row;
  const change = changePercentage(current.minutes, previous_to_date?.minutes ?? null);
  const streak = streakOf(studyDaysOf(row.study_runs), row.today);
  const focusShare = percentOf(current.focus_minutes, current.minutes);
  const testTrend = trendOf(row.test_scores);
  return {
    period: query.period,
    period_start: row.period_start,
    period_end: row.period_end,
    timezone: row.timezone,
    class_id: query.class_id ?? null,
    study_time: {
      total_minutes: current.minutes,
      /** Timed by a clock (the server's or an offline client's), and typed in afterwards. */
      timed_minutes: current.minutes - current.manual_minutes,
      manual_minutes: current.manual_minutes,
      average_minutes_per_day: roundHalfAwayFromZero(
        current.minutes / Math.max(1, row.elapsed_days),
      ),
      sessions: current.sessions,
      previous_total_minutes: previous?.minutes ?? null,
      /** The previous period up to the same day, which the change compares with. */
      previous_to_date_minutes: previous_to_date?.minutes ?? null,
      compared_to: previous_to_date ? ('to_date' as const) : null,
      change_percentage: change,
    },
    test_performance: {
      tests_taken: current.tests_taken,
      average_score: current.average_test_score,
      previous_average_score: previous?.average_test_score ?? null,
      trend: testTrend.overall_trend,
    },
    flashcard_mastery: {
      cards_reviewed: current.flashcards_reviewed,
      accuracy: current.flashcard_accuracy,
    },
    assignment_completion: { assignments_completed: current.assignments_completed },
    streak,
    focus: {
      focus_minutes: current.focus_minutes,
      focus_share: focusShare,
      average_mood: current.average_mood,
      average_productivity: current.average_productivity,
    },
    points: { total: current.points },
    learning_activities: learningActivities(row.activity_counts),
    ...insightsFor({
      total_minutes: current.minutes,
      change_percentage: change,
      tests_taken: current.tests_taken,
      average_score: current.average_test_score,
      cards_reviewed: current.flashcards_reviewed,
      flashcard_accuracy: current.flashcard_accuracy,
      current_streak: streak.current_days,
      focus_share: focusShare,
      rated_sessions: current.rated_sessions,
      average_productivity: current.average_productivity,
    }),
  };
}
