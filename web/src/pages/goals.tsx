/** /dashboard/goals: create, edit, abandon; progress with milestones; recurring periods. */
import { useState } from 'preact/hooks';
import { ClassPicker } from '../components/class-picker';
import { useApp, useClassName } from '../components/context';
import { CALENDAR_PERIODS, GoalCalendar } from '../components/goal-calendar';
import { GoalProgress } from '../components/goal-progress';
import { Link } from '../components/link';
import { MilestoneCelebration } from '../components/milestone-celebration';
import { Ring } from '../components/ring';
import {
  Empty,
  ErrorNotice,
  FormMessage,
  Loading,
  Section,
  SkeletonRows,
  TableScroll,
} from '../components/ui';
import { ApiError } from '../lib/api';
import * as f from '../lib/format';
import { useResource } from '../lib/resource';
import { setQuery, useLocation } from '../lib/router';
import { GOAL_TYPES, type Goal, type GoalStatus, type GoalType } from '../lib/types';

type Message = { ok: boolean; text: string } | null;
const failed = (err: unknown): Message => ({
  ok: false,
  text: err instanceof ApiError ? err.message : 'Something went wrong. Try again.',
});

const TYPE_INFO: Record<GoalType, { label: string; unit: string; hint: string }> = {
  study_time: { label: 'Study time', unit: 'minutes', hint: 'Minutes studied' },
  test_score: { label: 'Test score', unit: '%', hint: 'Average test accuracy, in %' },
  flashcard_mastery: { label: 'Flashcard mastery', unit: '%', hint: 'Flashcard accuracy, in %' },
  assignment_completion: {
    label: 'Assignments',
    unit: 'assignments',
    hint: 'Assignment items completed',
  },
  streak: { label: 'Streak', unit: 'days', hint: 'Days in a row with 15+ minutes of study' },
  custom: { label: 'Custom', unit: '', hint: 'Anything you count yourself' },
};

const STATUSES: { value: GoalStatus | 'all'; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'completed', label: 'Completed' },
  { value: 'abandoned', label: 'Abandoned' },
  { value: 'expired', label: 'Expired' },
  { value: 'all', label: 'All' },
];

const amount = (goal: Pick<Goal, 'goal_type' | 'unit'>, value: number | null) => {
  if (goal.goal_type === 'study_time' && (goal.unit ?? 'minutes') === 'minutes') {
    return f.minutes(value);
  }
  // Accuracy goals are percentages whatever unit they were given.
  if (TYPE_INFO[goal.goal_type].unit === '%') return f.percent(value, 1);
  const unit = goal.unit ?? TYPE_INFO[goal.goal_type].unit;
  return `${f.number(value, 1)}${unit ? ` ${unit}` : ''}`;
};

export function GoalsPage() {
  const { api, preferencesVersion } = useApp();
  const { query } = useLocation();
  const asked = query.get('status');
  const status = STATUSES.some((s) => s.value === asked) ? (asked as GoalStatus | 'all') : 'active';
  const [version, setVersion] = useState(0);
  // A change reloads the list in place: the cards stay while the new figures arrive.
  const goals = useResource(
    `goals:${status}:${preferencesVersion}`,
    (signal) =>
      api.get<{ goals: Goal[] }>(
        '/goals',
        { status: status === 'all' ? undefined : status },
        signal,
      ),
    version,
  );
  const changed = () => setVersion((v) => v + 1);
  const list = goals.data?.goals ?? [];
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Goals</h1>
        <label>
          Show
          <select value={status} onChange={(e) => setQuery({ status: e.currentTarget.value })}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Section title="Your goals" id="goal-list">
        {goals.status === 'loading' && <SkeletonRows label="Loading your goals…" rows={2} />}
        {goals.error && (
          <ErrorNotice what="Your goals" error={goals.error} onRetry={goals.reload} />
        )}
        {goals.data &&
          (list.length === 0 ? (
            <Empty>
              <p>
                {status === 'active'
                  ? 'No active goals. Set one below: a goal moves by itself as you study.'
                  : `No ${status === 'all' ? '' : `${status} `}goals.`}
              </p>
            </Empty>
          ) : (
            <ul class="goal-list">
              {list.map((goal) => (
                <li key={goal.goal_id}>
                  <GoalCard goal={goal} onChange={changed} />
                </li>
              ))}
            </ul>
          ))}
        <MilestoneCelebration goals={goals.data?.goals} />
      </Section>
      {/* Below a list whose height is unknown until it loads: shown after it, so it never jumps. */}
      {goals.status !== 'loading' && (
        <Section title="New goal" id="new-goal">
          <CreateGoalForm onCreated={changed} />
        </Section>
      )}
    </>
  );
}

