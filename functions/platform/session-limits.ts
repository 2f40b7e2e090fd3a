/**
 * The configured bounds of a session, read and checked once per cold start: SESSION_MAX_HOURS
 * (default 12, the forgotten-timer cap and the longest session a student may record) and
 * PAST_SESSION_WINDOW_DAYS (default 30, how far back a session may be added or corrected).
 */
import { DEFAULT_MAX_SESSION_HOURS } from '../core/forgotten-sessions';
import {
  configuredNumber,
  DEFAULT_PAST_SESSION_WINDOW_DAYS,
  MAX_PAST_SESSION_WINDOW_DAYS,
} from '../core/past-sessions';

export const maxSessionHours = (env: NodeJS.ProcessEnv = process.env): number =>
  configuredNumber('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, DEFAULT_MAX_SESSION_HOURS, 24 * 7);

export const pastSessionWindowDays = (env: NodeJS.ProcessEnv = process.env): number =>
  configuredNumber(
    'PAST_SESSION_WINDOW_DAYS',
    env.PAST_SESSION_WINDOW_DAYS,
    DEFAULT_PAST_SESSION_WINDOW_DAYS,
    MAX_PAST_SESSION_WINDOW_DAYS,
  );
