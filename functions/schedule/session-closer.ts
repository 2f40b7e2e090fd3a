import { AUTO_CLOSE_GRACE_MINUTES, DEFAULT_MAX_SESSION_HOURS } from '../core/forgotten-sessions';
import { closeAbandonedSessions } from '../data/session-closer';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { countMetric } from '../platform/metrics';
import { scheduledJob } from '../platform/scheduled-job';

/** Sessions left open longer than this are ended at their last sign of life (default 12 hours). */
const maxSessionHours = Number(process.env.SESSION_MAX_HOURS ?? DEFAULT_MAX_SESSION_HOURS);
if (!(maxSessionHours > 0)) throw new Error('SESSION_MAX_HOURS must be a positive number');

export const handler = scheduledJob('session-closer', async () => {
  const events = await closeAbandonedSessions(db, {
    maxSessionSeconds: Math.round(maxSessionHours * 3600),
    graceSeconds: AUTO_CLOSE_GRACE_MINUTES * 60,
  });
  countMetric('SessionsEnded', events.length);
  await publishCommitted(events);
  return { closed: events.length };
});
