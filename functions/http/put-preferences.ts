import { putPreferences } from '../data/preferences';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { putPreferencesRoute } from '../routes';

export const handler = httpHandler(putPreferencesRoute, async ({ userId, body }) => ({
  body: await putPreferences(db, userId, body),
}));
