import { reportAnswer, toReport } from '../core/report-view';
import { report } from '../data/reports';
import { db } from '../platform/database';
import { emailPreview } from '../platform/email-links';
import { httpHandler } from '../platform/http';
import { reportDailyRoute } from '../routes';

export const handler = httpHandler(reportDailyRoute, async ({ userId, query }) => {
  const data = toReport(await report(db, userId, 'daily', query.date), 'daily');
  return query.format === 'html' ? emailPreview(data) : reportAnswer(data, query.format);
});
