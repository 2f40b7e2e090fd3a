import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { loggableError, logger } from './logger';
import { traced } from './tracer';

/** SQS holds a message back for at most 15 minutes. */
export const MAX_WAKE_UP_DELAY_SECONDS = 900;

let client: SQSClient | undefined;

/**
 * Asks a job to run again in `delaySeconds` (capped at SQS's 15 minutes) through its wake-up
 * queue, whose messages start it: work that is due later costs a delayed message, not a poll of
 * the database every minute. Never throws; without the queue (or if the send fails) the job's
 * hourly run is the fallback, and the outcome says so.
 */
export async function wakeUpLater(
  queueUrl: string | undefined,
  delaySeconds: number,
  reason: string,
): Promise<boolean> {
  if (!queueUrl) {
    logger.warn('No wake-up queue; the hourly run will pick the work up', { reason });
    return false;
  }
  client ??= traced(new SQSClient({}));
  try {
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        DelaySeconds: Math.max(0, Math.min(MAX_WAKE_UP_DELAY_SECONDS, Math.ceil(delaySeconds))),
        MessageBody: JSON.stringify({ reason }),
      }),
    );
    return true;
  } catch (err) {
    logger.warn('Could not ask for a wake-up; the hourly run will pick the work up', {
      reason,
      ...loggableError(err),
    });
    return false;
  }
}
