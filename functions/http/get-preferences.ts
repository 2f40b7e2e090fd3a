import { getPreferences } from '../data/preferences';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['get-preferences'], async ({ userId }) => ({
  body: await getPreferences(db, userId),
}));
