import { OutboxEventReceipt, RECEIPT_ONLY_EVENTS } from '../contracts/events';
import { markReceived } from '../data/outbox';
import { db } from '../platform/database';
import { eventHandler } from '../platform/event-handler';

/**
 * Our own events that nothing of ours consumes arrive here only to record that they were
 * published: their writer spends no second Data API call on it, and the outbox relay republishes
 * only events that never arrived.
 */
export const handler = eventHandler(
  RECEIPT_ONLY_EVENTS,
  OutboxEventReceipt,
  async (detail, event) => {
    await markReceived(db, detail.event_id, event['detail-type']);
  },
);
