/**
 * /dashboard/sessions: the open session with a live timer and its controls, logging activities,
 * history with filters and pages, points; /dashboard/sessions/:id: one session in detail.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { autoClosedNotice } from '../../../functions/core/forgotten-sessions';
import { ClassPicker } from '../components/class-picker';
import { useApp, useClassName, useTimeZone } from '../components/context';
import { Link } from '../components/link';
import {
  ConfirmAutoClosed,
  DeleteSession,
  EditSessionForm,
  PastSessionForm,
} from '../components/session-record';
import {
  Empty,
  ErrorNotice,
  FormMessage,
  Loading,
  Section,
  SkeletonRows,
  Stat,
  TableScroll,
} from '../components/ui';
import { announceSessionChange, studiedSeconds, useActiveSession } from '../lib/active-session';
import { ApiError } from '../lib/api';
import type { components } from '../lib/api-types';
import * as f from '../lib/format';
import { randomToken } from '../lib/pkce';
import { useResource } from '../lib/resource';
import { navigate, setQuery, useLocation } from '../lib/router';
import {
  ACTIVITY_TYPES,
  type ActivityType,
  type Points,
  SESSION_TYPES,
  type Session,
  type SessionList,
  type SessionType,
} from '../lib/types';

type Message = { ok: boolean; text: string } | null;
const failed = (err: unknown): Message => ({
  ok: false,
  text: err instanceof ApiError ? err.message : 'Something went wrong. Try again.',
});

export function SessionsPage() {
  const { api } = useApp();
  // Bumped whenever a session changes, so history and points read again.
  const [changes, setChanges] = useState(0);
  const points = useResource(
    'points-total',
    (signal) => api.get<Points>('/points', { limit: 1 }, signal),
    changes,
  );
  const [awaitingAward, setAwaitingAward] = useState(false);

  /** Points are awarded asynchronously after a session ends; watch for the award to land. */
  const onEnded = async (before: number | undefined) => {
    setChanges((c) => c + 1);
    setAwaitingAward(true);
    try {
      for (let attempt = 1; attempt <= 8; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        const now = await api.get<Points>('/points', { limit: 1 });
        if (before === undefined || now.award_count > before) break;
      }
    } catch {
      // the points panel shows its own error on the next read
    } finally {
      setAwaitingAward(false);
      setChanges((c) => c + 1);
    }
  };

  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Sessions</h1>
        <p class="points-pill" aria-live="polite">
          {points.data ? (
            <>
              <span data-testid="points-total">{f.number(points.data.total_points)}</span> points
              {awaitingAward && <span class="muted"> (adding your latest session…)</span>}
            </>
          ) : points.error ? (
            'Points unavailable'
          ) : (
            'Loading points…'
          )}
        </p>
      </div>
      <AutoClosedNotice changes={changes} />
      <ActiveSession
        onChange={() => setChanges((c) => c + 1)}
        onEnded={() => void onEnded(points.data?.award_count)}
        below={
          <>
            <Section title="Add a past session" id="add-past">
              <PastSessionForm onAdded={() => setChanges((c) => c + 1)} />
            </Section>
            <History changes={changes} onChange={() => setChanges((c) => c + 1)} />
          </>
        }
      />
    </>
  );
}

const DISMISSED_KEY = 'auto-closed-notice-dismissed';

/**
 * Tells the student when their latest session was left running and closed automatically, and
 * how much of it counted, until they dismiss it.
 */
function AutoClosedNotice({ changes }: { changes: number }) {
  const { api } = useApp();
  const tz = useTimeZone();
  const latest = useResource(
    'latest-session',
    (signal) => api.get<SessionList>('/sessions', { limit: 1 }, signal),
    changes,
  );
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED_KEY));
  const session = latest.data?.sessions[0];
  if (!session?.auto_closed || String(session.session_id) === dismissed) return null;
  return (
    <div class="state notice" role="status" data-testid="auto-closed-notice">
      <p>
        {autoClosedNotice(session, f.dateTime(session.start_time, tz))}{' '}
        <Link href={`/dashboard/sessions/${session.session_id}`}>See the session</Link>
      </p>
      <button
        type="button"
        onClick={() => {
          localStorage.setItem(DISMISSED_KEY, String(session.session_id));
          setDismissed(String(session.session_id));
        }}
      >
        Dismiss
      </button>
    </div>
  );
}

