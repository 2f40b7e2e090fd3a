/**
 * Gamification points for study. Pure rules, documented in the README ("Points").
 *
 * - Time: half a point per whole studied minute, rounded down (paused time never counts).
 * - Activities: testing and flashcards earn one point per correct item; an assignment earns
 *   five points per completed item; reading, notes, video and chat earn nothing extra because
 *   their time is already rewarded. One activity earns at most ACTIVITY_POINTS_CAP.
 */
import type { ACTIVITY_TYPES } from '../contracts/sessions';

export const POINTS_PER_MINUTE = 0.5;
export const ACTIVITY_POINTS_CAP = 50;
export const ASSIGNMENT_POINTS_PER_ITEM = 5;

export type ActivityType = (typeof ACTIVITY_TYPES)[number];

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

/** Points a finished session earns: its minutes plus what its activities earned. */
export const sessionPoints = (minutes: number, activityPoints: number): number =>
  pointsForMinutes(minutes) + Math.max(0, activityPoints);
