import { eraseStudent } from '../data/student-record';
import { publishCommitted } from '../flows/outbox';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { countMetric } from '../platform/metrics';
import { eraseMyDataRoute } from '../routes';

// Two Data API calls: the erasure (one statement, one transaction) and marking its event
// published, which can only follow the publishing, after the commit (as for a session's end).
export const handler = httpHandler(eraseMyDataRoute, async ({ userId }) => {
  const erasure = await eraseStudent(db, userId);
  countMetric('StudentsErased');
  await publishCommitted([erasure.event]);
  // 202: the other services erase their copies when the event reaches them.
  return {
    body: {
      status: 'erased' as const,
      erased_at: erasure.erased_at,
      cancelled_emails: erasure.cancelled_emails,
      event_id: erasure.event.id,
    },
  };
});