function Timer({ session }: { session: Session }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (session.status !== 'active') return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [session.status]);
  const seconds = studiedSeconds(session, session.status === 'active' ? now : Date.now());
  return (
    <p class="timer">
      <span class="visually-hidden">Studied so far: </span>
      <span role="timer" aria-live="off" data-testid="timer">
        {f.clock(seconds)}
      </span>
      {session.status === 'paused' && <span class="badge warn">Paused</span>}
    </p>
  );
}

function ActiveSession({
  onChange,
  onEnded,
  below,
}: {
  onChange(): void;
  onEnded(): void;
  /** What follows the session's panel: shown once the panel has its height, so it never jumps. */
  below: ComponentChildren;
}) {
  const { api, reloadClasses } = useApp();
  const tz = useTimeZone();
  const classLabel = useClassName();
  // One key for the page's life: a reload keeps the session shown (and focus where it was).
  const active = useActiveSession();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState(false);
  const refresh = () => {
    announceSessionChange();
    onChange();
  };
  // Starting replaces the start form with the session's controls and ending does the reverse:
  // the focus follows to the first control rather than falling to the page.
  const sessionId = active.data?.session?.session_id ?? null;
  const section = useRef<HTMLDivElement>(null);
  const seenId = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    const before = seenId.current;
    seenId.current = sessionId;
    if (before === undefined || before === sessionId) return;
    const focusLost = document.activeElement === document.body || !document.activeElement;
    if (focusLost) section.current?.querySelector<HTMLElement>('button')?.focus();
  }, [sessionId]);

  // Busy buttons are aria-disabled, not disabled: a disabled button drops the keyboard focus.
  const act = async (what: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await what();
      setMessage({ ok: true, text: done });
      refresh();
    } catch (err) {
      setMessage(failed(err));
      // A 409 means the session changed elsewhere: show its real state.
      if (err instanceof ApiError && err.status === 409) announceSessionChange();
    } finally {
      setBusy(false);
    }
  };

  if (active.status === 'loading' && !active.data) {
    return (
      <Section title="Current session" id="current">
        <Loading label="Looking for an open session…" />
      </Section>
    );
  }
  if (active.error && !active.data) {
    return (
      <>
        <Section title="Current session" id="current">
          <ErrorNotice what="Your current session" error={active.error} onRetry={active.reload} />
        </Section>
        {below}
      </>
    );
  }
  const session = active.data?.session ?? null;
  if (!session) {
    return (
      <>
        <div ref={section}>
          <Section title="Start a session" id="current">
            <StartForm
              onStarted={() => {
                setMessage({ ok: true, text: 'Session started. Good luck!' });
                reloadClasses();
                refresh();
              }}
            />
            <FormMessage message={message} />
          </Section>
        </div>
        {below}
      </>
    );
  }
  const id = session.session_id;
  return (
    <>
      <div ref={section}>
        <Section title="Current session" id="current">
          <div class="active-card" data-testid="active-session">
            <Timer session={session} />
            <p class="muted">
              Started {f.dateTime(session.start_time, tz)} · {f.humanize(session.session_type)} ·{' '}
              {classLabel(session.class_id)}
              {session.focus_mode && ' · Focus mode'}
              {session.location && ` · ${session.location}`}
            </p>
            <div class="actions">
              {session.status === 'active' ? (
                <button
                  type="button"
                  aria-disabled={busy}
                  onClick={() =>
                    act(() => api.request(`/sessions/${id}/pause`, { method: 'POST' }), 'Paused.')
                  }
                >
                  Pause
                </button>
              ) : (
                <button
                  type="button"
                  aria-disabled={busy}
                  onClick={() =>
                    act(() => api.request(`/sessions/${id}/resume`, { method: 'POST' }), 'Resumed.')
                  }
                >
                  Resume
                </button>
              )}
              <button
                type="button"
                class="primary"
                aria-disabled={busy}
                aria-expanded={ending}
                aria-controls="end-form"
                onClick={() => !busy && setEnding(!ending)}
              >
                End session…
              </button>
            </div>
            {ending && (
              <EndForm
                sessionId={id}
                onEnded={(ended) => {
                  setEnding(false);
                  const pts = ended.points_earned ?? 0;
                  setMessage({
                    ok: true,
                    text: `Session ended after ${f.minutes(ended.duration_minutes)}: ${pts} point${pts === 1 ? '' : 's'}${pts === 0 && ended.duration_minutes < 5 ? ' (sessions under 5 minutes earn none)' : ''}.`,
                  });
                  announceSessionChange();
                  onEnded();
                }}
                onError={(err) => setMessage(failed(err))}
              />
            )}
          </div>
          <FormMessage message={message} />
          <LogActivityForm
            sessionId={id}
            onLogged={(points) => {
              setMessage({ ok: true, text: `Activity logged: ${points} points.` });
              announceSessionChange();
            }}
          />
          <ActivityList session={session} />
        </Section>
      </div>
      {below}
    </>
  );
}

