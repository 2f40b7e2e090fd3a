import { setPaused } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { resumeSessionRoute } from '../routes';

export const handler = httpHandler(resumeSessionRoute, async ({ userId, params }) => ({
  body: await setPaused(db, userId, Number(params.id), false),
}));
