/** A goal's progress bar with its 25/50/75/100 % milestones marked. */
import { MILESTONES } from '../../../functions/core/goals';

export function GoalProgress({
  percentage,
  reached,
  label,
}: {
  percentage: number;
  reached: readonly number[];
  label: string;
}) {
  const shown = Math.max(0, Math.min(100, percentage));
  return (
    <div class="goal-progress">
      <div
        class="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(shown)}
        aria-valuetext={`${Math.round(percentage)} % complete`}
      >
        <div class="progress-fill" style={{ width: `${shown}%` }} />
        {MILESTONES.slice(0, 3).map((m) => (
          <span key={m} class="progress-tick" style={{ left: `${m}%` }} />
        ))}
      </div>
      <ul class="milestones" aria-label="Milestones">
        {MILESTONES.map((m) => {
          const done = reached.includes(m) || percentage >= m;
          return (
            <li key={m} class={done ? 'milestone done' : 'milestone'}>
              <span aria-hidden="true">{done ? '●' : '○'}</span> {m} %
              <span class="visually-hidden">{done ? ' reached' : ' not reached yet'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
