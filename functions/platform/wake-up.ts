import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { environmentCredentials } from './environment-credentials';
import { loggableError, logger } from './logger';

/** SQS holds a message back for at most 15 minutes. */
export const MAX_WAKE_UP_DELAY_SECONDS = 900;

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** SHA-256 (or its HMAC, given a secret) in the shape SignatureV4 takes, from node:crypto. */
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.#hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
}

/**
 * Sends one SendMessage in SQS's JSON protocol, signed with the function's credentials: the one
 * SQS call our functions make. The SDK's SQS client would add about 30 KB to every function that
 * publishes to the bus, HTTP handlers included, for this one request; the signer is in their
 * bundles already (every SDK client uses it). The endpoint is AWS_ENDPOINT_URL_SQS when set (the
 * local stand-in), else the queue URL's own host, as the SDK does.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html
 */
async function sendMessage(queueUrl: string, delaySeconds: number, body: string): Promise<void> {
  const endpoint = new URL(process.env.AWS_ENDPOINT_URL_SQS || new URL(queueUrl).origin);
  const region = process.env.AWS_REGION || 'us-east-1';
  const signer = new SignatureV4({
    service: 'sqs',
    region,
    credentials: environmentCredentials,
    sha256: Sha256,
  });
  const request = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: '/',
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonSQS.SendMessage',
    },
    body: JSON.stringify({ QueueUrl: queueUrl, DelaySeconds: delaySeconds, MessageBody: body }),
  });
  const response = await fetch(new URL('/', endpoint), {
    method: 'POST',
    headers: request.headers,
    body: request.body as string,
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) {
    const { __type } = (await response.json().catch(() => ({}))) as { __type?: string };
    throw new Error(`SQS SendMessage failed: ${response.status} ${__type ?? ''}`.trim());
  }
}

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
  try {
    const delay = Math.max(0, Math.min(MAX_WAKE_UP_DELAY_SECONDS, Math.ceil(delaySeconds)));
    await sendMessage(queueUrl, delay, JSON.stringify({ reason }));
    return true;
  } catch (err) {
    logger.warn('Could not ask for a wake-up; the hourly run will pick the work up', {
      reason,
      ...loggableError(err),
    });
    return false;
  }
}
