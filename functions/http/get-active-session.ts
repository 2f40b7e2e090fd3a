import { getActiveSession } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { getActiveSessionRoute } from '../routes';

export const handler = httpHandler(getActiveSessionRoute, async ({ userId }) => ({
  body: { session: await getActiveSession(db, userId) },
}));
