import { AUTO_CLOSE_GRACE_MINUTES, DEFAULT_MAX_SESSION_HOURS } from '../core/forgotten-sessions';
import { closeAbandonedSessions } from '../data/session-closer';
import { publishCommitted } from '../flows/outbox';
import { positiveNumber, readConfig } from '../platform/config';
import { db } from '../platform/database';
import { countMetric } from '../platform/metrics';
import { scheduledJob } from '../platform/scheduled-job';

/** Sessions left open longer than this are ended at their last sign of life (default 12 hours). */
const { SESSION_MAX_HOURS: maxSessionHours } = readConfig({
  SESSION_MAX_HOURS: positiveNumber(DEFAULT_MAX_SESSION_HOURS),
});

export const handler = scheduledJob('session-closer', async () => {
  const events = await closeAbandonedSessions(db, {
    maxSessionSeconds: Math.round(maxSessionHours * 3600),
    graceSeconds: AUTO_CLOSE_GRACE_MINUTES * 60,
  });
  countMetric('SessionsEnded', events.length);
  await publishCommitted(events);
  return { closed: events.length };
});
