import { Invalid } from '../core/errors';
import { decodeCursor, listSessions } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { listSessionsRoute } from '../routes';

export const handler = httpHandler(listSessionsRoute, async ({ userId, query }) => {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) {
    throw new Invalid([{ path: 'query.cursor', message: 'is not a cursor this API returned' }]);
  }
  return { body: await listSessions(db, userId, query, cursor) };
});