function StartForm({ onStarted }: { onStarted(): void }) {
  const { api } = useApp();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // One key per attempt: a retried click after a lost answer starts nothing twice.
  const [key, setKey] = useState(() => randomToken(16));

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const classId = String(form.get('class_id') ?? '').trim();
    const location = String(form.get('location') ?? '').trim();
    setBusy(true);
    try {
      await api.request('/sessions/start', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          session_type: form.get('session_type') as SessionType,
          focus_mode: form.get('focus_mode') === 'on',
          ...(classId ? { class_id: Number(classId) } : {}),
          ...(location ? { location } : {}),
        },
      });
      setKey(randomToken(16));
      setMessage(null);
      onStarted();
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0) setKey(randomToken(16));
      setMessage(failed(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form-grid" onSubmit={submit}>
      <p class="muted full">No session is open. Start one when you sit down to study.</p>
      <label>
        Type
        <select name="session_type">
          {SESSION_TYPES.map((t) => (
            <option key={t} value={t}>
              {f.humanize(t)}
            </option>
          ))}
        </select>
      </label>
      <ClassPicker name="class_id" label="Class" none="No class" />
      <label>
        Location <span class="optional">(optional)</span>
        <input name="location" type="text" maxLength={200} autoComplete="off" />
      </label>
      <label class="check">
        <input name="focus_mode" type="checkbox" /> Focus mode
      </label>
      <div class="full">
        <button type="submit" class="primary" disabled={busy}>
          Start session
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}

function RatingSelect({ name, label }: { name: string; label: string }) {
  return (
    <label>
      {label} <span class="optional">(optional)</span>
      <select name={name}>
        <option value="">Not rated</option>
        {[1, 2, 3, 4, 5].map((n) => (
          <option key={n} value={n}>
            {n} of 5
          </option>
        ))}
      </select>
    </label>
  );
}

function EndForm({
  sessionId,
  onEnded,
  onError,
}: {
  sessionId: number;
  onEnded(session: Session): void;
  onError(err: unknown): void;
}) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body: Record<string, unknown> = {};
    for (const name of ['mood_rating', 'productivity_rating']) {
      const value = String(form.get(name) ?? '');
      if (value) body[name] = Number(value);
    }
    const notes = String(form.get('notes') ?? '').trim();
    if (notes) body.notes = notes;
    setBusy(true);
    try {
      onEnded(await api.request<Session>(`/sessions/${sessionId}/end`, { method: 'PUT', body }));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id="end-form" class="form-grid end-form" onSubmit={submit} aria-label="End the session">
      <RatingSelect name="mood_rating" label="Mood" />
      <RatingSelect name="productivity_rating" label="Productivity" />
      <label class="full">
        Notes <span class="optional">(optional)</span>
        <textarea name="notes" rows={2} maxLength={5000} />
      </label>
      <div class="full">
        <button type="submit" class="primary" disabled={busy}>
          End and save
        </button>
      </div>
    </form>
  );
}

