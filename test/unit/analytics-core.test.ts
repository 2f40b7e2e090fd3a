import { describe, expect, it } from 'vitest';
import { insightsFor } from '../../functions/core/insights';
import { changePercentage } from '../../functions/core/periods';
import { streakOf } from '../../functions/core/streaks';
import { leastSquaresSlope, trendOf } from '../../functions/core/trends';
import { byPeers, MINIMUM_PEER_COHORT } from '../../functions/views/comparison-view';
import { parseDate, parseIsoWeek, parseMonth } from '../../functions/vocabulary';

describe('period parameters', () => {
  it.each([
    ['2026-W01', '2025-12-29'],
    ['2026-W47', '2026-11-16'],
    ['2026-W53', '2026-12-28'],
    ['2021-W01', '2021-01-04'],
    ['2020-W53', '2020-12-28'],
  ])('ISO week %s starts on Monday %s', (week, monday) => {
    expect(parseIsoWeek(week)).toBe(monday);
  });

  it.each(['2025-W53', '2026-W00', '2026-W54', '2026W47', '2026-W7', '1999-W10'])(
    'refuses week %s',
    (week) => expect(parseIsoWeek(week)).toBeUndefined(),
  );

  it('checks dates and months for real', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2026-02-29')).toBeUndefined();
    expect(parseDate('2101-01-01')).toBeUndefined();
    expect(parseMonth('2026-11')).toBe('2026-11-01');
    expect(parseMonth('2026-00')).toBeUndefined();
  });

  it('gives change percentages with one decimal, none from zero', () => {
    expect(changePercentage(145, 40)).toBe(262.5);
    expect(changePercentage(1, 3)).toBe(-66.7);
    expect(changePercentage(5, 0)).toBeNull();
    expect(changePercentage(null, 4)).toBeNull();
  });
});

describe('trends', () => {
  it('fits the least-squares slope', () => {
    expect(
      leastSquaresSlope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toBe(2);
    // Σ(x−x̄)(y−ȳ) = 1.5 over Σ(x−x̄)² = 5.
    expect(
      leastSquaresSlope([
        { x: 0, y: 2.5 },
        { x: 1, y: 2 },
        { x: 2, y: 3.5 },
        { x: 3, y: 3 },
      ]),
    ).toBeCloseTo(0.3);
  });

  it('classifies against a ±5 % band over the window', () => {
    expect(trendOf([10, 20, 30, 40])).toEqual({
      overall_trend: 'improving',
      trend_percentage: 120,
      slope: 10,
    });
    expect(trendOf([40, 30, 20, 10]).overall_trend).toBe('declining');
    expect(trendOf([50, 51, 50, 51]).overall_trend).toBe('stable');
  });

  it('skips periods without a value and needs three values', () => {
    expect(trendOf([80, null, 90, null, 100]).overall_trend).toBe('improving');
    expect(trendOf([80, null, 90])).toEqual({
      overall_trend: 'insufficient_data',
      trend_percentage: null,
      slope: null,
    });
    expect(trendOf([0, 0, 0, 0]).overall_trend).toBe('insufficient_data');
  });
});

describe('streaks', () => {
  const day = (date: string, minutes: number) => ({ date, minutes });

  it('counts today as pending and days under the minimum as gaps', () => {
    const days = [
      day('2026-11-01', 20),
      day('2026-11-02', 15),
      day('2026-11-03', 14),
      day('2026-11-04', 60),
      day('2026-11-05', 30),
    ];
    expect(streakOf(days, '2026-11-06')).toMatchObject({ current_days: 2, longest_days: 2 });
    expect(streakOf(days, '2026-11-05')).toMatchObject({ current_days: 2 });
    expect(streakOf(days, '2026-11-07')).toMatchObject({ current_days: 0, longest_days: 2 });
  });

  it('crosses month and year ends', () => {
    const days = ['2025-12-30', '2025-12-31', '2026-01-01'].map((d) => day(d, 30));
    expect(streakOf(days, '2026-01-01')).toMatchObject({ current_days: 3, longest_days: 3 });
  });
});

describe('insights', () => {
  const quiet = {
    total_minutes: 0,
    change_percentage: null,
    tests_taken: 0,
    average_score: null,
    cards_reviewed: 0,
    flashcard_accuracy: null,
    current_streak: 0,
    focus_share: null,
    rated_sessions: 0,
    average_productivity: null,
  };

  it('nudges a student with no study and says nothing else', () => {
    expect(insightsFor(quiet)).toEqual({
      strengths: [],
      areas_for_improvement: ['No study recorded in this period'],
      recommendations: ['Plan short daily sessions: 15 minutes a day builds the habit'],
    });
  });

  it('needs enough tests and cards before judging them', () => {
    const few = insightsFor({ ...quiet, total_minutes: 90, tests_taken: 2, average_score: 30 });
    expect(few.areas_for_improvement).toEqual([]);
    const many = insightsFor({ ...quiet, total_minutes: 90, tests_taken: 3, average_score: 55 });
    expect(many.areas_for_improvement).toEqual(['Test scores average 55%']);
    expect(many.recommendations).toContain(
      'Review the questions you missed with flashcards before the next test',
    );
  });

  it('names strengths and drops', () => {
    const out = insightsFor({
      ...quiet,
      total_minutes: 120,
      change_percentage: -25,
      cards_reviewed: 40,
      flashcard_accuracy: 90,
      current_streak: 4,
      focus_share: 10,
      rated_sessions: 3,
      average_productivity: 2.5,
    });
    expect(out.strengths).toEqual(['Flashcards mastered: 90% accuracy', 'A 4-day study streak']);
    expect(out.areas_for_improvement).toEqual([
      'Study time down 25% on the previous period',
      'Sessions rated 2.5 of 5 for productivity on average',
    ]);
    expect(out.recommendations).toContain('Try focus mode for your next session');
  });
});

describe('peer percentiles', () => {
  const row = { period_start: '2026-11-16', period_end: '2026-11-22', minutes: 110 };

  it('is the share below plus half the share equal', () => {
    expect(byPeers({ ...row, cohort_size: 21, below: 10, equal: 1 }, 'weekly').percentile).toBe(50);
    expect(byPeers({ ...row, cohort_size: 40, below: 39, equal: 1 }, 'weekly').percentile).toBe(
      98.8,
    );
  });

  it('is withheld below the minimum cohort', () => {
    const small = byPeers(
      { ...row, cohort_size: MINIMUM_PEER_COHORT - 1, below: 5, equal: 1 },
      'monthly',
    );
    expect(small.percentile).toBeNull();
    expect(small).toHaveProperty('reason');
  });
});
