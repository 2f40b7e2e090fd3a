import { AUTO_CLOSE_GRACE_MINUTES } from '../core/forgotten-sessions';
import { closeAbandonedSessions } from '../data/session-closer';
import { db } from '../platform/database';
import { countMetric } from '../platform/metrics';
import { publishCommitted } from '../platform/outbox';
import { scheduledJob } from '../platform/scheduled-job';
import { maxSessionHours } from '../platform/session-limits';

/** Sessions left open longer than this are ended at their last sign of life (default 12 hours). */
const maxHours = maxSessionHours();

export const handler = scheduledJob('session-closer', async () => {
  const events = await closeAbandonedSessions(db, {
    maxSessionSeconds: Math.round(maxHours * 3600),
    graceSeconds: AUTO_CLOSE_GRACE_MINUTES * 60,
  });
  countMetric('SessionsEnded', events.length);
  await publishCommitted(events);
  return { closed: events.length };
});
