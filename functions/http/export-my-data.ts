import { Invalid } from '../core/errors';
import {
  decodeLineCursor,
  decodeRecordCursor,
  encodeLineCursor,
  encodeRecordCursor,
} from '../core/export-cursor';
import { exportPage, START, sessionLinesPage } from '../data/student-record';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { exportMyDataRoute } from '../routes';
import { EXPORT_VERSION, sessionsCsv } from '../views/export-view';

const badCursor = () =>
  new Invalid([{ path: 'query.cursor', message: 'is not a cursor this API returned' }]);

export const handler = httpHandler(exportMyDataRoute, async ({ userId, query }) => {
  if (query.format === 'csv') {
    const after = query.cursor === undefined ? { k1: 0, k2: 0 } : decodeLineCursor(query.cursor);
    if (!after) throw badCursor();
    const page = await sessionLinesPage(db, userId, after);
    const next = page.next && encodeLineCursor(page.next);
    return {
      body: sessionsCsv(page.lines),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="study-sessions.csv"',
        ...(next
          ? { link: `<?format=csv&cursor=${next}>; rel="next"`, 'x-next-cursor': next }
          : {}),
      },
    };
  }
  const after = query.cursor === undefined ? START : decodeRecordCursor(query.cursor);
  if (!after) throw badCursor();
  const page = await exportPage(db, userId, after);
  return {
    body: {
      export_version: EXPORT_VERSION,
      user_id: userId,
      ...page.records,
      next_cursor: page.next && encodeRecordCursor(page.next),
    },
  };
});
