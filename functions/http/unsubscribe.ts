import { httpHandler } from '../platform/http';
import { unsubscribeConfirmation } from '../platform/unsubscribe';
import { unsubscribeRoute } from '../routes';

export const handler = httpHandler(unsubscribeRoute, ({ query }) =>
  unsubscribeConfirmation(query.token),
);
