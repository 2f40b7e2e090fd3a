import { CLASS_CHANGES, ClassChangedDetail } from '../contracts/class-events';
import { recordClassChange } from '../data/classes';
import { db } from '../platform/database';
import { eventHandler } from '../platform/event-handler';
import { logger } from '../platform/logger';

/** Class-management events → the `classes` name cache used by reports and comparisons. */
export const handler = eventHandler(CLASS_CHANGES, ClassChangedDetail, async (detail, event) => {
  const applied = await recordClassChange(db, {
    classId: detail.class_id,
    name: detail.name,
    updatedAt: new Date(detail.updated_at),
    deleted: event['detail-type'] === 'Class Deleted',
  });
  if (!applied) logger.info('Older class change ignored', { class_id: detail.class_id });
});
