import { getSession } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { getSessionRoute } from '../routes';

export const handler = httpHandler(getSessionRoute, async ({ userId, params }) => ({
  body: await getSession(db, userId, Number(params.id)),
}));
