/**
 * /dashboard/reports: daily, weekly and monthly reports with CSV export and the email's preview,
 * and the preferences that shape them (time zone, week start, emailed reports).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApp, useClassName } from '../components/context';
import { Link } from '../components/link';
import { TimeChart } from '../components/time-chart';
import {
  Empty,
  ErrorNotice,
  FormMessage,
  Loading,
  Section,
  SkeletonBlock,
  Stat,
  TableScroll,
} from '../components/ui';
import { ApiError } from '../lib/api';
import * as f from '../lib/format';
import { isPeriod, lastCompletePeriod, PERIOD_PARAM, periodOf, shiftPeriod } from '../lib/periods';
import { useResource } from '../lib/resource';
import { setQuery, useLocation } from '../lib/router';
import { timeZones } from '../lib/time-zones';
import type { Preferences, Report, ReportKind } from '../lib/types';

const KINDS: { value: ReportKind; label: string }[] = [
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
];

const INPUT_TYPE: Record<ReportKind, 'date' | 'week' | 'month'> = {
  daily: 'date',
  weekly: 'week',
  monthly: 'month',
};

export function ReportsPage() {
  const { query } = useLocation();
  const asked = query.get('kind');
  const kind: ReportKind = KINDS.some((k) => k.value === asked) ? (asked as ReportKind) : 'weekly';
  const param = PERIOD_PARAM[kind];
  const period = isPeriod(kind, query.get(param)) ? (query.get(param) as string) : undefined;
  const [settled, setSettled] = useState(false);

  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Reports</h1>
        <fieldset class="segmented">
          <legend class="visually-hidden">Report</legend>
          {KINDS.map((k) => (
            <label key={k.value}>
              <input
                type="radio"
                name="report-kind"
                value={k.value}
                checked={kind === k.value}
                onChange={() => setQuery({ kind: k.value, date: '', week: '', month: '' })}
              />
              <span>{k.label}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <ReportView kind={kind} period={period} onSettled={setSettled} />
      {/* Below a report whose height is unknown until it loads: shown after it, so it never jumps. */}
      {settled && <PreferencesForm />}
    </>
  );
}

