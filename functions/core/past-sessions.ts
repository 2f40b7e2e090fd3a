/**
 * Sessions a student records after the fact (typed in, uploaded by an offline client) or
 * corrects once ended. One rule for both: a session lies in the past, starts within the last
 * PAST_SESSION_WINDOW_DAYS (default 30) days, lasts at most SESSION_MAX_HOURS (the forgotten-timer
 * cap), and its pauses lie inside it without overlapping. Studied time is the session's wall time
 * minus its pauses, as for a timed session.
 */
import type { FieldIssue } from './errors';

export const DEFAULT_PAST_SESSION_WINDOW_DAYS = 30;
/** The longest window a deployment may configure. */
export const MAX_PAST_SESSION_WINDOW_DAYS = 366;
/** A client's clock may run a little ahead of ours: an end this close to now is not the future. */
export const CLOCK_SKEW_SECONDS = 60;

export interface Pause {
  readonly paused_at: string;
  readonly resumed_at: string;
}

export interface SessionTimes {
  readonly start_time: string;
  readonly end_time: string;
  readonly pauses: readonly Pause[];
}

export interface PastSessionBounds {
  readonly now: Date;
  readonly windowDays: number;
  readonly maxHours: number;
}

const ms = (iso: string) => Date.parse(iso);

/**
 * What is wrong with these times, each naming its field under `at` (e.g. `body`), or nothing.
 */
export function pastSessionProblems(
  times: SessionTimes,
  bounds: PastSessionBounds,
  at = 'body',
): FieldIssue[] {
  const start = ms(times.start_time);
  const end = ms(times.end_time);
  const now = bounds.now.getTime();
  const issues: FieldIssue[] = [];
  if (end > now + CLOCK_SKEW_SECONDS * 1000) {
    issues.push({ path: `${at}.end_time`, message: 'must not be in the future' });
  }
  if (start < now - bounds.windowDays * 86_400_000) {
    issues.push({
      path: `${at}.start_time`,
      message: `must be within the last ${bounds.windowDays} days`,
    });
  }
  if (end <= start) {
    issues.push({ path: `${at}.end_time`, message: 'must be after start_time' });
  } else if (end - start > bounds.maxHours * 3_600_000) {
    issues.push({
      path: `${at}.end_time`,
      message: `must be at most ${bounds.maxHours} hours after start_time`,
    });
  }
  const pauses = [...times.pauses].sort((a, b) => ms(a.paused_at) - ms(b.paused_at));
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const pause of pauses) {
    const i = times.pauses.indexOf(pause);
    const from = ms(pause.paused_at);
    const to = ms(pause.resumed_at);
    if (to < from) {
      issues.push({
        path: `${at}.pauses.${i}.resumed_at`,
        message: 'must not be before paused_at',
      });
    } else if (from < start || to > end) {
      issues.push({
        path: `${at}.pauses.${i}`,
        message: 'must lie between start_time and end_time',
      });
    } else if (from < previousEnd) {
      issues.push({ path: `${at}.pauses.${i}`, message: 'must not overlap another pause' });
    }
    previousEnd = Math.max(previousEnd, to);
  }
  return issues;
}

/** Whole studied seconds: wall time minus pauses (valid times, see pastSessionProblems). */
export function studiedSeconds(times: SessionTimes): number {
  const paused = times.pauses.reduce((sum, p) => sum + (ms(p.resumed_at) - ms(p.paused_at)), 0);
  return Math.max(0, Math.floor((ms(times.end_time) - ms(times.start_time) - paused) / 1000));
}

/** A stored, ended session's times as a correction sees them. */
export interface StoredSessionTimes {
  readonly start_time: string;
  readonly end_time: string;
  /** Total seconds of its stored pauses, and their span (null without pauses). */
  readonly paused_seconds: number;
  readonly first_paused_at: string | null;
  readonly last_resumed_at: string | null;
}

export type CorrectedTimes =
  | { issues: FieldIssue[] }
  | { issues?: undefined; times: SessionTimes; durationSeconds: number };

/**
 * The times a correction leads to, checked by the same rule as a recorded session: given fields
 * replace stored ones; stored pauses stay, and must still lie inside the corrected times.
 */
export function correctedTimes(
  stored: StoredSessionTimes,
  fix: {
    start_time?: string | undefined;
    end_time?: string | undefined;
    pauses?: readonly Pause[] | undefined;
  },
  bounds: PastSessionBounds,
): CorrectedTimes {
  const times: SessionTimes = {
    start_time: fix.start_time ?? stored.start_time,
    end_time: fix.end_time ?? stored.end_time,
    pauses: fix.pauses ?? [],
  };
  const issues = pastSessionProblems(times, bounds);
  const keepsPauses = fix.pauses === undefined && stored.first_paused_at !== null;
  if (
    keepsPauses &&
    (ms(stored.first_paused_at ?? times.start_time) < ms(times.start_time) ||
      ms(stored.last_resumed_at ?? times.end_time) > ms(times.end_time))
  ) {
    issues.push({
      path: 'body.pauses',
      message: 'the stored pauses would fall outside the corrected times; send the pauses too',
    });
  }
  if (issues.length > 0) return { issues };
  const durationSeconds =
    fix.pauses !== undefined
      ? studiedSeconds(times)
      : Math.max(
          0,
          Math.floor((ms(times.end_time) - ms(times.start_time)) / 1000 - stored.paused_seconds),
        );
  return { times, durationSeconds };
}
