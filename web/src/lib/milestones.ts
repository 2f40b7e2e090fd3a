/** What the student reaches next: a goal's next 25 % step, else the next streak length. */
import { MILESTONES } from '../../../functions/core/goals';
import * as f from './format';
import type { Goal } from './types';

const GOAL_STEPS = MILESTONES;
const STREAK_STEPS = [3, 7, 14, 30, 60, 100, 200, 365];

export interface Milestone {
  title: string;
  detail: string;
}

const goalAmount = (goal: Goal, value: number) =>
  goal.goal_type === 'study_time' && (goal.unit ?? 'minutes') === 'minutes'
    ? f.minutes(value)
    : goal.goal_type === 'test_score' || goal.goal_type === 'flashcard_mastery'
      ? `${f.number(value, 1)} points of accuracy`
      : `${f.number(value, 1)}${goal.unit ? ` ${value === 1 ? singular(goal.unit) : goal.unit}` : ''}`;

/** "1 assignment to go", not "1 assignments": units are named in the plural. */
const singular = (unit: string) => (unit.endsWith('s') ? unit.slice(0, -1) : unit);

/** The active goal closest to its next step, or the next streak length when there is none. */
export function nextMilestone(goals: readonly Goal[], streakDays: number): Milestone {
  let best: { goal: Goal; step: number; gap: number } | undefined;
  for (const goal of goals) {
    if (goal.status !== 'active') continue;
    const step = GOAL_STEPS.find((s) => s > goal.percentage_complete);
    if (step === undefined) continue;
    const gap = step - goal.percentage_complete;
    if (!best || gap < best.gap) best = { goal, step, gap };
  }
  if (best) {
    const { goal, step } = best;
    const missing = Math.max(0, (goal.target_value * step) / 100 - goal.current_value);
    return {
      title: `${step} % of “${goal.goal_name}”`,
      detail: `${goalAmount(goal, missing)} to go`,
    };
  }
  const next = STREAK_STEPS.find((s) => s > streakDays) ?? streakDays + 100;
  const days = next - streakDays;
  return {
    title: `A ${next}-day streak`,
    detail: `${days} more day${days === 1 ? '' : 's'} of 15 min or more`,
  };
}
