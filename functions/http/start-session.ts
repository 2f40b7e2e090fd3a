import { startTimedSession } from '../flows/start-timed-session';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['start-session'], ({ userId, body, headers }) =>
  startTimedSession(userId, body, headers),
);
