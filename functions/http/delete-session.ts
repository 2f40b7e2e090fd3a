import { deleteSession } from '../data/session-corrections';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { countMetric } from '../platform/metrics';
import { deleteSessionRoute } from '../routes';

export const handler = httpHandler(deleteSessionRoute, async ({ userId, params }) => {
  const event = await deleteSession(db, userId, Number(params.id));
  countMetric('SessionsDeleted');
  await publishCommitted([event]);
  return { body: { session_id: Number(params.id), deleted: true as const } };
});
