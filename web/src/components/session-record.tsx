/**
 * Fixing one's own record: add a session that was not timed, correct or delete an ended one,
 * confirm one the forgotten-timer rule closed. Times are typed in this device's clock
 * (`datetime-local`) and sent as instants; the API's 400/404/409 sentences are shown as they are
 * (an overlap names the other session, with a link to it).
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api';
import * as f from '../lib/format';
import type { Session, SessionType } from '../lib/types';
import { SESSION_TYPES } from '../lib/types';
import { ClassPicker } from './class-picker';
import { useApp } from './context';
import { Link } from './link';

type Outcome = { ok: boolean; text: string; otherSession?: number } | null;

/** `2026-03-02T14:05` in this device's clock, as a `datetime-local` input holds it. */
function localInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

const instant = (local: string) => new Date(local).toISOString();

/** The API's own sentence; an overlap also links the session it overlaps. */
function failure(err: unknown): Outcome {
  if (!(err instanceof ApiError)) return { ok: false, text: 'The change failed. Try again.' };
  return { ok: false, text: err.message };
}

function Outcome({ outcome }: { outcome: Outcome }) {
  const other = outcome?.text.match(/session (\d+)/)?.[1];
  return (
    <p
      class={`form-message ${outcome ? (outcome.ok ? 'ok' : 'bad') : ''}`}
      role={outcome ? (outcome.ok ? 'status' : 'alert') : undefined}
      aria-live="polite"
    >
      {outcome?.text}
      {outcome && !outcome.ok && other && (
        <>
          {' '}
          <Link href={`/dashboard/sessions/${other}`}>Open session {other}</Link>
        </>
      )}
    </p>
  );
}

function TypeSelect({ value }: { value?: SessionType }) {
  return (
    <label>
      Type
      <select name="session_type" defaultValue={value ?? 'solo'}>
        {SESSION_TYPES.map((t) => (
          <option key={t} value={t}>
            {f.humanize(t)}
          </option>
        ))}
      </select>
    </label>
  );
}

