import { httpHandler } from '../platform/http';
import { unsubscribeConfirmation } from '../platform/unsubscribe';
import { routes } from '../routes';

export const handler = httpHandler(routes.unsubscribe, ({ query }) =>
  unsubscribeConfirmation(query.token),
);
