import { listPoints } from '../data/points';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { listPointsRoute } from '../routes';

export const handler = httpHandler(listPointsRoute, async ({ userId, query }) => ({
  body: await listPoints(db, userId, query),
}));
