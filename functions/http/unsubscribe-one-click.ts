import { httpHandler } from '../platform/http';
import { unsubscribeAnswer } from '../platform/unsubscribe';
import { unsubscribeOneClickRoute } from '../routes';

export const handler = httpHandler(unsubscribeOneClickRoute, ({ query, headers }) =>
  unsubscribeAnswer(query.token, headers.accept),
);
