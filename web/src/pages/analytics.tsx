/** /dashboard/analytics: overview, trends, calendar heatmap, comparisons, insights and points. */
import { useApp, useClassName, useTimeZone } from '../components/context';
import { FirstRun } from '../components/first-run';
import { Heatmap } from '../components/heatmap';
import { Hero } from '../components/hero';
import { Link } from '../components/link';
import { type ChartPart, TimeChart } from '../components/time-chart';
import {
  Empty,
  ErrorNotice,
  Loading,
  Section,
  SkeletonBlock,
  Stat,
  TableScroll,
} from '../components/ui';
import { classColor } from '../lib/class-colors';
import * as f from '../lib/format';
import { type Resource, useResource } from '../lib/resource';
import { setQuery, useLocation } from '../lib/router';
import {
  type ClassComparison,
  type Goal,
  type Heatmap as HeatmapData,
  type Overview,
  type OverviewPeriod,
  type PeerComparison,
  type PeriodComparison,
  type Points,
  TREND_METRICS,
  type TrendMetric,
  type Trends,
} from '../lib/types';

type Period = OverviewPeriod | 'last_7_days';

const PERIODS: { value: Period; label: string }[] = [
  { value: 'last_7_days', label: 'Last 7 days' },
  { value: 'daily', label: 'Today' },
  { value: 'weekly', label: 'This week' },
  { value: 'monthly', label: 'This month' },
  { value: 'all_time', label: 'All time' },
];

const METRICS: Record<
  TrendMetric,
  {
    label: string;
    format: (v: number | null) => string;
    axis: (v: number) => string;
    bars: boolean;
  }
> = {
  study_time: { label: 'Study time', format: f.minutes, axis: f.shortMinutes, bars: true },
  test_average: {
    label: 'Test average',
    format: (v) => f.percent(v),
    axis: (v) => `${v} %`,
    bars: false,
  },
  flashcard_accuracy: {
    label: 'Flashcard accuracy',
    format: (v) => f.percent(v),
    axis: (v) => `${v} %`,
    bars: false,
  },
  sessions: { label: 'Sessions', format: (v) => f.number(v), axis: String, bars: true },
  focus_minutes: { label: 'Focus time', format: f.minutes, axis: f.shortMinutes, bars: true },
};

const TREND_WORDS: Record<Trends['overall_trend'], string> = {
  improving: 'Improving',
  declining: 'Declining',
  stable: 'Stable',
  insufficient_data: 'Not enough data for a trend yet',
};

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