function filename(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

function ReportView({
  kind,
  period: asked,
  onSettled,
}: {
  kind: ReportKind;
  period: string | undefined;
  /** Told once the first report (or its error) is shown. */
  onSettled(settled: true): void;
}) {
  const { api, preferences, preferencesLoaded, preferencesVersion } = useApp();
  const param = PERIOD_PARAM[kind];
  const path = `/reports/${kind}`;
  const today = f.today(preferences.timezone);
  const current = periodOf(kind, today, preferences.week_start);
  // Unless one is asked for, the last complete period: a report of a week just begun is empty.
  const period = asked ?? lastCompletePeriod(kind, today, preferences.week_start);
  const report = useResource(
    preferencesLoaded ? `report:${kind}:${period}:${preferencesVersion}` : null,
    (signal) => api.get<Report>(path, { [param]: period }, signal),
  );
  const shown = report.data?.period ?? period;
  const settled = report.status !== 'loading';
  useEffect(() => {
    if (settled) onSettled(true);
  }, [settled, onSettled]);
  const [csvMessage, setCsvMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const go = (to: string | undefined) => setQuery({ [param]: to }, true);

  const downloadCsv = async () => {
    setCsvMessage(null);
    try {
      const response = await api.fetch(path, { query: { [param]: shown, format: 'csv' } });
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename(response, `study-report-${shown ?? kind}.csv`);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setCsvMessage({ ok: true, text: `Downloaded ${link.download}.` });
    } catch (err) {
      setCsvMessage({
        ok: false,
        text: err instanceof ApiError ? err.message : 'The download failed.',
      });
    }
  };

  return (
    <Section
      title={report.data ? `${KINDS.find((k) => k.value === kind)?.label} report` : 'Report'}
      id="report"
      actions={
        <div class="inline-fields">
          <button
            type="button"
            disabled={!shown}
            onClick={() => shown && go(shiftPeriod(kind, shown, -1))}
          >
            <span aria-hidden="true">←</span> Previous
          </button>
          <label>
            <span class="visually-hidden">
              {kind === 'daily' ? 'Day' : kind === 'weekly' ? 'Week' : 'Month'}
            </span>
            <input
              type={INPUT_TYPE[kind]}
              value={shown ?? ''}
              onChange={(e) => isPeriod(kind, e.currentTarget.value) && go(e.currentTarget.value)}
            />
          </label>
          <button
            type="button"
            disabled={!shown}
            onClick={() => shown && go(shiftPeriod(kind, shown, 1))}
          >
            Next <span aria-hidden="true">→</span>
          </button>
          <button type="button" disabled={shown === current} onClick={() => go(current)}>
            {kind === 'daily' ? 'Today' : kind === 'weekly' ? 'This week' : 'This month'}
          </button>
        </div>
      }
    >
      {report.status === 'loading' && <SkeletonBlock label="Loading the report…" height="24rem" />}
      {report.error && (
        <ErrorNotice what="The report" error={report.error} onRetry={report.reload} />
      )}
      {report.data && (
        <>
          <div class="report-toolbar">
            <p class="muted">
              {f.dayRange(report.data.period_start, report.data.period_end)} ({report.data.timezone}
              )
            </p>
            <button type="button" onClick={() => void downloadCsv()}>
              Download CSV
            </button>
          </div>
          <FormMessage message={csvMessage} />
          <ReportBody report={report.data} />
          {/* Daily and weekly reports are emailed; a monthly one has no email to preview. */}
          {kind !== 'monthly' && (
            <EmailPreview path={path} query={{ [param]: report.data.period }} />
          )}
        </>
      )}
    </Section>
  );
}

function ReportBody({ report }: { report: Report }) {
  const { preferences } = useApp();
  const classLabel = useClassName();
  const s = report.summary;
  const empty = s.sessions === 0 && s.minutes === 0;
  const maxDay = Math.max(...report.days.map((d) => d.minutes), 1);
  return (
    <>
      {report.highlights.length > 0 && (
        <ul class="highlights">
          {report.highlights.map((h) => (
            <li key={h}>{f.prose(h)}</li>
          ))}
        </ul>
      )}
      {empty && (
        <Empty>
          <p>
            No study in this period. <Link href="/dashboard/sessions">Start a session</Link> and it
            will show up here.
          </p>
        </Empty>
      )}
      <dl class="stats">
        <Stat
          label="Study time"
          value={f.minutes(s.minutes)}
          detail={`${f.change(report.change.minutes_percentage)} vs ${f.comparedWith(report.change.compared_to)} (${f.minutes(report.change.previous.minutes)})`}
          tone={f.changeTone(report.change.minutes_percentage)}
        />
        <Stat
          label="Sessions"
          value={f.number(s.sessions)}
          detail={f.change(report.change.sessions_percentage)}
          tone={f.changeTone(report.change.sessions_percentage)}
        />
        <Stat
          label="Points"
          value={f.number(s.points)}
          detail={f.change(report.change.points_percentage)}
          tone={f.changeTone(report.change.points_percentage)}
        />
        <Stat
          label="Tests"
          value={f.percent(s.average_test_score, 1)}
          detail={`${f.number(s.tests_taken)} taken`}
        />
        <Stat
          label="Flashcards"
          value={f.percent(s.flashcard_accuracy, 1)}
          detail={`${f.number(s.flashcards_reviewed)} reviewed`}
        />
        <Stat label="Focus time" value={f.minutes(s.focus_minutes)} />
      </dl>
      {report.days.length > 1 && (
        <>
          <h3>By day</h3>
          <TimeChart
            title="Study time by day"
            days={report.days.map((d) => d.date)}
            grain="daily"
            height={180}
            series={[
              {
                label: 'Study time',
                values: report.days.map((d) => d.minutes),
                color: '--chart-1',
                bars: true,
                format: f.minutes,
                axis: f.shortMinutes,
              },
            ]}
          />
          <TableScroll label="Study by day">
            <table class="days" data-testid="report-days">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Studied</th>
                  <th scope="col" class="bar-col">
                    <span class="visually-hidden">Bar</span>
                  </th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Points</th>
                </tr>
              </thead>
              <tbody>
                {report.days.map((d) => (
                  <tr key={d.date} data-date={d.date}>
                    <th scope="row">{f.day(d.date)}</th>
                    <td data-testid="day-minutes">{f.minutes(d.minutes)}</td>
                    <td class="bar-col" aria-hidden="true">
                      <span class="bar-track">
                        <span
                          class="bar-fill"
                          style={{ width: `${(d.minutes / maxDay) * 100}%` }}
                        />
                      </span>
                    </td>
                    <td>{d.sessions}</td>
                    <td>{d.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      {report.classes.length > 0 && (
        <>
          <h3>By class</h3>
          <TableScroll label="Study by class">
            <table>
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">Studied</th>
                  <th scope="col">Sessions</th>
                </tr>
              </thead>
              <tbody>
                {report.classes.map((c) => (
                  <tr key={c.class_id ?? 'none'}>
                    <th scope="row">{classLabel(c.class_id, c.class_name)}</th>
                    <td>{f.minutes(c.minutes)}</td>
                    <td>{c.sessions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      {report.goals.length > 0 && (
        <>
          <h3>Goals</h3>
          <ul class="plain-list">
            {report.goals.map((g) => (
              <li key={g.goal_id}>
                <strong>{g.goal_name}</strong>: {f.number(g.percentage_complete, 1)} %
                {g.status !== 'active'
                  ? ` (${f.humanize(g.status).toLowerCase()})`
                  : g.on_track === false
                    ? ' (behind)'
                    : g.on_track
                      ? ' (on track)'
                      : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.sessions.length > 0 && (
        <>
          <h3>Sessions</h3>
          <TableScroll label="Sessions in this report">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Studied</th>
                  <th scope="col">Class</th>
                </tr>
              </thead>
              <tbody>
                {report.sessions.map((x) => (
                  <tr key={x.session_id}>
                    <td>
                      <Link href={`/dashboard/sessions/${x.session_id}`}>
                        {f.dateTime(x.start_time, preferences.timezone)}
                      </Link>
                    </td>
                    <td data-label="Studied">{f.minutes(x.duration_minutes)}</td>
                    <td data-label="Class">
                      {classLabel(
                        x.class_id,
                        report.classes.find((c) => c.class_id === x.class_id)?.class_name,
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}

/** The report as it would be emailed, when the API can render it; hidden otherwise. */
function EmailPreview({ path, query }: { path: string; query: Record<string, string> }) {
  const { api, preferencesVersion } = useApp();
  const [html, setHtml] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const key = `${path}?${new URLSearchParams(query)}:${preferencesVersion}`;
  useEffect(() => {
    const controller = new AbortController();
    setHtml(null);
    setFailed(false);
    api
      .fetch(path, { query: { ...query, format: 'html' }, signal: controller.signal })
      .then(async (response) => {
        if ((response.headers.get('content-type') ?? '').includes('text/html')) {
          const body = await response.text();
          if (!controller.signal.aborted) setHtml(body);
        }
      })
      .catch(() => {
        // No preview from this API: the line stays empty.
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, [key, api]);
  // The line is kept while the preview loads, so nothing below it moves when it arrives.
  if (html === null)
    return <p class="email-preview muted">{failed ? '' : 'Preparing the email preview…'}</p>;
  return (
    <details class="email-preview">
      <summary>Preview the email</summary>
      <iframe title="Email preview" sandbox="" srcdoc={html} />
    </details>
  );
}

type EmailToggle = 'daily_report' | 'weekly_report' | 'skip_empty';

/** An email opt-in checkbox, shown once the API answers the preference. */
function PreferenceCheck({
  preferences,
  name,
  label,
}: {
  preferences: Preferences;
  name: EmailToggle;
  label: string;
}) {
  if (!(name in preferences)) return null;
  return (
    <label class="check">
      <input type="checkbox" name={name} defaultChecked={!!preferences[name]} /> {label}
    </label>
  );
}

function PreferencesForm() {
  const {
    api,
    preferences,
    preferencesLoaded,
    preferencesError,
    reloadPreferences,
    setPreferences,
  } = useApp();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(preferences.timezone) ? all : [preferences.timezone, ...all];
  }, [preferences.timezone]);
  const hasEmail = 'email' in preferences || 'daily_report' in preferences;

  if (!preferencesLoaded) {
    return (
      <Section title="Time zone and emailed reports" id="preferences">
        {preferencesError ? (
          <ErrorNotice
            what="Your preferences"
            error={preferencesError}
            onRetry={reloadPreferences}
          />
        ) : (
          <Loading label="Loading your preferences…" />
        )}
      </Section>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const wanted: Partial<Preferences> = {
      timezone: String(form.get('timezone')),
      week_start: String(form.get('week_start')) as Preferences['week_start'],
      day_starts_at_hour: Number(form.get('day_starts_at_hour')),
    };
    if ('email' in preferences) wanted.email = String(form.get('email') ?? '').trim() || null;
    for (const name of ['daily_report', 'weekly_report', 'skip_empty'] as const) {
      if (name in preferences) wanted[name] = form.get(name) === 'on';
    }
    if ('report_hour' in preferences) wanted.report_hour = Number(form.get('report_hour'));
    // Only what changed: the API validates every field it is sent.
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(
        ([name, value]) => preferences[name as keyof Preferences] !== value,
      ),
    );
    if (Object.keys(changes).length === 0) {
      setMessage({ ok: true, text: 'Nothing to save.' });
      return;
    }
    setBusy(true);
    try {
      const saved = await api.request<Preferences>('/preferences', {
        method: 'PUT',
        body: changes,
      });
      setPreferences({ ...preferences, ...changes, ...saved });
      setMessage({ ok: true, text: 'Preferences saved.' });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : 'Saving failed.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Time zone and emailed reports" id="preferences">
      <form class="form-grid" onSubmit={submit} aria-label="Preferences">
        <label>
          Time zone
          <select name="timezone">
            {zones.map((z) => (
              <option key={z} value={z} selected={z === preferences.timezone}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Week starts on
          <select name="week_start">
            <option value="monday" selected={preferences.week_start === 'monday'}>
              Monday
            </option>
            <option value="sunday" selected={preferences.week_start === 'sunday'}>
              Sunday
            </option>
          </select>
        </label>
        <label>
          Day starts at
          <select name="day_starts_at_hour" aria-describedby="day-start-hint">
            {[0, 1, 2, 3, 4, 5, 6].map((h) => (
              <option key={h} value={h} selected={h === preferences.day_starts_at_hour}>
                {`${String(h).padStart(2, '0')}:00`}
              </option>
            ))}
          </select>
          <span id="day-start-hint" class="hint">
            Late-night study counts for the evening before.
          </span>
        </label>
        {hasEmail && (
          <fieldset class="full email-fields">
            <legend>Emailed reports</legend>
            {'email' in preferences && (
              <label>
                Email address
                <input
                  name="email"
                  type="email"
                  autoComplete="email"
                  defaultValue={preferences.email ?? ''}
                />
              </label>
            )}
            <PreferenceCheck preferences={preferences} name="daily_report" label="Daily report" />
            <PreferenceCheck preferences={preferences} name="weekly_report" label="Weekly report" />
            {'report_hour' in preferences && (
              <label>
                Send at
                <select name="report_hour">
                  {Array.from({ length: 24 }, (_, h) => (
                    <option key={h} value={h} selected={h === (preferences.report_hour ?? 7)}>
                      {`${String(h).padStart(2, '0')}:00`}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <PreferenceCheck
              preferences={preferences}
              name="skip_empty"
              label="Skip reports for periods without study"
            />
          </fieldset>
        )}
        <div class="full">
          <button type="submit" class="primary" disabled={busy}>
            Save preferences
          </button>
        </div>
        <FormMessage message={message} />
      </form>
    </Section>
  );
}