/**
 * Where a goal stands, in words that fit its kind: an accuracy goal is above or below its target
 * (a level, not an amount that grows), a recurring goal is judged on its current period.
 */
function GoalState({ goal }: { goal: Goal }) {
  if (goal.status !== 'active') return <span class="badge">{f.humanize(goal.status)}</span>;
  if (goal.percentage_complete >= 100) return <span class="badge good">Target reached</span>;
  if (ACCURACY_GOALS.has(goal.goal_type)) {
    return <span class="badge warn">Below target</span>;
  }
  if (goal.on_track === null) return null;
  return goal.on_track ? (
    <span class="badge good">On track</span>
  ) : (
    <span class="badge bad">Behind</span>
  );
}

const ACCURACY_GOALS = new Set<GoalType>(['test_score', 'flashcard_mastery']);

function GoalCard({ goal, onChange }: { goal: Goal; onChange(): void }) {
  const { api } = useApp();
  const classLabel = useClassName();
  const [mode, setMode] = useState<'view' | 'edit' | 'progress'>('view');
  const [message, setMessage] = useState<Message>(null);
  const titleId = `goal-${goal.goal_id}-title`;

  const abandon = async () => {
    if (!confirm(`Abandon the goal “${goal.goal_name}”? It stays in your history.`)) return;
    try {
      await api.request(`/goals/${goal.goal_id}`, { method: 'DELETE' });
      onChange();
    } catch (err) {
      setMessage(failed(err));
    }
  };

  return (
    <article class="goal" aria-labelledby={titleId} data-testid="goal">
      <header class="goal-head">
        <Ring
          share={goal.percentage_complete / 100}
          size={64}
          label={`${f.percent(goal.percentage_complete, 0)} of the target`}
        >
          <strong class="goal-ring-figure">{f.percent(goal.percentage_complete, 0)}</strong>
        </Ring>
        <h3 id={titleId}>{goal.goal_name}</h3>
        <p class="badges">
          <span class="badge">{TYPE_INFO[goal.goal_type].label}</span>
          {goal.is_recurring && goal.recurrence_pattern && (
            <span class="badge">{f.humanize(goal.recurrence_pattern)}</span>
          )}
          {goal.priority === 'high' && <span class="badge warn">High priority</span>}
          {goal.class_id !== null && <span class="badge">{classLabel(goal.class_id)}</span>}
          <GoalState goal={goal} />
        </p>
      </header>
      {goal.goal_description && <p>{goal.goal_description}</p>}
      <p class="goal-figures">
        <strong data-testid="goal-current">{amount(goal, goal.current_value)}</strong> of{' '}
        {amount(goal, goal.target_value)}{' '}
        <span class="muted">
          ({f.number(goal.percentage_complete, 1)} %)
          {goal.is_recurring
            ? ` this ${goal.recurrence_pattern === 'daily' ? 'day' : goal.recurrence_pattern === 'weekly' ? 'week' : 'month'}, ${f.dayRange(goal.current_period.start, goal.current_period.end)}`
            : ''}
        </span>
      </p>
      <GoalProgress
        percentage={goal.percentage_complete}
        reached={goal.milestones_reached}
        label={`${goal.goal_name} progress`}
      />
      <p class="muted">
        {goal.status === 'active' && goal.days_remaining !== null
          ? `${goal.days_remaining} day${goal.days_remaining === 1 ? '' : 's'} left · `
          : ''}
        Target date {f.day(goal.target_date, { year: true })}
        {/* A projection only means something for a total that grows towards a date: not for a
            recurring goal (each period starts again) nor for an accuracy level. */}
        {goal.projected_completion_date &&
          !goal.is_recurring &&
          !ACCURACY_GOALS.has(goal.goal_type) &&
          ` · at this pace, done by ${f.day(goal.projected_completion_date, { year: true })}`}
      </p>
      {goal.status === 'active' && (
        <div class="actions">
          <button
            type="button"
            aria-expanded={mode === 'edit'}
            onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}
          >
            Edit
          </button>
          {goal.goal_type === 'custom' && (
            <button
              type="button"
              aria-expanded={mode === 'progress'}
              onClick={() => setMode(mode === 'progress' ? 'view' : 'progress')}
            >
              Record progress
            </button>
          )}
          <button type="button" class="danger" onClick={() => void abandon()}>
            Abandon
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <EditGoalForm
          goal={goal}
          onDone={(saved) => {
            setMode('view');
            if (saved) onChange();
          }}
        />
      )}
      {mode === 'progress' && (
        <ProgressForm
          goal={goal}
          onDone={(saved) => {
            setMode('view');
            if (saved) onChange();
          }}
        />
      )}
      <FormMessage message={message} />
      {goal.is_recurring && <RecentPeriods goal={goal} />}
      {goal.is_recurring && <PeriodHistory goal={goal} />}
    </article>
  );
}

