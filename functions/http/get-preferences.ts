import { getPreferences } from '../data/preferences';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { getPreferencesRoute } from '../routes';

export const handler = httpHandler(getPreferencesRoute, async ({ userId }) => ({
  body: await getPreferences(db, userId),
}));
