import { reportAnswer, toReport } from '../core/report-view';
import { report } from '../data/reports';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['report-weekly'], async ({ userId, query }) =>
  reportAnswer(toReport(await report(db, userId, 'weekly', query.week), 'weekly'), query.format),
);