/** A recurring goal's last periods at a glance, met or missed. */
function RecentPeriods({ goal }: { goal: Goal }) {
  const { api } = useApp();
  const recent = useResource(
    `goal-calendar:${goal.goal_id}`,
    (signal) =>
      api.get<Goal>(`/goals/${goal.goal_id}`, { periods_limit: CALENDAR_PERIODS }, signal),
    `${goal.current_value}:${goal.target_value}`,
  );
  if (recent.error) return <ErrorNotice what="The recent periods" error={recent.error} />;
  return (
    <GoalCalendar
      goal={goal}
      periods={recent.data?.periods}
      amount={(value) => amount(goal, value)}
    />
  );
}

/** A recurring goal's past periods, read when opened. */
function PeriodHistory({ goal }: { goal: Goal }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="period-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Period history</summary>
      {open && <PeriodTable goal={goal} />}
    </details>
  );
}

function PeriodTable({ goal }: { goal: Goal }) {
  const { api } = useApp();
  // Cursors of the older pages opened so far: the first page (the newest periods) has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const detail = useResource(
    `goal:${goal.goal_id}:${goal.current_value}:${cursor ?? ''}`,
    (signal) =>
      api.get<Goal>(
        `/goals/${goal.goal_id}`,
        cursor ? { periods_cursor: cursor } : undefined,
        signal,
      ),
  );
  if (detail.status === 'loading') return <Loading label="Loading periods…" />;
  if (detail.error) return <ErrorNotice what="The periods" error={detail.error} />;
  const periods = detail.data?.periods ?? [];
  const next = detail.data?.periods_next_cursor;
  return (
    <>
      <p>
        Met {detail.data?.met_streak ?? 0} period{detail.data?.met_streak === 1 ? '' : 's'} in a
        row.
      </p>
      <TableScroll label={`${goal.goal_name}: periods`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Progress</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period_start}>
                <td>
                  {f.dayRange(p.period_start, p.period_end)}
                  {p.partial && <span class="muted"> (partial)</span>}
                </td>
                <td>{amount(goal, p.value)}</td>
                <td
                  class={
                    p.outcome === 'met' ? 'tone-up' : p.outcome === 'missed' ? 'tone-down' : ''
                  }
                >
                  {f.humanize(p.outcome)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {(next || cursors.length > 0) && (
        <nav class="pager" aria-label={`${goal.goal_name}: period pages`}>
          <button
            type="button"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Newer
          </button>
          <button
            type="button"
            disabled={!next}
            onClick={() => next && setCursors([...cursors, next])}
          >
            Older
          </button>
        </nav>
      )}
    </>
  );
}

