/**
 * "How am I doing", at the top of Analytics: this week against the weekly target (a ring),
 * today, the streak and what keeps it, and the next milestone.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api';
import * as f from '../lib/format';
import { nextMilestone } from '../lib/milestones';
import type { Resource } from '../lib/resource';
import type { Goal, Overview, Preferences, Trends } from '../lib/types';
import { useApp } from './context';
import { Ring } from './ring';
import { ErrorNotice, SkeletonBlock } from './ui';

/** Targets a student picks from; any other is typed in. */
const TARGETS = [120, 180, 300, 420, 600, 900];

export function Hero({
  week,
  days,
  goals,
}: {
  /** This week's overview (minutes and streak). */
  week: Resource<Overview>;
  /** Daily study time, the last 14 days up to today. */
  days: Resource<Trends>;
  goals: Resource<{ goals: Goal[] }>;
}) {
  const { preferences, preferencesLoaded } = useApp();
  if (week.error && !week.data) {
    return (
      <section class="hero" aria-label="How you are doing">
        <ErrorNotice what="This week's figures" error={week.error} onRetry={week.reload} />
      </section>
    );
  }
  // The goals name the next milestone: waiting for them keeps the hero from growing once shown.
  if (!week.data || !days.data || goals.status === 'loading' || !preferencesLoaded) {
    return (
      <section class="hero" aria-label="How you are doing">
        <SkeletonBlock
          label="Loading how you are doing…"
          height={{ phone: '28rem', wide: '10.5rem' }}
        />
      </section>
    );
  }
  const weekMinutes = week.data.study_time.total_minutes ?? 0;
  const points = days.data.data_points;
  const todayMinutes = points.at(-1)?.value ?? 0;
  const streak = week.data.streak;
  const current = streak.current_days ?? 0;
  const minimum = 15;
  const milestone = nextMilestone(goals.data?.goals ?? [], current);
  const target = preferences.weekly_target_minutes ?? null;
  const share = target ? weekMinutes / target : 0;
  return (
    <section class="hero" aria-labelledby="hero-title" data-testid="hero">
      <h2 id="hero-title" class="visually-hidden">
        How you are doing
      </h2>
      <div class="hero-ring">
        {target ? (
          <>
            <Ring
              share={share}
              label={`${f.minutes(weekMinutes)} of your ${f.minutes(target)} weekly target (${f.percent(share * 100, 0)})`}
            >
              <strong class="ring-figure">{f.percent(share * 100, 0)}</strong>
              <span class="ring-caption">of {f.minutes(target)}</span>
            </Ring>
            <div>
              <p class="hero-label">This week</p>
              <p class="hero-figure" data-testid="hero-week">
                {f.minutes(weekMinutes)}
              </p>
              <p class="muted">
                {share >= 1
                  ? 'Weekly target reached. Well done!'
                  : `${f.minutes(target - weekMinutes)} to go`}
              </p>
              <TargetEditor target={target} />
            </div>
          </>
        ) : (
          <div>
            <p class="hero-label">This week</p>
            <p class="hero-figure" data-testid="hero-week">
              {f.minutes(weekMinutes)}
            </p>
            <TargetEditor target={null} />
          </div>
        )}
      </div>
      <dl class="hero-facts">
        <div>
          <dt>Today</dt>
          <dd>
            <span class="hero-figure" data-testid="hero-today">
              {f.minutes(todayMinutes)}
            </span>
          </dd>
        </div>
        <div>
          <dt>Streak</dt>
          <dd>
            <span class="hero-figure" data-testid="hero-streak">
              {f.count(current, 'day')}
            </span>
            <span class="muted">Best: {f.count(streak.longest_days, 'day')}</span>
            <span class="hero-hint">
              {todayMinutes >= minimum
                ? 'Today counts.'
                : current > 0
                  ? `${minimum} min today keeps it.`
                  : `${minimum} min today starts one.`}
            </span>
          </dd>
        </div>
        <div>
          <dt>Next milestone</dt>
          <dd>
            <span class="hero-milestone" data-testid="hero-milestone">
              {milestone.title}
            </span>
            <span class="muted">{milestone.detail}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Sets the weekly study-time target in the preferences (the ring reads it from there). */
export function TargetEditor({ target, open = false }: { target: number | null; open?: boolean }) {
  const { api, preferences, setPreferences } = useApp();
  const [editing, setEditing] = useState(open || target === null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!editing) {
    return (
      <button type="button" class="link-button" onClick={() => setEditing(true)}>
        Change the weekly target
      </button>
    );
  }
  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const hours = Number(String(form.get('target_hours') ?? ''));
    if (!Number.isFinite(hours) || hours <= 0 || hours > 168) {
      setError('Pick a target between a few minutes and 168 hours.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await api.request<Preferences>('/preferences', {
        method: 'PUT',
        body: { weekly_target_minutes: Math.round(hours * 60) },
      });
      setPreferences({ ...preferences, ...saved }, false);
      setEditing(false);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The target could not be saved.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="target-form" onSubmit={save} aria-label="Weekly study target">
      <label>
        Weekly target (hours)
        <input
          name="target_hours"
          type="number"
          inputMode="decimal"
          min={0.25}
          max={168}
          step={0.25}
          required
          list="target-choices"
          defaultValue={String((target ?? 300) / 60)}
        />
      </label>
      <datalist id="target-choices">
        {TARGETS.map((t) => (
          <option key={t} value={String(t / 60)} />
        ))}
      </datalist>
      <button type="submit" class="primary" disabled={busy}>
        Set target
      </button>
      {error && (
        <p class="form-message bad" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
