import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_POINTS_CAP,
  pointsForActivity,
  pointsForMinutes,
  sessionPoints,
  studiedMinutes,
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

  it('adds minutes and activities for a session', () => {
    expect(sessionPoints(45, 7)).toBe(29);
  });
});
