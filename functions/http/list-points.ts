import { listPoints } from '../data/points';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['list-points'], async ({ userId, query }) => ({
  body: await listPoints(db, userId, query),
}));
