/** The performance overview as the API answers it, from the figures the database summed. */
import type { OverviewPeriod, OverviewRow } from '../data/analytics';
import { insightsFor } from './insights';
import { changePercentage } from './periods';
import { streakOf } from './streaks';
import { trendOf } from './trends';

const round1 = (n: number) => Math.round(n * 10) / 10;

export function overviewOf(row: OverviewRow, query: { period: OverviewPeriod; class_id?: number }) {
  const { current, previous, previous_to_date } = row;
  const change = changePercentage(current.minutes, previous_to_date?.minutes ?? null);
  const streak = streakOf(
    row.study_days.map(([date, minutes]) => ({ date, minutes })),
    row.today,
  );
  const focusShare =
    current.minutes > 0 ? round1((100 * current.focus_minutes) / current.minutes) : null;
  const testTrend = trendOf(row.test_days.map(([, score]) => score));
  return {
    period: query.period,
    period_start: row.period_start,
    period_end: row.period_end,
    timezone: row.timezone,
    class_id: query.class_id ?? null,
    study_time: {
      total_minutes: current.minutes,
      average_minutes_per_day: round1(current.minutes / Math.max(1, row.elapsed_days)),
      sessions: current.sessions,
      previous_total_minutes: previous?.minutes ?? null,
      /** The previous period up to the same day, which the change compares with. */
      previous_to_date_minutes: previous_to_date?.minutes ?? null,
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