export function AnalyticsPage() {
  const { api, preferencesVersion, preferencesLoaded, preferencesError } = useApp();
  const { query } = useLocation();
  // The last 7 days by default: a week that has just begun is never an empty landing.
  const period = oneOf(
    PERIODS.map((p) => p.value),
    query.get('period'),
    'last_7_days',
  );
  const v = preferencesVersion;
  const week = useResource(`overview:weekly:${v}`, (signal) =>
    api.get<Overview>('/performance/overview', { period: 'weekly' }, signal),
  );
  const days = useResource(`trends:study_time:daily14:${v}`, (signal) =>
    api.get<Trends>(
      '/performance/trends',
      { metric_type: 'study_time', period: 'daily', points: 14 },
      signal,
    ),
  );
  const goals = useResource(`goals:active:${v}`, (signal) =>
    api.get<{ goals: Goal[] }>('/goals', { status: 'active' }, signal),
  );
  const allTime = useResource(`overview:all_time:${v}`, (signal) =>
    // Only tells a new student apart: the hero does not wait for it.
    api.get<Overview>('/performance/overview', { period: 'all_time' }, signal, true),
  );
  const newStudent = allTime.data !== undefined && !allTime.data.study_time.sessions;
  // The panels below the hero ask for their figures once the hero has its own: the browser
  // runs six requests at a time, and the hero is what a student opens the page for.
  const heroSettled =
    [week, days, goals].every((r) => r.status !== 'loading') &&
    (preferencesLoaded || preferencesError !== null);
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Analytics</h1>
        {!newStudent && (
          <fieldset class="segmented">
            <legend class="visually-hidden">Period</legend>
            {PERIODS.map((p) => (
              <label key={p.value}>
                <input
                  type="radio"
                  name="overview-period"
                  value={p.value}
                  checked={period === p.value}
                  onChange={() => setQuery({ period: p.value })}
                />
                <span>{p.label}</span>
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {newStudent ? (
        <FirstRun />
      ) : (
        <>
          <Hero week={week} days={days} goals={goals} />
          {period === 'last_7_days' ? (
            <LastSevenDays days={days} ready={heroSettled} />
          ) : (
            <OverviewSection period={period} ready={heroSettled} />
          )}
          <TrendsSection ready={heroSettled} />
          <HeatmapSection ready={heroSettled} />
          <ComparisonSection period={period} ready={heroSettled} />
          <PointsSection ready={heroSettled} />
        </>
      )}
    </>
  );
}

/** The sum of the values of some daily points, and the samples behind them. */
const sumOf = (points: Trends['data_points']) => points.reduce((sum, p) => sum + (p.value ?? 0), 0);

/** The last 7 days against the 7 before, from the daily figures of the last 14. */
function LastSevenDays({ days, ready }: { days: Resource<Trends>; ready: boolean }) {
  const { api, preferencesVersion } = useApp();
  const sessions = useResource(
    ready ? `trends:sessions:daily14:${preferencesVersion}` : null,
    (signal) =>
      api.get<Trends>(
        '/performance/trends',
        { metric_type: 'sessions', period: 'daily', points: 14 },
        signal,
      ),
  );
  const tests = useResource(
    ready ? `trends:test_average:daily14:${preferencesVersion}` : null,
    (signal) =>
      api.get<Trends>(
        '/performance/trends',
        { metric_type: 'test_average', period: 'daily', points: 14 },
        signal,
      ),
  );
  const loaded = days.data && sessions.data && tests.data;
  const error = days.error ?? sessions.error ?? tests.error;
  let body = (
    <SkeletonBlock
      label="Loading the last 7 days…"
      height={{ phone: '19.7rem', wide: '10.6rem' }}
    />
  );
  if (error && !loaded) {
    body = (
      <ErrorNotice
        what="The last 7 days"
        error={error}
        onRetry={() => {
          days.reload();
          sessions.reload();
          tests.reload();
        }}
      />
    );
  } else if (days.data && sessions.data && tests.data) {
    const split = <T,>(list: T[]) => [list.slice(-14, -7), list.slice(-7)] as const;
    const [beforeDays, lastDays] = split(days.data.data_points);
    const [beforeSessions, lastSessions] = split(sessions.data.data_points);
    const lastTests = tests.data.data_points.slice(-7);
    const now = sumOf(lastDays);
    const before = sumOf(beforeDays);
    const change = before > 0 ? ((now - before) / before) * 100 : null;
    const tested = lastTests.reduce((n, p) => n + (p.sample_size ?? 0), 0);
    const testAverage =
      tested > 0
        ? lastTests.reduce((sum, p) => sum + (p.value ?? 0) * (p.sample_size ?? 0), 0) / tested
        : null;
    const first = lastDays[0]?.period_start ?? null;
    const last = lastDays.at(-1)?.period_end ?? null;
    body = (
      <>
        <p class="muted">{f.dayRange(first, last)}</p>
        <dl class="stats">
          <Stat
            label="Study time"
            value={f.minutes(now)}
            detail={`${f.change(change)} vs the 7 days before (${f.minutes(before)})`}
            tone={f.changeTone(change)}
          />
          <Stat
            label="Sessions"
            value={f.number(sumOf(lastSessions))}
            detail={`${f.number(sumOf(beforeSessions))} the 7 days before`}
          />
          <Stat
            label="Daily average"
            value={f.minutes(now / 7)}
            detail={`${lastDays.filter((d) => (d.value ?? 0) > 0).length} of 7 days with study`}
          />
          <Stat
            label="Test average"
            value={f.percent(testAverage)}
            detail={f.count(tested, 'test')}
          />
        </dl>
      </>
    );
  }
  return (
    <Section title="Last 7 days" id="overview">
      {body}
    </Section>
  );
}

function useOverview(period: OverviewPeriod, ready: boolean) {
  const { api, preferencesVersion } = useApp();
  return useResource(ready ? `overview:${period}:${preferencesVersion}` : null, (signal) =>
    api.get<Overview>('/performance/overview', { period }, signal),
  );
}

function OverviewSection({ period, ready }: { period: OverviewPeriod; ready: boolean }) {
  const overview = useOverview(period, ready);
  const label = PERIODS.find((p) => p.value === period)?.label ?? '';
  return (
    <>
      <Section title={`Overview: ${label.toLowerCase()}`} id="overview">
        {overview.status === 'loading' && (
          <SkeletonBlock
            label="Loading your overview…"
            height={{ phone: '30rem', wide: '12rem' }}
          />
        )}
        {overview.status === 'error' && overview.error && (
          <ErrorNotice what="The overview" error={overview.error} onRetry={overview.reload} />
        )}
        {overview.data && <OverviewFigures data={overview.data} />}
      </Section>
      {overview.data && <Insights data={overview.data} />}
    </>
  );
}

function OverviewFigures({ data }: { data: Overview }) {
  const s = data.study_time;
  if (!s.sessions && !s.total_minutes) {
    return (
      <Empty>
        <p>
          <strong>
            No study recorded {data.period === 'all_time' ? 'yet' : 'in this period'}.
          </strong>{' '}
          Start a session and your figures will appear here.
        </p>
        <Link class="button primary" href="/dashboard/sessions">
          Start a study session
        </Link>
      </Empty>
    );
  }
  return (
    <>
      {data.period_start && (
        <p class="muted">
          {f.dayRange(data.period_start, data.period_end)} ({data.timezone})
        </p>
      )}
      <dl class="stats">
        <Stat
          label="Study time"
          value={f.minutes(s.total_minutes)}
          detail={
            data.period === 'all_time'
              ? undefined
              : `${f.change(s.change_percentage)} vs ${f.comparedWith(s.compared_to)} (${f.minutes(
                  s.compared_to === 'to_date'
                    ? s.previous_to_date_minutes
                    : s.previous_total_minutes,
                )})`
          }
          tone={f.changeTone(s.change_percentage)}
        />
        <Stat
          label="Sessions"
          value={f.number(s.sessions)}
          detail={`${f.minutes(s.average_minutes_per_day)} a day on average`}
        />
        <Stat
          label="Test average"
          value={f.percent(data.test_performance.average_score)}
          detail={`${f.count(data.test_performance.tests_taken, 'test')}${data.test_performance.trend ? `, ${f.humanize(data.test_performance.trend).toLowerCase()}` : ''}`}
        />
        <Stat
          label="Flashcard accuracy"
          value={f.percent(data.flashcard_mastery.accuracy)}
          detail={`${f.number(data.flashcard_mastery.cards_reviewed)} cards reviewed`}
        />
        <Stat
          label="Focus time"
          value={f.minutes(data.focus.focus_minutes)}
          detail={
            data.focus.focus_share === null
              ? undefined
              : `${f.percent(data.focus.focus_share)} of study`
          }
        />
        <Stat
          label="Assignments done"
          value={f.number(data.assignment_completion.assignments_completed)}
        />
        <Stat
          label="Mood / productivity"
          value={`${f.number(data.focus.average_mood, 1)} / ${f.number(data.focus.average_productivity, 1)}`}
          detail="average rating out of 5"
        />
      </dl>
    </>
  );
}

function Insights({ data }: { data: Overview }) {
  const lists = [
    { title: 'Strengths', items: data.strengths },
    { title: 'To work on', items: data.areas_for_improvement },
    { title: 'Recommendations', items: data.recommendations },
  ].filter((l) => l.items.length > 0);
  if (lists.length === 0) return null;
  return (
    <Section title="Insights" id="insights">
      <div class="columns">
        {lists.map((l) => (
          <div key={l.title}>
            <h3>{l.title}</h3>
            <ul class="bullets">
              {l.items.map((item) => (
                <li key={item}>{f.prose(item)}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </Section>
  );
}

/** A period's study minutes per class, as the trends answer them for study time. */
type ClassMinutes = { class_id: number | null; minutes: number }[];
/** Beyond this many classes, the rest share one part of the bars. */
const MAX_PARTS = 6;

/** The bars' parts: the classes of the span, most studied first, each in its own colour. */
function classParts(
  points: Trends['data_points'],
  classLabel: (id: number | null) => string,
): ChartPart[] {
  const split = points.map((p) => (p as { by_class?: ClassMinutes }).by_class ?? []);
  const totals = new Map<number | null, number>();
  for (const day of split) {
    for (const c of day) totals.set(c.class_id, (totals.get(c.class_id) ?? 0) + c.minutes);
  }
  if (totals.size === 0) return [];
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const shown = ranked.length > MAX_PARTS ? ranked.slice(0, MAX_PARTS - 1) : ranked;
  const minutesOf = (id: number | null) =>
    split.map((day) => day.find((c) => c.class_id === id)?.minutes ?? 0);
  const parts = shown.map((id) => ({
    label: id === null ? 'No class' : classLabel(id),
    color: classColor(id),
    values: minutesOf(id),
  }));
  if (ranked.length > shown.length) {
    const rest = ranked.slice(shown.length);
    parts.push({
      label: 'Other classes',
      color: '--class-none',
      values: split.map((day) =>
        day.filter((c) => rest.includes(c.class_id)).reduce((sum, c) => sum + c.minutes, 0),
      ),
    });
  }
  return parts;
}

function TrendsSection({ ready }: { ready: boolean }) {
  const { api, preferences, preferencesVersion } = useApp();
  const classLabel = useClassName();
  const { query } = useLocation();
  const metric = oneOf(TREND_METRICS, query.get('metric'), 'study_time');
  const grain = oneOf(['daily', 'weekly', 'monthly'] as const, query.get('grain'), 'daily');
  const points = grain === 'daily' ? 30 : grain === 'weekly' ? 12 : 12;
  const trends = useResource(
    ready ? `trends:${metric}:${grain}:${preferencesVersion}` : null,
    (signal) =>
      api.get<Trends>(
        '/performance/trends',
        { metric_type: metric, period: grain, points },
        signal,
      ),
  );
  const m = METRICS[metric];
  // The periods just before the ones shown, as ghost bars: twice the span, the older half.
  const before = useResource(
    ready && m.bars ? `trends-before:${metric}:${grain}:${preferencesVersion}` : null,
    (signal) =>
      api.get<Trends>(
        '/performance/trends',
        { metric_type: metric, period: grain, points: points * 2 },
        signal,
      ),
  );
  const data = trends.data;
  const hasValues = data?.data_points.some((p) => p.value !== null && p.value !== 0);
  const target = preferences.weekly_target_minutes ?? null;
  const goal =
    metric === 'study_time' && target && grain !== 'monthly'
      ? grain === 'daily'
        ? {
            label: `A day's share of your weekly target (${f.minutes(target / 7)})`,
            value: target / 7,
          }
        : { label: `Weekly target (${f.minutes(target)})`, value: target }
      : undefined;
  const previous = before.data?.data_points.slice(0, points).map((p) => p.value);
  const drawing = m.bars && before.status === 'loading' && !before.data;
  const unit = grain === 'daily' ? 'days' : grain === 'weekly' ? 'weeks' : 'months';
  return (
    <Section
      title="Trends"
      id="trends"
      actions={
        <div class="inline-fields">
          <label>
            Metric
            <select value={metric} onChange={(e) => setQuery({ metric: e.currentTarget.value })}>
              {TREND_METRICS.map((t) => (
                <option key={t} value={t}>
                  {METRICS[t].label}
                </option>
              ))}
            </select>
          </label>
          <label>
            By
            <select value={grain} onChange={(e) => setQuery({ grain: e.currentTarget.value })}>
              <option value="daily">Day</option>
              <option value="weekly">Week</option>
              <option value="monthly">Month</option>
            </select>
          </label>
        </div>
      }
    >
      {/* The chart waits for the periods before too, so it is drawn once, legend and all. */}
      {(trends.status === 'loading' || (data && drawing)) && (
        <SkeletonBlock label="Loading trends…" height={{ phone: '24rem', wide: '19.5rem' }} />
      )}
      {trends.status === 'error' && trends.error && (
        <ErrorNotice what="Trends" error={trends.error} onRetry={trends.reload} />
      )}
      {data && !drawing && (
        <>
          <p class="trend-line">
            {/* The trend covers the chart's whole span, said so, so it never reads as a second
                figure for the overview's period above. */}
            Over the {points} {grain === 'daily' ? 'days' : grain === 'weekly' ? 'weeks' : 'months'}{' '}
            shown: <strong>{TREND_WORDS[data.overall_trend].toLowerCase()}</strong>
            {data.overall_trend !== 'insufficient_data' && data.trend_percentage !== null && (
              <> ({f.change(data.trend_percentage)})</>
            )}
          </p>
          {!hasValues && (
            <p class="muted">No {m.label.toLowerCase()} recorded in these periods yet.</p>
          )}
          <TimeChart
            title={`${m.label} by ${grain === 'daily' ? 'day' : grain === 'weekly' ? 'week' : 'month'}`}
            days={data.data_points.map((p) => p.period_start)}
            grain={grain}
            parts={metric === 'study_time' ? classParts(data.data_points, classLabel) : []}
            ghost={
              previous && previous.length === points
                ? { label: `The ${points} ${unit} before`, values: previous }
                : undefined
            }
            goal={goal}
            series={[
              {
                label: m.label,
                values: data.data_points.map((p) => p.value),
                color: '--chart-1',
                bars: m.bars,
                format: m.format,
                axis: m.axis,
              },
            ]}
          />
        </>
      )}
    </Section>
  );
}

function HeatmapSection({ ready }: { ready: boolean }) {
  const { api, preferences, preferencesLoaded, preferencesVersion } = useApp();
  const today = f.today(preferences.timezone);
  const thisYear = Number(today.slice(0, 4));
  // The last 12 months span this year and the one before.
  const heatmap = useResource(
    ready && preferencesLoaded ? `heatmap:${today}:${preferencesVersion}` : null,
    async (signal) => {
      const [before, now] = await Promise.all(
        [thisYear - 1, thisYear].map((year) =>
          api.get<HeatmapData>('/performance/heatmap', { year }, signal),
        ),
      );
      return new Map(
        [...(before?.days ?? []), ...(now?.days ?? [])].map((d) => [d.date, d] as const),
      );
    },
  );
  return (
    <Section title="Study calendar" id="calendar">
      {heatmap.status === 'loading' && (
        <SkeletonBlock
          label="Loading the calendar…"
          height={{ phone: '15.6rem', wide: '14.45rem' }}
        />
      )}
      {heatmap.status === 'error' && heatmap.error && (
        <ErrorNotice what="The calendar" error={heatmap.error} onRetry={heatmap.reload} />
      )}
      {heatmap.data && (
        <Heatmap days={heatmap.data} today={today} weekStart={preferences.week_start} />
      )}
    </Section>
  );
}

function ComparisonSection({ period, ready }: { period: Period; ready: boolean }) {
  const { api, preferencesVersion } = useApp();
  const grain = period === 'all_time' || period === 'last_7_days' ? 'weekly' : period;
  // Students are compared over the last complete week or month only (never a day).
  const peerGrain = grain === 'monthly' ? 'monthly' : 'weekly';
  const v = preferencesVersion;
  const byPeriod = useResource(ready ? `cmp-period:${grain}:${v}` : null, (signal) =>
    api.get<PeriodComparison>(
      '/performance/comparison',
      { compare_by: 'period', period: grain },
      signal,
    ),
  );
  const byClass = useResource(ready ? `cmp-class:${grain}:${v}` : null, (signal) =>
    api.get<ClassComparison>(
      '/performance/comparison',
      { compare_by: 'class', period: grain },
      signal,
    ),
  );
  const peers = useResource(ready ? `cmp-peers:${peerGrain}:${v}` : null, (signal) =>
    api.get<PeerComparison>(
      '/performance/comparison',
      { compare_by: 'peers', period: peerGrain },
      signal,
    ),
  );
  const unit = grain === 'daily' ? 'day' : grain === 'weekly' ? 'week' : 'month';
  return (
    <Section title="Comparison" id="comparison">
      <div class="columns">
        <div>
          <h3>This {unit} and the one before</h3>
          {byPeriod.status === 'loading' && <Loading label="Loading the comparison…" />}
          {byPeriod.error && (
            <ErrorNotice what="The comparison" error={byPeriod.error} onRetry={byPeriod.reload} />
          )}
          {byPeriod.data && <PeriodTable data={byPeriod.data} />}
        </div>
        <div>
          <h3>By class, this {unit}</h3>
          {byClass.status === 'loading' && <Loading label="Loading classes…" />}
          {byClass.error && (
            <ErrorNotice
              what="The class comparison"
              error={byClass.error}
              onRetry={byClass.reload}
            />
          )}
          {byClass.data && <ClassBars data={byClass.data} />}
          <h3>Among students, last {peerGrain === 'monthly' ? 'month' : 'week'}</h3>
          {peers.status === 'loading' && <Loading label="Loading the cohort…" />}
          {peers.error && (
            <ErrorNotice what="The cohort comparison" error={peers.error} onRetry={peers.reload} />
          )}
          {peers.data && (
            <PeerLine data={peers.data} unit={peerGrain === 'monthly' ? 'month' : 'week'} />
          )}
        </div>
      </div>
    </Section>
  );
}

function PeriodTable({ data }: { data: PeriodComparison }) {
  // The figures each change was measured against (the same days, while this period runs).
  const before = data.change.previous;
  const rows = [
    {
      label: 'Study time',
      now: f.minutes(data.current.minutes),
      before: f.minutes(before.minutes),
      change: data.change.minutes_percentage,
    },
    {
      label: 'Sessions',
      now: f.number(data.current.sessions),
      before: f.number(before.sessions),
      change: data.change.sessions_percentage,
    },
    {
      label: 'Points',
      now: f.number(data.current.points),
      before: f.number(before.points),
      change: data.change.points_percentage,
    },
    {
      label: 'Test average',
      now: f.percent(data.current.average_test_score),
      before: f.percent(data.previous.average_test_score),
      change: null,
    },
  ];
  return (
    <TableScroll label="This period and the previous one">
      <table>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Now</th>
            <th scope="col">Before{data.change.compared_to === 'to_date' ? ' (same days)' : ''}</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.now}</td>
              <td>{r.before}</td>
              <td class={`tone-${f.changeTone(r.change)}`}>
                {r.label === 'Test average' ? f.DASH : f.change(r.change)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ClassBars({ data }: { data: ClassComparison }) {
  const classLabel = useClassName();
  if (data.classes.length === 0) return <p class="muted">No class studied in this period.</p>;
  const max = Math.max(...data.classes.map((c) => c.minutes), 1);
  return (
    <ol class="bars">
      {data.classes.map((c) => (
        <li key={c.class_id ?? 'none'}>
          <span class="bar-label">
            {classLabel(c.class_id, c.class_name)}
            <span class="muted">
              {' '}
              · {c.sessions} session{c.sessions === 1 ? '' : 's'}
              {c.average_test_score !== null && ` · tests ${f.percent(c.average_test_score)}`}
            </span>
          </span>
          <span class="bar-track" aria-hidden="true">
            <span class="bar-fill" style={{ width: `${(c.minutes / max) * 100}%` }} />
          </span>
          <span class="bar-value">{f.minutes(c.minutes)}</span>
        </li>
      ))}
    </ol>
  );
}

function PeerLine({ data, unit }: { data: PeerComparison; unit: string }) {
  if (data.percentile === null) {
    return (
      <p class="muted">
        Not enough students to compare with yet ({data.cohort_size} of the {data.minimum_cohort}{' '}
        needed), so your figures stay private.
      </p>
    );
  }
  return (
    <p>
      With {f.minutes(data.minutes)} last {unit}, you studied more than{' '}
      <strong>{f.percent(data.percentile)}</strong> of {data.cohort_size} students.
    </p>
  );
}

function PointsSection({ ready }: { ready: boolean }) {
  const { api } = useApp();
  const tz = useTimeZone();
  const points = useResource(ready ? 'points' : null, (signal) =>
    api.get<Points>('/points', { limit: 30 }, signal),
  );
  // Sessions under 5 minutes are awarded 0 points: a list of "+0" says nothing.
  const earning = points.data?.awards.filter((a) => a.points > 0).slice(0, 5) ?? [];
  return (
    <Section title="Points" id="points">
      {points.status === 'loading' && (
        <SkeletonBlock label="Loading points…" height={{ phone: '21rem', wide: '13.5rem' }} />
      )}
      {points.error && <ErrorNotice what="Points" error={points.error} onRetry={points.reload} />}
      {points.data && (
        <>
          <p class="big-figure">
            <span data-testid="points-total">{f.number(points.data.total_points)}</span> points
          </p>
          {earning.length > 0 ? (
            <ul class="plain-list" aria-label="Latest points">
              {earning.map((a) => (
                <li key={`${a.reference_type}:${a.reference_id}`}>
                  <strong>+{a.points}</strong> for {a.reason.replace(/_/g, ' ')} ·{' '}
                  {f.dateTime(a.awarded_at, tz)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">Points come from finished sessions of 5 minutes or more.</p>
          )}
        </>
      )}
    </Section>
  );
}
