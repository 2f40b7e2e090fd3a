import { putPreferences } from '../data/preferences';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['put-preferences'], async ({ userId, body }) => ({
  body: await putPreferences(db, userId, body),
}));
