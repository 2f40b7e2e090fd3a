/**
 * A short celebration when a goal's milestone lands: a polite announcement and a small
 * animation (none when the student asks for reduced motion). The browser remembers the highest
 * milestone shown for each goal's current period, so a milestone reached elsewhere (a session
 * on another device) is celebrated once, on the next visit; a goal seen for the first time is
 * only remembered.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Goal } from '../lib/types';

const STORAGE_KEY = 'goal-milestones-seen';

interface Seen {
  period: string;
  top: number;
}

function readSeen(): Record<string, Seen> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Seen>) : {};
  } catch {
    return {};
  }
}

/** The newest milestone each goal has landed since it was last seen, as one sentence. */
export function landedMilestones(goals: readonly Goal[]): string | null {
  const seen = readSeen();
  const landed: string[] = [];
  for (const goal of goals) {
    if (goal.status !== 'active' && goal.status !== 'completed') continue;
    const top = Math.max(0, ...goal.milestones_reached);
    const id = String(goal.goal_id);
    const before = seen[id];
    const period = goal.current_period.start;
    const shownTop = before === undefined ? top : before.period === period ? before.top : 0;
    if (top > shownTop) landed.push(`${top} % of “${goal.goal_name}”`);
    if (before === undefined || before.period !== period || top > before.top) {
      seen[id] = { period, top };
    }
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(seen));
  } catch {
    // Private mode without storage: celebrations are simply not remembered.
  }
  return landed.length ? `Milestone reached: ${landed.join(', ')}!` : null;
}

/** Always in the page, so screen readers hear the message when it fills. */
export function MilestoneCelebration({ goals }: { goals: readonly Goal[] | undefined }) {
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);
  useEffect(() => {
    if (!goals) return;
    const text = landedMilestones(goals);
    if (text) setMessage((m) => ({ text, n: (m?.n ?? 0) + 1 }));
  }, [goals]);
  return (
    <div class={message ? 'celebration shown' : 'celebration'}>
      <p role="status" aria-live="polite" class="celebration-text">
        {/* A new key restarts the animation for each new milestone. */}
        {message && (
          <span key={message.n} class="celebration-pop">
            <span aria-hidden="true">🎉</span> {message.text}
          </span>
        )}
      </p>
      {message && (
        <button type="button" onClick={() => setMessage(null)}>
          Dismiss
        </button>
      )}
    </div>
  );
}
