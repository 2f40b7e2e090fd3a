/**
 * The configured bounds of a session, read and checked at cold start: SESSION_MAX_HOURS
 * (default 12, the forgotten-timer cap and the longest session a student may record) and
 * PAST_SESSION_WINDOW_DAYS (default 30, how far back a session may be added or corrected).
 */
import { DEFAULT_MAX_SESSION_HOURS } from '../core/forgotten-sessions';
import {
  DEFAULT_PAST_SESSION_WINDOW_DAYS,
  MAX_PAST_SESSION_WINDOW_DAYS,
} from '../core/past-sessions';
import { ConfigError, positiveInteger, positiveNumber, readConfig } from './config';

export interface SessionLimits {
  readonly maxHours: number;
  readonly windowDays: number;
}

export function sessionLimits(env: NodeJS.ProcessEnv = process.env): SessionLimits {
  const config = readConfig(
    {
      SESSION_MAX_HOURS: positiveNumber(DEFAULT_MAX_SESSION_HOURS),
      PAST_SESSION_WINDOW_DAYS: positiveInteger(DEFAULT_PAST_SESSION_WINDOW_DAYS),
    },
    env,
  );
  if (config.PAST_SESSION_WINDOW_DAYS > MAX_PAST_SESSION_WINDOW_DAYS) {
    throw new ConfigError(
      `Invalid configuration: PAST_SESSION_WINDOW_DAYS must be at most ${MAX_PAST_SESSION_WINDOW_DAYS}`,
    );
  }
  return { maxHours: config.SESSION_MAX_HOURS, windowDays: config.PAST_SESSION_WINDOW_DAYS };
}