/** Uncontrolled selects start from `selected` options (a select has no defaultValue). */
function PriorityOptions({ current }: { current: Goal['priority'] }) {
  return (
    <>
      {(['low', 'medium', 'high'] as const).map((p) => (
        <option key={p} value={p} selected={p === current}>
          {f.humanize(p)}
        </option>
      ))}
    </>
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

function CreateGoalForm({ onCreated }: { onCreated(): void }) {
  const { api, preferences } = useApp();
  const [type, setType] = useState<GoalType>('study_time');
  const [recurring, setRecurring] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // A new form after each goal: reset() would not restore selects' preset options.
  const [formKey, setFormKey] = useState(0);
  const start = f.today(preferences.timezone);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const info = TYPE_INFO[type];
    const body: Record<string, unknown> = {
      goal_type: type,
      goal_name: text(form, 'goal_name'),
      target_value: Number(text(form, 'target_value')),
      target_date: text(form, 'target_date'),
      priority: text(form, 'priority') || 'medium',
      is_recurring: recurring,
    };
    const unit = text(form, 'unit') || info.unit;
    if (unit && unit !== '%') body.unit = unit;
    if (text(form, 'start_date')) body.start_date = text(form, 'start_date');
    if (text(form, 'class_id')) body.class_id = Number(text(form, 'class_id'));
    if (text(form, 'goal_description')) body.goal_description = text(form, 'goal_description');
    if (recurring) body.recurrence_pattern = text(form, 'recurrence_pattern');
    setBusy(true);
    try {
      const goal = await api.request<Goal>('/goals', { method: 'POST', body });
      setFormKey((k) => k + 1);
      setType('study_time');
      setRecurring(false);
      setMessage({ ok: true, text: `Goal “${goal.goal_name}” created.` });
      onCreated();
    } catch (err) {
      setMessage(failed(err));
    } finally {
      setBusy(false);
    }
  };

  const info = TYPE_INFO[type];
  return (
    <form class="form-grid" onSubmit={submit} aria-label="New goal" key={formKey}>
      <label class="full">
        Name
        <input name="goal_name" required maxLength={200} autoComplete="off" />
      </label>
      <label>
        Type
        <select
          name="goal_type"
          value={type}
          onChange={(e) => setType(e.currentTarget.value as GoalType)}
          aria-describedby="goal-type-hint"
        >
          {GOAL_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_INFO[t].label}
            </option>
          ))}
        </select>
        <span id="goal-type-hint" class="hint">
          {info.hint}
        </span>
      </label>
      <label>
        Target{info.unit ? ` (${info.unit})` : ''}
        <input
          name="target_value"
          type="number"
          required
          min={0.01}
          max={info.unit === '%' ? 100 : 1_000_000}
          step="any"
          inputMode="decimal"
        />
      </label>
      {type === 'custom' && (
        <label>
          Unit <span class="optional">(optional)</span>
          <input name="unit" maxLength={50} placeholder="pages, problems…" />
        </label>
      )}
      <label>
        Starts <span class="optional">(optional)</span>
        <input name="start_date" type="date" defaultValue={start} />
      </label>
      <label>
        Target date
        <input name="target_date" type="date" required min={start} />
      </label>
      <label>
        Priority
        <select name="priority">
          <PriorityOptions current="medium" />
        </select>
      </label>
      <ClassPicker name="class_id" label="Class" none="Any class" />
      <label class="check">
        <input
          type="checkbox"
          name="is_recurring"
          checked={recurring}
          onChange={(e) => setRecurring(e.currentTarget.checked)}
        />{' '}
        Repeats
      </label>
      {recurring && (
        <label>
          Every
          <select name="recurrence_pattern">
            <option value="daily">Day</option>
            <option value="weekly" selected>
              Week
            </option>
            <option value="monthly">Month</option>
          </select>
        </label>
      )}
      <label class="full">
        Description <span class="optional">(optional)</span>
        <textarea name="goal_description" rows={2} maxLength={2000} />
      </label>
      <div class="full">
        <button type="submit" class="primary" disabled={busy}>
          Create goal
        </button>
      </div>
      <FormMessage message={message} />
      <p class="muted full">
        Progress is counted from your <Link href="/dashboard/sessions">sessions</Link> in your time
        zone ({preferences.timezone}).
      </p>
    </form>
  );
}

