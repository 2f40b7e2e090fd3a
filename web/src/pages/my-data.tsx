/**
 * Your data: download everything the service stores about you (JSON or CSV) and erase your
 * account. The JSON export comes in pages (each within the Data API's limits); the page joins
 * them back into one file, each array concatenated in order, as docs/export.md describes.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../components/context';
import { FormMessage, Section } from '../components/ui';
import { ApiError } from '../lib/api';

/** The word the API expects in `confirm` before it erases anything. */
const CONFIRMATION = 'DELETE';

type ExportPage = Record<string, unknown> & { next_cursor: string | null };

/** Pages concatenated: arrays joined in order, scalars (version, user id) kept from the first. */
function joinPages(pages: readonly ExportPage[]): Record<string, unknown> {
  const whole: Record<string, unknown> = {};
  for (const page of pages) {
    for (const [key, value] of Object.entries(page)) {
      if (key === 'next_cursor') continue;
      const sofar = whole[key];
      if (Array.isArray(value)) whole[key] = Array.isArray(sofar) ? [...sofar, ...value] : value;
      else if (!(key in whole)) whole[key] = value;
    }
  }
  return whole;
}

function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the object URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const today = () => new Date().toISOString().slice(0, 10);
const messageOf = (err: unknown) =>
  err instanceof ApiError ? err.message : 'The download failed. Try again.';

export function MyDataPage() {
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Your data</h1>
      </div>
      <DownloadPanel />
      <ErasePanel />
    </>
  );
}

function DownloadPanel() {
  const { api } = useApp();
  const [busy, setBusy] = useState<'json' | 'csv' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const downloadJson = async () => {
    setBusy('json');
    setMessage({ ok: true, text: 'Preparing your data…' });
    try {
      const pages: ExportPage[] = [];
      let cursor: string | null = null;
      do {
        const page: ExportPage = await api.get<ExportPage>('/me/export', { cursor });
        pages.push(page);
        cursor = page.next_cursor;
      } while (cursor);
      const body = JSON.stringify(joinPages(pages), null, 2);
      saveFile(`study-analytics-${today()}.json`, new Blob([body], { type: 'application/json' }));
      setMessage({ ok: true, text: 'Your data was downloaded as JSON.' });
    } catch (err) {
      setMessage({ ok: false, text: messageOf(err) });
    } finally {
      setBusy(null);
    }
  };

  const downloadCsv = async () => {
    setBusy('csv');
    setMessage({ ok: true, text: 'Preparing your sessions…' });
    try {
      const response = await api.fetch('/me/export', { query: { format: 'csv' } });
      saveFile(`study-sessions-${today()}.csv`, await response.blob());
      setMessage({ ok: true, text: 'Your sessions were downloaded as CSV.' });
    } catch (err) {
      setMessage({ ok: false, text: messageOf(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section title="Download your data" id="download">
      <p>
        Everything stored about you — preferences, sessions with their activities and pauses, goals
        and their progress, points, emails sent and the history of your changes — as one JSON file.
        The CSV file has your sessions and their activities, one line each, for a spreadsheet.
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={busy !== null}
          onClick={() => void downloadJson()}
        >
          Download all (JSON)
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void downloadCsv()}>
          Download sessions (CSV)
        </button>
      </div>
      <FormMessage message={message} />
    </Section>
  );
}

function ErasePanel() {
  const { api } = useApp();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const confirmed = typed.trim() === CONFIRMATION;

  const erase = async (event: Event) => {
    event.preventDefault();
    if (!confirmed) {
      setMessage({ ok: false, text: `Type ${CONFIRMATION} in capitals to confirm.` });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await api.fetch('/me', { method: 'DELETE', body: { confirm: CONFIRMATION } });
      // A fresh start: every page, the timer and the preferences read again, as for a new student.
      location.assign('/dashboard/analytics');
    } catch (err) {
      setBusy(false);
      setMessage({
        ok: false,
        text: err instanceof ApiError ? err.message : 'Your account could not be deleted.',
      });
    }
  };

  return (
    <Section title="Delete your account" id="erase">
      <p>
        This erases every session, goal, point and preference stored about you, and cancels emails
        not yet sent. It cannot be undone: download your data first if you want to keep it.
      </p>
      <form class="form-grid" aria-label="Delete your account" onSubmit={(e) => void erase(e)}>
        <label class="full">
          Type {CONFIRMATION} to confirm
          <input
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            value={typed}
            aria-describedby="erase-hint"
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <span id="erase-hint" class="hint">
            In capitals, exactly as shown.
          </span>
        </label>
        <div class="actions full">
          <button type="submit" class="danger" disabled={busy}>
            {busy ? 'Deleting…' : 'Delete my account'}
          </button>
        </div>
        <div class="full">
          <FormMessage message={message} />
        </div>
      </form>
    </Section>
  );
}
