import { unsubscribeConfirmation } from '../flows/unsubscribe';
import { httpHandler } from '../platform/http';
import { unsubscribeRoute } from '../routes';

export const handler = httpHandler(unsubscribeRoute, ({ query }) =>
  unsubscribeConfirmation(query.token),
);