function LogActivityForm({
  sessionId,
  onLogged,
}: {
  sessionId: number;
  onLogged(points: number): void;
}) {
  const { api } = useApp();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const body: Record<string, unknown> = {
      activity_type: form.get('activity_type') as ActivityType,
    };
    for (const name of ['items_completed', 'items_correct', 'duration_minutes']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) body[name] = Number(value);
    }
    if (
      typeof body.items_correct === 'number' &&
      body.items_correct > ((body.items_completed as number | undefined) ?? 0)
    ) {
      setMessage({ ok: false, text: 'Items correct cannot be more than items completed.' });
      return;
    }
    setBusy(true);
    try {
      const activity = await api.request<{ points_earned: number }>(
        `/sessions/${sessionId}/activities`,
        { method: 'POST', body },
      );
      element.reset();
      setMessage(null);
      onLogged(activity.points_earned);
    } catch (err) {
      setMessage(failed(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form-grid log-form" onSubmit={submit} aria-labelledby="log-title">
      <h3 id="log-title" class="full">
        Log an activity
      </h3>
      <label>
        Activity
        <select name="activity_type">
          {ACTIVITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {f.humanize(t)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Items completed <span class="optional">(optional)</span>
        <input name="items_completed" type="number" inputMode="numeric" min={0} step={1} />
      </label>
      <label>
        Items correct <span class="optional">(optional)</span>
        <input name="items_correct" type="number" inputMode="numeric" min={0} step={1} />
      </label>
      <label>
        Minutes <span class="optional">(optional)</span>
        <input name="duration_minutes" type="number" inputMode="decimal" min={0} step="any" />
      </label>
      <div class="full">
        <button type="submit" disabled={busy}>
          Log activity
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}

function ActivityList({ session }: { session: Session }) {
  const tz = useTimeZone();
  const activities = session.activities ?? [];
  if (activities.length === 0)
    return <p class="muted">No activities logged in this session yet.</p>;
  return (
    <TableScroll label="Activities">
      <table>
        <caption>Activities</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Activity</th>
            <th scope="col">Items</th>
            <th scope="col">Accuracy</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {activities.map((a) => (
            <tr key={a.activity_id}>
              <td>{f.time(a.created_at, tz)}</td>
              <td>{f.humanize(a.activity_type)}</td>
              <td>
                {a.items_completed === null
                  ? f.DASH
                  : `${a.items_correct ?? f.DASH} / ${a.items_completed}`}
              </td>
              <td>{f.percent(a.accuracy_percentage, 1)}</td>
              <td>{a.points_earned}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const PAGE_SIZE = 10;

function History({ changes, onChange }: { changes: number; onChange(): void }) {
  const { api, preferences, preferencesVersion } = useApp();
  const classLabel = useClassName();
  const tz = preferences.timezone;
  const { query } = useLocation();
  const filters = {
    start_date: query.get('from') ?? '',
    end_date: query.get('to') ?? '',
    class_id: query.get('class') ?? '',
  };
  // Cursors of the pages seen so far: the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const filterKey = JSON.stringify(filters);
  useEffect(() => setCursors([]), [filterKey]);
  // A session that changed reloads the list in place: the rows stay until the new ones arrive.
  const list = useResource(
    `history:${filterKey}:${cursor ?? ''}:${preferencesVersion}`,
    (signal) => api.get<SessionList>('/sessions', { ...filters, limit: PAGE_SIZE, cursor }, signal),
    changes,
  );

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setQuery({
      from: String(form.get('from') ?? ''),
      to: String(form.get('to') ?? ''),
      class: String(form.get('class') ?? ''),
    });
  };

  const filtered = Object.values(filters).some(Boolean);
  return (
    <Section title="History" id="history">
      <form class="filters" key={filterKey} onSubmit={applyFilters} aria-label="Filter sessions">
        <label>
          From
          <input type="date" name="from" defaultValue={filters.start_date} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={filters.end_date} />
        </label>
        <ClassPicker
          name="class"
          label="Class"
          none="All classes"
          defaultValue={filters.class_id}
        />
        <div class="filter-buttons">
          <button type="submit">Apply</button>
          {filtered && (
            <button type="button" onClick={() => setQuery({ from: '', to: '', class: '' })}>
              Clear
            </button>
          )}
        </div>
      </form>
      {list.status === 'loading' && <SkeletonRows label="Loading your sessions…" rows={4} />}
      {list.error && <ErrorNotice what="Your sessions" error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.total_count === 0 ? (
          <Empty>
            <p>
              {filtered
                ? 'No session matches these filters.'
                : 'No sessions yet. Your finished sessions will be listed here.'}
            </p>
          </Empty>
        ) : (
          <>
            <dl class="stats compact">
              <Stat label="Sessions" value={f.number(list.data.total_count)} />
              <Stat label="Total time" value={f.minutes(list.data.total_minutes)} />
              <Stat label="Average" value={f.minutes(list.data.avg_duration)} />
            </dl>
            <TableScroll label="Sessions">
              <table class="history cards" data-testid="history">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Class</th>
                    <th scope="col">Type</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.sessions.map((s) => (
                    <tr key={s.session_id}>
                      <td>
                        <Link href={`/dashboard/sessions/${s.session_id}`}>
                          {f.dateTime(s.start_time, tz)}
                        </Link>
                      </td>
                      <td data-label="Duration">{f.minutes(s.duration_minutes)}</td>
                      <td data-label="Class">{classLabel(s.class_id)}</td>
                      <td data-label="Type">{f.humanize(s.session_type)}</td>
                      <td data-label="Status">
                        {f.humanize(s.status)}
                        {s.auto_closed && ' (closed automatically)'}
                        {s.source !== 'timer' && ` (${s.source})`}
                        {s.edited && ' (edited)'}
                      </td>
                      <td data-label="Actions">
                        {s.status !== 'active' && s.status !== 'paused' && (
                          <DeleteSession
                            session={s}
                            label={f.dateTime(s.start_time, tz)}
                            onDeleted={onChange}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <nav class="pager" aria-label="History pages">
              <button
                type="button"
                disabled={cursors.length === 0}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Newer
              </button>
              <span>Page {cursors.length + 1}</span>
              <button
                type="button"
                disabled={!list.data.next_cursor}
                onClick={() =>
                  list.data?.next_cursor && setCursors([...cursors, list.data.next_cursor])
                }
              >
                Older
              </button>
            </nav>
          </>
        ))}
    </Section>
  );
}

/** `GET /sessions/{id}` adds each change made after the session ended. */
type SessionWithHistory = Session & {
  history?: components['schemas']['SessionChange'][];
};

export function SessionDetailPage({ id }: { id: number }) {
  const { api } = useApp();
  const classLabel = useClassName();
  const tz = useTimeZone();
  const [version, setVersion] = useState(0);
  const session = useResource(
    `session:${id}`,
    (signal) => api.get<SessionWithHistory>(`/sessions/${id}`, undefined, signal),
    version,
  );
  const s = session.data;
  const reread = () => setVersion((v) => v + 1);
  const ended = s && s.status !== 'active' && s.status !== 'paused';
  return (
    <>
      <p>
        <Link href="/dashboard/sessions">← All sessions</Link>
      </p>
      <h1 tabIndex={-1}>Session {s ? `of ${f.dateTime(s.start_time, tz)}` : ''}</h1>
      {session.status === 'loading' && <Loading label="Loading the session…" />}
      {session.error && (
        <ErrorNotice
          what="This session"
          error={session.error}
          onRetry={session.error.status === 404 ? undefined : session.reload}
        />
      )}
      {s && (
        <>
          <Section title="Summary" id="summary">
            <dl class="stats">
              <Stat label="Status" value={f.humanize(s.status)} />
              <Stat label="Studied" value={f.minutes(s.duration_minutes)} />
              <Stat label="Ended" value={f.dateTime(s.end_time, tz)} />
              <Stat label="Class" value={classLabel(s.class_id)} />
              <Stat label="Type" value={f.humanize(s.session_type)} />
              <Stat
                label="Recorded"
                value={`${s.source === 'timer' ? 'Timed' : f.humanize(s.source)}${s.edited ? ', edited' : ''}`}
              />
              <Stat label="Focus mode" value={s.focus_mode ? 'On' : 'Off'} />
              <Stat label="Mood" value={s.mood_rating ? `${s.mood_rating} of 5` : f.DASH} />
              <Stat
                label="Productivity"
                value={s.productivity_rating ? `${s.productivity_rating} of 5` : f.DASH}
              />
            </dl>
            {s.notes && <p class="notes">{s.notes}</p>}
          </Section>
          {ended && s.auto_closed && !s.confirmed && (
            <ConfirmAutoClosed session={s} onConfirmed={reread} />
          )}
          <Section title="Activities" id="activities">
            <ActivityList session={s} />
          </Section>
          <Section title="Pauses" id="pauses">
            {(s.pauses ?? []).length === 0 ? (
              <p class="muted">No pauses.</p>
            ) : (
              <ul class="plain-list">
                {(s.pauses ?? []).map((p) => (
                  <li key={p.paused_at}>
                    {f.time(p.paused_at, tz)} – {p.resumed_at ? f.time(p.resumed_at, tz) : 'end'}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {ended && (
            <Section title="Correct or delete" id="correct">
              <EditSessionForm session={s} onSaved={reread} />
              <DeleteSession
                session={s}
                label={f.dateTime(s.start_time, tz)}
                onDeleted={() => navigate('/dashboard/sessions')}
              />
            </Section>
          )}
          {(s.history ?? []).length > 0 && (
            <Section title="Changes" id="changes">
              <ul class="plain-list" data-testid="session-history">
                {(s.history ?? []).map((h) => (
                  <li key={h.revision}>
                    {f.dateTime(h.changed_at, tz)}: {f.humanize(h.change)}
                    {Object.keys(h.fields).length > 0 &&
                      ` (${Object.keys(h.fields).map(f.humanize).join(', ')})`}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </>
  );
}
