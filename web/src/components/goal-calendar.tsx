/**
 * A recurring goal's last periods as a row of met/missed cells, oldest first, the current one
 * outlined. Future periods are not drawn. The row's height is fixed, loaded or not, so nothing
 * below it moves when the periods arrive.
 */
import * as f from '../lib/format';
import type { Goal, GoalPeriod } from '../lib/types';

export const CALENDAR_PERIODS = 12;

const OUTCOME_WORDS: Record<GoalPeriod['outcome'], string> = {
  met: 'met',
  missed: 'missed',
  in_progress: 'in progress',
};

const MARKS: Record<GoalPeriod['outcome'], string> = { met: '✓', missed: '✗', in_progress: '' };

/** "Week of 3 Nov", "Mon 3 Nov", "November 2026": a period named by its start. */
export function periodName(goal: Pick<Goal, 'recurrence_pattern'>, start: string): string {
  if (goal.recurrence_pattern === 'monthly') return f.month(start.slice(0, 7));
  if (goal.recurrence_pattern === 'weekly') return `Week of ${f.day(start, { weekday: false })}`;
  return f.day(start);
}

export function GoalCalendar({
  goal,
  periods,
  amount,
}: {
  goal: Goal;
  /** Newest first, as the API answers; undefined while loading. */
  periods: readonly GoalPeriod[] | undefined;
  amount(value: number): string;
}) {
  const label = `${goal.goal_name}: met and missed periods`;
  if (!periods) {
    return <div class="goal-calendar" aria-hidden="true" data-loading="true" />;
  }
  const current = goal.current_period.start;
  return (
    <ul class="goal-calendar" aria-label={label}>
      {[...periods].reverse().map((p) => {
        const isCurrent = p.period_start === current;
        const text = `${periodName(goal, p.period_start)}${isCurrent ? ' (current)' : ''}: ${
          OUTCOME_WORDS[p.outcome]
        }, ${amount(p.value)} of ${amount(goal.target_value)}`;
        return (
          <li
            key={p.period_start}
            class={`goal-cell ${p.outcome}${isCurrent ? ' current' : ''}`}
            aria-current={isCurrent ? 'date' : undefined}
            title={text}
            data-testid="goal-period"
          >
            <span aria-hidden="true">{MARKS[p.outcome]}</span>
            <span class="visually-hidden">{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
