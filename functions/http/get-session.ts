import { getSession } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['get-session'], async ({ userId, params }) => ({
  body: await getSession(db, userId, Number(params.id)),
}));
