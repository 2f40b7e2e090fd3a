import { setPaused } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['resume-session'], async ({ userId, params }) => ({
  body: await setPaused(db, userId, Number(params.id), false),
}));
