import { unsubscribeAnswer } from '../flows/unsubscribe';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['unsubscribe-one-click'], ({ query, headers }) =>
  unsubscribeAnswer(query.token, headers.accept),
);
