import { pointsForActivity } from '../core/points';
import { logActivity } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { logActivityRoute } from '../routes';

export const handler = httpHandler(logActivityRoute, async ({ userId, params, body }) => ({
  status: 201,
  body: await logActivity(db, userId, Number(params.id), body, pointsForActivity(body)),
}));
