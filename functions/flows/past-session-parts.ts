import type { LogActivityInput } from '../contracts/sessions';
import { pointsForActivity } from '../core/points';
import type { PastActivity } from '../data/past-sessions';

/** Activities of a recorded session as stored: each scored as if it had been logged live. */
export const pastActivities = (activities: readonly LogActivityInput[] = []): PastActivity[] =>
  activities.map((a) => ({
    activity_type: a.activity_type,
    content_type: a.content_type ?? null,
    content_id: a.content_id ?? null,
    items_completed: a.items_completed ?? 0,
    items_correct: a.items_correct ?? 0,
    duration_minutes: a.duration_minutes ?? null,
    points_earned: pointsForActivity(a),
    metadata: a.metadata ?? null,
  }));
