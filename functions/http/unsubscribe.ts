import { unsubscribeConfirmation } from '../flows/unsubscribe';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes.unsubscribe, ({ query }) =>
  unsubscribeConfirmation(query.token),
);