function EditGoalForm({ goal, onDone }: { goal: Goal; onDone(saved: boolean): void }) {
  const { api } = useApp();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const changes: Record<string, unknown> = {};
    const name = text(form, 'goal_name');
    const target = Number(text(form, 'target_value'));
    const date = text(form, 'target_date');
    const priority = text(form, 'priority');
    const description = text(form, 'goal_description');
    if (name !== goal.goal_name) changes.goal_name = name;
    if (target !== goal.target_value) changes.target_value = target;
    if (date !== goal.target_date) changes.target_date = date;
    if (priority !== goal.priority) changes.priority = priority;
    if (description !== (goal.goal_description ?? '')) {
      changes.goal_description = description || null;
    }
    if (Object.keys(changes).length === 0) return onDone(false);
    setBusy(true);
    try {
      await api.request(`/goals/${goal.goal_id}`, { method: 'PUT', body: changes });
      onDone(true);
    } catch (err) {
      setMessage(failed(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form-grid inset" onSubmit={submit} aria-label={`Edit ${goal.goal_name}`}>
      <label class="full">
        Name
        <input name="goal_name" required maxLength={200} defaultValue={goal.goal_name} />
      </label>
      <label>
        Target
        <input
          name="target_value"
          type="number"
          required
          min={0.01}
          step="any"
          defaultValue={String(goal.target_value)}
        />
      </label>
      <label>
        Target date
        <input name="target_date" type="date" required defaultValue={goal.target_date} />
      </label>
      <label>
        Priority
        <select name="priority">
          <PriorityOptions current={goal.priority} />
        </select>
      </label>
      <label class="full">
        Description
        <textarea name="goal_description" rows={2} defaultValue={goal.goal_description ?? ''} />
      </label>
      <div class="full actions">
        <button type="submit" class="primary" disabled={busy}>
          Save
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}

function ProgressForm({ goal, onDone }: { goal: Goal; onDone(saved: boolean): void }) {
  const { api } = useApp();
  const [message, setMessage] = useState<Message>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const notes = text(form, 'notes');
    try {
      await api.request(`/goals/${goal.goal_id}/progress`, {
        method: 'POST',
        body: { progress_value: Number(text(form, 'progress_value')), ...(notes ? { notes } : {}) },
      });
      onDone(true);
    } catch (err) {
      setMessage(failed(err));
    }
  };
  return (
    <form class="form-grid inset" onSubmit={submit} aria-label={`Progress on ${goal.goal_name}`}>
      <label>
        Amount{goal.unit ? ` (${goal.unit})` : ''}
        <input name="progress_value" type="number" required min={0.01} step="any" />
      </label>
      <label>
        Notes <span class="optional">(optional)</span>
        <input name="notes" maxLength={2000} />
      </label>
      <div class="full actions">
        <button type="submit" class="primary">
          Add progress
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}
