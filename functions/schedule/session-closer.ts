import { closeAbandonedSessions } from '../data/session-closer';
import { db } from '../platform/database';
import { publishCommitted } from '../platform/outbox';
import { scheduledJob } from '../platform/scheduled-job';

/** Sessions left open longer than this are ended at this length (default 12 hours). */
const maxSessionHours = Number(process.env.SESSION_MAX_HOURS ?? 12);
if (!(maxSessionHours > 0)) throw new Error('SESSION_MAX_HOURS must be a positive number');

export const handler = scheduledJob('session-closer', async () => {
  const events = await closeAbandonedSessions(db, Math.round(maxSessionHours * 3600));
  await publishCommitted(events);
  return { closed: events.length };
});
