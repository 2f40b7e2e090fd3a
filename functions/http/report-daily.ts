import { report } from '../data/reports';
import { emailPreview } from '../flows/email-links';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { reportDailyRoute } from '../routes';
import { reportAnswer, toReport } from '../views/report-view';

export const handler = httpHandler(reportDailyRoute, async ({ userId, query }) => {
  const data = toReport(await report(db, userId, 'daily', query.date), 'daily');
  return query.format === 'html' ? emailPreview(data) : reportAnswer(data, query.format);
});
