/**
 * How a goal stands, from its progress value and dates (local calendar days). Pure rules,
 * documented in the README ("Goals").
 *
 * - Cumulative goals (study_time, assignment_completion, custom) are on track when the value is
 *   at least the pro-rata share of the target for the days already over (today still counts as
 *   open), and are projected to finish at the average daily rate so far, today included.
 * - Level goals (test_score and flashcard_mastery accuracy) are on track when the level is at
 *   or above the target; streak goals while the target is still reachable in the days left.
 */
import type { GoalType } from '../vocabulary';
import { percentOf } from './rounding';

export const MILESTONES = [25, 50, 75, 100] as const;
const CUMULATIVE = new Set<GoalType>(['study_time', 'assignment_completion', 'custom']);

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
const isoDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

export interface GoalStanding {
  percentage_complete: number;
  days_remaining: number;
  on_track: boolean;
  projected_completion_date: string | null;
  milestones_reached: number[];
}

export function goalStanding(goal: {
  goal_type: GoalType;
  value: number;
  target: number;
  /** First and last local day of the current period (the whole goal unless recurring). */
  period_start: string;
  period_end: string;
  today: string;
}): GoalStanding {
  const { value, target } = goal;
  const start = dayNumber(goal.period_start);
  const end = dayNumber(goal.period_end);
  const today = dayNumber(goal.today);
  const totalDays = end - start + 1;
  const daysOver = Math.min(totalDays, Math.max(0, today - start));
  const elapsedDays = Math.min(totalDays, Math.max(0, today - start + 1));
  const daysRemaining = Math.max(0, end - Math.max(today, start - 1));
  const done = value >= target;

  let onTrack: boolean;
  let projected: string | null = null;
  if (CUMULATIVE.has(goal.goal_type)) {
    onTrack = done || value >= (target * daysOver) / totalDays;
    if (done) {
      projected = null;
    } else if (elapsedDays > 0 && value > 0) {
      const perDay = value / elapsedDays;
      projected = isoDay(Math.max(today, start) + Math.ceil((target - value) / perDay));
    }
  } else if (goal.goal_type === 'streak') {
    onTrack = done || value + daysRemaining >= target;
  } else {
    onTrack = done;
  }
  return {
    percentage_complete: Math.min(100, percentOf(value, target) ?? 0),
    days_remaining: daysRemaining,
    on_track: onTrack,
    projected_completion_date: projected,
    milestones_reached: MILESTONES.filter((m) => value * 100 >= target * m),
  };
}
