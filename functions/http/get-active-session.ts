import { getActiveSession } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['get-active-session'], async ({ userId }) => ({
  body: { session: await getActiveSession(db, userId) },
}));
