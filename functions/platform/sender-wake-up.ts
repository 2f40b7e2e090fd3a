import { wakeUpLater } from './wake-up';

/** Starts the report sender in `delaySeconds` (at most 15 minutes) through its wake-up queue. */
export const wakeUpSender = (delaySeconds: number, reason: string): Promise<boolean> =>
  wakeUpLater(process.env.REPORT_SENDER_QUEUE_URL || undefined, delaySeconds, reason);
