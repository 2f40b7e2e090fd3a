/**
 * A new student's first screen: confirm the time zone the browser reports (days, streaks and
 * reports are counted in it), pick a weekly target, and start a first session.
 */
import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../lib/api';
import { navigate } from '../lib/router';
import { browserTimeZone, timeZones } from '../lib/time-zones';
import type { Preferences } from '../lib/types';
import { useApp } from './context';
import { Section } from './ui';

export function FirstRun() {
  const { api, preferences, setPreferences } = useApp();
  const detected = browserTimeZone();
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(detected) ? all : [detected, ...all];
  }, [detected]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const hours = Number(String(form.get('target_hours') ?? ''));
    setBusy(true);
    setError(null);
    try {
      const saved = await api.request<Preferences>('/preferences', {
        method: 'PUT',
        body: {
          timezone: String(form.get('timezone')),
          ...(hours > 0 ? { weekly_target_minutes: Math.round(hours * 60) } : {}),
        },
      });
      setPreferences({ ...preferences, ...saved });
      navigate('/dashboard/sessions');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Your choices could not be saved.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Section title="Welcome! Two questions, then your first session" id="first-run">
        <form class="form-grid first-run" onSubmit={submit}>
          <label>
            Your time zone
            <select name="timezone" defaultValue={detected}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            <span class="hint">
              Detected from this browser. Your days, streaks and reports are counted in it.
            </span>
          </label>
          <label>
            Weekly study target (hours)
            <input
              name="target_hours"
              type="number"
              inputMode="decimal"
              min={0.25}
              max={168}
              step={0.25}
              defaultValue="5"
            />
            <span class="hint">Analytics shows your week against it as a ring.</span>
          </label>
          <div class="full">
            <button type="submit" class="primary" disabled={busy}>
              Save and start my first session
            </button>
          </div>
          {error && (
            <p class="form-message bad full" role="alert">
              {error}
            </p>
          )}
        </form>
      </Section>
      <Section title="What will appear here" id="coming">
        <ul class="bullets">
          <li>Your week against your target, today's study and your streak.</li>
          <li>Trends by day, week and month, and a calendar of the last 12 months.</li>
          <li>How your classes compare, and insights on what to work on.</li>
          <li>Points for every session of 5 minutes or more.</li>
        </ul>
      </Section>
    </>
  );
}
