/**
 * Forgotten timers. A session still open SESSION_MAX_HOURS (default 12) after it started was
 * most likely left running: the closer ends it at its last sign of life (its start, its last
 * activity, pause or resume) plus AUTO_CLOSE_GRACE_MINUTES, and never past the cap. The stored
 * end and duration are what is credited, so points, goals, streaks, reports and emails all count
 * the same minutes; the session is flagged `auto_closed` and the student is told.
 */

export const DEFAULT_MAX_SESSION_HOURS = 12;

/** Study credited after the last sign of life: reading or thinking without logging anything. */
export const AUTO_CLOSE_GRACE_MINUTES = 30;

/** What the student is told about a session the closer ended (dashboard notice, email). */
export const autoClosedNotice = (session: { duration_minutes: number }, started: string) =>
  `Your session started ${started} was left running, so it was closed automatically: ` +
  `${session.duration_minutes} minute${session.duration_minutes === 1 ? '' : 's'} counted, ` +
  `up to ${AUTO_CLOSE_GRACE_MINUTES} minutes after its last activity.`;
