import { startTimedSession } from '../flows/start-timed-session';
import { httpHandler } from '../platform/http';
import { startSessionRoute } from '../routes';

export const handler = httpHandler(startSessionRoute, ({ userId, body, headers }) =>
  startTimedSession(userId, body, headers),
);
