import { wakeUpLater } from './wake-up';

/** The relay's wake-up queue; every function that publishes to the bus is granted it. */
const queueUrl = process.env.OUTBOX_RETRY_QUEUE_URL || undefined;

/** Starts the outbox relay in `delaySeconds`, to retry events whose publication failed. */
export const requestOutboxRetry = (delaySeconds: number): Promise<boolean> =>
  wakeUpLater(queueUrl, delaySeconds, 'outbox-retry');
