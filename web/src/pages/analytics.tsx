/** /dashboard/analytics: overview, trends, calendar heatmap, comparisons, insights and points. */
import { useApp, useTimeZone } from '../components/context';
import { Heatmap } from '../components/heatmap';
import { Link } from '../components/link';
import { TimeChart } from '../components/time-chart';
import { Empty, ErrorNotice, Loading, Section, Stat, TableScroll } from '../components/ui';
import * as f from '../lib/format';
import { useResource } from '../lib/resource';
import { setQuery, useLocation } from '../lib/router';
import {
  type ClassComparison,
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

const PERIODS: { value: OverviewPeriod; label: string }[] = [
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
  const { query } = useLocation();
  const period = oneOf(
    PERIODS.map((p) => p.value),
    query.get('period'),
    'weekly',
  );
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Analytics</h1>
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
      </div>
      <OverviewSection period={period} />
      <TrendsSection />
      <HeatmapSection />
      <ComparisonSection period={period} />
      <PointsSection />
    </>
  );
}

function useOverview(period: OverviewPeriod) {
  const { api, preferencesVersion } = useApp();
  return useResource(`overview:${period}:${preferencesVersion}`, (signal) =>
    api.get<Overview>('/performance/overview', { period }, signal),
  );
}

function OverviewSection({ period }: { period: OverviewPeriod }) {
  const overview = useOverview(period);
  const label = PERIODS.find((p) => p.value === period)?.label ?? '';
  return (
    <>
      <Section title={`Overview: ${label.toLowerCase()}`} id="overview">
        {overview.status === 'loading' && <Loading label="Loading your overview…" />}
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
          label="Streak"
          value={`${f.number(data.streak.current_days)} days`}
          detail={`Longest: ${f.number(data.streak.longest_days)} days`}
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
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </Section>
  );
}

function TrendsSection() {
  const { api, preferencesVersion } = useApp();
  const { query } = useLocation();
  const metric = oneOf(TREND_METRICS, query.get('metric'), 'study_time');
  const grain = oneOf(['daily', 'weekly', 'monthly'] as const, query.get('grain'), 'daily');
  const points = grain === 'daily' ? 30 : grain === 'weekly' ? 12 : 12;
  const trends = useResource(`trends:${metric}:${grain}:${preferencesVersion}`, (signal) =>
    api.get<Trends>('/performance/trends', { metric_type: metric, period: grain, points }, signal),
  );
  const m = METRICS[metric];
  const data = trends.data;
  const hasValues = data?.data_points.some((p) => p.value !== null && p.value !== 0);
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
      {trends.status === 'loading' && <Loading label="Loading trends…" />}
      {trends.status === 'error' && trends.error && (
        <ErrorNotice what="Trends" error={trends.error} onRetry={trends.reload} />
      )}
      {data && (
        <>
          <p class="trend-line">
            <strong>{TREND_WORDS[data.overall_trend]}</strong>
            {data.overall_trend !== 'insufficient_data' && data.trend_percentage !== null && (
              <> ({f.change(data.trend_percentage)} over the period)</>
            )}
          </p>
          {!hasValues && (
            <p class="muted">No {m.label.toLowerCase()} recorded in these periods yet.</p>
          )}
          <TimeChart
            title={`${m.label} by ${grain === 'daily' ? 'day' : grain === 'weekly' ? 'week' : 'month'}`}
            days={data.data_points.map((p) => p.period_start)}
            series={[
              {
                label: m.label,
                values: data.data_points.map((p) => p.value),
                color: '#2563eb',
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

function HeatmapSection() {
  const { api, preferences, preferencesVersion } = useApp();
  const { query } = useLocation();
  const thisYear = Number(f.today(preferences.timezone).slice(0, 4));
  const asked = Number(query.get('year'));
  const year = asked >= 2000 && asked <= thisYear ? asked : thisYear;
  const heatmap = useResource(`heatmap:${year}:${preferencesVersion}`, (signal) =>
    api.get<HeatmapData>('/performance/heatmap', { year }, signal),
  );
  return (
    <Section
      title="Study calendar"
      id="calendar"
      actions={
        <label>
          Year
          <select value={year} onChange={(e) => setQuery({ year: e.currentTarget.value })}>
            {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {heatmap.status === 'loading' && <Loading label="Loading the calendar…" />}
      {heatmap.status === 'error' && heatmap.error && (
        <ErrorNotice what="The calendar" error={heatmap.error} onRetry={heatmap.reload} />
      )}
      {heatmap.data && <Heatmap data={heatmap.data} />}
    </Section>
  );
}

function ComparisonSection({ period }: { period: OverviewPeriod }) {
  const { api, preferencesVersion } = useApp();
  const grain = period === 'all_time' ? 'weekly' : period;
  const v = preferencesVersion;
  const byPeriod = useResource(`cmp-period:${grain}:${v}`, (signal) =>
    api.get<PeriodComparison>(
      '/performance/comparison',
      { compare_by: 'period', period: grain },
      signal,
    ),
  );
  const byClass = useResource(`cmp-class:${grain}:${v}`, (signal) =>
    api.get<ClassComparison>(
      '/performance/comparison',
      { compare_by: 'class', period: grain },
      signal,
    ),
  );
  const peers = useResource(`cmp-peers:${grain}:${v}`, (signal) =>
    api.get<PeerComparison>(
      '/performance/comparison',
      { compare_by: 'peers', period: grain },
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
          <h3>Among students</h3>
          {peers.status === 'loading' && <Loading label="Loading the cohort…" />}
          {peers.error && (
            <ErrorNotice what="The cohort comparison" error={peers.error} onRetry={peers.reload} />
          )}
          {peers.data && <PeerLine data={peers.data} unit={unit} />}
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
  if (data.classes.length === 0) return <p class="muted">No class studied in this period.</p>;
  const max = Math.max(...data.classes.map((c) => c.minutes), 1);
  return (
    <ol class="bars">
      {data.classes.map((c) => (
        <li key={c.class_id ?? 'none'}>
          <span class="bar-label">
            {f.className(c.class_id, c.class_name)}
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
      With {f.minutes(data.minutes)} this {unit}, you studied more than{' '}
      <strong>{f.percent(data.percentile)}</strong> of {data.cohort_size} students.
    </p>
  );
}

function PointsSection() {
  const { api } = useApp();
  const tz = useTimeZone();
  const points = useResource('points', (signal) =>
    api.get<Points>('/points', { limit: 5 }, signal),
  );
  return (
    <Section title="Points" id="points">
      {points.status === 'loading' && <Loading label="Loading points…" />}
      {points.error && <ErrorNotice what="Points" error={points.error} onRetry={points.reload} />}
      {points.data && (
        <>
          <p class="big-figure">
            <span data-testid="points-total">{f.number(points.data.total_points)}</span> points
            <span class="muted"> from {points.data.award_count} sessions</span>
          </p>
          {points.data.awards.length > 0 ? (
            <ul class="plain-list">
              {points.data.awards.map((a) => (
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
