import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_POINTS_CAP,
  DAILY_POINTS_CAP,
  MAX_CREDITED_MINUTES,
  MIN_SESSION_MINUTES,
  pointsForActivity,
  pointsForMinutes,
  sessionAward,
  studiedMinutes,
  withinDailyCap,
} from '../../functions/core/points';

describe('points for studied time', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [45, 22],
    [90, 45],
  ])('%i minutes earn %i points (half a point per minute, rounded down)', (minutes, points) => {
    expect(pointsForMinutes(minutes)).toBe(points);
  });

  it('never gives negative points', () => {
    expect(pointsForMinutes(-10)).toBe(0);
  });

  it('counts whole minutes only', () => {
    expect(studiedMinutes(59)).toBe(0);
    expect(studiedMinutes(60)).toBe(1);
    expect(studiedMinutes(3599)).toBe(59);
  });
});

describe('points for activities', () => {
  it('rewards correct answers in tests and flashcards', () => {
    expect(
      pointsForActivity({ activity_type: 'testing', items_completed: 10, items_correct: 7 }),
    ).toBe(7);
    expect(
      pointsForActivity({ activity_type: 'flashcards', items_completed: 20, items_correct: 15 }),
    ).toBe(15);
  });

  it('rewards completed assignment items', () => {
    expect(pointsForActivity({ activity_type: 'assignment', items_completed: 2 })).toBe(10);
  });

  it('gives nothing extra for time-only activities', () => {
    for (const activity_type of ['reading', 'notes', 'video', 'chat'] as const) {
      expect(pointsForActivity({ activity_type, items_completed: 30, items_correct: 30 })).toBe(0);
    }
  });

  it('caps one activity', () => {
    expect(
      pointsForActivity({ activity_type: 'testing', items_completed: 500, items_correct: 500 }),
    ).toBe(ACTIVITY_POINTS_CAP);
  });
});

describe('points for a finished session', () => {
  it('adds minutes and activities', () => {
    expect(sessionAward({ duration_minutes: 45, activity_points: 7 })).toEqual({
      points: 29,
      breakdown: {
        credited_minutes: 45,
        time_points: 22,
        activity_points: 7,
        below_minimum_length: false,
      },
    });
  });

  it('gives nothing for a session shorter than the minimum, activities included', () => {
    const award = sessionAward({ duration_minutes: MIN_SESSION_MINUTES - 1, activity_points: 40 });
    expect(award.points).toBe(0);
    expect(award.breakdown.below_minimum_length).toBe(true);
    expect(sessionAward({ duration_minutes: MIN_SESSION_MINUTES, activity_points: 0 }).points).toBe(
      2,
    );
  });

  it('credits at most the maximum minutes of one session', () => {
    const award = sessionAward({ duration_minutes: 12 * 60, activity_points: 0 });
    expect(award.breakdown.credited_minutes).toBe(MAX_CREDITED_MINUTES);
    expect(award.points).toBe(MAX_CREDITED_MINUTES / 2);
  });

  it('keeps a day within the daily cap', () => {
    expect(withinDailyCap(50, 0)).toBe(50);
    expect(withinDailyCap(50, DAILY_POINTS_CAP - 20)).toBe(20);
    expect(withinDailyCap(50, DAILY_POINTS_CAP)).toBe(0);
    expect(withinDailyCap(50, DAILY_POINTS_CAP + 10)).toBe(0);
  });
});
