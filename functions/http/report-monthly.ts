import { report } from '../data/reports';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { reportMonthlyRoute } from '../routes';
import { reportAnswer, toReport } from '../views/report-view';

export const handler = httpHandler(reportMonthlyRoute, async ({ userId, query }) =>
  reportAnswer(toReport(await report(db, userId, 'monthly', query.month), 'monthly'), query.format),
);
