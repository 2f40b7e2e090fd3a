/**
 * Gamification points for study. Pure rules, documented in the README ("Points").
 *
 * - Time: half a point per whole studied minute, rounded down (paused time never counts), for
 *   at most MAX_CREDITED_MINUTES of one session.
 * - Activities: testing and flashcards earn one point per correct item; an assignment earns
 *   five points per completed item; reading, notes, video and chat earn nothing extra because
 *   their time is already rewarded. One activity earns at most ACTIVITY_POINTS_CAP.
 * - Anti-farming: a session shorter than MIN_SESSION_MINUTES earns nothing, and a student earns
 *   at most DAILY_POINTS_CAP points per local day.
 */
import type { ActivityType } from '../vocabulary';

export const POINTS_PER_MINUTE = 0.5;
export const ACTIVITY_POINTS_CAP = 50;
export const ASSIGNMENT_POINTS_PER_ITEM = 5;
export const MIN_SESSION_MINUTES = 5;
export const MAX_CREDITED_MINUTES = 240;
export const DAILY_POINTS_CAP = 300;

/** Whole studied minutes in a number of seconds. */
export const studiedMinutes = (seconds: number): number => Math.floor(Math.max(0, seconds) / 60);

export const pointsForMinutes = (minutes: number): number =>
  Math.floor(Math.max(0, minutes) * POINTS_PER_MINUTE);

export function pointsForActivity(activity: {
  activity_type: ActivityType;
  items_completed?: number | undefined;
  items_correct?: number | undefined;
}): number {
  const completed = activity.items_completed ?? 0;
  const correct = activity.items_correct ?? 0;
  let points = 0;
  switch (activity.activity_type) {
    case 'testing':
    case 'flashcards':
      points = correct;
      break;
    case 'assignment':
      points = completed * ASSIGNMENT_POINTS_PER_ITEM;
      break;
    default:
      points = 0;
  }
  return Math.min(points, ACTIVITY_POINTS_CAP);
}

export interface SessionAward {
  /** Points before the daily cap. */
  readonly points: number;
  readonly breakdown: {
    readonly credited_minutes: number;
    readonly time_points: number;
    readonly activity_points: number;
    readonly below_minimum_length: boolean;
  };
}

/** What a finished session earns before the daily cap. */
export function sessionAward(session: {
  duration_minutes: number;
  activity_points: number;
}): SessionAward {
  const belowMinimum = session.duration_minutes < MIN_SESSION_MINUTES;
  const creditedMinutes = belowMinimum
    ? 0
    : Math.min(Math.max(0, session.duration_minutes), MAX_CREDITED_MINUTES);
  const timePoints = pointsForMinutes(creditedMinutes);
  const activityPoints = belowMinimum ? 0 : Math.max(0, session.activity_points);
  return {
    points: timePoints + activityPoints,
    breakdown: {
      credited_minutes: creditedMinutes,
      time_points: timePoints,
      activity_points: activityPoints,
      below_minimum_length: belowMinimum,
    },
  };
}

/** What is left of the daily allowance for an award, given what was granted earlier that day. */
export const withinDailyCap = (points: number, earnedToday: number): number =>
  Math.max(0, Math.min(points, DAILY_POINTS_CAP - Math.max(0, earnedToday)));
