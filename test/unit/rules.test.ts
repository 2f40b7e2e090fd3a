/**
 * The rules of docs/rules.md that live in TypeScript: one rounding rule, what a change is
 * measured against, learning-activity statistics, the periods cursor, and what a student is
 * told about a forgotten timer.
 */
import { describe, expect, it } from 'vitest';
import { decodePeriodsCursor, encodePeriodsCursor } from '../../functions/contracts/goals';
import {
  AUTO_CLOSE_GRACE_MINUTES,
  autoClosedNotice,
} from '../../functions/core/forgotten-sessions';
import { goalStanding } from '../../functions/core/goals';
import { learningActivities } from '../../functions/core/learning-activities';
import { changePercentage, periodChange } from '../../functions/core/periods';
import { percentOf, roundHalfAwayFromZero } from '../../functions/core/rounding';
import { renderReportEmail } from '../../functions/views/report-email';
import type { Report } from '../../functions/views/report-view';
import { ACTIVITY_TYPES } from '../../functions/vocabulary';

describe('rounding', () => {
  it('rounds halves away from zero whatever the sign', () => {
    // +138.75 % (191 against 80) and −78.25 % (87 against 400).
    expect(changePercentage(191, 80)).toBe(138.8);
    expect(changePercentage(87, 400)).toBe(-78.3);
    expect(roundHalfAwayFromZero(-0.05)).toBe(-0.1);
    expect(roundHalfAwayFromZero(0.05)).toBe(0.1);
    expect(roundHalfAwayFromZero(-0.04)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.04), -0)).toBe(false);
  });

  it('is not decided by binary noise', () => {
    expect(roundHalfAwayFromZero(2.675, 2)).toBe(2.68);
    expect(roundHalfAwayFromZero(-2.675, 2)).toBe(-2.68);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
  });

  it('gives percentages from one helper', () => {
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(5, 0)).toBeNull();
    // A goal's percentage rounds the same way: 0.35 of 0.8 is 43.75 %.
    expect(
      goalStanding({
        goal_type: 'custom',
        value: 0.35,
        target: 0.8,
        period_start: '2026-11-01',
        period_end: '2026-11-30',
        today: '2026-11-10',
      }).percentage_complete,
    ).toBe(43.8);
  });
});

describe('change on the previous period', () => {
  const figures = (minutes: number) => ({ minutes, sessions: 1, points: 0 });

  it('a closed period against the whole previous one', () => {
    expect(
      periodChange({
        current: figures(1365),
        previous: figures(771),
        previousToDate: figures(599),
        closed: true,
      }),
    ).toMatchObject({
      compared_to: 'whole_period',
      previous: { minutes: 771 },
      minutes_percentage: 77,
    });
  });

  it('an open period against the previous one to date', () => {
    expect(
      periodChange({
        current: figures(25),
        previous: figures(403),
        previousToDate: figures(83),
        closed: false,
      }),
    ).toMatchObject({
      compared_to: 'to_date',
      previous: { minutes: 83 },
      minutes_percentage: -69.9,
    });
  });
});

describe('learning activities', () => {
  it('lists every type, with totals and the figures students ask about first', () => {
    const stats = learningActivities({
      notes: { count: 2, minutes: 9.5 },
      reading: { count: 1, minutes: 0.1 },
      video: { count: 1, minutes: 0.2 },
    });
    expect(stats).toMatchObject({
      activities: 4,
      minutes: 9.8,
      notes_taken: 2,
      reading_minutes: 0.1,
      video_minutes: 0.2,
    });
    // Every activity type, in the vocabulary's order, even those not logged.
    expect(Object.keys(stats.by_type)).toEqual([...ACTIVITY_TYPES]);
    expect(stats.by_type.chat).toEqual({ count: 0, minutes: 0 });
  });
});

describe('the periods cursor', () => {
  it('round-trips a day and refuses anything else', () => {
    expect(decodePeriodsCursor(encodePeriodsCursor('2026-10-01'))).toBe('2026-10-01');
    expect(decodePeriodsCursor('2026-10-01')).toBeUndefined();
    expect(decodePeriodsCursor(encodePeriodsCursor('2026-02-30'))).toBeUndefined();
    expect(decodePeriodsCursor(encodePeriodsCursor('1999-12-31'))).toBeUndefined();
    expect(decodePeriodsCursor('%%%')).toBeUndefined();
  });
});

describe('a forgotten timer', () => {
  const report = {
    kind: 'daily',
    period: '2026-11-30',
    period_start: '2026-11-30',
    period_end: '2026-11-30',
    timezone: 'Europe/Paris',
    complete: true,
    summary: {
      minutes: 140,
      focus_minutes: 0,
      sessions: 1,
      points: 86,
      tests_taken: 0,
      average_test_score: null,
      flashcards_reviewed: 0,
      flashcard_accuracy: null,
      assignments_completed: 0,
      average_mood: null,
      average_productivity: null,
    },
    previous: { period: '2026-11-29', minutes: 0 },
    change: {
      compared_to: 'whole_period',
      previous: { minutes: 0, sessions: 0, points: 0 },
      minutes_percentage: null,
      sessions_percentage: null,
      points_percentage: null,
    },
    days: [],
    classes: [],
    sessions: [
      {
        session_id: 7,
        class_id: null,
        class_name: null,
        session_type: 'solo',
        focus_mode: false,
        start_time: '2026-11-30T08:00:00.000Z',
        end_time: '2026-11-30T10:30:00.000Z',
        duration_minutes: 140,
        minutes_in_period: 140,
        mood_rating: null,
        productivity_rating: null,
        auto_closed: true,
      },
    ],
    goals: [],
    streak: { current_days: 0, longest_days: 0, minimum_minutes: 15 },
    learning_activities: learningActivities({ notes: { count: 3, minutes: 12 } }),
    highlights: [],
  } as unknown as Report;

  it('is told in the next email, in the student’s clock', () => {
    const email = renderReportEmail(report, {
      dashboardUrl: 'https://d',
      unsubscribeUrl: 'https://u',
    });
    const notice = autoClosedNotice({ duration_minutes: 140 }, 'Mon 30 Nov, 09:00');
    expect(notice).toContain(`${AUTO_CLOSE_GRACE_MINUTES} minutes after its last activity`);
    expect(email.text).toContain(notice);
    expect(email.html).toContain('was left running, so it was closed automatically');
    expect(email.text).toContain('Activities: 3 notes taken');
  });
});
