import { unsubscribeAnswer } from '../flows/unsubscribe';
import { httpHandler } from '../platform/http';
import { unsubscribeOneClickRoute } from '../routes';

export const handler = httpHandler(unsubscribeOneClickRoute, ({ query, headers }) =>
  unsubscribeAnswer(query.token, headers.accept),
);
