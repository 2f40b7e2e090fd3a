/** The open session's timer in the header, on every page: a glance and a link to its controls. */
import { useEffect, useState } from 'preact/hooks';
import { studiedSeconds, useActiveSession } from '../lib/active-session';
import * as f from '../lib/format';
import { Link } from './link';

export function MiniTimer() {
  const active = useActiveSession(true);
  const session = active.data?.session ?? null;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (session?.status !== 'active') return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [session?.status]);
  if (!session) return null;
  const paused = session.status === 'paused';
  return (
    <Link
      class={`mini-timer${paused ? ' paused' : ''}`}
      href="/dashboard/sessions"
      data-testid="mini-timer"
      aria-label={`Open session: ${f.clock(studiedSeconds(session, now))} studied${paused ? ', paused' : ''}`}
    >
      <span class="mini-dot" aria-hidden="true" />
      <span aria-hidden="true">{f.clock(studiedSeconds(session, now))}</span>
      {paused && <span aria-hidden="true"> · paused</span>}
    </Link>
  );
}
