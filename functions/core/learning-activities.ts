/**
 * Learning-activity statistics of a period: how many activities of each type were logged and
 * the minutes logged with them, with the figures students ask about first (notes taken, reading
 * and video time). Activities without a logged duration count, with no minutes.
 */

import { ACTIVITY_TYPES } from '../vocabulary';
import { roundHalfAwayFromZero } from './rounding';

/** Learning activities per type: how many were logged, and the minutes logged with them. */
export type ActivityCounts = Partial<Record<string, { count: number; minutes: number }>>;

export function learningActivities(counts: ActivityCounts) {
  const byType = Object.fromEntries(
    ACTIVITY_TYPES.map((type) => [
      type,
      { count: counts[type]?.count ?? 0, minutes: counts[type]?.minutes ?? 0 },
    ]),
  ) as Record<(typeof ACTIVITY_TYPES)[number], { count: number; minutes: number }>;
  const all = Object.values(byType);
  return {
    activities: all.reduce((sum, t) => sum + t.count, 0),
    minutes: roundHalfAwayFromZero(
      all.reduce((sum, t) => sum + t.minutes, 0),
      2,
    ),
    by_type: byType,
    notes_taken: byType.notes.count,
    reading_minutes: byType.reading.minutes,
    video_minutes: byType.video.minutes,
  };
}

export type LearningActivities = ReturnType<typeof learningActivities>;
