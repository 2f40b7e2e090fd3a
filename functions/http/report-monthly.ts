import { reportAnswer, toReport } from '../core/report-view';
import { report } from '../data/reports';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { reportMonthlyRoute } from '../routes';

export const handler = httpHandler(reportMonthlyRoute, async ({ userId, query }) =>
  reportAnswer(toReport(await report(db, userId, 'monthly', query.month), 'monthly'), query.format),
);
