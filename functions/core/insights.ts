/**
 * Strengths, areas for improvement and recommendations for a period's overview. Each rule looks
 * at one figure and only fires with enough data behind it, so a quiet week does not produce
 * confident advice. The rules, in order:
 *
 * Strengths
 *   S1 average test score ≥ 80 % over at least 3 tests
 *   S2 flashcard accuracy ≥ 85 % over at least 20 cards
 *   S3 a current streak of at least 3 days
 *   S4 study time up at least 10 % on the previous period
 *   S5 at least half of the studied time in focus mode (60+ minutes studied)
 * Areas for improvement (each paired with a recommendation)
 *   A1 no study recorded in the period
 *   A2 average test score under 60 % over at least 3 tests
 *   A3 flashcard accuracy under 70 % over at least 20 cards
 *   A4 study time down 20 % or more on the previous period
 *   A5 average productivity under 3 of 5 over at least 3 rated sessions
 * Further recommendations
 *   R1 studied but took no test: check understanding with a practice test
 *   R2 under a quarter of the time in focus mode (60+ minutes studied): try focus mode
 *   R3 no current streak: 15 minutes today starts one
 */

export interface InsightFigures {
  total_minutes: number;
  change_percentage: number | null;
  tests_taken: number;
  average_score: number | null;
  cards_reviewed: number;
  flashcard_accuracy: number | null;
  current_streak: number;
  focus_share: number | null;
  rated_sessions: number;
  average_productivity: number | null;
}

export interface Insights {
  strengths: string[];
  areas_for_improvement: string[];
  recommendations: string[];
}

export function insightsFor(f: InsightFigures): Insights {
  const strengths: string[] = [];
  const areas: string[] = [];
  const advice: string[] = [];
  const tested = f.tests_taken >= 3 && f.average_score !== null;
  const drilled = f.cards_reviewed >= 20 && f.flashcard_accuracy !== null;
  const studiedEnough = f.total_minutes >= 60 && f.focus_share !== null;

  if (tested && (f.average_score ?? 0) >= 80)
    strengths.push(
      `Strong test results: ${f.average_score}% on average over ${f.tests_taken} tests`,
    );
  if (drilled && (f.flashcard_accuracy ?? 0) >= 85)
    strengths.push(`Flashcards mastered: ${f.flashcard_accuracy}% accuracy`);
  if (f.current_streak >= 3) strengths.push(`A ${f.current_streak}-day study streak`);
  if (f.change_percentage !== null && f.change_percentage >= 10)
    strengths.push(`Studying ${f.change_percentage}% more than the previous period`);
  if (studiedEnough && (f.focus_share ?? 0) >= 50)
    strengths.push(`${f.focus_share}% of study time in focus mode`);

  if (f.total_minutes === 0) {
    areas.push('No study recorded in this period');
    advice.push('Plan short daily sessions: 15 minutes a day builds the habit');
  }
  if (tested && (f.average_score ?? 0) < 60) {
    areas.push(`Test scores average ${f.average_score}%`);
    advice.push('Review the questions you missed with flashcards before the next test');
  }
  if (drilled && (f.flashcard_accuracy ?? 0) < 70) {
    areas.push(`Flashcard accuracy is ${f.flashcard_accuracy}%`);
    advice.push('Review flashcards in shorter, more frequent rounds');
  }
  if (f.change_percentage !== null && f.change_percentage <= -20) {
    areas.push(`Study time down ${Math.abs(f.change_percentage)}% on the previous period`);
    advice.push('Block out regular study times in your week');
  }
  if (f.rated_sessions >= 3 && f.average_productivity !== null && f.average_productivity < 3) {
    areas.push(`Sessions rated ${f.average_productivity} of 5 for productivity on average`);
    advice.push('Try focus mode and shorter sessions with breaks');
  }

  if (f.total_minutes > 0 && f.tests_taken === 0)
    advice.push('Check your understanding with a practice test');
  if (studiedEnough && (f.focus_share ?? 0) < 25)
    advice.push('Try focus mode for your next session');
  if (f.current_streak === 0 && f.total_minutes > 0)
    advice.push('Study at least 15 minutes today to start a streak');

  return {
    strengths,
    areas_for_improvement: areas,
    recommendations: [...new Set(advice)],
  };
}
