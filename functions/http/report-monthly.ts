import { report } from '../data/reports';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';
import { reportAnswer, toReport } from '../views/report-view';

export const handler = httpHandler(routes['report-monthly'], async ({ userId, query }) =>
  reportAnswer(toReport(await report(db, userId, 'monthly', query.month), 'monthly'), query.format),
);
