import { setPaused } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { pauseSessionRoute } from '../routes';

export const handler = httpHandler(pauseSessionRoute, async ({ userId, params }) => ({
  body: await setPaused(db, userId, Number(params.id), true),
}));