function TimeFields({ session }: { session?: Session }) {
  return (
    <>
      <label>
        Started
        <input
          name="start_time"
          type="datetime-local"
          required
          defaultValue={localInput(session?.start_time ?? null)}
        />
      </label>
      <label>
        Ended
        <input
          name="end_time"
          type="datetime-local"
          required
          defaultValue={localInput(session?.end_time ?? null)}
        />
      </label>
    </>
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** A session that already happened (studied without the timer): `POST /sessions` with times. */
export function PastSessionForm({ onAdded }: { onAdded(): void }) {
  const { api } = useApp();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const classId = text(form, 'class_id');
    const notes = text(form, 'notes');
    setBusy(true);
    try {
      const added = await api.request<Session>('/sessions', {
        method: 'POST',
        body: {
          start_time: instant(text(form, 'start_time')),
          end_time: instant(text(form, 'end_time')),
          session_type: text(form, 'session_type'),
          ...(classId ? { class_id: Number(classId) } : {}),
          ...(notes ? { notes } : {}),
        },
      });
      setOutcome({ ok: true, text: `Session added: ${f.minutes(added.duration_minutes)}.` });
      setFormKey((k) => k + 1);
      onAdded();
    } catch (err) {
      setOutcome(failure(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form-grid" aria-label="Add a past session" onSubmit={submit} key={formKey}>
      <p class="muted full">
        Studied without the timer? Add the session here (within the last 30 days).
      </p>
      <TimeFields />
      <TypeSelect />
      <ClassPicker name="class_id" label="Class" none="No class" />
      <label class="full">
        Notes <span class="optional">(optional)</span>
        <input name="notes" type="text" maxLength={1000} autoComplete="off" />
      </label>
      <div class="full">
        <button type="submit" class="primary" disabled={busy}>
          Add session
        </button>
      </div>
      <div class="full">
        <Outcome outcome={outcome} />
      </div>
    </form>
  );
}

/** Correct an ended session's times, type, class and notes: `PATCH /sessions/{id}`. */
export function EditSessionForm({
  session,
  onSaved,
}: {
  session: Session;
  onSaved(s: Session): void;
}) {
  const { api } = useApp();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const classId = text(form, 'class_id');
    const notes = text(form, 'notes');
    const start = instant(text(form, 'start_time'));
    const end = instant(text(form, 'end_time'));
    const body: Record<string, unknown> = {
      session_type: text(form, 'session_type'),
      class_id: classId ? Number(classId) : null,
      notes: notes || null,
    };
    // Times only when changed: an unchanged session keeps its pauses as they are.
    if (localInput(start) !== localInput(session.start_time)) body.start_time = start;
    if (localInput(end) !== localInput(session.end_time)) body.end_time = end;
    setBusy(true);
    try {
      const saved = await api.request<Session>(`/sessions/${session.session_id}`, {
        method: 'PATCH',
        body,
      });
      setOutcome({ ok: true, text: 'Session corrected.' });
      onSaved(saved);
    } catch (err) {
      setOutcome(failure(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form-grid" aria-label="Correct this session" onSubmit={submit}>
      <TimeFields session={session} />
      <TypeSelect value={session.session_type} />
      <ClassPicker
        name="class_id"
        label="Class"
        none="No class"
        defaultValue={session.class_id === null ? '' : String(session.class_id)}
      />
      <label class="full">
        Notes <span class="optional">(optional)</span>
        <input
          name="notes"
          type="text"
          maxLength={1000}
          autoComplete="off"
          defaultValue={session.notes ?? ''}
        />
      </label>
      <div class="full">
        <button type="submit" class="primary" disabled={busy}>
          Save correction
        </button>
      </div>
      <div class="full">
        <Outcome outcome={outcome} />
      </div>
    </form>
  );
}

/** Keep an auto-closed session as it was closed: `PATCH {confirm: true}`. */
export function ConfirmAutoClosed({
  session,
  onConfirmed,
}: {
  session: Session;
  onConfirmed(s: Session): void;
}) {
  const { api } = useApp();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      const saved = await api.request<Session>(`/sessions/${session.session_id}`, {
        method: 'PATCH',
        body: { confirm: true },
      });
      setOutcome({ ok: true, text: 'Confirmed as it was closed.' });
      onConfirmed(saved);
    } catch (err) {
      setOutcome(failure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="state notice" data-testid="confirm-auto-closed">
      <p>
        This session was left running and closed automatically. If the end is right, confirm it;
        otherwise correct the times below.
      </p>
      <button type="button" class="primary" disabled={busy} onClick={() => void confirm()}>
        Confirm as closed
      </button>
      <Outcome outcome={outcome} />
    </div>
  );
}

/** Delete, after a second, explicit confirmation: `DELETE /sessions/{id}`. */
export function DeleteSession({
  session,
  label,
  onDeleted,
}: {
  session: Session;
  /** How the session is named to the student, e.g. its start time. */
  label: string;
  onDeleted(): void;
}) {
  const { api } = useApp();
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.request(`/sessions/${session.session_id}`, { method: 'DELETE' });
      onDeleted();
    } catch (err) {
      setOutcome(failure(err));
      setBusy(false);
    }
  };
  return (
    <div class="delete-session">
      {asking ? (
        <p>
          <span>Delete the session of {label}? Its points are taken back.</span>{' '}
          <button type="button" class="danger" disabled={busy} onClick={() => void remove()}>
            Yes, delete
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Keep it
          </button>
        </p>
      ) : (
        <button
          type="button"
          class="danger"
          aria-label={`Delete the session of ${label}`}
          onClick={() => setAsking(true)}
        >
          Delete
        </button>
      )}
      <Outcome outcome={outcome} />
    </div>
  );
}
