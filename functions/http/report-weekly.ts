import { reportAnswer, toReport } from '../core/report-view';
import { report } from '../data/reports';
import { db } from '../platform/database';
import { emailPreview } from '../platform/email-links';
import { httpHandler } from '../platform/http';
import { reportWeeklyRoute } from '../routes';

export const handler = httpHandler(reportWeeklyRoute, async ({ userId, query }) => {
  const data = toReport(await report(db, userId, 'weekly', query.week), 'weekly');
  return query.format === 'html' ? emailPreview(data) : reportAnswer(data, query.format);
});
