/**
 * The student's open session, shared by the Sessions page and the header's mini-timer: whoever
 * changes it announces the change, and every reader reloads it in place.
 */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../components/context';
import { useResource } from './resource';
import type { Session } from './types';

let changes = 0;
const listeners = new Set<(n: number) => void>();

/** Tells every reader of the open session that it changed (started, paused, resumed, ended). */
export function announceSessionChange(): void {
  changes += 1;
  for (const listener of listeners) listener(changes);
}

export function useSessionChanges(): number {
  const [seen, setSeen] = useState(changes);
  useEffect(() => {
    listeners.add(setSeen);
    return () => {
      listeners.delete(setSeen);
    };
  }, []);
  return seen;
}

/** `background`: for a glance (the header's timer), read after what the page shows. */
export function useActiveSession(background = false) {
  const { api } = useApp();
  const refresh = useSessionChanges();
  return useResource(
    'active-session',
    (signal) => api.call('get', '/sessions/active', { signal, background }),
    refresh,
  );
}

/** Studied seconds so far: wall time since the start, less every pause (an open one too). */
export function studiedSeconds(session: Session, now: number): number {
  const end = session.end_time ? Date.parse(session.end_time) : now;
  const paused = (session.pauses ?? []).reduce((sum, p) => {
    const from = Date.parse(p.paused_at);
    const to = p.resumed_at ? Date.parse(p.resumed_at) : end;
    return sum + Math.max(0, to - from);
  }, 0);
  return Math.max(0, (end - Date.parse(session.start_time) - paused) / 1000);
}
