import { httpHandler } from '../platform/http';
import { unsubscribeAnswer } from '../platform/unsubscribe';
import { routes } from '../routes';

export const handler = httpHandler(routes['unsubscribe-one-click'], ({ query, headers }) =>
  unsubscribeAnswer(query.token, headers.accept),
);
