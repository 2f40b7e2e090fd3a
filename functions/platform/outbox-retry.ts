import { wakeUpLater } from './wake-up';

/**
 * Starts the outbox relay in `delaySeconds`, to retry events whose publication failed, through
 * its wake-up queue; every function that publishes to the bus is granted it. (Read when needed,
 * as the function's granted environment is.)
 */
export const requestOutboxRetry = (delaySeconds: number): Promise<boolean> =>
  wakeUpLater(process.env.OUTBOX_RETRY_QUEUE_URL || undefined, delaySeconds, 'outbox-retry');
